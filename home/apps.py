from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Startseite und Rechtliches"

    def ready(self):
        from pagecache.signals import invalidate_on_change

        # Every footer links the legal pages.
        invalidate_on_change(self.get_model("LegalPages"))
