"""The "Ask about this article" form: a plain GET that works without JavaScript.

Asking is a read: the answer comes from the article's text, or, with a language
model configured, the model's answer is queued and shown when the same question is
asked again (answers are kept per article and question, never per reader). Nothing of
the reader's own changes, so there is nothing a cross-site request could forge and
the form carries no CSRF token: the article page holds no per-reader bytes and is
served from the cache without making a CSRF secret or setting a cookie. What a
question costs is bounded instead by a per-client rate limit (like the API's) and the
length cut. The answer is rendered into the article page itself
(``static/newsdesk/ask.js`` only swaps that block in place when scripts run); answer
pages are never indexed.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from newsdesk.ai.answer import EMPTY_QUESTION
from newsdesk.plaintext import one_line
from newsdesk.reading import throttle
from newsdesk.reading.ai_results import AnswerView, ask
from newsdesk.reading.articles import original_of
from newsdesk.web.views import answer_context, article_context, ready_article

MAX_FORM_QUESTION = 20_000  # longer questions are cut before any work; the stage cuts at 500


@require_safe
def ask_article(request: HttpRequest, article_id: int) -> HttpResponse:
    item = ready_article(article_id)
    original = original_of(item)
    if original is not None:
        item = ready_article(original.pk)
    if "question" not in request.GET:  # the address without a question: the form itself
        return redirect(reverse("article", args=[item.pk]) + "#ask")
    question = str(request.GET["question"])[:MAX_FORM_QUESTION]
    if not throttle.allow(request):
        answer = AnswerView(
            "Too many questions from your address; try again in a minute.", (), "", ""
        )
        status = 429
    elif not one_line(question):
        answer = AnswerView(EMPTY_QUESTION, (), "", "")
        status = 200
    else:
        answer = ask(item, question)
        status = 200
    context = article_context(item, question=one_line(question, 500), **answer_context(answer))
    response = render(request, "newsdesk/article.html", context, status=status)
    # One reader's question: neither a search engine's page nor a shared cache's.
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response
