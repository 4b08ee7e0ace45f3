from django.apps import AppConfig


class FollowingConfig(AppConfig):
    """Follows, saved articles, the "For you" page and e-mail digests."""

    name = "newsdesk.following"
    label = "following"
    verbose_name = "Follows and digests"
    default_auto_field = "django.db.models.BigAutoField"
