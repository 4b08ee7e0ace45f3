from django.apps import AppConfig


class StorageConfig(AppConfig):
    name = "newsdesk.storage"
    label = "storage"
    verbose_name = "News"

    def ready(self) -> None:
        # Connects the page-version signals; models load after app configs, hence here.
        from newsdesk.storage import versions

        versions.connect()
