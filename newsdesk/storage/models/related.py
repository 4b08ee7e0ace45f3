"""Stored read results: an article's related coverage, and the version pages are cached under."""

from django.db import models

from newsdesk.storage.models.articles import Article


class RelatedArticle(models.Model):
    """One entry of an article's related coverage, ranked by the worker when the article
    was finished: the page reads these rows and never ranks on a view (the ranking is a
    dozen queries and the scoring, hundreds of milliseconds at a year of news)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    other = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    tier = models.CharField(max_length=10)  # "story" (same event) or "subject"

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "rank"], name="related_article_rank")
        ]


class PageVersion(models.Model):
    """A counter that moves whenever what a public page shows may have changed (an
    article ready, edited or removed; a story or source changed): cached pages are keyed
    by it, so one primary-key read per request tells whether a cached page still holds."""

    name = models.CharField(max_length=40, unique=True)
    value = models.BigIntegerField(default=0)
