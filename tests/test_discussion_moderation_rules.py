"""Rules around a comment's life: spam and rate limits, editing and deleting, likes and reports, follow-up mail."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest
import time_machine
from django_comments.models import CommentFlag

from discussion.models import Comment, PageSubscription, Report
from discussion.services.housekeeping import comments_forget_ip_addresses
from tests.factories import ReaderFactory, a_comment
from tests.helpers import form_data, post_comment

pytestmark = pytest.mark.django_db


def test_more_than_two_links_wait_for_moderation_and_the_writer_is_told(client, a_post, a_reader):
    client.force_login(a_reader)
    text = "Siehe https://a.example https://b.example https://c.example"

    response = client.post(f"/kommentare/{a_post.pk}/", form_data(client, a_post, comment=text), follow=True)

    comment = Comment.objects.get()
    assert comment.held_for_moderation and not comment.is_public
    assert "wird von der Moderation geprüft" in response.content.decode()
    assert "https://c.example" not in client.get(a_post.url).content.decode()


def test_blocklisted_words_wait_for_moderation(client, a_post, a_reader, settings):
    settings.COMMENT_BLOCKLIST = ["Wundermittel"]
    client.force_login(a_reader)

    client.post(f"/kommentare/{a_post.pk}/", form_data(client, a_post, comment="Ein WUNDERMITTEL für Kontakte!"))

    assert Comment.objects.get().held_for_moderation


@pytest.mark.usefixtures("a_fresh_rate_window")
def test_sixth_comment_in_ten_minutes_is_refused_with_a_german_message(client, a_post, a_reader):
    client.force_login(a_reader)
    for n in range(5):
        assert post_comment(client, a_post, comment=f"Kommentar {n}").status_code == 302

    response = post_comment(client, a_post, comment="Einer zu viel")

    assert response.status_code == 429
    assert "Bitte warten Sie einige Minuten." in response.content.decode()
    assert Comment.objects.count() == 5


@pytest.mark.usefixtures("a_fresh_rate_window")
def test_rate_limit_counts_per_address_for_anonymous_writers(client, a_post):
    for n in range(5):
        post_comment(client, a_post, name="Gast", email=f"g{n}@example.org", comment=f"Nummer {n}")

    assert post_comment(client, a_post, name="Gast", email="g9@example.org", comment="Zu viel").status_code == 429


def test_own_comment_can_be_edited_for_fifteen_minutes(client, a_post, a_reader):
    comment = a_comment(a_post, user=a_reader, text="Erste Fassung")
    client.force_login(a_reader)

    client.post(f"/kommentare/bearbeiten/{comment.pk}/", {"comment": "Zweite Fassung"})
    comment.refresh_from_db()
    assert comment.comment == "Zweite Fassung" and comment.edited_at
    assert "bearbeitet" in client.get(a_post.url).content.decode()

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        late = client.post(f"/kommentare/bearbeiten/{comment.pk}/", {"comment": "Dritte Fassung"})
    assert late.status_code == 400 and "in den ersten 15 Minuten" in late.content.decode()
    comment.refresh_from_db()
    assert comment.comment == "Zweite Fassung"


def test_nobody_edits_or_deletes_someone_elses_comment(client, a_post, a_reader):
    comment = a_comment(a_post, user=ReaderFactory(), text="Nicht Ihrer")
    client.force_login(a_reader)

    assert client.post(f"/kommentare/bearbeiten/{comment.pk}/", {"comment": "Gekapert"}).status_code == 404
    assert client.post(f"/kommentare/loeschen/{comment.pk}/").status_code == 404
    comment.refresh_from_db()
    assert comment.comment == "Nicht Ihrer" and not comment.is_deleted


def test_deleted_comment_with_replies_leaves_a_placeholder(client, a_post, a_reader):
    mine = a_comment(a_post, user=a_reader, text="Mein Text")
    a_comment(a_post, text="Eine Antwort darauf", parent=mine)
    lonely = a_comment(a_post, user=a_reader, text="Ohne Antworten")
    client.force_login(a_reader)

    client.post(f"/kommentare/loeschen/{mine.pk}/")
    client.post(f"/kommentare/loeschen/{lonely.pk}/")

    html = client.get(a_post.url).content.decode()
    assert "Mein Text" not in html and "Ohne Antworten" not in html
    assert html.count("Kommentar gelöscht") == 1 and "Eine Antwort darauf" in html
    assert "1 Kommentar" in html
    mine.refresh_from_db()
    assert mine.comment == ""


def test_a_reader_likes_a_comment_once_and_can_take_it_back(client, a_post, a_reader):
    comment = a_comment(a_post, text="Guter Punkt")
    client.force_login(a_reader)

    client.post(f"/kommentare/gefaellt-mir/{comment.pk}/")
    client.post(f"/kommentare/gefaellt-mir/{comment.pk}/")
    assert CommentFlag.objects.filter(comment=comment).count() == 1
    assert "1 gefällt das" in client.get(a_post.url).content.decode()

    client.post(f"/kommentare/gefaellt-mir/{comment.pk}/", {"zuruecknehmen": "1"})
    assert not CommentFlag.objects.exists()


def test_most_liked_threads_come_first_when_asked(client, a_post):
    a_comment(a_post, text="Wenig beliebt")
    popular = a_comment(a_post, text="Sehr beliebt")
    for reader in ReaderFactory.create_batch(2):
        client.force_login(reader)
        client.post(f"/kommentare/gefaellt-mir/{popular.pk}/")

    html = client.get(a_post.url, {"kommentare": "beliebteste"}).content.decode()

    assert html.index("Sehr beliebt") < html.index("Wenig beliebt")


def test_anonymous_readers_cannot_like_or_report(client, a_post):
    comment = a_comment(a_post)

    assert client.post(f"/kommentare/gefaellt-mir/{comment.pk}/").status_code == 302
    assert client.post(f"/kommentare/melden/{comment.pk}/", {"reason": "spam"}).status_code == 302
    assert not CommentFlag.objects.exists() and not Report.objects.exists()


def test_a_reader_reports_a_comment_once_with_a_reason(client, a_post, a_reader):
    comment = a_comment(a_post, text="Kaufen Sie jetzt!")
    client.force_login(a_reader)

    missing = client.post(f"/kommentare/melden/{comment.pk}/", {})
    first = client.post(f"/kommentare/melden/{comment.pk}/", {"reason": "spam", "note": "Werbung"}, follow=True)
    again = client.post(f"/kommentare/melden/{comment.pk}/", {"reason": "abuse"}, follow=True)

    assert missing.status_code == 400 and "Bitte wählen Sie einen Grund." in missing.content.decode()
    assert "Danke, die Moderation sieht sich den Kommentar an." in first.content.decode()
    assert "bereits gemeldet" in again.content.decode()
    report = Report.objects.get()
    assert (report.reason, report.note, report.reporter) == ("spam", "Werbung", a_reader)


def test_followers_of_a_thread_get_one_mail_per_reply_with_one_click_unsubscribe(client, a_post, a_reader):
    follower = ReaderFactory(email="folgt@example.org")
    client.force_login(follower)
    client.post(f"/kommentare/{a_post.pk}/", form_data(client, a_post, comment="Wer kennt das?", followup="on"))
    root = Comment.objects.get()
    client.force_login(a_reader)

    client.post(f"/kommentare/antworten/{root.pk}/", form_data(client, a_post, comment="Ich! <b>Sehr</b> gut."))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["folgt@example.org"]
    assert message.subject == "Anna hat Ihnen zu „Der Stammtisch“ geantwortet"
    assert "Ich! <b>Sehr</b> gut." in message.body  # plain text part: the text as written
    html = message.alternatives[0][0]
    assert "&lt;b&gt;Sehr&lt;/b&gt;" in html and "<b>Sehr</b>" not in html
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "\n" not in message.subject

    path = unsubscribe.removeprefix("http://testserver")
    response = client.post(path, {"List-Unsubscribe": "One-Click"})  # as a mail client does, without CSRF
    assert response.status_code == 200

    client.post(f"/kommentare/antworten/{root.pk}/", form_data(client, a_post, comment="Noch etwas"))
    assert len(mail.outbox) == 1


def test_readers_can_follow_every_new_comment_of_a_page(client, a_post, a_reader):
    subscriber = ReaderFactory(email="alles@example.org")
    client.force_login(subscriber)
    client.post(f"/kommentare/{a_post.pk}/abonnieren/")
    client.force_login(a_reader)

    post_comment(client, a_post, comment="Ein ganz neuer Thread")

    assert [m.to for m in mail.outbox] == [["alles@example.org"]]
    assert "alle Kommentare dieser Seite abonniert" in mail.outbox[0].body


def test_forged_unsubscribe_link_changes_nothing(client, a_home_page):
    response = client.post("/kommentare/abmelden/gefaelscht/", {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 400


def test_ip_addresses_are_forgotten_after_thirty_days(client, a_post, a_reader):
    client.force_login(a_reader)
    post_comment(client, a_post, comment="Mit IP-Adresse")
    comment = Comment.objects.get()
    assert comment.ip_address == "127.0.0.1"  # the test client's address

    with time_machine.travel(timezone.now() + datetime.timedelta(days=29)):
        assert comments_forget_ip_addresses() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        assert comments_forget_ip_addresses() == 1

    comment.refresh_from_db()
    assert comment.ip_address is None


def test_page_follow_shows_its_state_and_can_be_undone(client, a_post, a_reader):
    client.force_login(a_reader)
    client.post(f"/kommentare/{a_post.pk}/abonnieren/")
    assert "Sie erhalten jeden neuen Kommentar dieser Seite per E-Mail." in client.get(a_post.url).content.decode()

    client.post(f"/kommentare/{a_post.pk}/abonnieren/", {"abbestellen": "1"})

    assert not PageSubscription.objects.exists()
    assert "Alle neuen Kommentare dieser Seite per E-Mail erhalten" in client.get(a_post.url).content.decode()


def test_an_edit_with_too_many_links_is_refused_and_replies_stay(client, a_post, a_reader):
    mine = a_comment(a_post, user=a_reader, text="Harmlos")
    a_comment(a_post, text="Antwort bleibt sichtbar", parent=mine)
    client.force_login(a_reader)

    response = client.post(
        f"/kommentare/bearbeiten/{mine.pk}/", {"comment": "https://a.example https://b.example https://c.example"}
    )

    assert response.status_code == 400 and "zu viele Links" in response.content.decode()
    html = client.get(a_post.url).content.decode()
    assert "Harmlos" in html and "Antwort bleibt sichtbar" in html
