"""The Procfile's worker: django-tasks' database worker plus Wagtail's scheduled publishing.

django-tasks has no periodic tasks, and a post scheduled for Monday 07:00 must
go live without anybody running a command, so the worker process runs
`publish_scheduled` on a timer thread beside the task loop.
"""

import logging
import threading

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from discussion.services import comments_forget_ip_addresses, comments_purge_unconfirmed

logger = logging.getLogger(__name__)

# Several worker processes may run; one of them publishing per interval is enough.
LOCK_KEY = "run_worker:publish_scheduled"


def publish_due_pages(*, lock_seconds):
    """Publish every page whose scheduled go-live time has passed; returns False if another worker holds the lock."""
    try:
        if not cache.add(LOCK_KEY, "locked", timeout=lock_seconds):
            return False
    except Exception:
        # Fail open: publishing twice is harmless, a post that never goes live is not.
        logger.warning("Cache unavailable; publishing scheduled pages without the lock", exc_info=True)
    # The lock is left to expire, not deleted: with several workers it keeps
    # publishing to one run per interval.
    call_command("publish_scheduled", verbosity=0)
    return True


class Command(DBWorkerCommand):
    help = "Runs the background task worker; every minute publishes scheduled pages and tidies the discussion."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--publish-interval",
            type=float,
            default=60,
            help="Seconds between runs of Wagtail's publish_scheduled (default: 60).",
        )

    def handle(self, *args, publish_interval, **options):
        stop = threading.Event()

        def publish_loop():
            while not stop.is_set():
                try:
                    publish_due_pages(lock_seconds=max(int(publish_interval) - 1, 1))
                    # Privacy promises kept on the same clock: expired confirmations, old IP addresses.
                    comments_purge_unconfirmed()
                    comments_forget_ip_addresses()
                except Exception:
                    # A failed run must not end the worker: the next tick tries again.
                    logger.exception("Periodic worker duties failed")
                finally:
                    # This thread's own connection; don't hold it open between runs.
                    connection.close()
                stop.wait(publish_interval)

        threading.Thread(target=publish_loop, name="publish-scheduled", daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
