"""A source added from the command line, the console or an OPML list gets its first
fetch queued at once, so readers see the publisher's own name (its feed's title) and
not its address, without waiting for the scheduler's next pass."""

from __future__ import annotations

import argparse

import pytest
from django.contrib.auth.models import User
from django_tasks_db.models import DBTaskResult

from newsdesk.opml.importer import import_opml
from newsdesk.source_commands import cmd_source_add
from newsdesk.storage.models import Source
from newsdesk.worker.network import reset_network
from tests.support.httpserver import LoopbackServer
from tests.web.newsroom import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True)

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Ledger</title><link>%s</link>
<description>News from the harbour</description></channel></rss>"""


@pytest.fixture
def publisher(allow_loopback, database_queue):
    reset_network()
    with LoopbackServer() as server:
        server.route(
            "/feed.xml",
            body=FEED % server.url("/").encode(),
            headers={"Content-Type": "application/rss+xml"},
        )
        yield server
    reset_network()


def first_fetches() -> list[str]:
    return [
        row.task_path
        for row in DBTaskResult.objects.ready()
        if row.task_path.endswith("refresh_source_task")
    ]


def named_after_queued_work(url: str) -> str:
    assert len(first_fetches()) == 1  # queued by the add itself, no scheduler pass
    run_queued_tasks()
    return Source.objects.get(url=url).display_name


def test_a_source_added_on_the_command_line_is_named_by_its_first_fetch(publisher, capsys):
    url = publisher.url("/feed.xml")
    assert cmd_source_add(argparse.Namespace(url=url, name="")) == 0
    assert "first fetch is queued" in capsys.readouterr().out
    assert named_after_queued_work(url) == "Harbour Ledger"
    assert publisher.paths().count("/feed.xml") == 1


def test_a_source_added_in_the_console_is_named_by_its_first_fetch(publisher, client):
    staff = User.objects.create_superuser("op", "op@example.com", "pw-for-the-test")
    client.force_login(staff)
    url = publisher.url("/feed.xml")
    response = client.post(
        "/admin/storage/source/add/",
        {
            "url": url,
            "name": "",
            "kind": "feed",
            "display_policy": "",
            "enabled": "on",
            "fetch_interval": "900",
            "items_per_day": "0",
            "error_count": "0",
            "last_item_count": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert named_after_queued_work(url) == "Harbour Ledger"
    sources_page = client.get("/sources/").content.decode()
    assert "Harbour Ledger" in sources_page


def test_sources_from_an_opml_list_are_named_by_their_first_fetch(publisher):
    url = publisher.url("/feed.xml")
    opml = f"""<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head>
<body><outline type="rss" xmlUrl="{url}"/></body></opml>""".encode()
    report = import_opml(opml)
    assert [a.url for a in report.added] == [url]
    assert named_after_queued_work(url) == "Harbour Ledger"
