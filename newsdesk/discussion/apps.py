from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    """Comments under articles, reports and the moderators' queue."""

    name = "newsdesk.discussion"
    label = "discussion"
    verbose_name = "Discussion"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here because it imports models, which Django loads after app configs.
        from django.db.models.signals import post_migrate

        from newsdesk.discussion.moderators import ensure_moderators_group

        post_migrate.connect(ensure_moderators_group, sender=self)
