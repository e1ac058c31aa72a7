from django.apps import AppConfig


class BilanzConfig(AppConfig):
    name = "bilanz"
    verbose_name = "Netzwerk-Bilanz"
