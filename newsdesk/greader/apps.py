from django.apps import AppConfig


class GReaderConfig(AppConfig):
    name = "newsdesk.greader"
    label = "greader"
    verbose_name = "Reader apps"
