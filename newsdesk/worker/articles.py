"""Complete one article: fetch its page, extract the clean body, save.

When the page cannot be had (robots.txt, a dead link, a paywall that returns
nothing) the feed's own content is used if it holds the article; otherwise the
article is marked failed with the reason, visible on its source's page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta

import lxml.html
from django.utils import timezone

from newsdesk.extract import Extraction, extract, extract_live_blog
from newsdesk.extract.metadata import robots_directives
from newsdesk.extract.pagetype import LISTING, OTHER
from newsdesk.ingest.fetcher import FetchError, FetchRequest, FetchResult
from newsdesk.plaintext import one_line
from newsdesk.storage import versions
from newsdesk.storage.keys import text_key
from newsdesk.storage.models import Article, ArticleStatus
from newsdesk.worker.clustering import assign_story
from newsdesk.worker.enrichment import enrich
from newsdesk.worker.folding import fold
from newsdesk.worker.live import store_entries
from newsdesk.worker.network import Network, network
from newsdesk.worker.outages import database_lost
from newsdesk.worker.related import store_related

log = logging.getLogger("newsdesk.articles")

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
MAX_ATTEMPTS = 3
# Errors worth another try later; the rest (404, robots, too large...) will not heal.
TRANSIENT = {"timeout", "connect", "network", "deadline", "http_error", "rate_limited", "host_busy"}
MIN_FEED_BODY_CHARS = 400


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    """What happened, and the follow-up work it asks for (``newsdesk.worker.tasks`` queues it)."""

    article_id: int
    status: str
    message: str = ""
    retry_in: float | None = None  # seconds until the page is worth another try
    stages_due: bool = False  # readable now: folding, tags and story come next


def process_article(article_id: int, *, net: Network | None = None) -> ArticleOutcome:
    article = Article.objects.select_related("source").filter(pk=article_id).first()
    if article is None or article.status != ArticleStatus.PENDING:
        return ArticleOutcome(article_id, "skipped", "already processed")
    net = net or network()
    try:
        page = _fetch_page(article, net)
    except FetchError as exc:
        return _page_failed(article, exc)
    except Exception as exc:  # never let one page stop the worker
        if database_lost(exc):
            raise  # not the article's fault: the task runs again, the article stays pending
        log.exception("article %s crashed while fetching", article_id)
        return _fail(article, "internal", f"Internal error: {exc!r}")
    try:
        return complete_from_page(article, page)
    except Exception as exc:
        if database_lost(exc):
            raise
        log.exception("article %s crashed while extracting", article_id)
        return _fail(article, "extract", f"Extraction failed: {exc!r}")


def _fetch_page(article: Article, net: Network) -> FetchResult:
    if net.robots is not None and not net.robots.allowed(article.url, net.user_agent):
        raise FetchError("robots_disallowed", "robots.txt disallows fetching this page.")
    return net.fetcher.fetch(FetchRequest(article.url, accept=PAGE_ACCEPT, expect="page"))


def complete_from_page(
    article: Article, page: FetchResult, extraction: Extraction | None = None
) -> ArticleOutcome:
    """``extraction`` is the page's, when the caller has already read it."""
    if extraction is None:
        extraction = extract(page.body, url=page.url, content_type=page.content_type)
    article.attempts += 1
    article.fetch_meta = {
        **article.fetch_meta,
        "status": page.status,
        "final_url": page.url,
        "redirects": list(page.redirects),
        "content_type": page.content_type,
        "bytes": len(page.body),
        "elapsed_ms": page.elapsed_ms,
    }
    # `url` is the address the feed links, after redirects (the API contract).
    article.url = page.url
    article.url_key = text_key(page.url)
    article.page_type = extraction.page_type
    if not_an_article(extraction):
        instead = _feed_text_instead(article, extraction)
        if instead is not None:
            return instead
    if not extraction.body_text:
        fallback = _from_feed(article)
        if fallback is None:
            return _fail(
                article, "no_article", "The page holds no article text the extractor could find."
            )
        extraction = replace(extraction, body_text=fallback.body_text, body_html=fallback.body_html)
    # The publisher's X-Robots-Tag narrows what is shown as much as its robots meta does.
    robots = robots_directives(extraction.robots, page.headers.get("x-robots-tag", ""))
    _apply(article, replace(extraction, robots=robots))
    _store_live_entries(article, extraction)
    # Folding, enrichment and clustering run as their own task: the article is readable
    # now, and a failure there is retried without fetching the page again.
    return ArticleOutcome(article.pk, article.status, stages_due=True)


