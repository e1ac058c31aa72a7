"""Every email of the site leaves through this task, run by the worker, never in a request.

A refused or unreachable mail server loses nothing: the task puts itself back
in the queue with growing delays until the server accepts the message.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from django_tasks import task

logger = logging.getLogger(__name__)


def retry_delay(attempt):
    """Seconds before the next attempt: base, 2×, 4× … capped at an hour."""
    return min(settings.MAIL_RETRY_BASE_SECONDS * 2 ** (attempt - 1), 3600)


@task()
def deliver(message, attempt=1):
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["text"],
        from_email=message.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        to=message["to"],
        headers=message.get("headers") or {},
    )
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    try:
        email.send()
    except (smtplib.SMTPException, OSError) as error:
        if attempt >= settings.MAIL_MAX_ATTEMPTS or not deliver.get_backend().supports_defer:
            raise
        delay = retry_delay(attempt)
        logger.warning("Mail to %s failed (%s); attempt %s in %s s", message["to"], error, attempt + 1, delay)
        deliver.using(run_after=timezone.now() + datetime.timedelta(seconds=delay)).enqueue(message, attempt + 1)
        raise  # this attempt shows as failed in the task results; the next one is queued
