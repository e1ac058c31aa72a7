"""No mail is lost: not to a worker killed mid-delivery, not to a stopped worker, not to a mail outage of days.

And none is sent twice: a delivery taken up after a crash skips a Message-ID the server has
already accepted. What finally fails is counted on the admins' dashboard.
"""

import asyncio
import contextlib
import datetime
import signal
import threading
import time

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings
from django.utils import timezone

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from home.management.commands.run_worker import tasks_reclaim_abandoned
from mailing.messages import queue_email
from tests.helpers import DATABASE_QUEUE, deliveries, log_in_with_second_factor, run_due_tasks
from tests.processes import Inbox, prepare_database_cache, smtp_server, wait_until, worker_processes

LEASE = 2  # seconds, for the worker processes below; production waits 15 minutes


def queue_a_mail(subject="Bitte bestätigen Sie Ihren Kommentar"):
    with override_settings(TASKS=DATABASE_QUEUE):
        return queue_email(
            to=["gast@example.org"],
            subject=subject,
            template="discussion/email/moderation",
            context={"reason": "Ein Test"},
        )


class StallingInbox(Inbox):
    """An SMTP server that hangs on its first connection at one step (RCPT or QUIT), like an overloaded one."""

    def __init__(self, stall_at):
        super().__init__()
        self.stall_at = stall_at
        self.stalled = threading.Event()

    async def pause(self, step):
        if step == self.stall_at and not self.stalled.is_set():
            self.stalled.set()
            await asyncio.sleep(60)


@pytest.fixture
def smtp():
    """Starts a stalling mail server, `smtp(stall_at)` → (inbox, port); stops it after the test."""
    with contextlib.ExitStack() as servers:

        def start(stall_at):
            inbox = StallingInbox(stall_at)
            return inbox, servers.enter_context(smtp_server(inbox))

        yield start


@pytest.fixture
def workers(tmp_path):
    """Worker processes with a short lease against a mail server; stops any left running."""
    with worker_processes(tmp_path, lease=LEASE) as start:
        yield start


@pytest.mark.slow
@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mail_whose_worker_was_killed_is_sent_by_the_next_worker_after_the_lease(a_home_page, smtp, workers):
    queued = queue_a_mail()
    message_id = deliveries().get().args_kwargs["args"][0]["message_id"]
    prepare_database_cache()
    inbox, port = smtp(stall_at="RCPT")

    first, first_log = workers(port, "first")
    wait_until(inbox.stalled.is_set, timeout=30, log=first_log)
    first.send_signal(signal.SIGKILL)  # the OOM killer, mid-delivery
    first.wait(timeout=10)
    abandoned = DBTaskResult.objects.get(id=queued.id)
    assert abandoned.status == "RUNNING"  # and so it would stay, without the lease

    _second, second_log = workers(port, "second")
    wait_until(lambda: DBTaskResult.objects.get(id=queued.id).status == "SUCCESSFUL", timeout=30, log=second_log)
    time.sleep(0.5)  # time for a second copy, were one on its way

    taken_up = DBTaskResult.objects.get(id=queued.id)
    assert taken_up.started_at - abandoned.started_at >= datetime.timedelta(seconds=LEASE)
    assert len(inbox.messages) == 1, second_log.read_text()
    assert inbox.messages[0]["Message-ID"] == message_id
    assert inbox.messages[0]["To"] == "gast@example.org"
    assert "queued again" in second_log.read_text()
    assert len(taken_up.worker_ids) == 2


@pytest.mark.slow
@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mail_the_server_accepted_before_the_worker_died_is_not_sent_again(a_home_page, smtp, workers):
    queued = queue_a_mail()
    prepare_database_cache()
    inbox, port = smtp(stall_at="QUIT")  # DATA accepted; the worker dies waiting for the goodbye

    first, first_log = workers(port, "first")
    wait_until(inbox.stalled.is_set, timeout=30, log=first_log)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert len(inbox.messages) == 1

    _second, second_log = workers(port, "second")
    wait_until(lambda: DBTaskResult.objects.get(id=queued.id).status == "SUCCESSFUL", timeout=30, log=second_log)
    time.sleep(0.5)

    assert len(inbox.messages) == 1, second_log.read_text()
    assert "not sending it again" in second_log.read_text()


@pytest.mark.slow
@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_stopped_twice_mid_delivery_puts_the_mail_back_in_the_queue(a_home_page, smtp, workers):
    queued = queue_a_mail()
    prepare_database_cache()
    inbox, port = smtp(stall_at="RCPT")

    first, first_log = workers(port, "first")
    wait_until(inbox.stalled.is_set, timeout=30, log=first_log)
    first.send_signal(signal.SIGTERM)  # "shutting down gracefully" ... but the server hangs
    time.sleep(0.3)
    first.send_signal(signal.SIGTERM)  # ... so the deploy insists: SystemExit inside the delivery
    first.wait(timeout=10)

    row = DBTaskResult.objects.get(id=queued.id)
    assert row.status == "READY", first_log.read_text()
    assert row.args_kwargs["args"][0]["to"] == ["gast@example.org"]  # the message itself is still there
    assert "interrupted by shutdown" in first_log.read_text()

    _second, second_log = workers(port, "second")
    wait_until(lambda: DBTaskResult.objects.get(id=queued.id).status == "SUCCESSFUL", timeout=30, log=second_log)
    assert len(inbox.messages) == 1


