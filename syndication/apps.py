from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "syndication"
    verbose_name = "Feeds und Auffindbarkeit"
