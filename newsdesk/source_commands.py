"""`newsdesk source …`: subscribe, list, remove, and move the list in and out as OPML."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newsdesk.bootstrap import setup_django


def cmd_source_add(args: argparse.Namespace) -> int:
    setup_django()
    from newsdesk.ingest.urls import UrlRejected
    from newsdesk.storage.keys import text_key
    from newsdesk.storage.models import Source
    from newsdesk.worker.network import validate_source_url
    from newsdesk.worker.tasks import fetch_new_sources

    try:
        url = validate_source_url(args.url)
    except UrlRejected as exc:
        print(f"newsdesk: refused {args.url!r}: {exc.reason}", file=sys.stderr)
        return 2
    existing = Source.objects.filter(url_key=text_key(url)).first()
    if existing:
        print(f"Already subscribed: source {existing.pk} {existing.url}")
        return 0
    source = Source.objects.create(url=url, name=args.name or "")
    fetch_new_sources([source.pk])
    print(f"Added source {source.pk} {source.url} (its first fetch is queued)")
    return 0


def cmd_source_list(args: argparse.Namespace) -> int:
    setup_django()
    from newsdesk.storage.models import Source

    rows = list(Source.objects.all().order_by("id"))
    if args.json:
        print(json.dumps([_source_json(s) for s in rows], indent=2))
        return 0
    if not rows:
        print("No sources. Add one with: newsdesk source add URL")
        return 0
    print(f"{'ID':>4}  {'KIND':<9} {'STATUS':<10} {'ARTICLES':>8}  NAME / URL")
    for s in rows:
        status = (
            "disabled"
            if not s.enabled
            else ("failing" if s.error_count else ("ok" if s.last_success_at else "new"))
        )
        count = s.articles.filter(status="ready").count()
        print(f"{s.pk:>4}  {s.kind:<9} {status:<10} {count:>8}  {s.display_name}")
        if s.display_name != s.url:
            print(f"{'':>4}  {'':<9} {'':<10} {'':>8}  {s.url}")
        if s.last_error:
            print(f"{'':>4}  {'':<9} {'':<10} {'':>8}  error: {s.last_error}")
        elif note := _page_note(s):
            print(f"{'':>4}  {'':<9} {'':<10} {'':>8}  {s.get_kind_display()}: {note}")
    return 0


def _page_note(source) -> str:
    """What the last fetch found a page source's page to be (page type and why)."""
    if source.kind not in ("page", "links"):
        return ""
    last = source.fetches.filter(error_kind="").only("error").first()
    return last.error if last else ""


def _source_json(s) -> dict:
    return {
        "id": s.pk,
        "url": s.url,
        "name": s.display_name,
        "kind": s.kind,
        "enabled": s.enabled,
        "error_count": s.error_count,
        "last_error": s.last_error,
        "last_fetch_at": s.last_fetch_at.isoformat() if s.last_fetch_at else None,
        "last_note": _page_note(s),
    }


def cmd_source_remove(args: argparse.Namespace) -> int:
    setup_django()
    from newsdesk.storage.models import Source

    deleted, _ = Source.objects.filter(pk=args.id).delete()
    if not deleted:
        print(f"newsdesk: no source with id {args.id}", file=sys.stderr)
        return 1
    print(f"Removed source {args.id} and its articles")
    return 0


def cmd_source_import_opml(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"newsdesk: no such file: {path}", file=sys.stderr)
        return 2
    setup_django()
    from newsdesk.opml.document import OpmlError
    from newsdesk.opml.importer import import_opml

    try:
        report = import_opml(path.read_bytes())
    except OpmlError as exc:
        print(f"newsdesk: cannot import {path}: {exc}", file=sys.stderr)
        return 2
    print("\n".join(report.lines()))
    return 0


def cmd_source_export_opml(args: argparse.Namespace) -> int:
    setup_django()
    from newsdesk.opml.importer import export_opml

    data = export_opml()
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0
