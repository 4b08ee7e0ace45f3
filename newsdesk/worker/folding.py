"""Fold wire copies: one text published by several sites becomes one item for readers.

Exact copies share the normalized-content hash; near copies share a MinHash band key
and are then confirmed by the exact shingle Jaccard. The copy group is credited to
one original (``dedupe.choose_original``); every other member points at it.
"""

from __future__ import annotations

from django.db.models import Q

from newsdesk.dedupe import CopyCandidate, canonical_url_key, choose_original, fingerprint, is_copy
from newsdesk.storage.models import Article, ArticleBand

MAX_CANDIDATES = 30
# Two pages declaring one canonical URL are one article only if their texts agree at
# least this much: some sites point every canonical at their home page.
CANONICAL_MIN_SIMILARITY = 0.3


def fold(article: Article) -> Article | None:
    """Index the article's fingerprint; returns the original when it is a copy."""
    fp = fingerprint(article.body_text, title=article.title)
    article.norm_hash = fp.content_hash
    article.canonical_key = canonical_url_key(article.canonical_url or article.url)
    Article.objects.filter(pk=article.pk).update(
        norm_hash=article.norm_hash, canonical_key=article.canonical_key
    )
    ArticleBand.objects.filter(article=article).delete()
    ArticleBand.objects.bulk_create([ArticleBand(article=article, key=k) for k in fp.band_keys])

    if fp.word_count < 40:  # too short to call two texts the same story
        return None
    band_hits = (
        ArticleBand.objects.filter(key__in=fp.band_keys)
        .exclude(article=article)
        .values_list("article_id", flat=True)[: MAX_CANDIDATES * 4]
    )
    candidates = (
        Article.objects.ready()
        .filter(
            Q(norm_hash=fp.content_hash)
            | Q(canonical_key=article.canonical_key)
            | Q(pk__in=set(band_hits))
        )
        .exclude(pk=article.pk)
        .exclude(source_id=article.source_id)
        .select_related("source")[:MAX_CANDIDATES]
    )
    copies = [c for c in candidates if _same_text(article, c)]
    if not copies:
        return None
    roots = {c.copy_of_id or c.pk for c in copies}
    group = list(
        Article.objects.filter(Q(pk__in=roots) | Q(copy_of_id__in=roots)).select_related("source")
    )
    group.append(article)
    chosen = choose_original([_candidate(a) for a in group])
    original_id = int(chosen.doc_id)
    Article.objects.filter(pk__in=[a.pk for a in group if a.pk != original_id]).update(
        copy_of_id=original_id
    )
    Article.objects.filter(pk=original_id).update(copy_of=None)
    article.copy_of_id = None if article.pk == original_id else original_id
    return None if article.copy_of_id is None else Article.objects.get(pk=original_id)


def _same_text(a: Article, b: Article) -> bool:
    if a.norm_hash and a.norm_hash == b.norm_hash:
        return True
    if a.canonical_key == b.canonical_key:
        return is_copy(a.body_text, b.body_text, CANONICAL_MIN_SIMILARITY)
    return is_copy(a.body_text, b.body_text)


def _candidate(a: Article) -> CopyCandidate:
    return CopyCandidate(
        doc_id=str(a.pk),
        url=a.url,
        publisher=a.publisher_name,
        published_at=a.published_at,
        body_text=a.body_text[:2000],
        byline=a.byline,
    )
