"""With a language model configured, the article page never waits for it: the summary is
queued for the worker, the offline one shows meanwhile, and the model's replaces it."""

from __future__ import annotations

import json

import pytest
from django_tasks_db.models import DBTaskResult

from newsdesk.enrich.sentences import split_sentences
from newsdesk.storage.models import AIRecord
from newsdesk.worker.model_work import compute_summary, llm_client
from tests.api.llm_stub import Reply, StubLLM
from tests.web.newsroom import run_queued_tasks

pytestmark = pytest.mark.django_db


def test_model_summary_is_queued_then_shown(client, newsroom, monkeypatch):
    body = newsroom.museum.body_text
    sentences = [s.text for s in split_sentences(body)]
    first = next(i + 1 for i, s in enumerate(sentences) if "reopened" in s)
    cost = next(i + 1 for i, s in enumerate(sentences) if "18 million" in s)
    reply = {
        "claims": [
            {"text": "The restored maritime museum reopened to crowds.", "sentences": [first]},
            {"text": "The restoration cost 18 million crowns.", "sentences": [cost]},
        ]
    }
    with StubLLM([Reply(json.dumps(reply))]) as llm:
        monkeypatch.setenv("NEWSDESK_LLM_URL", llm.url)
        monkeypatch.setenv("NEWSDESK_LLM_MODEL", "stub-7b")
        page = client.get(f"/articles/{newsroom.museum.pk}/").content.decode()
        assert newsroom.museum.summary.split(".")[0].replace("'", "&#x27;") in page  # offline
        assert llm.requests == []  # the page did not wait for the model
        queued = DBTaskResult.objects.filter(task_path__endswith="summarize_article_task")
        assert queued.count() == 1
        client.get(f"/articles/{newsroom.museum.pk}/")
        assert queued.count() == 1  # queued once, not on every view
        assert run_queued_tasks() == 1  # the worker asks the model and stores its summary
        assert compute_summary(newsroom.museum.pk) == "cached"  # the task is idempotent
        assert len(llm.requests) == 1
    page = client.get(f"/articles/{newsroom.museum.pk}/").content.decode()
    assert "The restored maritime museum reopened to crowds." in page
    assert "The restoration cost 18 million crowns." in page
    api = client.get(f"/api/articles/{newsroom.museum.pk}").json()
    assert api["summary"] == "The restored maritime museum reopened to crowds."
    record = AIRecord.objects.get(kind="summary")
    assert record.model == "stub-7b" and record.prompt and record.raw_output
    # The operator turns the model off: the offline summary is back, nothing is sent.
    monkeypatch.delenv("NEWSDESK_LLM_URL")
    page = client.get(f"/articles/{newsroom.museum.pk}/").content.decode()
    assert "The restored maritime museum reopened to crowds." not in page


def test_llm_client_follows_the_settings(monkeypatch):
    assert llm_client() is None
    monkeypatch.setenv("NEWSDESK_LLM_URL", "http://127.0.0.1:11434")
    monkeypatch.setenv("NEWSDESK_LLM_TIMEOUT", "not a number")
    client = llm_client()
    assert client is not None and client.config.timeout_s == 20.0
    assert client.endpoint == "http://127.0.0.1:11434/v1/chat/completions"
    monkeypatch.setenv("NEWSDESK_LLM_TIMEOUT", "3")
    assert llm_client().config.timeout_s == 3.0
