from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "newsdesk.console"
    label = "console"