# --- A mail outage of days, in one process, with the clock moved from attempt to attempt ---

OUTAGE = {"until": None}


class OutageEmailBackend(EmailBackend):
    """The site's mail server, refusing connections until OUTAGE["until"]."""

    def open(self):
        if OUTAGE["until"] and timezone.now() < OUTAGE["until"]:
            raise ConnectionRefusedError(111, "Connection refused")
        return super().open()

    def send_messages(self, messages):
        self.open()  # locmem's own never connects
        return super().send_messages(messages)


def live_through(outage, *, clock, start, give_up_after=datetime.timedelta(days=10)):
    """Runs the queue at every due time until nothing waits; returns the start times of all attempts."""
    OUTAGE["until"] = start + outage
    try:
        while True:
            run_due_tasks()
            waiting = DBTaskResult.objects.filter(status="READY").order_by("run_after").first()
            if waiting is None or waiting.run_after > start + give_up_after:
                break
            clock.move_to(waiting.run_after)
    finally:
        OUTAGE["until"] = None
    return sorted(deliveries().values_list("started_at", flat=True))


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE, EMAIL_BACKEND="tests.test_mail_durability.OutageEmailBackend")
def test_a_mail_outage_of_three_days_still_delivers_the_mail_within_the_hour_after(a_home_page):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        queue_a_mail()
        attempts = live_through(datetime.timedelta(days=3), clock=clock, start=start)

    assert len(mail.outbox) == 1
    assert datetime.timedelta(days=3) <= attempts[-1] - start <= datetime.timedelta(days=3, hours=1)
    gaps = [later - earlier for earlier, later in zip(attempts, attempts[1:], strict=False)]
    assert max(gaps) <= datetime.timedelta(hours=1)
    assert len({row.args_kwargs["args"][0]["message_id"] for row in deliveries()}) == 1  # one mail, many attempts


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE, EMAIL_BACKEND="tests.test_mail_durability.OutageEmailBackend")
def test_a_mail_is_given_up_only_after_days_and_then_shows_on_the_admin_dashboard(client, a_home_page):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        queue_a_mail(subject="Geht verloren")
        attempts = live_through(datetime.timedelta(days=30), clock=clock, start=start)

    assert mail.outbox == []
    assert attempts[-1] - start >= datetime.timedelta(days=3)
    assert not deliveries().exclude(status="FAILED").exists()
    last = deliveries().order_by("-started_at").first()
    assert last.args_kwargs["args"][0]["to"] == ["gast@example.org"]  # for the admins: who missed what
    assert "text" not in last.args_kwargs["args"][0]  # but no text or link

    admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
    log_in_with_second_factor(client, admin)
    assert "1 E-Mail nicht zugestellt" in " ".join(client.get("/admin/").content.decode().split())

    editor = User.objects.create_user("redaktion", "redaktion@example.org", "pw", is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    log_in_with_second_factor(client, editor)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200 and "nicht zugestellt" not in dashboard.content.decode()


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE, EMAIL_BACKEND="tests.test_mail_durability.OutageEmailBackend")
def test_retried_attempts_do_not_count_as_failed_mails(client, a_home_page):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        queue_a_mail()
        live_through(datetime.timedelta(minutes=30), clock=clock, start=start)

    assert len(mail.outbox) == 1 and deliveries().filter(status="FAILED").count() >= 3
    log_in_with_second_factor(client, User.objects.create_superuser("admin", "admin@example.org", "pw"))
    assert "0 E-Mails nicht zugestellt" in " ".join(client.get("/admin/").content.decode().split())


@pytest.mark.django_db
def test_the_worker_takes_up_tasks_running_longer_than_the_lease_and_gives_up_after_five_workers(a_home_page, caplog):
    stuck, fresh, cursed = queue_a_mail(), queue_a_mail(), queue_a_mail()
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)
    DBTaskResult.objects.filter(id=stuck.id).update(status="RUNNING", started_at=now - lease, worker_ids=["dead"])
    DBTaskResult.objects.filter(id=fresh.id).update(status="RUNNING", started_at=now, worker_ids=["alive"])
    DBTaskResult.objects.filter(id=cursed.id).update(status="RUNNING", started_at=now - lease, worker_ids=["x"] * 5)

    with time_machine.travel(now + datetime.timedelta(seconds=1)):
        assert tasks_reclaim_abandoned() == 1

    assert DBTaskResult.objects.get(id=stuck.id).status == "READY"
    assert DBTaskResult.objects.get(id=fresh.id).status == "RUNNING"
    assert DBTaskResult.objects.get(id=cursed.id).status == "FAILED"
    assert f"Task {stuck.id}" in caplog.text and "queued again" in caplog.text
    assert settings.TASK_LEASE_SECONDS >= 30 * settings.EMAIL_TIMEOUT  # far beyond one SMTP exchange
