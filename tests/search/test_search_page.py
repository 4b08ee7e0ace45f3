"""The search page: the header's box on every page, results with marked snippets,
pages of results, a clear message for a query that cannot run."""

from __future__ import annotations

import pytest

from newsdesk.storage.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_page_has_the_search_box(client, newsroom):
    for url in ("/", "/latest/", "/sources/", f"/articles/{newsroom.museum.pk}/"):
        html = client.get(url).content.decode()
        assert 'role="search"' in html and 'action="/search/"' in html, url


def test_results_are_marked_and_escaped(client, newsroom):
    Article.objects.filter(pk=newsroom.museum.pk).update(
        title="Museum <b>reopens</b>", body_text="The museum <img src=x onerror=alert(1)> reopened."
    )
    response = client.get("/search/", {"q": "museum"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>museum</mark>" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Museum &lt;b&gt;reopens&lt;/b&gt;" in html
    assert 'value="museum"' in html  # the box keeps the query


def test_no_results_and_errors_say_so(client, newsroom):
    none = client.get("/search/", {"q": "zyxwvut"})
    assert none.status_code == 200 and "No articles match" in none.content.decode()
    bad = client.get("/search/", {"q": "before:someday"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.content.decode()
    empty = client.get("/search/").content.decode()
    assert "No articles match" not in empty


def test_paging(client, newsroom, monkeypatch):
    monkeypatch.setattr("newsdesk.search.views.PAGE_SIZE", 2)
    first = client.get("/search/", {"q": "treaty OR museum"}).content.decode()
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/search/", {"q": "treaty OR museum", "page": "2"}).content.decode()
    assert 'rel="prev"' in second
    assert client.get("/search/", {"q": "museum", "page": "abc"}).status_code == 200
