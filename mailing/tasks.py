"""Every email of the site leaves through this task, run by the worker, never in a request.

A refused or unreachable mail server loses nothing: the task puts itself back
in the queue with growing delays (capped) for MAIL_RETRY_PERIOD, days, until the
server accepts the message. A worker that dies mid-delivery loses nothing either:
another worker takes the task up after the lease (home/management/commands/run_worker.py),
and the Message-ID, fixed at queue time and recorded once the server accepted it,
keeps the retry from sending it twice.
"""

import datetime
import logging
import smtplib
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from django_tasks import task
from django_tasks_db.models import DBTaskResult

from mailing.models import SentMail

logger = logging.getLogger(__name__)


class MailDeferred(Exception):  # noqa: N818 - reads as the condition it signals
    """This attempt failed and the next one is queued: the row shows FAILED, yet no mail is lost."""


def _site_host():
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def new_message_id():
    """A Message-ID under the site's own domain, not the worker machine's name."""
    return make_msgid(domain=_site_host())


def retry_delay(attempt):
    """Seconds before the next attempt: base, 2×, 4× … capped at MAIL_RETRY_MAX_DELAY."""
    cap = settings.MAIL_RETRY_MAX_DELAY.total_seconds()
    return min(settings.MAIL_RETRY_BASE_SECONDS * 2 ** min(attempt - 1, 32), cap)


def _keep_only(context, message, *fields):
    """Strips this task's stored arguments down to `fields`: no link or text outlives the attempt in the database."""
    row = getattr(context.task_result, "db_result", None)  # None on the immediate backend (tests)
    if row is None:
        return
    kept = {"message_id": message["message_id"], "subject": message["subject"]}
    kept.update({field: message[field] for field in fields})
    DBTaskResult.objects.filter(pk=row.pk).update(args_kwargs={"args": [kept], "kwargs": {}})


@task(takes_context=True)
def deliver(context, message, attempt=1):
    # Payloads queued before mailing.messages fixed both at queue time come without an id or time:
    # both follow from this task row, so a run after a crash finds the same ones.
    message.setdefault("message_id", f"<{context.task_result.id}@{_site_host()}>")
    message.setdefault("queued_at", (context.task_result.enqueued_at or timezone.now()).isoformat())
    if SentMail.objects.filter(message_id=message["message_id"]).exists():
        logger.warning("Mail %s was accepted before this worker died; not sending it again", message["message_id"])
        _keep_only(context, message)
        return
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["text"],
        from_email=message.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        to=message["to"],
        headers={**(message.get("headers") or {}), "Message-ID": message["message_id"]},
    )
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    connection = get_connection()
    try:
        # Opened here, so send_messages leaves closing to us: once DATA is accepted the
        # mail counts as sent, whatever QUIT then does.
        connection.open()
        connection.send_messages([email])
    except (smtplib.SMTPException, OSError) as error:
        _close_quietly(connection)
        deadline = parse_datetime(message["queued_at"]) + settings.MAIL_RETRY_PERIOD
        if timezone.now() >= deadline or not deliver.get_backend().supports_defer:
            # Given up: the admin dashboard counts this row. Recipient and subject stay for
            # the admins until the worker prunes the row; the text with its links goes now.
            _keep_only(context, message, "to")
            raise
        delay = retry_delay(attempt)
        logger.warning("Mail %s failed (%s); attempt %s in %s s", message["message_id"], error, attempt + 1, delay)
        deliver.using(run_after=timezone.now() + datetime.timedelta(seconds=delay)).enqueue(message, attempt + 1)
        # The next attempt holds the message; this row keeps only its id and the error.
        _keep_only(context, message)
        raise MailDeferred(f"attempt {attempt + 1} queued") from error
    SentMail.objects.get_or_create(message_id=message["message_id"])
    _close_quietly(connection)
    _keep_only(context, message)


def _close_quietly(connection):
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        # A server that hangs up on QUIT has already answered what matters.
        logger.info("Mail server closed the connection uneasily", exc_info=True)
