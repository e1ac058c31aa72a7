"""Hostile input answers 4xx, in German (issue 12): one submit stores one comment, control characters
are refused and never break a feed, a malformed hidden field changes nothing, and no thread outgrows its page."""

import re

from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import feedparser
import pytest

from accounts.models import User
from discussion.models import Comment, Report
from tests.factories import BlogPostPageFactory, CommentFactory, ReaderFactory, a_comment
from tests.helpers import form_data_at, run_concurrently

pytestmark = pytest.mark.django_db

GUEST = {"name": "Bernd", "email": "bernd@example.org"}
TAMPERED = "Das Formular ist abgelaufen oder wurde verändert. Bitte laden Sie die Seite neu."
CONTROL_ERROR = "Bitte entfernen Sie die unsichtbaren Steuerzeichen aus Ihrer Eingabe."
# C0 (vertical tab, form feed, escape, a lone carriage return), DEL and C1 (NEL, CSI).
CONTROL_CHARACTERS = ["\x0b", "\x0c", "\x1b", "\r", "\x7f", "\x85", "\x9b"]
FEEDS = ["/feeds/kommentare/rss/", "/feeds/kommentare/atom/", "/feeds/beitraege/rss/", "/feeds/beitraege/atom/"]


# 3. One submit, one comment.


def test_a_guest_form_sent_twice_stores_one_comment_and_sends_one_mail(client, a_post):
    data = form_data_at(client, a_post.url, **GUEST, comment="Doppelt geklickt.")

    first = client.post(f"/kommentare/{a_post.pk}/", data)
    second = client.post(f"/kommentare/{a_post.pk}/", data, follow=True)

    assert Comment.objects.count() == 1 and len(mail.outbox) == 1
    assert first.status_code == 302 and second.redirect_chain == [(first["Location"], 302)]
    assert "Fast geschafft: Ihr Kommentar wartet auf Ihre Bestätigung per E-Mail." in second.content.decode()


def test_a_readers_reply_sent_twice_is_stored_once_and_new_text_is_a_new_comment(client, a_post):
    thread = a_comment(a_post, text="Wer war schon beim Stammtisch?")
    client.force_login(ReaderFactory())
    url = f"/kommentare/antworten/{thread.pk}/"
    data = form_data_at(client, url, comment="Ich, zweimal.")

    responses = [client.post(url, data) for _ in range(2)]
    client.post(url, {**data, "comment": "Und noch etwas anderes."})

    replies = Comment.objects.filter(level=1).order_by("pk")
    assert [reply.comment for reply in replies] == ["Ich, zweimal.", "Und noch etwas anderes."]
    assert [response["Location"] for response in responses] == [f"{a_post.url}#c{replies[0].pk}"] * 2


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_form_sent_at_once_from_four_tabs_stores_one_comment(a_blog):
    post = BlogPostPageFactory(parent=a_blog)
    data = form_data_at(Client(), post.url, **GUEST, comment="Gleichzeitig abgeschickt.")
    responses = []

    def submit():
        responses.append(Client().post(f"/kommentare/{post.pk}/", data))

    run_concurrently([submit] * 4)

    assert Comment.objects.count() == 1 and len(mail.outbox) == 1
    assert [response.status_code for response in responses] == [302] * 4
    assert {response["Location"] for response in responses} == {f"{post.url}#kommentar-meldung"}


# 5. Control characters.


def test_control_characters_in_a_comment_or_a_guests_name_are_refused_in_german(client, a_post):
    for char in CONTROL_CHARACTERS:
        for fields in ({"comment": f"Hallo{char}Welt"}, {"comment": "Hallo", "name": f"Ber{char}nd"}):
            response = client.post(
                f"/kommentare/{a_post.pk}/", form_data_at(client, a_post.url, **{**GUEST, **fields})
            )

            assert response.status_code == 400, (char, fields)
            assert CONTROL_ERROR in response.content.decode()
    assert not Comment.objects.exists() and mail.outbox == []
    # What a browser sends for line breaks and tabs stays.
    text = "Erstens:\r\n\tpünktlich sein.\r\nZweitens: zuhören."
    response = client.post(f"/kommentare/{a_post.pk}/", form_data_at(client, a_post.url, **GUEST, comment=text))
    assert response.status_code == 302 and Comment.objects.get().comment == text


