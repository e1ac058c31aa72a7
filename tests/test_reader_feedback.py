"""The reader learns what happened where she is: outcomes beside the form she used, the scale's
anchors, what a badge means, how long a comment stays editable, and mails that say who answered whom."""

import datetime
import re

from django.core import mail

import pytest
import time_machine

from discussion.models import Comment
from formats.questions import QUESTIONS, badge_legend
from tests.factories import CommentFactory, RatingFactory, ReaderFactory, a_comment
from tests.helpers import form_data, form_data_at, post_comment

pytestmark = pytest.mark.django_db

GUEST = {"name": "Bernd", "email": "bernd@example.org"}
WAITING = "Ihr Kommentar wartet auf Ihre Bestätigung per E-Mail."


def section(html, anchor):
    """The part of the page from the element with id `anchor` to the end of its <section>."""
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


# 1. The outcome where the reader is.


def test_a_guest_comment_lands_on_its_outcome_right_above_the_form(client, a_post):
    response = post_comment(client, a_post, **GUEST, comment="Stammtische sind unterschätzt.")

    assert response.status_code == 302 and response["Location"] == f"{a_post.url}#kommentar-meldung"
    html = client.get(response["Location"]).content.decode()
    discussion = section(html, "kommentare")
    # In the discussion, after the threads and right before the form: where the redirect lands.
    status = discussion.index('id="kommentar-meldung"')
    assert discussion.index('id="kommentieren"') < status < discussion.index('class="form comment-form__form"')
    assert WAITING in discussion[status:]
    assert "Sie müssen ihn nicht noch einmal abschicken." in discussion[status:]
    # Said once, there, not again at the top of the page out of view.
    assert html.count(WAITING) == 1


def test_a_readers_published_comment_and_her_rating_outcome_are_said_in_their_sections(
    client, a_format_page, a_reader
):
    client.force_login(a_reader)

    comment = post_comment(client, a_format_page, comment="Gute Runde.")
    html = client.get(comment["Location"]).content.decode()
    assert "Danke, Ihr Kommentar ist veröffentlicht." in section(html, "kommentar-meldung")

    rated = client.post(f"/bewertung/{a_format_page.pk}/", {"contacts": "4", "information": "3", "fun": "5"})
    assert rated["Location"] == f"{a_format_page.url}#bewertung-meldung"
    html = client.get(rated["Location"]).content.decode()
    panel = section(html, "bewertungen")
    # Above the figures the rating changed, inside the panel the redirect lands in.
    assert panel.index("Danke, Ihre Bewertung wurde gespeichert.") < panel.index("1 Bewertung")
    assert html.count("Danke, Ihre Bewertung wurde gespeichert.") == 1


def test_a_guest_reply_lands_on_its_outcome_beside_the_pages_form(client, a_post):
    thread = a_comment(a_post, text="Wer war schon beim Stammtisch?", user=ReaderFactory())
    url = f"/kommentare/antworten/{thread.pk}/"

    response = client.post(url, form_data_at(client, url, **GUEST, comment="Ich, zweimal."))

    assert response["Location"] == f"{a_post.url}#kommentar-meldung"
    assert WAITING in section(client.get(response["Location"]).content.decode(), "kommentar-meldung")


@pytest.mark.usefixtures("a_fresh_rate_window")
def test_refused_forms_send_the_reader_back_to_the_form_with_the_error_there(client, a_post, a_format_page, a_reader):
    html = client.get(a_post.url).content.decode()
    assert f'action="/kommentare/{a_post.pk}/#kommentieren"' in html

    for n in range(5):
        post_comment(client, a_post, name="Gast", email=f"g{n}@example.org", comment=f"Nummer {n}")
    limited = post_comment(client, a_post, name="Gast", email="g9@example.org", comment="Zu viel")

    assert limited.status_code == 429
    form = section(limited.content.decode(), "kommentieren")
    assert "Sie haben gerade sehr viele Kommentare geschrieben." in form and "Zu viel" in form

    client.force_login(a_reader)
    assert f'action="/bewertung/{a_format_page.pk}/#bewerten"' in client.get(a_format_page.url).content.decode()
    refused = client.post(f"/bewertung/{a_format_page.pk}/", {"contacts": "4"})
    assert refused.status_code == 400
    assert "Bitte vergeben Sie für „Informationen“ 1 bis 5 Punkte." in section(refused.content.decode(), "bewerten")


