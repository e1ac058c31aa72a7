from django.core.management.base import BaseCommand

from formats.followups import send_followups


class Command(BaseCommand):
    help = (
        "Queues the due follow-up mails (\u201eHat sich daraus Gesch\u00e4ft ergeben?\u201c): weekdays 09:00\u201318:00 "
        "Berlin time, at most one per reader a week. Safe to run again and from several processes."
    )

    def handle(self, *args, **options):
        queued = send_followups()
        if options["verbosity"] > 1:
            self.stdout.write(f"{queued} follow-up mail(s) queued")
