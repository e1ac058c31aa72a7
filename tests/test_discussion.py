"""Threaded discussion on posts and formats: stored at once, confirmed by email, rendered as plain text."""

import re
import threading

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import time_machine

from discussion.models import Comment
from discussion.services.housekeeping import comments_purge_unconfirmed
from discussion.services.posting import ConfirmationResult, comment_confirm, comment_post
from tests.factories import (
    THREAD_OF_FOUR,
    CommentFactory,
    RatingFactory,
    ReaderFactory,
    a_comment,
    comment_threads,
)
from tests.helpers import form_data, post_comment

pytestmark = pytest.mark.django_db


def confirmation_link(message):
    return re.search(r"http://testserver(/kommentare/bestaetigen/[^\s]+/)", message.body).group(1)


def test_registered_reader_comments_at_once_under_their_name(client, a_post):
    reader = ReaderFactory(display_name="Anna Beispiel")
    client.force_login(reader)

    response = post_comment(client, a_post, comment="Mein erstes Barcamp war großartig.")

    comment = Comment.objects.get()
    assert comment.is_public and comment.user == reader and comment.user_name == "Anna Beispiel"
    assert response["Location"] == f"{a_post.url}#c{comment.pk}"
    html = client.get(a_post.url).content.decode()
    assert "Mein erstes Barcamp war großartig." in html and "1 Kommentar" in html
    assert mail.outbox == []


def test_the_form_names_a_signed_in_writer_whose_name_ends_in_a_period_without_doubling_it(client, a_post):
    client.force_login(ReaderFactory(display_name="Birgit L."))

    html = client.get(a_post.url).content.decode()

    assert "Sie kommentieren als „Birgit L.“." in html


def test_anonymous_comment_is_stored_at_once_and_appears_after_the_email_link(client, a_post):
    response = post_comment(
        client, a_post, name="Bernd", email="bernd@example.org", comment="Stammtische sind unterschätzt."
    )

    comment = Comment.objects.get()
    assert not comment.is_public and comment.confirmation_token
    assert response.status_code == 302
    assert "Fast geschafft" in client.get(response["Location"]).content.decode()
    assert "Stammtische sind unterschätzt." not in client.get(a_post.url).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bernd@example.org"] and message.subject == "Bitte bestätigen Sie Ihren Kommentar"
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    link = confirmation_link(message)

    assert "Kommentar veröffentlichen" in client.get(link).content.decode()
    assert not Comment.objects.get().is_public  # a mail scanner following the link publishes nothing

    confirmed = client.post(link, follow=True)

    assert "Danke, Ihr Kommentar ist bestätigt und veröffentlicht." in confirmed.content.decode()
    assert "Stammtische sind unterschätzt." in confirmed.content.decode()
    again = client.post(link, follow=True)
    assert "Ihr Kommentar war bereits bestätigt." in again.content.decode()
    assert Comment.objects.filter(is_public=True).count() == 1


def test_confirmation_link_expires_after_seven_days_and_unconfirmed_comments_are_purged(client, a_post):
    post_comment(client, a_post, name="Carla", email="carla@example.org", comment="Zu spät bestätigt.")
    link = confirmation_link(mail.outbox[0])

    with time_machine.travel(timezone.now() + timezone.timedelta(days=7, minutes=1)):
        response = client.post(link)
        assert response.status_code == 410
        assert "abgelaufen" in response.content.decode()
        assert comments_purge_unconfirmed() == 1

    assert not Comment.objects.exists()
    assert client.post(link).status_code == 404


def test_unknown_confirmation_link_is_404_in_german(client, a_home_page):
    response = client.get("/kommentare/bestaetigen/gibt-es-nicht/")

    assert response.status_code == 404
    assert "Diesen Bestätigungslink kennen wir nicht." in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_clicks_at_once_publish_exactly_one_comment(a_post):
    comment = comment_post(target=a_post, text="Gleichzeitig bestätigt.", name="Dora", email="dora@example.org")
    results, barrier = [], threading.Barrier(10)

    def click():
        barrier.wait()
        try:
            results.append(comment_confirm(token=comment.confirmation_token)[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert results.count(ConfirmationResult.PUBLISHED) == 1
    assert results.count(ConfirmationResult.ALREADY) == 9
    assert Comment.objects.filter(is_public=True).count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "Eva", "email": "eva@example.org", "comment": "  "}, "Bitte schreiben Sie einen Kommentar."),
        (
            {"name": "Eva", "email": "keine-adresse", "comment": "Hallo"},
            "Bitte geben Sie eine gültige E-Mail-Adresse an.",
        ),
        ({"name": "", "email": "eva@example.org", "comment": "Hallo"}, "Bitte geben Sie Ihren Namen an."),
        ({"name": "Eva", "email": "eva@example.org", "comment": "x" * 3001}, "höchstens 3000 Zeichen"),
        ({"name": "Bot", "email": "bot@example.org", "comment": "Kauf!", "honeypot": "ja"}, "konnte nicht angenommen"),
        (
            {"name": "Eva", "email": "eva@example.org", "comment": "Hallo", "security_hash": "0" * 40},
            "Das Formular ist abgelaufen oder wurde verändert.",
        ),
    ],
)
def test_bad_comments_change_nothing_and_explain_in_german(client, a_post, fields, message):
    response = post_comment(client, a_post, **fields)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists() and mail.outbox == []


