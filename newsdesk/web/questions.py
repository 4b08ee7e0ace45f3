"""The "Ask about this article" form: a plain POST that works without JavaScript.

The answer is rendered into the article page itself (``static/newsdesk/ask.js`` only
swaps that block in place when scripts run). CSRF-protected by Django's middleware,
rate-limited per client like the API. The answer comes at once, from the article's
text; with a language model configured, the model's answer is queued and shown when
the same question is asked again.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from newsdesk.ai.answer import EMPTY_QUESTION
from newsdesk.plaintext import one_line
from newsdesk.reading import throttle
from newsdesk.reading.ai_results import AnswerView, ask
from newsdesk.reading.articles import original_of
from newsdesk.web.views import answer_context, article_context, ready_article

MAX_FORM_QUESTION = 20_000  # longer posts are cut before any work; the stage cuts at 500


@require_POST
def ask_article(request: HttpRequest, article_id: int) -> HttpResponse:
    item = ready_article(article_id)
    original = original_of(item)
    if original is not None:
        item = ready_article(original.pk)
    question = str(request.POST.get("question", ""))[:MAX_FORM_QUESTION]
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
    return render(request, "newsdesk/article.html", context, status=status)
