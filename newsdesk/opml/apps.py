from django.apps import AppConfig


class OpmlConfig(AppConfig):
    name = "newsdesk.opml"
    label = "opml"
    verbose_name = "Source lists"
