"""What newsdesk keeps about a reader besides Django's user: a display name, a ban, API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "nd_"  # noqa: S105 (a marker that makes leaked tokens greppable, not a secret)


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader"
    )
    display_name = models.CharField(max_length=60, blank=True)
    banned_at = models.DateTimeField(null=True, blank=True)
    ban_reason = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.user.get_username()

    @property
    def banned(self) -> bool:
        return self.banned_at is not None


def profile_of(user) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def token_digest(token: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough to make a stolen table useless,
    # and it lets the lookup be one indexed equality.
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=60)
    prefix = models.CharField(
        max_length=12, help_text="The token's first characters, to tell them apart."
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name: str) -> tuple[ApiToken, str]:
        """A new token; the secret is returned once and only its digest is stored."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=secret[:10], digest=token_digest(secret)
        )
        return token, secret

    @classmethod
    def holder(cls, secret: str):
        """The active user a presented token belongs to, or None."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        token = (
            cls.objects.select_related("user")
            .filter(digest=token_digest(secret), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user