# 2. What the numbers mean.


def test_every_question_says_what_1_and_5_mean_in_the_rating_form(client, a_format_page, a_reader):
    client.force_login(a_reader)

    form = section(client.get(a_format_page.url).content.decode(), "bewerten")

    assert "1 = keine brauchbaren Kontakte" in form
    assert "5 = mehrere Kontakte, aus denen Geschäft werden kann" in form
    for question in QUESTIONS:
        assert question.low and question.high
        assert f"1 = {question.low}" in form and f"5 = {question.high}" in form
        # Screen readers hear the anchors with the group of radio buttons.
        assert f'aria-describedby="id_{question}_skala"' in form and f'id="id_{question}_skala"' in form


def test_the_rating_badge_has_a_visible_legend_on_format_pages_only(client, a_format_page, a_post, a_reader):
    RatingFactory(format_page=a_format_page, reader=a_reader, contacts=2, information=2, fun=2)
    a_comment(a_format_page, text="Mittelmäßig.", user=a_reader)
    a_comment(a_post, text="Schöner Beitrag.", user=a_reader)

    discussion = section(client.get(a_format_page.url).content.decode(), "kommentare")

    assert badge_legend() == "K = Kontakte · I = Informationen · S = Spaß"
    assert re.search(r'<p class="discussion__legend">[^<]*K = Kontakte · I = Informationen · S = Spaß', discussion)
    assert ">K2 · I2 · S2<" in discussion
    assert "discussion__legend" not in client.get(a_post.url).content.decode()


# 3. Editing: how long, and after that, no form.


def test_the_edit_link_says_how_many_minutes_are_left(client, a_post, a_reader):
    client.force_login(a_reader)
    comment = a_comment(a_post, text="Erste Fassung", user=a_reader)

    assert "(noch 15 Minuten bearbeitbar)" in client.get(a_post.url).content.decode()
    with time_machine.travel(comment.submit_date + datetime.timedelta(minutes=3), tick=False):
        html = client.get(a_post.url).content.decode()
        edit = client.get(f"/kommentare/bearbeiten/{comment.pk}/").content.decode()
    assert "(noch 12 Minuten bearbeitbar)" in html
    assert "Noch 12 Minuten bearbeitbar" in edit and "<textarea" in edit
    with time_machine.travel(comment.submit_date + datetime.timedelta(minutes=14, seconds=30), tick=False):
        assert "(noch 1 Minute bearbeitbar)" in client.get(a_post.url).content.decode()
    # Only the writer is told.
    client.logout()
    assert "bearbeitbar" not in client.get(a_post.url).content.decode()


def test_after_the_deadline_the_edit_url_explains_instead_of_offering_a_form(client, a_post, a_reader):
    client.force_login(a_reader)
    comment = a_comment(a_post, text="Erste Fassung", user=a_reader)
    url = f"/kommentare/bearbeiten/{comment.pk}/"

    with time_machine.travel(comment.submit_date + datetime.timedelta(minutes=15, seconds=1), tick=False):
        late = client.get(url)
        page = client.get(a_post.url).content.decode()
        sent = client.post(url, {"comment": "Zweite Fassung, zu spät"})

    html = late.content.decode()
    assert late.status_code == 410
    assert "Bearbeiten nicht mehr möglich" in html and "nur in den ersten 15 Minuten" in html
    assert "<textarea" not in html and "Änderung speichern" not in html
    assert f'href="{url}"' not in page and "bearbeitbar" not in page
    # Sent from a form opened in time: refused, and the text it brought is shown to copy.
    assert sent.status_code == 400 and "Zweite Fassung, zu spät" in sent.content.decode()
    assert "<textarea" not in sent.content.decode()
    comment.refresh_from_db()
    assert comment.comment == "Erste Fassung"


