"""Helpers for tests that run the site's own entry points in separate processes."""

import contextlib
import email
import email.policy
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent


def production_env(**extra):
    """A production-like environment: every required variable set, nothing from the test settings."""
    test_only = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {key: value for key, value in os.environ.items() if key not in test_only}
    env.update(
        DJANGO_SETTINGS_MODULE="settings.production",
        SECRET_KEY="prod-like-" + "x7Qp2vLm9RtZ4wKc8NbJ3hYd6FsGa1Ue" * 2,
        ALLOWED_HOSTS="netzwerk-formate.de,127.0.0.1",
        CSRF_TRUSTED_ORIGINS="https://netzwerk-formate.de",
        WAGTAILADMIN_BASE_URL="https://netzwerk-formate.de",
        PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'site'}",
    )
    env.update(extra)
    return env


def current_database_url():
    """The URL of the database this test runs on, so a child process sees the same rows."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    # A socket folder as host is a path: quoted, as dj-database-url reads it.
    host = urllib.parse.quote(settings["HOST"], safe="")
    return f"postgres://{settings['USER']}@{host}:{settings['PORT']}/{settings['NAME']}"


def manage(*args, env, timeout=120):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url, *, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                return response
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            # A fresh gunicorn may take longer than one attempt to answer its first request.
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def prepare_database_cache():
    """Production without Redis keeps its cache (and the worker's publishing lock) in the database.

    The table outlives a test's flush, so it is emptied too: a lock left by an
    earlier test's worker would otherwise hold back this one's.
    """
    database_cache = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    }
    with override_settings(CACHES=database_cache):
        call_command("createcachetable")
        caches["default"].clear()


def start_gunicorn(port, env, log, *, workers=1, cwd=ROOT):
    """The Procfile's web process: gunicorn with `site/` on its path, answering on loopback."""
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--pythonpath", str(ROOT / "site"), "wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def start_worker(env, log, *extra_args):
    """The Procfile's worker process, polling fast for a test."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "run_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.2", *extra_args],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def wait_until(condition, *, timeout, log=None):
    """Polls until `condition()` holds; fails with the process's log (a Path) when it does not in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out\n{log.read_text() if log else ''}")


class Inbox:
    """An aiosmtpd handler keeping the mails it accepts; a subclass slows it down in `pause`.

    aiosmtpd answers on its own loop in a thread, hence the lock around the list.
    """

    def __init__(self, *, policy=email.policy.compat32):
        self.policy = policy
        self.messages = []
        self.lock = threading.Lock()

    async def pause(self, step):
        """Runs before the server answers RCPT and QUIT: an overloaded server hangs here."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        await self.pause("RCPT")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=self.policy))
        return "250 Message accepted"

    async def handle_QUIT(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        await self.pause("QUIT")
        return "221 Bye"

    def recipients(self):
        with self.lock:
            return [message["To"] for message in self.messages]


@contextlib.contextmanager
def smtp_server(inbox, *, port=None):
    """A real SMTP server on `port` (a free loopback port if none), handled by `inbox`; yields the port."""
    controller = Controller(inbox, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


@contextlib.contextmanager
def worker_processes(log_dir, *, lease, **env):
    """Yields `start(smtp_port, name)`, which starts a worker process on this test's database,
    sending to that port with a lease of `lease` seconds (production waits minutes) and logging to
    `log_dir/<name>.log`; it returns the process and the log's path. Kills any still running after."""
    started = []

    def start(smtp_port, name):
        log_path = log_dir / f"{name}.log"
        log = open(log_path, "w")  # noqa: SIM115 - closed below
        worker_env = production_env(
            DATABASE_URL=current_database_url(),
            EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
            TASK_LEASE_SECONDS=str(lease),
            **env,
        )
        process = start_worker(worker_env, log, "--publish-interval", "0.3")
        started.append((process, log))
        return process, log_path

    try:
        yield start
    finally:
        for process, log in started:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=15)
            log.close()
