from django.core.management.base import BaseCommand

from pagecache.cache import new_release


class Command(BaseCommand):
    help = "Verwirft alle zwischengespeicherten Seiten und Fragmente: neuer Code erzeugt neues HTML (Release-Schritt)."

    def handle(self, *args, **options):
        new_release()
        self.stdout.write("Seiten-Cache geleert.")
