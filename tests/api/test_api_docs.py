"""The API documents itself: the OpenAPI schema and docs served from this site only."""

from __future__ import annotations


def test_docs_use_local_assets_and_schema_lists_the_contract(client, db):
    docs = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn." not in docs  # the CSP allows 'self' only, and readers may be offline
    schema = client.get("/api/openapi.json").json()
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/articles/{article_id}/ask",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/briefing",
        "/api/hashtags/{tag}",
    ):
        assert path in schema["paths"], path
