from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mailing.tasks import MailDeferred, deliver


def failed_mails():
    """Mails given up for good; an attempt whose retry is queued fails too, but loses nothing."""
    deferred = f"{MailDeferred.__module__}.{MailDeferred.__qualname__}"
    return DBTaskResult.objects.filter(task_path=deliver.module_path, status=TaskResultStatus.FAILED).exclude(
        exception_class_path=deferred
    )