def not_an_article(extraction: Extraction) -> bool:
    """A page of links, a gallery, a product or a login wall: its extracted "body" would
    be menus and teasers, never the item's text.

    A feed says its items are articles, and the page's shape can be wrong about a news
    story (a short one under long menus), so the page must also lack what stories have:
    a listing is refused unless it names both its author and its date, any other page
    unless it names either."""
    if not extraction.body_text:
        return False
    if extraction.page_type == LISTING:
        return not (extraction.byline and extraction.published_at)
    if extraction.page_type == OTHER:
        return not (extraction.byline or extraction.published_at)
    return False


def _feed_text_instead(article: Article, page: Extraction) -> ArticleOutcome | None:
    """The item keeps the feed's own text (marked so). Without any, a listing fails with
    why; any other page with a paragraph's worth of prose (a short story under no
    byline or date looks like one) keeps its own text, ``None``: losing a real story
    costs more than showing a thin page. A gallery's captions are not enough."""
    why = f"The page is not an article ({page.page_type}: {page.page_reason})."
    feed = _feed_extraction(article)
    if feed is None or not feed.body_text:
        if page.page_type == OTHER and len(page.body_text) >= MIN_FEED_BODY_CHARS:
            return None
        return _fail(article, "not_article", why)
    article.error = why[:2000]
    # Only what the feed said: the page's title, byline and image are the listing's.
    text = replace(
        feed,
        title="",
        byline="",
        image=None,
        site_name=page.site_name,
        icon=page.icon,
        language=page.language,
        robots=page.robots,
    )
    _apply(article, text, from_feed=True)
    return ArticleOutcome(article.pk, article.status, why, stages_due=True)


def _store_live_entries(article: Article, extraction: Extraction) -> None:
    try:
        blog = extraction.live_blog
        if blog is not None and blog.entries:
            store_entries(article, blog)
    except Exception as exc:  # entries are a bonus; the article itself is stored
        log.exception("article %s: storing live entries failed", article.pk)
        _note_stage_error(article, "live", exc)


def finish_article(article_id: int) -> ArticleOutcome:
    """The stages after extraction, each on its own: one failing never loses the article."""
    article = Article.objects.ready().select_related("source").filter(pk=article_id).first()
    if article is None:
        return ArticleOutcome(article_id, "skipped", "not ready")
    failed = []
    for name, step in (
        ("fold", fold),
        ("enrich", enrich),
        ("story", assign_story),
        ("related", _related),
    ):
        try:
            step(article)
        except Exception as exc:
            if database_lost(exc):
                raise  # run again whole once the database is back; nothing is noted
            log.exception("article %s: %s stage failed", article.pk, name)
            _note_stage_error(article, name, exc)
            failed.append(name)
    # The stages write with set-based updates, which move no page version on their own.
    versions.bump_article(article.pk)
    return ArticleOutcome(
        article_id, "ready", f"stages failed: {', '.join(failed)}" if failed else ""
    )


def _related(article: Article) -> None:
    # The story stage wrote the article's story with an update: read it back.
    article.story_id, article.copy_of_id = (
        Article.objects.filter(pk=article.pk).values_list("story_id", "copy_of_id").get()
    )
    store_related(article)


def _note_stage_error(article: Article, stage: str, exc: Exception) -> None:
    errors = {**article.fetch_meta.get("stage_errors", {}), stage: repr(exc)[:500]}
    article.fetch_meta = {**article.fetch_meta, "stage_errors": errors}
    Article.objects.filter(pk=article.pk).update(fetch_meta=article.fetch_meta)