def test_bidi_overrides_are_stripped_from_names(client, a_post):
    client.post(
        f"/kommentare/{a_post.pk}/",
        form_data_at(client, a_post.url, name="\u202eAnna\u2066 B.\u2069", email="a@example.org", comment="Hallo"),
    )
    reader = ReaderFactory()
    client.force_login(reader)
    client.post("/konto/", {"display_name": "Carla\u202d aus\u202a Kiel"})

    assert Comment.objects.get().user_name == "Anna B."
    reader.refresh_from_db()
    assert reader.display_name == "Carla aus Kiel"


def test_control_characters_in_an_edit_or_a_report_note_are_refused(client, a_post):
    writer, other = ReaderFactory(), ReaderFactory()
    comment = a_comment(a_post, text="Unverändert", user=writer)
    client.force_login(writer)
    edit = client.post(f"/kommentare/bearbeiten/{comment.pk}/", {"comment": "Neu\x0bformuliert"})
    client.force_login(other)
    report = client.post(f"/kommentare/melden/{comment.pk}/", {"reason": "other", "note": "Siehe\x1b[2J"})

    for response in (edit, report):
        assert response.status_code == 400
        assert CONTROL_ERROR in response.content.decode()
    comment.refresh_from_db()
    assert comment.comment == "Unverändert" and not Report.objects.exists()


def test_control_characters_in_a_display_name_are_refused(client, a_home_page):
    reader = ReaderFactory(display_name="Anna")
    client.force_login(reader)
    profile = client.post("/konto/", {"display_name": "An\x0bna"})
    client.logout()
    signup = client.post(
        "/konto/signup/",
        {
            "email": "neu@example.org",
            "password1": "Netzwerk-2026!",
            "password2": "Netzwerk-2026!",
            "display_name": "Neu\x1b",
        },
    )

    assert profile.status_code == 400
    for response in (profile, signup):
        assert CONTROL_ERROR in response.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Anna" and not User.objects.filter(email="neu@example.org").exists()


def test_feeds_stay_valid_xml_with_characters_xml_forbids_already_stored(client, a_post):
    comment = a_comment(a_post, text="Vorher", name="Gast")
    # Stored before the forms refused them (or written around them): the feeds must cope on their own.
    Comment.objects.filter(pk=comment.pk).update(comment="Steuer\x0bzeichen\x1b im\ufffe Text", user_name="Gast\x0c")
    a_post.title = "Der\x0b Stammtisch"
    a_post.save_revision().publish()

    for url in [*FEEDS, f"/feeds/kommentare/{a_post.pk}/rss/", f"/feeds/kommentare/{a_post.pk}/atom/"]:
        response = client.get(url)

        assert response.status_code == 200, url
        assert feedparser.parse(response.content).bozo == 0, url  # well-formed XML
        body = response.content.decode()
        assert "Der Stammtisch" in body, url
        if "kommentare" in url:
            assert "Steuerzeichen im Text" in body and "Gast zu" in body, url


# 6. Malformed hidden fields.

MALFORMED = {
    "timestamp": ["9" * 310, "-" + "9" * 310, "1e309", "9" * 5000, "abc", "", "\x00"],
    "security_hash": ["", "0" * 40, "ä" * 40, "\x00" * 40, "0" * 5000],
    "content_type": ["", "auth.user", "blog.blogpostpage\x00", "x" * 5000],
    "object_pk": ["", "0", "9" * 310, "-1"],
}


def test_a_malformed_hidden_field_answers_400_in_german_and_changes_nothing(client, a_post):
    for field, values in MALFORMED.items():
        for value in values:
            data = form_data_at(client, a_post.url, **GUEST, comment="Harmlos.")

            response = client.post(f"/kommentare/{a_post.pk}/", {**data, field: value})

            assert response.status_code == 400, (field, value[:20])
            assert TAMPERED in response.content.decode()
    assert not Comment.objects.exists() and mail.outbox == []
    # Refused forms count against no limit: the writer's next proper comment goes through.
    assert (
        client.post(f"/kommentare/{a_post.pk}/", form_data_at(client, a_post.url, **GUEST, comment="Ok")).status_code
        == 302
    )


