"""„Konto löschen“ erases the reader: no dump of the database holds her address, name or IP afterwards.

Mail jobs count as stored data too: queued ones to her are dropped, sent ones keep no text
or link, and finished ones are deleted after the retention the privacy notice states.
"""

import base64
import binascii
import contextlib
import datetime
import io
import json
import re
import zlib

from django.conf import settings
from django.core import mail, signing
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from discussion.models import Comment, PageSubscription
from discussion.tasks import UNSUBSCRIBE_SALT
from home.demo.pages import STANDARD_PAGES
from home.management.commands.run_worker import tasks_prune_finished
from mailing.messages import queue_email
from tests.factories import ReaderFactory
from tests.helpers import DATABASE_QUEUE, form_data, run_due_tasks

pytestmark = pytest.mark.django_db

ADDRESS = "anna.beispielfrau@example.org"
NAME = "Anna Beispielfrau"
GUEST_NAME = "Anna B."
IP_AS_GUEST, IP_UNCONFIRMED, IP_AS_MEMBER = "203.0.113.7", "203.0.113.8", "203.0.113.9"
PASSWORD = "Netzwerk-2026!"


def comment_as_guest(client, page, *, ip, parent=None, **fields):
    data = form_data(client, page, name=GUEST_NAME, email=ADDRESS, **fields)
    url = f"/kommentare/antworten/{parent.pk}/" if parent else f"/kommentare/{page.pk}/"
    return client.post(url, data, REMOTE_ADDR=ip)


def link_in_last_mail(pattern):
    return re.search(rf"http://testserver({pattern}[^\s]+)", mail.outbox[-1].body).group(1)


RATE_COUNTERS = "core.ratecounter"


def database_dump():
    """`manage.py dumpdata` of every model, as text."""
    out = io.StringIO()
    call_command("dumpdata", format="json", stdout=out)
    return json.dumps(json.loads(out.getvalue()), ensure_ascii=False)


@override_settings(TASKS=DATABASE_QUEUE)
def test_after_deleting_her_account_no_dump_holds_her_address_name_or_ip(client, a_post):
    # As a guest, first: one comment confirmed by mail and answered, one never confirmed.
    comment_as_guest(client, a_post, ip=IP_AS_GUEST, comment="Stammtische sind unterschätzt.", followup="on")
    run_due_tasks()
    confirm_link = link_in_last_mail("/kommentare/bestaetigen/")
    client.post(confirm_link)
    guest_comment = Comment.objects.get(user_email=ADDRESS)
    other = ReaderFactory(email="bernd@example.org", display_name="Bernd")
    client.force_login(other)
    client.post(f"/kommentare/antworten/{guest_comment.pk}/", form_data(client, a_post, comment="Sehe ich auch so."))
    client.logout()
    comment_as_guest(client, a_post, ip=IP_UNCONFIRMED, comment="Nie bestätigt.")

    # Then she signs up, through the real views and mails.
    client.post(
        "/konto/signup/",
        {"email": ADDRESS, "password1": PASSWORD, "password2": PASSWORD, "display_name": NAME},
    )
    run_due_tasks()
    client.post(link_in_last_mail("/konto/confirm-email/"))
    assert client.get("/konto/").status_code == 200
    client.post(
        f"/kommentare/{a_post.pk}/", form_data(client, a_post, comment="Jetzt mit Konto."), REMOTE_ADDR=IP_AS_MEMBER
    )
    client.post(f"/kommentare/{a_post.pk}/abonnieren/")
    exported = json.loads(client.get("/konto/daten/").content)
    assert {c["text"] for c in exported["kommentare"]} >= {"Stammtische sind unterschätzt.", "Jetzt mit Konto."}
    # A reply she follows queues a notice to her, with an unsubscribe link, still waiting when she leaves.
    client.force_login(other)
    client.post(f"/kommentare/antworten/{guest_comment.pk}/", form_data(client, a_post, comment="Und noch etwas."))
    client.force_login(User.objects.get(email=ADDRESS))

    response = client.post("/konto/loeschen/", {"password": PASSWORD})

    assert response.status_code == 302
    dump = database_dump()
    for trace in (ADDRESS, NAME, "Beispielfrau", GUEST_NAME, IP_AS_GUEST, IP_UNCONFIRMED, IP_AS_MEMBER):
        assert trace not in dump, [row for row in json.loads(dump) if trace in json.dumps(row, ensure_ascii=False)]
    secret = confirm_link.rstrip("/").rsplit("/", 1)[-1]
    assert secret not in dump
    # Her words stay for the replies' sake, under the anonymous name; the unconfirmed one is gone.
    assert Comment.objects.filter(comment="Stammtische sind unterschätzt.", user_name="ehemaliges Mitglied").exists()
    assert not Comment.objects.filter(comment="Nie bestätigt.").exists()
    assert not PageSubscription.objects.exists()


