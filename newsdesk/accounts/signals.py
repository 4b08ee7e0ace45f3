"""Every user gets a reader profile, however it was made (sign-up, admin, createsuperuser)."""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from newsdesk.accounts.models import Profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile(sender, instance, created: bool, raw: bool = False, **_: object) -> None:
    if created and not raw:
        Profile.objects.get_or_create(user=instance)
