"""Every email leaves through the task queue: a slow or failing mail server never slows or loses a comment."""

import email.policy

from django.core import mail
from django.test import override_settings

import pytest

from discussion.models import Comment
from discussion.services.posting import comment_post
from tests.factories import BlogPostPageFactory
from tests.helpers import DATABASE_QUEUE, deliveries, post_comment
from tests.processes import Inbox, free_port, prepare_database_cache, smtp_server, wait_until, worker_processes


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


@pytest.mark.slow
@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mail_outage_loses_nothing_and_the_mail_goes_out_when_the_server_is_back(a_blog, tmp_path):
    post = BlogPostPageFactory(parent=a_blog, title="Ausfallsicher")
    with override_settings(TASKS=DATABASE_QUEUE):
        comment = comment_post(target=post, text="Kommt trotzdem an.", name="Gast", email="gast@example.org")
    prepare_database_cache()

    port = free_port()  # nothing listens here yet: the mail server is down
    inbox = Inbox(policy=email.policy.default)
    with worker_processes(tmp_path, lease=15 * 60, MAIL_RETRY_BASE_SECONDS="1") as start:
        _worker, log_path = start(port, "worker")
        wait_until(lambda: deliveries().filter(status="FAILED").count() >= 2, timeout=30, log=log_path)
        assert Comment.objects.filter(pk=comment.pk).exists()

        with smtp_server(inbox, port=port):
            wait_until(lambda: inbox.messages, timeout=40, log=log_path)
            # The worker records the delivery after the server's "250": wait for that before it stops.
            wait_until(lambda: deliveries().filter(status="SUCCESSFUL").exists(), timeout=20, log=log_path)

    assert len(inbox.messages) == 1, log_path.read_text()
    message = inbox.messages[0]
    assert message["To"] == "gast@example.org"
    assert f"/kommentare/bestaetigen/{comment.confirmation_token}/" in message.get_body(("plain",)).get_content()
    assert deliveries().filter(status="SUCCESSFUL").count() == 1
