"""The Procfile's worker: django-tasks' database worker plus Wagtail's scheduled publishing.

django-tasks has no periodic tasks, and a post scheduled for Monday 07:00 must
go live without anybody running a command, so the worker process runs
`publish_scheduled` on a timer thread beside the task loop.

django-tasks-db only runs READY tasks, and marks a task FAILED when the worker's own
shutdown interrupts it; the same thread and a signal receiver here make sure a task
whose worker died or was stopped runs again instead.
"""

import datetime
import logging
import threading

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.models import DBTaskResult

from discussion.services.housekeeping import comments_forget_ip_addresses, comments_purge_unconfirmed
from formats.followups import send_followups
from mailing.services import sent_mails_prune
from newsletter.services import subscribers_forget_ip_addresses, subscribers_purge_pending

logger = logging.getLogger(__name__)

# A task that has taken its worker down this often is given up rather than tried forever.
MAX_CLAIMS = 5
# Raised by the worker's own shutdown handler (a second SIGTERM or Ctrl+C) inside a running task.
INTERRUPTIONS = {"builtins.SystemExit", "builtins.KeyboardInterrupt"}


class WorkerLost(Exception):  # noqa: N818 - names what happened to the task
    """Recorded on a task whose workers kept dying while running it."""


def tasks_reclaim_abandoned():
    """Queues again every task RUNNING for longer than the lease: its worker is gone. Returns how many."""
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)
    reclaimed = 0
    for row in DBTaskResult.objects.running().filter(started_at__lt=cutoff):
        # Conditional on the start time: of several workers, exactly one takes the task up.
        stale = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at)
        if len(row.worker_ids) >= MAX_CLAIMS:
            given_up = stale.update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"{len(row.worker_ids)} workers died while running this task; not retried.",
            )
            if given_up:
                logger.error("Task %s (%s) lost %s workers; given up", row.pk, row.task_path, len(row.worker_ids))
            continue
        if stale.update(status=TaskResultStatus.READY):
            reclaimed += 1
            logger.warning(
                "Task %s (%s) started %s on worker %s and exceeded the lease of %s s; queued again",
                row.pk,
                row.task_path,
                row.started_at.isoformat(),
                row.worker_ids[-1] if row.worker_ids else "?",
                settings.TASK_LEASE_SECONDS,
            )
    return reclaimed


def tasks_prune_finished():
    """Deletes finished task results (mails with their addresses and links) after the retention period."""
    cutoff = timezone.now() - settings.TASK_RESULT_RETENTION
    deleted, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=cutoff
    ).delete()
    sent_mails_prune(before=cutoff)
    return deleted


def requeue_interrupted(sender, task_result, **kwargs):
    """A task cut off by the worker's shutdown goes back in the queue; django-tasks-db would record it as failed."""
    if task_result.status != TaskResultStatus.FAILED or not task_result.errors:
        return
    if task_result.errors[-1].exception_class_path not in INTERRUPTIONS:
        return
    requeued = DBTaskResult.objects.filter(pk=task_result.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, finished_at=None, exception_class_path="", traceback=""
    )
    if requeued:
        logger.warning(
            "Task %s (%s) interrupted by shutdown; queued again", task_result.id, task_result.task.module_path
        )


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


FOLLOW_UP_LOCK_KEY = "run_worker:send_followups"


def send_due_followups(*, lock_seconds):
    """The follow-up mails due now (formats.followups); returns False if another worker holds the lock.

    Without the cache it runs anyway: the conditional updates keep a mail from going out twice.
    """
    try:
        if not cache.add(FOLLOW_UP_LOCK_KEY, "locked", timeout=lock_seconds):
            return False
    except Exception:
        logger.warning("Cache unavailable; sending follow-ups without the lock", exc_info=True)
    send_followups()
    return True


class Command(DBWorkerCommand):
    help = (
        "Runs the background task worker; every minute takes up tasks of dead workers, publishes scheduled pages "
        "and deletes what the privacy notice promises to delete."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--publish-interval",
            type=float,
            default=60,
            help="Seconds between runs of Wagtail's publish_scheduled (default: 60).",
        )

    def handle(self, *args, publish_interval, **options):
        task_finished.connect(requeue_interrupted, dispatch_uid="run_worker.requeue_interrupted")
        stop = threading.Event()

        def publish_loop():
            while not stop.is_set():
                try:
                    # Every worker looks: the conditional update lets only one take a task up.
                    tasks_reclaim_abandoned()
                    publish_due_pages(lock_seconds=max(int(publish_interval) - 1, 1))
                    send_due_followups(lock_seconds=max(int(publish_interval) - 1, 1))
                    # Privacy promises kept on the same clock: expired confirmations, old IP
                    # addresses, finished task results with their mail addresses.
                    comments_purge_unconfirmed()
                    comments_forget_ip_addresses()
                    tasks_prune_finished()
                    # Newsletter sign-ups nobody confirmed (7 days), their IP addresses (30 days).
                    subscribers_purge_pending()
                    subscribers_forget_ip_addresses()
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
