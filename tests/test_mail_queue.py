"""Every email leaves through the task queue: a slow or failing mail server never slows or loses a comment."""

import time

from django.core import mail
from django.test import override_settings

import pytest
from aiosmtpd.controller import Controller

from discussion.models import Comment
from discussion.services.posting import comment_post
from tests.factories import BlogPostPageFactory
from tests.helpers import DATABASE_QUEUE, deliveries, post_comment
from tests.processes import current_database_url, free_port, prepare_database_cache, production_env, start_worker


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE, EMAIL_BACKEND="tests.slow_mail.SlowEmailBackend")
def test_comment_post_queues_the_mail_instead_of_waiting_for_a_slow_server(client, a_blog):
    post = BlogPostPageFactory(parent=a_blog)

    response = post_comment(client, post, name="Gast", email="gast@example.org", comment="Schnell zurück?")

    assert response.status_code == 302
    assert mail.outbox == []  # nothing was sent in the request ...
    queued = deliveries().get()  # ... the confirmation waits in the queue for the worker
    assert queued.status == "READY"
    assert queued.args_kwargs["args"][0]["to"] == ["gast@example.org"]
    assert Comment.objects.get().comment == "Schnell zurück?"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 Message accepted"


@pytest.mark.slow
@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mail_outage_loses_nothing_and_the_mail_goes_out_when_the_server_is_back(a_blog, tmp_path):
    post = BlogPostPageFactory(parent=a_blog, title="Ausfallsicher")
    with override_settings(TASKS=DATABASE_QUEUE):
        comment = comment_post(target=post, text="Kommt trotzdem an.", name="Gast", email="gast@example.org")
    prepare_database_cache()

    port = free_port()  # nothing listens here yet: the mail server is down
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed after the worker
    worker = start_worker(
        production_env(
            DATABASE_URL=current_database_url(), EMAIL_URL=f"smtp://127.0.0.1:{port}", MAIL_RETRY_BASE_SECONDS="1"
        ),
        log,
    )
    inbox, server = Inbox(), None
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not deliveries().filter(status="FAILED").count() >= 2:
            time.sleep(0.2)
        assert deliveries().filter(status="FAILED").count() >= 2, (tmp_path / "worker.log").read_text()
        assert Comment.objects.filter(pk=comment.pk).exists()

        server = Controller(inbox, hostname="127.0.0.1", port=port)
        server.start()
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and not inbox.messages:
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=15)
        log.close()
        if server is not None:
            server.stop()

    assert len(inbox.messages) == 1, (tmp_path / "worker.log").read_text()
    assert "gast@example.org" in inbox.messages[0]
    assert f"/kommentare/bestaetigen/{comment.confirmation_token}/" in inbox.messages[0]
    assert deliveries().filter(status="SUCCESSFUL").count() == 1