def test_rate_limit_counters_name_no_address_or_ip(client, a_post):
    comment_as_guest(client, a_post, ip=IP_AS_GUEST, comment="Gezählt.")

    out = io.StringIO()
    call_command("dumpdata", RATE_COUNTERS, format="json", stdout=out)
    counters = out.getvalue()

    assert counters != "[]"
    assert ADDRESS not in counters and IP_AS_GUEST not in counters


@override_settings(TASKS=DATABASE_QUEUE)
def test_mails_still_queued_to_a_deleted_reader_are_dropped(client, a_home_page):
    reader = ReaderFactory(email=ADDRESS, display_name=NAME, password=PASSWORD)
    queue_email(to=[ADDRESS], subject="Für Anna", template="discussion/email/moderation", context={"reason": "x"})
    queue_email(to=["bernd@example.org"], subject="Für Bernd", template="discussion/email/moderation", context={})
    client.force_login(reader)

    client.post("/konto/loeschen/", {"password": PASSWORD})
    run_due_tasks()

    assert [message.to for message in mail.outbox] == [["bernd@example.org"]]
    assert ADDRESS not in json.dumps(list(DBTaskResult.objects.values("args_kwargs", "traceback")))


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_sent_mail_leaves_no_link_or_address_in_its_task_row(client, a_post):
    comment_as_guest(client, a_post, ip=IP_AS_GUEST, comment="Mit Link in der Mail.")
    token = Comment.objects.get().confirmation_token

    run_due_tasks()

    assert token in mail.outbox[0].body  # the mail carried the link ...
    row = DBTaskResult.objects.get(task_path="mailing.tasks.deliver")
    assert row.status == "SUCCESSFUL"
    assert token not in json.dumps(row.args_kwargs) and ADDRESS not in json.dumps(row.args_kwargs)  # ... the row not


def test_a_used_confirmation_link_is_no_longer_stored(client, a_post):
    comment_as_guest(client, a_post, ip=IP_AS_GUEST, comment="Einmal bestätigt.")
    link = link_in_last_mail("/kommentare/bestaetigen/")
    token = link.rstrip("/").rsplit("/", 1)[-1]

    client.post(link)

    assert Comment.objects.get().is_public
    assert not Comment.objects.filter(confirmation_token=token).exists()
    assert token not in database_dump()
    assert "Ihr Kommentar war bereits bestätigt." in client.post(link, follow=True).content.decode()


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_worker_deletes_finished_task_results_after_the_retention(a_home_page):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        queue_email(to=[ADDRESS], subject="Alt", template="discussion/email/moderation", context={})
        run_due_tasks()
        clock.move_to(start + settings.TASK_RESULT_RETENTION - datetime.timedelta(hours=1))
        queue_email(to=[ADDRESS], subject="Neuer", template="discussion/email/moderation", context={})
        run_due_tasks()
        waiting = queue_email(to=[ADDRESS], subject="Wartet", template="discussion/email/moderation", context={})
        assert tasks_prune_finished() == 0

        clock.move_to(start + settings.TASK_RESULT_RETENTION + datetime.timedelta(minutes=1))
        assert tasks_prune_finished() == 1

    subjects = sorted(row.args_kwargs["args"][0]["subject"] for row in DBTaskResult.objects.all())
    assert subjects == ["Neuer", "Wartet"]
    assert DBTaskResult.objects.get(id=waiting.id).status == "READY"


def test_the_privacy_notice_states_the_retention_of_mail_jobs():
    privacy = next(page["body"] for page in STANDARD_PAGES if page["slug"] == "datenschutz")
    assert f"Versandaufträge nach {settings.TASK_RESULT_RETENTION.days} Tagen" in privacy


def decodings(token):
    """Everything the token's parts reveal without the SECRET_KEY: base64, zlib, the signed payload."""
    yield token
    for part in re.split(r"[:.]", token):
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            continue
        found = [raw]
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(raw))
        yield from (data.decode("latin-1") for data in found)
    yield json.dumps(signing.loads(token, salt=UNSUBSCRIBE_SALT))


def test_unsubscribe_links_do_not_reveal_the_address_and_still_work_with_one_click(client, a_post):
    follower = ReaderFactory(email="Anna.Folgt@Example.org")
    client.force_login(follower)
    client.post(f"/kommentare/{a_post.pk}/abonnieren/")
    client.post(f"/kommentare/{a_post.pk}/", form_data(client, a_post, comment="Wer kennt das?", followup="on"))
    root = Comment.objects.get()
    client.force_login(ReaderFactory())
    client.post(f"/kommentare/antworten/{root.pk}/", form_data(client, a_post, comment="Ich!"))
    links = [m.extra_headers["List-Unsubscribe"].strip("<>") for m in mail.outbox if m.to == [follower.email]]
    assert len(links) == 1  # page subscriber and thread follower: one mail

    token = links[0].rstrip("/").rsplit("/", 1)[-1]
    for decoded in decodings(token):
        assert "anna.folgt" not in decoded.lower() and "example.org" not in decoded.lower()

    client.logout()
    response = client.post(links[0].removeprefix("http://testserver"), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not PageSubscription.objects.filter(email=follower.email).exists()
