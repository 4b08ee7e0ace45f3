"""OPML import and export: nesting and categories, every URL checked like `source add`,
10k outlines, entity tricks refused, a report of what was skipped and why, and an export
that carries addresses and names only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User

from newsdesk.opml.document import OpmlError, parse_opml
from newsdesk.opml.importer import export_opml, import_opml
from newsdesk.opml.models import SourceCategory
from newsdesk.storage.models import Source
from tests.support.site import Site

DATA = Path(__file__).resolve().parents[1] / "data" / "opml"
NESTED = (DATA / "nested.opml").read_bytes()


def opml(body: str, prolog: str = "") -> bytes:
    return f'<?xml version="1.0"?>{prolog}<opml version="2.0"><head/><body>{body}</body></opml>'.encode()


@pytest.fixture(autouse=True)
def _loopback_allowed(allow_loopback):
    """The good addresses of the fixtures are on 127.0.0.1."""


@pytest.mark.django_db
def test_nested_import_keeps_folders_and_reports_each_skip():
    report = import_opml(NESTED)
    added = {a.url: a.category for a in report.added}
    assert added == {
        "http://127.0.0.1/meridian/feed.xml": "News/World",
        "http://127.0.0.1/observer/rss": "News/World",
        "http://127.0.0.1/ledger/atom.xml": "News",
        "http://127.0.0.1/tagged/feed": "Science/Space",
        "http://127.0.0.1/loose/index.xml": "",
    }
    reasons = {p.title: p.reason for p in report.skipped}
    assert set(reasons) == {
        "Harbour Ledger again",
        "Script",
        "Intranet",
        "Local file",
        "No address",
    }
    assert "twice" in reasons["Harbour Ledger again"]
    assert "xmlUrl" in reasons["No address"]
    assert all(reasons[k] for k in ("Script", "Intranet", "Local file"))
    assert not Source.objects.filter(url__startswith="javascript").exists()
    meridian = Source.objects.get(url="http://127.0.0.1/meridian/feed.xml")
    assert meridian.name == "Meridian Press" and meridian.site_url == "http://127.0.0.1/meridian/"
    assert meridian.category.path == "News/World"
    again = import_opml(NESTED)  # a second import adds nothing and says why
    assert again.added == [] and sum("already subscribed" in p.reason for p in again.skipped) == 5


@pytest.mark.django_db
def test_export_round_trips_and_carries_no_credentials_or_fetch_state():
    import_opml(NESTED)
    # A URL with credentials cannot be added through any checked path; put one in
    # directly to prove the export would still drop them.
    Source.objects.create(
        url="http://reader:s3cret-token@127.0.0.1/private/feed",
        etag='"etag-marker"',
        last_modified="lm-marker",
        last_error="error-marker",
        lease_owner="lease-marker",
    )
    data = export_opml()
    for secret in (
        b"s3cret-token",
        b"reader:",
        b"etag-marker",
        b"lm-marker",
        b"error-marker",
        b"lease-marker",
    ):
        assert secret not in data
    listing = parse_opml(data)
    folders = {s.url: s.folders for s in listing.subscriptions}
    assert folders["http://127.0.0.1/meridian/feed.xml"] == ("News", "World")
    assert folders["http://127.0.0.1/tagged/feed"] == ("Science", "Space")
    assert "http://127.0.0.1/private/feed" in folders
    Source.objects.all().delete()
    report = import_opml(data)
    assert len(report.added) == 6
    assert (
        SourceCategory.objects.get(source__url="http://127.0.0.1/observer/rss").path == "News/World"
    )


@pytest.mark.django_db
def test_ten_thousand_outlines_import_in_one_pass():
    body = "".join(
        f'<outline text="Folder {f}">'
        + "".join(
            f'<outline type="rss" text="Feed {f}-{i}" xmlUrl="http://127.0.0.1/{f}/{i}.xml"/>'
            for i in range(1000)
        )
        + "</outline>"
        for f in range(10)
    )
    report = import_opml(opml(body))
    assert len(report.added) == 10_000 and report.skipped == []
    assert Source.objects.count() == 10_000
    assert SourceCategory.objects.filter(path="Folder 7").count() == 1000


def test_entity_tricks_and_dtds_are_refused():
    laughs = (
        '<!DOCTYPE opml [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    external = '<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    for prolog, body in (
        (laughs, '<outline text="&c;" xmlUrl="https://x.example.org/&c;"/>'),
        (external, '<outline text="&x;" xmlUrl="https://x.example.org/"/>'),
        ('<!DOCTYPE opml SYSTEM "http://127.0.0.1:9/opml.dtd">', "<outline/>"),
    ):
        with pytest.raises(OpmlError, match=r"DTD|entities"):
            parse_opml(opml(body, prolog))
    for bad in (b"", b"not xml", b"<rss/>", b"<opml/>", opml("<outline").rstrip(b">")):
        with pytest.raises(OpmlError):
            parse_opml(bad)


def test_deep_nesting_is_bounded_and_reported():
    depth = 5000
    body = (
        '<outline text="f">' * depth
        + '<outline xmlUrl="https://deep.example.org/"/>'
        + "</outline>" * depth
    )
    listing = parse_opml(opml(body))
    assert listing.subscriptions == ()
    assert any("deeper" in p.reason for p in listing.problems)
    shallow = (
        '<outline text="a"><outline text="b">'
        + '<outline xmlUrl="https://ok.example.org/"/>'
        + "</outline></outline>"
    )
    assert parse_opml(opml(shallow)).subscriptions[0].folders == ("a", "b")


def test_cli_import_and_export(tmp_path):
    site = Site(tmp_path)
    result = site.run("source", "import-opml", str(DATA / "nested.opml"))
    assert "Added 5 source(s), skipped 5" in result.stdout
    assert "skipped: Script:" in result.stdout and "skipped: Intranet:" in result.stdout
    listed = {s["url"] for s in json.loads(site.run("source", "list", "--json").stdout)}
    assert "http://127.0.0.1/loose/index.xml" in listed and len(listed) == 5
    out = tmp_path / "export.opml"
    site.run("source", "export-opml", "--output", str(out))
    assert len(parse_opml(out.read_bytes()).subscriptions) == 5
    assert site.run("source", "export-opml").stdout.startswith("<?xml")
    bad = tmp_path / "bad.opml"
    bad.write_bytes(opml("", '<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'))
    refused = site.run("source", "import-opml", str(bad), check=False)
    assert refused.returncode == 2 and "DTD" in refused.stderr
    assert (
        site.run("source", "import-opml", str(tmp_path / "missing.opml"), check=False).returncode
        == 2
    )


@pytest.mark.django_db
def test_admin_upload_and_export_are_for_staff_only(client):
    assert client.get("/admin/opml/export.opml").status_code == 302  # to the login page
    reader = User.objects.create_user("reader", password="pw-reader-1")
    client.force_login(reader)
    assert client.get("/admin/opml/import/").status_code == 302  # not staff
    staff = User.objects.create_user("staff", password="pw-staff-1", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/opml/import/").status_code == 403  # staff without permission
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_source", "view_source"])
    )
    staff = User.objects.get(pk=staff.pk)
    client.force_login(staff)
    with (DATA / "nested.opml").open("rb") as handle:
        response = client.post("/admin/opml/import/", {"file": handle})
    html = response.content.decode()
    assert response.status_code == 200 and "Added 5 source(s), skipped 5" in html
    assert "javascript" in html and "<script" not in html.split("<body", 1)[1].split("</body")[
        0
    ].replace("<script src", "")
    export = client.get("/admin/opml/export.opml")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/x-opml")
    assert b"http://127.0.0.1/meridian/feed.xml" in export.content
