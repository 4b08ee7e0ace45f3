"""Comment pages: post, edit, delete and report. Plain forms; each works without JavaScript."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from newsdesk.accounts.limits import client_address
from newsdesk.discussion import posting, spam
from newsdesk.discussion.forms import CommentForm, EditForm, ReportForm
from newsdesk.discussion.models import Comment, CommentStatus
from newsdesk.reading import catalog

log = logging.getLogger("newsdesk.discussion")


def _article_or_404(article_id: int) -> catalog.ArticleRef:
    ref = catalog.article(article_id)
    if ref is None:
        raise Http404("No such article.")
    return ref


def _at(comment: Comment) -> str:
    return f"{reverse('article', args=[comment.article_id])}#comment-{comment.pk}"


def _own(request: HttpRequest, comment_id: int) -> Comment:
    # Someone else's comment answers like a missing one.
    return get_object_or_404(Comment, pk=comment_id, author_id=request.user.pk)


def _compose(request, article, form, status: int, parent: Comment | None = None) -> HttpResponse:
    """The form again, filled with what the reader typed, and the reason it came back."""
    return render(
        request,
        "discussion/compose.html",
        {
            "article": article,
            "form": form,
            "stamp": spam.form_stamp(article.id),
            "parent": parent,
            "title": f"Comment on {article.title}",
        },
        status=status,
    )


@require_POST
def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _article_or_404(article_id)
    if not request.user.is_authenticated:
        query = urlencode({"next": f"{article.path}#comments"})
        return redirect(f"{reverse('login')}?{query}")
    form = CommentForm(request.POST, article_id=article.id)
    if form.is_bait_taken:
        # Dropped without a word: telling a bot why helps it adapt.
        log.info("comment honeypot filled by user %s", request.user.pk)
        return redirect(f"{article.path}#comments")
    if not form.is_valid():
        return _compose(request, article, form, 400)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
        if parent is None:
            form.add_error(None, "The comment you replied to is not available.")
            return _compose(request, article, form, 400)
    outcome = posting.submit(
        request.user, article.id, form.cleaned_data["body"], parent, client_address(request)
    )
    if outcome.comment is None:
        form.add_error(None, outcome.problem)
        return _compose(request, article, form, outcome.status, parent)
    if outcome.duplicate:
        messages.info(request, "You had already posted this comment; here it is.")
    elif outcome.comment.status == CommentStatus.HELD:
        messages.info(
            request,
            "Thanks! New readers' first comments are read by a moderator before others see "
            "them; yours will appear soon.",
        )
    return redirect(_at(outcome.comment))


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own(request, comment_id)
    article = _article_or_404(comment.article_id)
    if not comment.can_edit(request.user):
        messages.error(request, "This comment can no longer be edited.")
        return redirect(_at(comment))
    form = EditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        posting.edit(comment, form.cleaned_data["body"])
        return redirect(_at(comment))
    return render(
        request,
        "discussion/edit.html",
        {"form": form, "comment": comment, "article": article, "title": "Edit your comment"},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own(request, comment_id)
    article = _article_or_404(comment.article_id)
    if request.method == "POST":
        if comment.can_delete(request.user):
            posting.delete(comment)
        return redirect(_at(comment))
    return render(
        request,
        "discussion/delete.html",
        {"comment": comment, "article": article, "title": "Delete your comment"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id, status=CommentStatus.VISIBLE)
    article = _article_or_404(comment.article_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if comment.author_id == request.user.pk:
            messages.info(request, "You cannot report your own comment; you can delete it.")
        elif posting.report(comment, request.user, **form.cleaned_data):
            messages.success(request, "Thank you. A moderator will look at this comment.")
        else:
            messages.info(request, "You have already reported this comment.")
        return redirect(_at(comment))
    return render(
        request,
        "discussion/report.html",
        {"form": form, "comment": comment, "article": article, "title": "Report a comment"},
        status=400 if form.errors else 200,
    )
