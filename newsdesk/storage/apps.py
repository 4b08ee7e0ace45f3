from django.apps import AppConfig


class StorageConfig(AppConfig):
    name = "newsdesk.storage"
    label = "storage"
    verbose_name = "News"
