from django.template.loader import render_to_string
from django.utils import timezone

from mailing.tasks import deliver, new_message_id


def queue_email(*, to, subject, template, context, headers=None):
    """Renders `<template>.txt` and `<template>.html` now and queues the delivery."""
    # Subjects are ours, never a reader's text; still, no header may carry a line break.
    subject = " ".join(str(subject).split())
    return deliver.enqueue(
        {
            "to": list(to),
            "subject": subject,
            "text": render_to_string(f"{template}.txt", context),
            "html": render_to_string(f"{template}.html", context),
            "headers": headers or {},
            # Fixed now, so every retry sends the same mail: the worker skips a Message-ID the
            # server has already accepted, and the retry deadline counts from here.
            "message_id": new_message_id(),
            "queued_at": timezone.now().isoformat(),
        }
    )
