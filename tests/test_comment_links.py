"""A link to a comment lands where the comment shows, however long the discussion: the page of
threads that holds it, or a long thread's page of replies. Links from elsewhere (mails, feeds,
lists, the admin) go through the comment's lasting address, which finds that place when followed."""

import re

from django.core import mail

import pytest

from discussion.models import Comment
from discussion.selectors import REPLIES_PER_PAGE, THREADS_PER_PAGE
from tests.factories import a_comment
from tests.helpers import form_data, post_comment

pytestmark = pytest.mark.django_db


def shows(client, location, comment):
    """The page at `location` holds the comment's anchor and text."""
    html = client.get(location).content.decode()
    return f'id="c{comment.pk}"' in html and comment.comment in html


def reply(client, page, root, text):
    """The reader answers `root` through the reply form; the redirect and her reply."""
    response = client.post(f"/kommentare/antworten/{root.pk}/", form_data(client, page, comment=text))
    return response, Comment.objects.get(comment=text)


def test_a_new_comment_in_a_long_discussion_lands_on_the_page_that_shows_it(reader_client, a_post):
    for n in range(2 * THREADS_PER_PAGE + 4):
        a_comment(a_post, text=f"Faden {n:02d}")

    response = post_comment(reader_client, a_post, comment="Der Neue ganz hinten.")

    mine = Comment.objects.get(comment="Der Neue ganz hinten.")
    assert response["Location"] == f"{a_post.url}?kommentarseite=3#c{mine.pk}"
    assert shows(reader_client, response["Location"], mine)
    assert not shows(reader_client, a_post.url, mine)


def test_a_reply_past_the_ones_shown_with_its_thread_lands_on_the_thread_alone(reader_client, a_post):
    root = a_comment(a_post, text="Wer war schon auf einer Messe?")
    for n in range(REPLIES_PER_PAGE + 5):
        a_comment(a_post, text=f"Antwort {n:02d}", parent=root)

    response, mine = reply(reader_client, a_post, root, "Ich, letzte Woche.")

    assert response["Location"] == f"{a_post.url}?faden={root.pk}&antwortenseite=2#c{mine.pk}"
    assert shows(reader_client, response["Location"], mine)


def test_a_reply_among_the_ones_shown_lands_on_its_threads_page(reader_client, a_post):
    for n in range(THREADS_PER_PAGE):
        a_comment(a_post, text=f"Faden {n:02d}")
    root = a_comment(a_post, text="Der elfte Faden")

    response, mine = reply(reader_client, a_post, root, "Antwort im elften.")

    assert response["Location"] == f"{a_post.url}?kommentarseite=2#c{mine.pk}"
    assert shows(reader_client, response["Location"], mine)


def test_the_lasting_address_finds_the_comment_where_it_is_now(client, a_post):
    earlier = [a_comment(a_post, text=f"Faden {n:02d}") for n in range(THREADS_PER_PAGE)]
    eleventh = a_comment(a_post, text="Der elfte Faden")
    address = f"/kommentare/zeigen/{eleventh.pk}/"

    assert client.get(address)["Location"] == f"{a_post.url}?kommentarseite=2#c{eleventh.pk}"

    # A comment before it goes back to moderation: the eleventh is now the tenth, on the first page.
    Comment.objects.filter(pk=earlier[0].pk).update(is_public=False)
    location = client.get(address)["Location"]
    assert location == f"{a_post.url}#c{eleventh.pk}"
    assert shows(client, location, eleventh)


def test_a_comment_not_shown_leads_to_the_discussion_and_an_unknown_one_is_404(client, a_post):
    held = a_comment(a_post, text="Wartet auf Prüfung")
    Comment.objects.filter(pk=held.pk).update(is_public=False)

    assert client.get(f"/kommentare/zeigen/{held.pk}/")["Location"] == f"{a_post.url}#kommentare"
    assert client.get(f"/kommentare/zeigen/{held.pk + 1000}/").status_code == 404

    a_post.unpublish()
    assert client.get(f"/kommentare/zeigen/{held.pk}/").status_code == 404


def test_mails_and_feeds_link_to_the_lasting_address(client, a_post, django_capture_on_commit_callbacks):
    root = a_comment(a_post, text="Gibt es Erfahrungen mit Serviceclubs?", name="Frieda", email="frieda@example.org")
    root.followup = True
    root.save(update_fields=["followup"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reply = a_comment(a_post, text="Ja, beim Rotary-Lunch.", parent=root)

    (notice,) = [message for message in mail.outbox if "frieda@example.org" in message.to]
    assert f"http://testserver/kommentare/zeigen/{reply.pk}/" in notice.body
    feed = client.get("/feeds/kommentare/rss/").content.decode()
    # Absolute, on the Wagtail site's own address, as every link of the feeds.
    assert re.search(rf"<link>https?://[^<]+/kommentare/zeigen/{reply.pk}/</link>", feed)
