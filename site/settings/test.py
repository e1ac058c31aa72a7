"""Settings for the test suite: fast hashing, immediate tasks, plain static storage."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the in-memory default: WAL applies as in production, and
    # processes started by a test (worker, servers) can open the same database.
    # One name per run, which xdist's workers inherit from the controller: it migrates once and
    # clones the result for them (tests/prebuilt_db.py). No extension, so Django's clone name
    # (`<name>_gw0`) is the one pytest-django gives the worker.
    run = os.environ.setdefault("NETZWERK_TEST_RUN", str(os.getpid()))
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-db-{run}")}  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405

# Specs send bursts from one address; tests/test_abuse_limits.py switches the ceiling on.
CLIENT_REQUEST_LIMITS = []

# Specs measure rendering; tests/test_page_cache.py switches the cache on where it is the subject.
PAGE_CACHE_ENABLED = False

# Serve static files from the app folders, as in development: no collectstatic before tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
