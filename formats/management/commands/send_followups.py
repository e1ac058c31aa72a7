from django.core.management.base import BaseCommand

from formats.followups import send_followups


class Command(BaseCommand):
    help = (
        "Queues the due follow-up mails („Hat sich daraus Geschäft ergeben?“): weekdays 09:00–18:00 "
        "Berlin time, at most one per reader a week. Safe to run again and from several processes at once."
    )

    def handle(self, *args, **options):
        queued = send_followups()
        if options["verbosity"] > 1:
            self.stdout.write(f"{queued} follow-up mail(s) queued")
