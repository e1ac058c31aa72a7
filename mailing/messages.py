"""The one place a mail is put in the queue: its payload for mailing.tasks.deliver is built here."""

from django.template.loader import render_to_string
from django.utils import timezone

from mailing.tasks import deliver, new_message_id


def queue_message(*, to, subject, text, html="", headers=None, from_email=None):
    """Queues a rendered mail for the worker; returns the task result."""
    # Subjects are ours or allauth's, never a reader's text; still, no header may carry a line break.
    subject = " ".join(str(subject).split())
    payload = {
        "to": list(to),
        "subject": subject,
        "text": text,
        "html": html,
        "headers": dict(headers or {}),
        # Fixed now, so every retry sends the same mail: the worker skips a Message-ID the
        # server has already accepted, and the retry deadline counts from here.
        "message_id": new_message_id(),
        "queued_at": timezone.now().isoformat(),
    }
    if from_email:
        payload["from_email"] = from_email
    return deliver.enqueue(payload)


def queue_email(*, to, subject, template, context, headers=None):
    """Renders `<template>.txt` and `<template>.html` now and queues the delivery."""
    return queue_message(
        to=to,
        subject=subject,
        text=render_to_string(f"{template}.txt", context),
        html=render_to_string(f"{template}.html", context),
        headers=headers,
    )
