"""Housekeeping of the mail queue: what the worker prunes and what an erasure drops."""

from django.db.models import Q

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mailing.models import SentMail
from mailing.tasks import deliver


def sent_mails_prune(*, before):
    """Forgets accepted Message-IDs older than `before`; a crashed delivery is retried within minutes, not days."""
    deleted, _ = SentMail.objects.filter(sent_at__lt=before).delete()
    return deleted


def mails_drop_for(*, addresses):
    """Deletes every queued, deferred or finished mail job that names one of these addresses; returns how many.

    Running jobs are left to finish (the worker still writes to their rows); a finished one
    keeps no address or text anyway.
    """
    named = Q()
    for address in {address.strip().lower() for address in addresses if address and address.strip()}:
        named |= Q(args_kwargs__icontains=address) | Q(traceback__icontains=address)
    if not named:
        return 0
    jobs = DBTaskResult.objects.filter(named, task_path=deliver.module_path).exclude(status=TaskResultStatus.RUNNING)
    deleted, _ = jobs.delete()
    return deleted
