"""``{% comments_section %}``: the discussion under an article, for the article template."""

from __future__ import annotations

from django import template

from newsdesk.discussion import listing, spam
from newsdesk.discussion.forms import CommentForm

register = template.Library()


@register.inclusion_tag("discussion/_comments.html", takes_context=True)
def comments_section(context) -> dict:
    request = context["request"]
    article = context["article"]
    sort = request.GET.get("comments", "oldest")
    if sort not in listing.SORTS:
        sort = "oldest"
    nodes = listing.thread(article.pk, request.user, sort)
    return {
        "request": request,
        "user": request.user,
        "article_id": article.pk,
        "article_path": request.path,
        "nodes": nodes,
        "count": listing.count(nodes),
        "sort": sort,
        "form": CommentForm(article_id=article.pk),
        "stamp": spam.form_stamp(article.pk),
        "csrf_token": context.get("csrf_token"),
        "messages": context.get("messages"),
    }


@register.filter
def editable_by(comment, user) -> bool:
    return comment.can_edit(user)


@register.filter
def deletable_by(comment, user) -> bool:
    return comment.can_delete(user)
