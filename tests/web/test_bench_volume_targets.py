"""The volume bench measures article pages that answer, never a wire copy's redirect.

``bench/volume.py`` counts every answer but a 200 as an error: at ~550,000 articles 16
of its article requests were a wire copy's 302 to its original. Its store is built by
``bench/volume_store.py``, whose wire copies point at their event's first article.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bench.volume_store import BulkBuilder, article_targets
from newsdesk.storage.models import Article

pytestmark = pytest.mark.django_db


def _store(events: int, per_event: int) -> None:
    """A small store the bench's way: an event's articles made together, one batch."""
    builder = BulkBuilder(seed=5)
    start = datetime(2026, 6, 1, tzinfo=UTC)
    pairs = []
    for e in range(events):
        event = builder.event(start + timedelta(hours=e))
        pairs += [(event, builder.article(event, e * per_event + i)) for i in range(per_event)]
    builder.add(pairs)


def test_the_store_has_wire_copies_and_the_bench_measures_none(client):
    _store(events=20, per_event=5)
    copies = list(Article.objects.filter(copy_of__isnull=False).values_list("pk", flat=True))
    assert copies, "the store holds wire copies, each folded into its event's first article"
    assert all(client.get(f"/articles/{pk}/").status_code == 302 for pk in copies)
    targets = article_targets(500)
    # Every article whose own page answers, and only those.
    assert sorted(targets) == sorted(
        Article.objects.exclude(pk__in=copies).values_list("pk", flat=True)
    )
    assert [pk for pk in targets if client.get(f"/articles/{pk}/").status_code != 200] == []
