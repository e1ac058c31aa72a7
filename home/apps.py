from django.apps import AppConfig

from pagecache.signals import invalidate_on_change


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Startseite und Rechtliches"

    def ready(self):
        # Every footer links the legal pages, a site setting edited in the admin.
        invalidate_on_change("home.LegalPages")