def test_an_overlong_timestamp_on_a_reply_or_a_form_of_another_page_answers_400(client, a_post, a_blog):
    thread = a_comment(a_post, text="Ein Faden", user=ReaderFactory())
    other = BlogPostPageFactory(parent=a_blog, title="Anderer Beitrag")
    url = f"/kommentare/antworten/{thread.pk}/"

    reply = client.post(url, {**form_data_at(client, url, **GUEST, comment="Antwort"), "timestamp": "9" * 310})
    elsewhere = client.post(f"/kommentare/{a_post.pk}/", form_data_at(client, other.url, **GUEST, comment="Falsch"))

    for response in (reply, elsewhere):
        assert response.status_code == 400
        assert TAMPERED in response.content.decode()
    assert Comment.objects.count() == 1 and mail.outbox == []


# 15. One thread, one page.

LONG = " Ein ausführlicher Erfahrungsbericht über den Stammtisch." * 40  # about 2,300 characters


def a_thread(page, *, replies):
    root = a_comment(page, text="Wie war Ihr erster Stammtisch?", user=ReaderFactory())
    reader = ReaderFactory()
    for n in range(1, replies + 1):
        # Stored directly (xtd still threads them): the write path is not the subject here.
        CommentFactory(
            target=page,
            comment=f"Antwort {n}:{LONG}",
            user=reader,
            user_name=reader.public_name,
            user_email=reader.email,
            parent=root,
        )
        if n % 50 == 0 and connection.vendor == "postgresql":
            # These rows sit in one uncommitted test transaction, where autovacuum never analyzes
            # them: without statistics PostgreSQL plans xtd's thread queries for empty tables.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    return root


def test_a_thread_of_300_long_replies_keeps_the_page_small_and_its_query_count(client, a_blog):
    small, big = BlogPostPageFactory(parent=a_blog), BlogPostPageFactory(parent=a_blog)
    a_thread(small, replies=3)
    a_thread(big, replies=300)
    client.get(small.url), client.get(big.url)  # per-process caches warm, as on a running server

    with CaptureQueriesContext(connection) as few:
        client.get(small.url)
    with CaptureQueriesContext(connection) as many:
        response = client.get(big.url)

    html = response.content.decode()
    assert len(many) == len(few)
    assert len(response.content) < 120_000
    assert html.count("Antwort ") >= 20 and "Antwort 20:" in html and "Antwort 21:" not in html
    assert "weitere Antworten anzeigen (280)" in html


def test_more_replies_open_the_thread_alone_page_by_page_without_javascript(client, a_post):
    root = a_thread(a_post, replies=45)
    a_comment(a_post, text="Ein anderer Faden")
    html = client.get(a_post.url).content.decode()
    link = re.search(r'<a href="([^"#]+)[^"]*">weitere Antworten anzeigen \(25\)<', html).group(1)

    second = client.get(a_post.url + link.replace("&amp;", "&")).content.decode()
    last = client.get(a_post.url, {"faden": root.pk, "antwortenseite": 3}).content.decode()

    assert "Wie war Ihr erster Stammtisch?" in second and "Ein anderer Faden" not in second
    assert "Antwort 20:" not in second and "Antwort 21:" in second and "Antwort 40:" in second
    assert "Antwort 41:" not in second and "Antwort 45:" in last
    assert "Antwortenseite 2 von 3" in second and "Alle Kommentare" in second


def test_a_thread_page_takes_as_many_queries_as_the_page(client, a_post):
    root = a_thread(a_post, replies=25)
    client.get(a_post.url)

    with CaptureQueriesContext(connection) as page:
        client.get(a_post.url)
    with CaptureQueriesContext(connection) as thread:
        response = client.get(a_post.url, {"faden": root.pk, "antwortenseite": 2})

    html = response.content.decode()
    assert response.status_code == 200 and "Antwort 20:" not in html and "Antwort 25:" in html
    assert len(thread) <= len(page)
