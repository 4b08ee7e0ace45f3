"""Subscribe to every source of an OPML list, each URL checked like ``source add``.

One bad outline never stops the rest: it is reported with the reason, and everything
valid is added in one transaction. Nothing is fetched here; each new source's first
fetch is queued at once (it names the source from its feed).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from django.db import transaction

from newsdesk.ingest.urls import UrlRejected
from newsdesk.opml.document import (
    ExportEntry,
    OpmlList,
    Problem,
    Subscription,
    build_opml,
    parse_opml,
)
from newsdesk.opml.models import SourceCategory
from newsdesk.plaintext import one_line
from newsdesk.storage.keys import text_key
from newsdesk.storage.models import Source
from newsdesk.worker.network import validate_source_url
from newsdesk.worker.tasks import fetch_new_sources

BATCH = 500
# Checking an address resolves its host; a long list is checked this many at a time so
# that 10k outlines cost minutes of lookups at worst, not hours.
CHECK_THREADS = 16


@dataclass(frozen=True, slots=True)
class Added:
    url: str
    title: str
    category: str


@dataclass
class ImportReport:
    added: list[Added] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Added {len(self.added)} source(s), skipped {len(self.skipped)}."]
        out += [
            f"  added: {a.url}" + (f"  [{a.category}]" if a.category else "") for a in self.added
        ]
        out += [f"  skipped: {p.title}: {p.reason}" for p in self.skipped]
        return out


def _site_url(value: str) -> str:
    """The outline's page address, kept only if it is one we would accept as a source."""
    if not value:
        return ""
    try:
        return validate_source_url(value)
    except UrlRejected:
        return ""


def import_opml(data: bytes) -> ImportReport:
    """Parse and subscribe; raises ``OpmlError`` only when the file is unreadable."""
    return subscribe(parse_opml(data))


@dataclass(frozen=True, slots=True)
class _Checked:
    url: str  # normalized, or "" when refused
    site_url: str
    reason: str


def _check(item: Subscription) -> _Checked:
    try:
        return _Checked(validate_source_url(item.url), _site_url(item.site_url), "")
    except UrlRejected as exc:
        return _Checked("", "", exc.reason)


def subscribe(listing: OpmlList) -> ImportReport:
    report = ImportReport(skipped=list(listing.problems))
    planned: dict[str, tuple[Source, str]] = {}
    with ThreadPoolExecutor(CHECK_THREADS) as pool:
        checks = list(pool.map(_check, listing.subscriptions))
    for item, checked in zip(listing.subscriptions, checks, strict=True):
        label = item.title or item.url[:200]
        url = checked.url
        if not url:
            report.skipped.append(Problem(label, f"{item.url[:200]}: {checked.reason}"))
            continue
        key = text_key(url)
        if key in planned:
            report.skipped.append(Problem(label, f"{url}: listed twice in the file."))
            continue
        source = Source(
            url=url, url_key=key, name=one_line(item.title, 300), site_url=checked.site_url
        )
        planned[key] = (source, "/".join(item.folders)[:500])
    existing = set()
    keys = list(planned)
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        existing |= set(Source.objects.filter(url_key__in=chunk).values_list("url_key", flat=True))
    for key in existing:
        source, _ = planned.pop(key)
        report.skipped.append(
            Problem(source.name or source.url, f"{source.url}: already subscribed.")
        )
    with transaction.atomic():
        created = Source.objects.bulk_create([s for s, _ in planned.values()], batch_size=BATCH)
        by_key = {s.url_key: s for s in created}
        if any(s.pk is None for s in created):  # backends that return no ids on bulk insert
            by_key = {s.url_key: s for s in Source.objects.filter(url_key__in=list(planned))}
        SourceCategory.objects.bulk_create(
            [
                SourceCategory(source=by_key[key], path=path)
                for key, (_, path) in planned.items()
                if path
            ],
            batch_size=BATCH,
        )
    fetch_new_sources(s.pk for s in by_key.values())
    for source, path in planned.values():
        report.added.append(Added(source.url, source.name, path))
    return report


def _public_url(url: str) -> str:
    """The address without any user name or password a URL might still carry."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def export_opml() -> bytes:
    """Every source with its category; addresses and names only, no fetch state."""
    categories = dict(SourceCategory.objects.values_list("source_id", "path"))
    entries = [
        ExportEntry(
            url=_public_url(source.url),
            title=source.display_name,
            site_url=_public_url(source.site_url),
            folders=tuple(p for p in categories.get(source.pk, "").split("/") if p),
        )
        for source in Source.objects.order_by("id")
    ]
    return build_opml(entries, title="newsdesk sources")
