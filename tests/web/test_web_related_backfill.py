"""`newsdesk related backfill`: articles without a stored related list get one, batch by
batch with a progress line, and a second run finds nothing left to do."""

from __future__ import annotations

import pytest
from django.test import Client

from newsdesk.cli import main
from newsdesk.reading.page_cache import HIT_HEADER
from newsdesk.storage.models import Article, RelatedArticle
from newsdesk.worker.related import lacking_lists

pytestmark = pytest.mark.django_db


def test_backfill_stores_the_lists_that_are_missing_and_moves_the_pages(newsroom, capsys):
    wire = newsroom.wire
    before = set(RelatedArticle.objects.values_list("article_id", "other_id", "tier"))
    assert before and not lacking_lists().filter(pk=wire.pk).exists()
    page = f"/articles/{wire.pk}/"
    client = Client()
    client.get(page)
    assert client.get(page)[HIT_HEADER] == "hit"
    # As after a bulk load (or an upgrade from before lists were stored): none at all.
    RelatedArticle.objects.all().delete()
    lacking = lacking_lists().count()
    assert lacking == Article.objects.listed().count() >= 3

    assert main(["related", "backfill", "--batch", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == (lacking + 1) // 2  # one progress line a batch
    assert lines[-1].startswith(f"related: {lacking:,} of {lacking:,} articles ranked")
    after = set(RelatedArticle.objects.values_list("article_id", "other_id", "tier"))
    # The same lists the worker stored when it finished each article (the newest
    # state of the stories ranks as the worker's refresh of their members did).
    assert {(newsroom.gazette.pk, "story"), (newsroom.observer.pk, "story")} <= {
        (other, tier) for owner, other, tier in after if owner == wire.pk
    }
    assert newsroom.copy.pk not in {other for _, other, _ in after}
    assert {owner for owner, _, _ in after} == {owner for owner, _, _ in before}
    # The kept article page moved with its new list.
    fresh = client.get(page)
    assert fresh[HIT_HEADER] == "miss"
    assert f'href="/articles/{newsroom.gazette.pk}/"' in fresh.content.decode()

    # Articles whose ranking finds nothing stay without rows; the rest are done.
    left = lacking_lists().count()
    assert left == lacking - len({owner for owner, _, _ in after})
    assert main(["related", "backfill", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    if left:
        assert out.startswith("related: 1 of 1 articles ranked")
    else:
        assert out.startswith("related: every listed article has its stored list")
