from django.template.loader import render_to_string

from mailing.tasks import deliver


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
        }
    )
