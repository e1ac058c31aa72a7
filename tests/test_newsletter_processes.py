"""A post goes out exactly once, even when the worker sending it is killed mid-dispatch and another takes over:
a real worker process, a real SMTP server (aiosmtpd)."""

import asyncio
import signal
import threading
import time

from django.test import override_settings
from django.utils import timezone

import pytest

from newsletter.models import Delivery, Dispatch, Subscriber
from newsletter.tasks import dispatch_post
from tests.helpers import DATABASE_QUEUE
from tests.processes import Inbox, prepare_database_cache, smtp_server, wait_until, worker_processes

SUBSCRIBERS = 40
LEASE = 2  # seconds, for tasks and claimed deliveries; production waits minutes


class SlowInbox(Inbox):
    """An SMTP server that takes its time before each recipient, and holds the ninth until the test has
    killed the worker: mid-batch, with eight mails accepted and recorded as sent, the ninth not accepted.

    Killed between the server's "250 accepted" and its own record of it, a worker would leave a
    mail that goes out again (at least once is all SMTP allows); a kill left to timing could land there.
    """

    def __init__(self):
        super().__init__()
        self.holding, self.released = threading.Event(), threading.Event()

    async def pause(self, step):
        if step == "RCPT":
            await asyncio.sleep(0.05)
            if len(self.messages) >= 8 and not self.released.is_set():
                self.holding.set()
                while not self.released.is_set():
                    await asyncio.sleep(0.05)


@pytest.fixture
def inbox():
    handler = SlowInbox()
    with smtp_server(handler) as port:
        yield handler, port


@pytest.fixture
def workers(tmp_path):
    with worker_processes(
        tmp_path, lease=LEASE, NEWSLETTER_LEASE_SECONDS=str(LEASE), NEWSLETTER_BATCH_SIZE="5"
    ) as start:
        yield start


@pytest.mark.slow
@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_dispatch_and_replaced_sends_no_mail_twice(a_post, inbox, workers):
    handler, port = inbox
    earlier = timezone.now() - timezone.timedelta(days=1)
    Subscriber.objects.bulk_create(
        Subscriber(email=f"leser{number}@example.org", status="confirmed", requested_at=earlier, confirmed_at=earlier)
        for number in range(SUBSCRIBERS)
    )
    with override_settings(TASKS=DATABASE_QUEUE):
        dispatch_post.enqueue(a_post.pk)
    prepare_database_cache()

    first, first_log = workers(port, "first")
    wait_until(handler.holding.is_set, timeout=60, log=first_log)
    first.send_signal(signal.SIGKILL)  # the OOM killer, mid-batch
    first.wait(timeout=10)
    handler.released.set()
    sent_by_first = len(handler.messages)
    assert sent_by_first < SUBSCRIBERS
    assert Delivery.objects.filter(status=Delivery.Status.SENDING).exists()  # claimed rows the dead worker held

    _second, second_log = workers(port, "second")
    done = Delivery.objects.filter(status=Delivery.Status.SENT)
    wait_until(lambda: done.count() == SUBSCRIBERS, timeout=90, log=second_log)
    time.sleep(1)  # time for a second copy, were one on its way

    recipients = handler.recipients()
    assert len(recipients) == SUBSCRIBERS, second_log.read_text()
    assert sorted(recipients) == sorted(f"leser{number}@example.org" for number in range(SUBSCRIBERS))
    assert Dispatch.objects.get().total == SUBSCRIBERS
    assert all(message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for message in handler.messages)
