"""App logins: ClientLogin issues a token, every later call sends it in a header.

The token travels only in ``Authorization: GoogleLogin auth=...``; one in the query
string is refused (it would end up in proxy and server logs). The write token ``T``
that edits carry is derived from the login token with the site's secret, so it needs
no storage and dies with the login.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils import timezone

from newsdesk.greader.models import ReaderToken

TOKEN_LIFETIME = timedelta(days=90)
HEADER_PREFIX = "GoogleLogin auth="
MAX_TOKEN_CHARS = 200


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def log_in(request: HttpRequest, login: str, password: str, client: str = "") -> str | None:
    """A new token for valid credentials (user name or e-mail address), else None.
    The site's log-in lock-out counts these attempts too (``authenticate`` sees the
    request)."""
    if not login or not password or len(login) > 254 or len(password) > 4096:
        return None
    user = authenticate(request, username=login, password=password)
    if user is None and "@" in login:
        match = get_user_model().objects.filter(email__iexact=login).first()
        if match is not None:
            user = authenticate(request, username=match.get_username(), password=password)
    if user is None or not user.is_active:
        return None
    token = f"{user.pk}/{secrets.token_urlsafe(32)}"
    ReaderToken.objects.create(
        user=user,
        key_hash=_hash(token),
        client=client[:200],
        expires_at=timezone.now() + TOKEN_LIFETIME,
    )
    return token


def header_token(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.startswith(HEADER_PREFIX):
        return None
    token = header[len(HEADER_PREFIX) :].strip()
    return token if 0 < len(token) <= MAX_TOKEN_CHARS else None


def user_for(token: str) -> AbstractBaseUser | None:
    row = (
        ReaderToken.objects.select_related("user")
        .filter(key_hash=_hash(token), revoked=False, expires_at__gt=timezone.now())
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
        ReaderToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


def write_token(token: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), _hash(token).encode(), hashlib.sha256)
    return digest.hexdigest()[:57]


def write_token_ok(token: str, sent: str) -> bool:
    return hmac.compare_digest(write_token(token), sent or "")
