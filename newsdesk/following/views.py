"""Follow and save buttons, the "For you" page, digest settings and one-click unsubscribe."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from newsdesk.accounts.views import safe_next
from newsdesk.following import digest, follows
from newsdesk.following.models import DigestSubscription, FollowKind, Frequency, Saved
from newsdesk.reading import catalog

FOR_YOU_FOLLOWED = 30
FOR_YOU_LATEST = 15


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    key = follows.resolve(kind, request.POST.get("key", "").strip()[:120])
    if key is None:
        messages.error(request, "There is nothing by that name to follow.")
    else:
        now = follows.toggle(request.user, kind, key)
        messages.success(request, "Following." if now else "No longer following.")
    return redirect(safe_next(request, reverse("for_you")))


@login_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("article", "")
    ref = catalog.article(int(raw)) if raw.isdigit() and len(raw) < 20 else None
    if ref is None:
        raise Http404("No such article.")
    row = Saved.objects.filter(user=request.user, article_id=ref.id).first()
    if row:
        row.delete()
        messages.success(request, "Removed from your saved articles.")
    else:
        Saved.objects.create(user=request.user, article_id=ref.id)
        messages.success(request, "Saved for later.")
    return redirect(safe_next(request, reverse("for_you")))


@login_required
def for_you(request: HttpRequest) -> HttpResponse:
    """What the reader follows first (newest first), then the rest of the latest news."""
    mine = follows.followed(request.user)
    wanted = follows.keys(request.user)
    items = catalog.followed_articles(
        [int(k) for k in wanted[FollowKind.SOURCE]],
        wanted[FollowKind.HASHTAG],
        [int(k) for k in wanted[FollowKind.STORY]],
        limit=FOR_YOU_FOLLOWED,
    )
    saved_ids = list(
        Saved.objects.filter(user=request.user).values_list("article_id", flat=True)[:50]
    )
    saved_refs = catalog.articles(saved_ids)
    latest = catalog.latest_articles(exclude={a.id for a in items}, limit=FOR_YOU_LATEST)
    return render(
        request,
        "following/for_you.html",
        {
            "followed": mine,
            "fresh": [f for f in mine if f.new_count],
            "items": items,
            "saved": [saved_refs[i] for i in saved_ids if i in saved_refs],
            "latest": latest,
            "title": "For you",
        },
    )


@login_required
def open_story(request: HttpRequest, story_id: int) -> HttpResponse:
    """Go to a followed story and count its coverage as seen from now."""
    story = catalog.story(story_id)
    if story is None:
        raise Http404("No such story.")
    follows.mark_seen(request.user, story.id)
    return redirect(story.path)


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(
        choices=Frequency.choices, widget=forms.RadioSelect, label="E-mail digest"
    )


@login_required
@require_http_methods(["GET", "POST"])
def digest_settings(request: HttpRequest) -> HttpResponse:
    sub, _ = DigestSubscription.objects.get_or_create(user=request.user)
    form = DigestForm(request.POST or None, initial={"frequency": sub.frequency})
    if request.method == "POST" and form.is_valid():
        digest.subscribe(sub, form.cleaned_data["frequency"])
        messages.success(request, "Digest settings saved.")
        return redirect("digest_settings")
    return render(
        request,
        "following/digest_settings.html",
        {"form": form, "sub": sub, "has_email": bool(request.user.email), "title": "E-mail digest"},
    )


# Mail clients send the one-click unsubscribe as a bare POST (no cookie, no CSRF token):
# the signed token in the address is what proves the request is the reader's.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user_id = digest.unsubscribe_user(token)
    if user_id is None:
        return render(
            request,
            "following/unsubscribe.html",
            {"bad": True, "title": "Unsubscribe"},
            status=400,
        )
    done = request.method == "POST"
    if done:
        DigestSubscription.objects.filter(user_id=user_id).update(frequency=Frequency.NEVER)
    return render(request, "following/unsubscribe.html", {"done": done, "title": "Unsubscribe"})
