"""Embedded default for a laptop: SQLite, console email, tasks run at once."""

from .base import *  # noqa: F403

DEBUG = True

# Only this machine's loopback: a dev key must never sign anything in production.
SECRET_KEY = "django-insecure-dev-only-netzwerk-formate"  # noqa: S105

# No worker needed on a laptop: tasks run in the request that enqueues them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
