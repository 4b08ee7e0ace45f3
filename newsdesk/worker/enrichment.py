"""Hashtags, TL;DR and key points for one article, computed once per body."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from newsdesk.enrich.hashtags import extract_hashtags
from newsdesk.enrich.summary import Summary, summarize, summarize_entries
from newsdesk.storage.models import Article, ArticleTag, Hashtag, LiveEntry


def enrich(article: Article) -> None:
    language = article.language or None
    tags = extract_hashtags(article.title, article.body_text, language=language)
    summary = _summary(article, language)
    now = timezone.now()
    with transaction.atomic():
        ArticleTag.objects.filter(article=article).delete()
        for rank, tag in enumerate(tags):
            hashtag, _ = Hashtag.objects.get_or_create(
                key=tag.key[:120], defaults={"display": tag.display[:120]}
            )
            ArticleTag.objects.create(
                article=article,
                hashtag=hashtag,
                score=tag.score,
                rank=rank,
                tagged_at=article.sort_at or now,
            )
        Article.objects.filter(pk=article.pk).update(
            summary=summary.tldr, key_points=list(summary.key_points), enriched_at=now
        )
    article.summary, article.key_points, article.enriched_at = (
        summary.tldr,
        list(summary.key_points),
        now,
    )


def _summary(article: Article, language: str | None) -> Summary:
    if article.is_live:
        # A live blog's summary comes from its entries, newest first, not from the page
        # text, where entry headlines and sentences are mixed.
        bodies = list(
            LiveEntry.objects.filter(article=article)
            .order_by("-posted_at", "key")
            .values_list("body", flat=True)
        )
        if bodies:
            return summarize_entries(article.title, bodies, language=language)
    return summarize(article.title, article.body_text, language=language)
