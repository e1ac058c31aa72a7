from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: it imports from no other app of the project."""

    name = "core"
    verbose_name = "Grundlagen"
    default_auto_field = "django.db.models.BigAutoField"
