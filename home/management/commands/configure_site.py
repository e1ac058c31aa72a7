from django.conf import settings
from django.core.management.base import BaseCommand

from home.services import site_configure


class Command(BaseCommand):
    help = (
        "Setzt Adresse und Namen der Website (WAGTAILADMIN_BASE_URL, SITE_NAME) in Wagtails und "
        "Djangos Site-Eintrag (Release-Schritt, idempotent)."
    )

    def handle(self, *args, **options):
        changed = site_configure(base_url=settings.WAGTAILADMIN_BASE_URL, site_name=settings.SITE_NAME)
        summary = f"{settings.SITE_NAME} unter {settings.WAGTAILADMIN_BASE_URL}"
        if changed:
            self.stdout.write(f"Website eingerichtet ({', '.join(changed)}): {summary}")
        else:
            self.stdout.write(f"Website unverändert: {summary}")