def test_comments_only_on_posts_and_formats(client, a_home_page):
    assert client.post(f"/kommentare/{a_home_page.pk}/", {"comment": "Hallo"}).status_code == 404
    assert client.post("/kommentare/999999/", {"comment": "Hallo"}).status_code == 404
    assert client.get(f"/kommentare/{a_home_page.pk}/").status_code == 405


def test_replies_nest_three_levels_and_no_deeper(client, a_post):
    reader = ReaderFactory()
    root = a_comment(a_post, text="Ebene eins")
    reply = a_comment(a_post, text="Ebene zwei", parent=root)
    deepest = a_comment(a_post, text="Ebene drei", parent=reply)
    client.force_login(reader)

    page = client.get(f"/kommentare/antworten/{deepest.pk}/")
    assert "Auf diese Antwort kann nicht weiter geantwortet werden." in page.content.decode()
    refused = client.post(f"/kommentare/antworten/{deepest.pk}/", form_data(client, a_post, comment="Ebene vier"))
    assert refused.status_code == 400
    assert Comment.objects.count() == 3

    accepted = client.post(f"/kommentare/antworten/{reply.pk}/", form_data(client, a_post, comment="Noch Ebene drei"))
    assert accepted.status_code == 302
    html = client.get(a_post.url).content.decode()
    assert html.index("Ebene zwei") < html.index("Noch Ebene drei")
    assert f'href="/kommentare/antworten/{deepest.pk}/"' not in html
    root.refresh_from_db()
    assert root.nested_count == 3


def test_reply_page_works_without_javascript_for_anonymous_readers(client, a_post):
    root = a_comment(a_post, text="Was meinen Sie?")

    page = client.get(f"/kommentare/antworten/{root.pk}/")
    assert page.status_code == 200 and "Antwort an Gast" in page.content.decode()
    response = client.post(
        f"/kommentare/antworten/{root.pk}/",
        form_data(client, a_post, name="Frieda", email="frieda@example.org", comment="Ich stimme zu."),
    )

    assert response.status_code == 302
    reply = Comment.objects.get(comment="Ich stimme zu.")
    assert reply.parent_id == root.pk and not reply.is_public


def test_reader_text_is_never_rendered_as_html(client, a_post):
    a_comment(
        a_post,
        name='<img src=x onerror="alert(1)">',
        text='<script>alert("x")</script>\nZweite Zeile javascript:alert(1) https://example.org/a?b=1&c=2. '
        "data:text/html,<b>x</b>",
    )

    html = client.get(a_post.url).content.decode()

    assert "<script>alert" not in html and "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Zweite Zeile" in html
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">' in html
    assert 'href="javascript:' not in html and 'href="data:' not in html


def test_author_and_rating_badges(client, a_format_page):
    author = a_format_page.owner or ReaderFactory()
    a_format_page.owner = author
    a_format_page.save()
    rater = ReaderFactory(display_name="Rita")
    RatingFactory(reader=rater, format_page=a_format_page, contacts=4, information=3, fun=5)
    a_comment(a_format_page, user=author, text="Antwort des Autors")
    a_comment(a_format_page, user=rater, text="Meine Erfahrung")

    html = client.get(a_format_page.url).content.decode()

    assert '<span class="badge badge--author">Autor</span>' in html
    assert "K4 · I3 · S5" in html


