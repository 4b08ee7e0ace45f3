"""Near-duplicate index: MinHash LSH band keys of every article body."""

from django.db import models

from newsdesk.storage.models.articles import Article


class ArticleBand(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["key"], name="article_band_key")]