# 4. Where a page and a mail lead back to.


def test_the_reply_and_edit_pages_name_the_kind_of_page_they_lead_back_to(client, a_post, a_format_page, a_reader):
    client.force_login(a_reader)
    on_format = a_comment(a_format_page, text="Zum Frühstück", user=a_reader)
    on_post = a_comment(a_post, text="Zum Beitrag", user=a_reader)

    format_reply = client.get(f"/kommentare/antworten/{on_format.pk}/").content.decode()
    post_reply = client.get(f"/kommentare/antworten/{on_post.pk}/").content.decode()

    assert f'Zum Format: <a href="/kommentare/zeigen/{on_format.pk}/">' in format_reply
    assert "Zum Beitrag" not in format_reply
    assert f'Zum Beitrag: <a href="/kommentare/zeigen/{on_post.pk}/">' in post_reply
    assert "Zum Format: <a" in client.get(f"/kommentare/bearbeiten/{on_format.pk}/").content.decode()


def test_the_reply_mail_tells_the_writer_that_someone_answered_her(client, a_format_page, a_reader):
    asker = ReaderFactory(email="fragt@example.org", display_name="Frieda")
    listener = ReaderFactory(email="liest@example.org", display_name="Lars")
    root = CommentFactory(
        target=a_format_page,
        user=asker,
        user_name="Frieda",
        user_email=asker.email,
        comment="Lohnt sich das Frühstück für Berater?",
        followup=True,
    )
    CommentFactory(
        target=a_format_page,
        user=listener,
        user_email=listener.email,
        parent=root,
        comment="Gute Frage.",
        followup=True,
    )
    client.force_login(a_reader)
    url = f"/kommentare/antworten/{root.pk}/"
    mail.outbox.clear()

    client.post(url, form_data_at(client, url, comment="Ja, wenn Sie jede Woche hingehen."))

    by_recipient = {message.to[0]: message for message in mail.outbox}
    to_asker = by_recipient["fragt@example.org"]
    assert to_asker.subject == "Anna hat Ihnen zu „Unternehmerfrühstück“ geantwortet"
    assert to_asker.body.startswith("Anna hat Ihnen zu „Unternehmerfrühstück“ geantwortet:\n\nJa, wenn Sie jede Woche")
    assert "Ihr Kommentar vom" in to_asker.body and "Lohnt sich das Frühstück für Berater?" in to_asker.body
    reply = Comment.objects.get(comment__startswith="Ja, wenn")
    assert f"/kommentare/antworten/{reply.pk}/" in to_asker.body
    html = to_asker.alternatives[0][0]
    assert "Anna hat Ihnen zu „Unternehmerfrühstück“ geantwortet:" in html
    # Someone else in the thread learns of an answer, not one to her.
    to_listener = by_recipient["liest@example.org"]
    assert to_listener.subject == "Neue Antwort in der Diskussion zu „Unternehmerfrühstück“"
    assert "hat Ihnen" not in to_listener.body
    assert "Anna hat in der Diskussion zu „Unternehmerfrühstück“ geantwortet:" in to_listener.body


def test_a_new_top_level_comment_is_still_announced_as_one(client, a_format_page, a_reader):
    follower = ReaderFactory(email="alles@example.org")
    client.force_login(follower)
    client.post(f"/kommentare/{a_format_page.pk}/abonnieren/")
    client.force_login(a_reader)

    client.post(f"/kommentare/{a_format_page.pk}/", form_data(client, a_format_page, comment="Neuer Faden"))

    (message,) = mail.outbox
    assert message.subject == "Neuer Kommentar zu „Unternehmerfrühstück“"
    assert message.body.startswith("Anna hat einen neuen Kommentar zu „Unternehmerfrühstück“ geschrieben:")
