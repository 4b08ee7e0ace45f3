"""Hashtags: one row per normalized tag, linked to articles with their rank."""

from django.db import models
from django.urls import reverse

from newsdesk.storage.models.articles import Article


class Hashtag(models.Model):
    key = models.CharField(max_length=120, unique=True)
    display = models.CharField(max_length=120)

    def __str__(self) -> str:
        return f"#{self.display}"

    def get_absolute_url(self) -> str:
        return reverse("hashtag", args=[self.display])


class ArticleTag(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tags")
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="article_tags")
    score = models.FloatField(default=0.0)
    rank = models.PositiveSmallIntegerField(default=0)
    tagged_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "hashtag"], name="article_tag_unique")
        ]
        indexes = [models.Index(fields=["hashtag", "-tagged_at"], name="tag_recent")]
