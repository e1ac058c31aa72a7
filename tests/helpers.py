"""Helpers the specs share: what a reader's browser or a process of the site would do, done in the test's own process.

Test modules import from here, from `tests.factories` and from `tests.processes`/`tests.browser`, never from each
other: a helper two modules need lives here, once.
"""

import re
import threading
import time

from django.db import connection
from django.http import HttpRequest

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

# The task queue in the database, as production runs it (the test settings run tasks at once).
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_due_tasks():
    """What the worker does with each due task: django-tasks-db's own claim and run, in this process."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    while (due := DBTaskResult.objects.ready().first()) is not None:
        due.claim(worker.worker_id)
        worker.run_task(due)


def deliveries():
    """The queued mail deliveries, done or not."""
    return DBTaskResult.objects.filter(task_path="mailing.tasks.deliver")


def verified(reader):
    """The reader with her address confirmed, as allauth needs it before she can sign in."""
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    return reader


def form_data_at(client, url, **fields):
    """The comment form's hidden fields exactly as `url` rendered them (target, timestamp, signature), plus `fields`."""
    html = client.get(url).content.decode()
    form = html[html.index('class="form comment-form__form"') :]
    return {**dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)), **fields}


def form_data(client, page, **fields):
    """The hidden fields exactly as the page rendered them (target, timestamp, signature), plus `fields`."""
    return form_data_at(client, page.url, **fields)


def post_comment(client, page, **fields):
    """A comment sent through the page's own form, as a reader's browser would."""
    return client.post(f"/kommentare/{page.pk}/", form_data(client, page, **fields))


def run_concurrently(jobs):
    """Starts every job at the same moment, each thread on its own database connection."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


def authenticator_of(user, secret=None):
    """The user's authenticator app (allauth's TOTP), set up with `secret` or a new one if there is none yet."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret or generate_totp_secret()).instance


def totp_code_for(secret):
    """The code an authenticator app set up with `secret` shows now, by allauth's own TOTP functions."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def totp_code(user):
    """The code the user's authenticator app shows now."""
    return totp_code_for(decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]))


def log_in_with_second_factor(client, user):
    """`force_login` for an account that publishes or moderates: it gets an authenticator app, and the session
    records the password and the code as allauth's log-in does, so the admin lets it in (accounts/middleware.py).
    tests/test_second_factor.py walks the real log-in."""
    authenticator = authenticator_of(user)
    client.force_login(user)
    session = client.session
    request = HttpRequest()
    request.session = session
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    session.save()
    return client


def staff_secret(user):
    """For a browser log-in of someone who publishes or moderates: their address confirmed, their authenticator app
    set up if need be; its secret, from which tests.browser.log_in_staff computes the code."""
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return decrypt(authenticator_of(user).data["secret"])
