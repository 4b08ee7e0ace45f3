"""Sign-up, profile pages, account settings and API tokens (log-in and resets are Django's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from newsdesk.accounts.forms import AccountForm, SignUpForm, TokenForm
from newsdesk.accounts.limits import SIGNUPS_PER_ADDRESS, client_address
from newsdesk.accounts.models import ApiToken, Profile, profile_of
from newsdesk.discussion.listing import comments_by


def safe_next(request: HttpRequest, fallback: str = "/") -> str:
    """The ``next`` the reader came from, if it stays on this site; the fallback otherwise."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(safe_next(request))
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not SIGNUPS_PER_ADDRESS.hit(client_address(request)):
            form.add_error(None, "Too many new accounts from your address; try again in an hour.")
            status = 429
        elif form.is_valid():
            user = form.save()
            Profile.objects.filter(user=user).update(display_name=form.cleaned_data["display_name"])
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome! You can now take part in the discussions.")
            return redirect(safe_next(request))
        else:
            status = 400
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "next": safe_next(request, ""), "title": "Create an account"},
        status=status,
    )


def profile(request: HttpRequest, username: str) -> HttpResponse:
    user = get_object_or_404(get_user_model(), username=username, is_active=True)
    reader = profile_of(user)
    return render(
        request,
        "accounts/profile.html",
        {
            "reader": reader,
            "person": user,
            "comments": comments_by(user, viewer=request.user),
            "title": reader.name,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    reader = profile_of(request.user)
    initial = {"display_name": reader.display_name, "email": request.user.email}
    form = AccountForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        reader.display_name = form.cleaned_data["display_name"]
        reader.save(update_fields=["display_name"])
        request.user.email = form.cleaned_data["email"]
        request.user.save(update_fields=["email"])
        messages.success(request, "Saved.")
        return redirect("account")
    return render(
        request,
        "accounts/account.html",
        {"form": form, "reader": reader, "title": "Your account"},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        _, secret = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
            "title": "API tokens",
        },
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    # Another reader's token id answers like an unknown one.
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user, revoked_at__isnull=True)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect(reverse("account_tokens"))
