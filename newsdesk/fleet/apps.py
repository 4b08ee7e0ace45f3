from django.apps import AppConfig


class FleetConfig(AppConfig):
    name = "newsdesk.fleet"
    label = "fleet"
    verbose_name = "Fleet"
