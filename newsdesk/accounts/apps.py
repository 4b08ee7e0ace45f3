from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Readers' accounts: sign-up, log-in with lock-out, profiles and API tokens."""

    name = "newsdesk.accounts"
    label = "accounts"
    verbose_name = "Readers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the profile signal; models load after app configs, hence here.
        from newsdesk.accounts import signals  # noqa: F401
