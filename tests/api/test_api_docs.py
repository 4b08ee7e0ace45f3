"""The API documents itself: the OpenAPI schema, a reference page written from it on the
server, and Swagger UI from this site's own files for whoever asks to try requests."""

from __future__ import annotations

import re

from lxml.html import document_fromstring

PATHS = (
    "/api/articles",
    "/api/articles/{article_id}",
    "/api/articles/{article_id}/ask",
    "/api/stories/{story_id}",
    "/api/stories/{story_id}/briefing",
    "/api/hashtags/{tag}",
)


def test_the_reference_is_written_on_the_server_without_script(client, db):
    docs = client.get("/api/docs").content.decode()
    schema = client.get("/api/openapi.json").json()
    for path in PATHS:
        assert path in schema["paths"], path
        assert f"<code>{path}</code>" in docs, path
    # Every operation and schema is on the page, with its description.
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert f'id="{operation["operationId"]}"' in docs, (method, path)
    page = document_fromstring(docs)
    for name, component in schema["components"]["schemas"].items():
        [entry] = page.xpath(f'//*[@id="schema-{name}"]')
        words = " ".join(component["description"].replace("`", "").split())[:60]
        assert words in " ".join(entry.text_content().split()), name
    assert "<script" not in docs
    assert len(docs.encode()) < 100_000


def test_swagger_ui_is_one_link_away_from_local_files(client, db):
    docs = client.get("/api/docs").content.decode()
    assert 'href="?try=1"' in docs
    console = client.get("/api/docs?try=1").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in console
    assert "cdn." not in console  # the CSP allows 'self' only, and readers may be offline
    assert not re.search(r'(src|href)="https?://', console)
