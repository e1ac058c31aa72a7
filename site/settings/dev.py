"""Embedded default for a laptop: SQLite, console email, tasks run at once."""

from .base import *  # noqa: F403

DEBUG = True

# Only this machine's loopback: a dev key must never sign anything in production.
SECRET_KEY = "django-insecure-dev-only-netzwerk-formate"  # noqa: S105

# Tasks go through the database queue as in production: `make run` starts the worker beside
# runserver, and the emails it sends appear in that same console.