def test_threads_are_paginated_whole_and_sortable(client, a_post):
    roots = [a_comment(a_post, text=f"Thread {n:02d}") for n in range(12)]
    for n in range(3):
        a_comment(a_post, text=f"Antwort {n} auf Thread 00", parent=roots[0])

    first = client.get(a_post.url).content.decode()
    second = client.get(a_post.url, {"kommentarseite": 2}).content.decode()
    newest = client.get(a_post.url, {"kommentare": "neueste"}).content.decode()

    assert "Thread 00" in first and "Antwort 2 auf Thread 00" in first and "Thread 10" not in first
    assert "Thread 10" in second and "Thread 11" in second and "Antwort 0" not in second
    assert "Kommentarseite 1 von 2" in first and "15 Kommentare" in first
    assert newest.index("Thread 11") < newest.index("Thread 02")


def test_threads_grown_in_bulk_are_threaded_as_xtd_threads_them(a_format_page, a_post):
    def layout(page):
        comments = list(Comment.objects.on(page).order_by("thread_id", "order"))
        position = {comment.pk: index for index, comment in enumerate(comments)}
        return [
            (c.comment, c.level, c.order, c.nested_count, position[c.parent_id], position[c.thread_id], c.is_public)
            for c in comments
        ]

    for text, parent, *_ in THREAD_OF_FOUR:
        written = Comment.objects.on(a_post).order_by("pk")
        CommentFactory(target=a_post, comment=text, parent=None if parent is None else written[parent])
    comment_threads(a_format_page, count=1)

    assert layout(a_format_page) == layout(a_post)


def test_a_page_with_1000_comments_needs_as_many_queries_as_with_10(client, a_format_page):
    def grow_to(total):
        comment_threads(a_format_page, count=-(-(total - Comment.objects.count()) // len(THREAD_OF_FOUR)))
        if connection.vendor == "postgresql":
            # All these rows sit in one uncommitted test transaction, where autovacuum never
            # analyzes them: PostgreSQL would plan every lookup for empty tables.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def measure():
        client.get(a_format_page.url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(a_format_page.url)
        return len(captured), len(response.content)

    grow_to(12)
    queries_small, _ = measure()
    grow_to(48)  # a full first page of threads
    _, size_full_page = measure()
    grow_to(1000)
    queries_large, size_large = measure()

    assert queries_large == queries_small
    assert size_large < size_full_page * 1.05  # one page of threads, not 1,000 comments


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_replies_at_the_same_moment_get_distinct_positions(a_post):
    root = a_comment(a_post, text="Wer war schon beim Barcamp?")
    first = a_comment(a_post, text="Ich!", parent=root)
    errors, barrier = [], threading.Barrier(20)
    readers = ReaderFactory.create_batch(20)

    def reply_as(n):
        barrier.wait()
        try:
            comment_post(target=a_post, text=f"Antwort {n}", user=readers[n], parent=first if n % 2 else root)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reply_as, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    thread_rows = list(Comment.objects.filter(thread_id=root.pk).order_by("order").values("pk", "order", "parent_id"))
    assert [row["order"] for row in thread_rows] == list(range(1, 23))
    root.refresh_from_db()
    first.refresh_from_db()
    assert root.nested_count == 21
    assert first.nested_count == 10
    # Every reply sits after its parent in reading order.
    position = {row["pk"]: row["order"] for row in thread_rows}
    assert all(position[row["parent_id"]] < row["order"] for row in thread_rows if row["pk"] != root.pk)


def test_huge_ids_are_404_not_500(client, a_home_page):
    assert client.get("/kommentare/antworten/" + "9" * 30 + "/").status_code == 404
    assert client.post("/bewertung/" + "9" * 30 + "/").status_code == 404
    assert client.get("/feeds/archiv/99999999999/1/rss/").status_code == 404


def test_comments_of_an_unpublished_page_leave_home_and_feeds_and_a_deleted_page_takes_them_along(client, a_post):
    a_comment(a_post, text="Geheime Diskussion")
    a_post.unpublish()

    assert "Geheime Diskussion" not in client.get("/").content.decode()
    assert "Geheime Diskussion" not in client.get("/feeds/kommentare/rss/").content.decode()

    a_post.delete()
    assert not Comment.objects.exists()
    assert client.get("/").status_code == 200


def test_client_address_is_read_behind_trusted_proxies(client, a_post, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    reader = ReaderFactory()
    client.force_login(reader)

    client.post(
        f"/kommentare/{a_post.pk}/",
        form_data(client, a_post, comment="Hinter dem Proxy"),
        headers={"X-Forwarded-For": "198.51.100.4"},
    )

    assert Comment.objects.get().ip_address == "198.51.100.4"