def recheck_live(article_id: int, *, net: Network | None = None) -> ArticleOutcome:
    """Fetch a live blog again: new entries are added, edited ones updated."""
    article = Article.objects.filter(pk=article_id, is_live=True).first()
    if article is None:
        return ArticleOutcome(article_id, "skipped", "not a live blog")
    net = net or network()
    try:
        page = _fetch_page(article, net)
        blog = extract_live_blog(page.body, url=page.url, content_type=page.content_type)
    except FetchError as exc:
        Article.objects.filter(pk=article.pk).update(
            recheck_at=timezone.now() + timedelta(minutes=30),
            error_kind=exc.kind,
            error=exc.message[:2000],
        )
        return ArticleOutcome(article_id, "retry", exc.message)
    if blog is None:
        Article.objects.filter(pk=article.pk).update(recheck_at=None)
        return ArticleOutcome(article_id, "ended", "no live entries any more")
    changed = store_entries(article, blog)
    if changed:
        try:
            enrich(article)  # a live blog's summary and key points come from its entries
        except Exception as exc:
            log.exception("article %s: enrichment after new entries failed", article.pk)
            _note_stage_error(article, "enrich", exc)
        versions.bump_article(article.pk)
    return ArticleOutcome(article_id, "ready", f"{changed} new or edited entries")


def _apply(article: Article, ex: Extraction, *, from_feed: bool = False) -> None:
    now = timezone.now()
    article.text_from_feed = from_feed
    article.title = article.title or one_line(ex.title, 1000)
    article.byline = one_line(ex.byline, 300) or article.byline
    article.publisher = one_line(ex.site_name, 300) or article.source.display_name
    source = article.source
    if not source.name and ex.site_name:
        # A page or sitemap source has no feed title: name it as the site names itself.
        source.name = one_line(ex.site_name, 300)
        type(source).objects.filter(pk=source.pk, name="").update(name=source.name)
    article.canonical_url = ex.canonical_url or ""
    article.language = (ex.language or "")[:16]
    article.image = article.image or ex.image or ""
    article.robots = ex.robots
    if not source.icon_url and ex.icon:
        source.icon_url = ex.icon
        type(source).objects.filter(pk=source.pk, icon_url="").update(icon_url=ex.icon)
    article.published_at = article.published_at or ex.published_at
    article.updated_at = ex.updated_at or article.updated_at
    if article.published_at:
        article.sort_at = min(article.published_at, now)
    article.body_text = ex.body_text
    article.body_html = ex.body_html
    article.content_hash = text_key(" ".join(ex.body_text.split()).lower())
    article.status = ArticleStatus.READY
    article.error_kind = article.error_kind if article.error else ""
    if from_feed and not article.error_kind and article.error:
        article.error_kind = "not_article"
    article.fetched_at = now
    article.save()


def _from_feed(article: Article) -> Extraction | None:
    """The feed's own content as the article, when it is long enough to be one."""
    ex = _feed_extraction(article)
    if ex is None or len(ex.body_text) < MIN_FEED_BODY_CHARS:
        return None
    return ex


def _feed_extraction(article: Article) -> Extraction | None:
    if not article.feed_summary_html:
        return None
    ex = extract(
        article.feed_summary_html.encode("utf-8"),
        url=article.url,
        content_type="text/html; charset=utf-8",
    )
    if not ex.body_text:
        # A one-line summary is below the cascade's floor for a body: it is still the
        # feed's text, shown as it came (sanitized when it was stored).
        fragment = lxml.html.fragment_fromstring(article.feed_summary_html, create_parent="div")
        text = one_line(fragment.text_content(), 2000)
        if text:
            ex = replace(ex, body_text=text, body_html=article.feed_summary_html)
    return ex


def _page_failed(article: Article, exc: FetchError) -> ArticleOutcome:
    article.attempts += 1
    article.error_kind = exc.kind
    article.error = exc.message[:2000]
    if exc.kind in TRANSIENT and article.attempts < MAX_ATTEMPTS:
        article.save(update_fields=["attempts", "error_kind", "error"])
        delay = exc.retry_after or 60 * 2**article.attempts
        return ArticleOutcome(article.pk, "retry", exc.message, retry_in=delay)
    fallback = _from_feed(article)
    if fallback is not None:
        _apply(article, fallback, from_feed=True)
        # Readable from the feed's own text: it is folded, tagged and clustered like any
        # other readable article (it used to stay outside every story).
        return ArticleOutcome(
            article.pk,
            article.status,
            f"page unavailable ({exc.message}); used the feed's content",
            stages_due=article.status == ArticleStatus.READY,
        )
    return _fail(article, exc.kind, exc.message)


def _fail(article: Article, kind: str, message: str) -> ArticleOutcome:
    article.status = ArticleStatus.FAILED
    article.error_kind = kind
    article.error = message[:2000]
    article.fetched_at = timezone.now()
    article.save()
    return ArticleOutcome(article.pk, "failed", message)
