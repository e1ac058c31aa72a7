"""Moderators work one queue in the Wagtail admin; the Moderatoren group can do exactly that, and not edit pages."""

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode

import pytest

from accounts.services import account_delete
from discussion.models import Block, Comment, Report
from tests.factories import ReaderFactory, a_comment
from tests.helpers import post_comment

pytestmark = pytest.mark.django_db

QUEUE = "/admin/kommentare/"


def bulk(client, action, ids, **kwargs):
    """A bulk action of the queue, confirmed: Wagtail's bulk action view, with the ids in the address."""
    query = urlencode([*(("id", pk) for pk in ids), ("next", QUEUE)])
    return client.post(f"/admin/bulk/discussion/comment/{action}/?{query}", **kwargs)


def test_held_comments_wait_in_the_queue_and_are_released_by_a_moderator(moderator_client, a_post):
    writer = ReaderFactory()
    held = a_comment(a_post, user=writer, text="Links: https://a.example https://b.example https://c.example")
    assert not Comment.objects.get(pk=held.pk).is_public

    queue = moderator_client.get(QUEUE).content.decode()
    assert "https://c.example" in queue and "wartet" in queue

    bulk(moderator_client, "freigeben", [held.pk])

    held.refresh_from_db()
    assert held.is_public and not held.held_for_moderation
    assert "https://c.example" in moderator_client.get(a_post.url).content.decode()


def test_reported_comments_can_be_removed_in_bulk(moderator_client, a_post):
    first, second = a_comment(a_post, text="Erster"), a_comment(a_post, text="Zweiter")
    reply = a_comment(a_post, text="Antwort", parent=first)
    for comment in (first, second):
        Report.objects.create(comment=comment, reporter=ReaderFactory(), reason="abuse")

    assert "Gemeldet (2)" in moderator_client.get(QUEUE).content.decode()
    bulk(moderator_client, "entfernen", [first.pk, second.pk])

    html = moderator_client.get(a_post.url).content.decode()
    assert "Erster" not in html and "Zweiter" not in html
    assert "Kommentar von der Moderation entfernt" in html and "Antwort" in html
    assert "Entfernt (2)" in moderator_client.get(QUEUE).content.decode()
    assert reply.pk in Comment.objects.filter(is_public=True, is_removed=False).values_list("pk", flat=True)


def test_deleting_a_comment_without_replies_removes_it(moderator_client, a_post):
    comment = a_comment(a_post, text="Weg damit")

    bulk(moderator_client, "loeschen", [comment.pk])

    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_a_blocked_writer_can_comment_no_more(client, moderator_client, a_post):
    spammer = ReaderFactory(email="spam@example.org")
    comment = a_comment(a_post, user=spammer, text="Werbung")

    # Blocking goes through its confirmation (issue 15): a reason is required.
    moderator_client.post(f"{QUEUE}{comment.pk}/sperren/", {"reason": "Werbung", "duration": ""})

    assert Block.objects.filter(email="spam@example.org").exists()
    client.force_login(spammer)
    response = post_comment(client, a_post, comment="Noch mehr Werbung")
    assert response.status_code == 400
    assert "keine Kommentare mehr annehmen" in response.content.decode()
    assert not Comment.objects.filter(comment="Noch mehr Werbung").exists()


def test_action_without_selection_is_explained(moderator_client, a_post):
    asked = moderator_client.get("/admin/bulk/discussion/comment/freigeben/")
    response = bulk(moderator_client, "freigeben", [], follow=True)

    assert "Bitte wählen Sie mindestens einen Kommentar" in asked.content.decode()
    assert "Bitte wählen Sie mindestens einen Kommentar" in response.content.decode()


def test_moderators_group_moderates_comments_and_ratings_but_cannot_touch_pages(moderator_client, a_post):
    assert moderator_client.get("/admin/").status_code == 200
    assert moderator_client.get(QUEUE).status_code == 200
    assert moderator_client.get("/admin/ratings/").status_code == 200

    assert moderator_client.get(f"/admin/pages/{a_post.pk}/edit/").status_code in (302, 403)
    assert moderator_client.post(f"/admin/pages/{a_post.pk}/unpublish/").status_code in (302, 403)
    assert moderator_client.get(f"/admin/pages/{a_post.pk}/delete/").status_code in (302, 403)
    a_post.refresh_from_db()
    assert a_post.live


def test_readers_and_editors_without_the_right_see_no_queue(client, a_home_page):
    client.force_login(ReaderFactory())

    assert client.get(QUEUE).status_code in (302, 403)


def test_moderators_are_told_by_email_about_held_and_reported_comments(
    client, a_moderator, a_post, django_capture_on_commit_callbacks
):
    a_moderator.email = "moderation@example.org"
    a_moderator.save()
    writer = ReaderFactory()
    a_comment(a_post, user=writer, text="https://a.example https://b.example https://c.example")
    normal = a_comment(a_post, text="Ganz normal")
    client.force_login(ReaderFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/kommentare/melden/{normal.pk}/", {"reason": "abuse"})

    to_moderators = [m for m in mail.outbox if m.to == ["moderation@example.org"]]
    assert [m.subject for m in to_moderators] == [
        "Moderation: Kommentar wartet auf Freischaltung",
        "Moderation: 1 neue Meldung",
    ]
    assert "/admin/kommentare/" in to_moderators[0].body
    assert "beleidigend oder unsachlich" in to_moderators[1].body and "Ganz normal" in to_moderators[1].body


def test_queue_needs_constant_queries_and_survives_bad_ids(moderator_client, a_post):
    for n in range(3):
        a_comment(a_post, user=ReaderFactory(), text=f"https://a.example https://b.example https://c.example {n}")
    moderator_client.get(QUEUE)
    with CaptureQueriesContext(connection) as few:
        moderator_client.get(QUEUE)
    for n in range(10):
        a_comment(a_post, user=ReaderFactory(), text=f"https://a.example https://b.example https://c.example x{n}")
    with CaptureQueriesContext(connection) as many:
        moderator_client.get(QUEUE)

    assert len(many) == len(few)
    response = bulk(moderator_client, "freigeben", ["abc", "9" * 30], follow=True)
    assert response.status_code == 200 and "Bitte wählen Sie mindestens einen Kommentar" in response.content.decode()


def test_blocking_an_anonymised_comment_blocks_nobody_else(moderator_client, a_post):
    leaving, other_leaving = ReaderFactory(), ReaderFactory()
    first = a_comment(a_post, user=leaving, text="Erster")
    second = a_comment(a_post, user=other_leaving, text="Zweiter")
    account_delete(user=leaving)
    account_delete(user=other_leaving)

    moderator_client.post(f"{QUEUE}{first.pk}/sperren/", {"reason": "Werbung", "duration": ""})

    assert not Block.objects.exists()
    assert Comment.objects.get(pk=first.pk).is_removed
    assert not Comment.objects.get(pk=second.pk).is_removed
