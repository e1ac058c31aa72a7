"""Reader accounts: sign-up with verification, formal German, no enumeration, brute-force limits, own data."""

import json
import re

from django.core import mail

import pytest
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from discussion.models import Comment
from formats.models import Rating
from formats.selectors import rating_summary
from tests.factories import (
    READER_PASSWORD,
    BlogPostPageFactory,
    FormatPageFactory,
    RatingFactory,
    ReaderFactory,
    a_comment,
)

pytestmark = pytest.mark.django_db


def test_sign_up_verify_by_email_and_land_in_my_account(client, a_home_page):
    response = client.post(
        "/konto/signup/",
        {
            "email": "neu@example.org",
            "password1": "Netzwerk-2026!",
            "password2": "Netzwerk-2026!",
            "display_name": "Neu hier",
        },
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neu@example.org"]
    assert message.subject.startswith("[Netzwerk-Formate]")
    link = re.search(r"http://testserver(/konto/confirm-email/[^\s]+)", message.body).group(1)
    assert client.get("/konto/").status_code == 302  # not logged in before confirming

    client.post(link)

    user = User.objects.get(email="neu@example.org")
    assert user.emailaddress_set.get().verified
    assert user.public_name == "Neu hier"
    assert client.get("/konto/").status_code == 200


def test_account_pages_speak_formal_german(client, a_home_page):
    html = client.get("/konto/login/").content.decode()

    assert "Sie haben noch kein Konto bei uns?" in html
    assert not re.search(r"\b(du|Du|dein|Dein)\b", re.sub(r"<[^>]+>", " ", html))


def test_sign_up_with_a_known_address_answers_exactly_like_a_new_one(client, a_reader, a_home_page):
    data = {"password1": "Netzwerk-2026!", "password2": "Netzwerk-2026!", "display_name": "Neu hier"}
    known = client.post("/konto/signup/", {**data, "email": a_reader.email})
    unknown = client.post("/konto/signup/", {**data, "email": "niemand@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert User.objects.filter(email=a_reader.email).count() == 1


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, a_reader, a_home_page):
    known = client.post("/konto/password/reset/", {"email": a_reader.email})
    unknown = client.post("/konto/password/reset/", {"email": "niemand@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_failed_log_in_says_the_same_for_known_and_unknown_addresses(client, a_reader, a_home_page):
    known = client.post("/konto/login/", {"login": a_reader.email, "password": "falsch"})
    unknown = client.post("/konto/login/", {"login": "niemand@example.org", "password": "falsch"})

    def errors(response):
        return re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)

    assert known.status_code == unknown.status_code == 200
    assert errors(known) == errors(unknown) != []


def test_log_in_is_locked_after_five_failures_per_account_even_with_the_right_password(client, a_reader, a_home_page):
    for _ in range(5):
        client.post("/konto/login/", {"login": a_reader.email, "password": "falsch"})

    response = client.post("/konto/login/", {"login": a_reader.email, "password": READER_PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "Zu viele" in response.content.decode()


def test_reader_changes_display_name(client, a_reader, a_home_page):
    client.force_login(a_reader)

    response = client.post("/konto/", {"display_name": "Anna aus Garlstorf"}, follow=True)

    a_reader.refresh_from_db()
    assert a_reader.display_name == "Anna aus Garlstorf"
    assert "Ihr Anzeigename wurde gespeichert." in response.content.decode()


def test_my_account_shows_my_ratings_and_why_one_was_hidden(client, a_reader, a_format_index):
    page = FormatPageFactory(parent=a_format_index, title="Barcamp")
    RatingFactory(reader=a_reader, format_page=page, is_hidden=True, hidden_reason="Werbung für eigene Veranstaltung")
    client.force_login(a_reader)

    html = client.get("/konto/").content.decode()

    assert "Barcamp" in html and "Kontakte 4 · Informationen 3 · Spaß 5" in html
    assert "Grund: Werbung für eigene Veranstaltung" in html


def test_download_my_data_contains_my_ratings_and_nobody_elses(client, a_reader, a_format_index):
    page = FormatPageFactory(parent=a_format_index, title="Serviceclub")
    RatingFactory(reader=a_reader, format_page=page, contacts=5, information=2, fun=4, led_to_business="yes")
    RatingFactory(format_page=page)
    client.force_login(a_reader)

    response = client.get("/konto/daten/")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="netzwerk-formate-daten-')
    data = json.loads(response.content)
    assert data["konto"]["anzeigename"] == a_reader.display_name
    assert data["e_mail_adressen"] == [{"adresse": "anna@example.org", "bestätigt": "Ja", "primär": "Ja"}]
    assert len(data["bewertungen"]) == 1
    rating = data["bewertungen"][0]
    assert (rating["format"], rating["kontakte"], rating["informationen"], rating["spaß"]) == ("Serviceclub", 5, 2, 4)
    assert rating["geschäft"] == "Ja"
    assert rating["url"].startswith("http")


def test_deleting_my_account_removes_my_ratings_from_every_figure(client, a_reader, a_format_index):
    page = FormatPageFactory(parent=a_format_index)
    RatingFactory.create_batch(3, format_page=page, contacts=2)
    RatingFactory(reader=a_reader, format_page=page, contacts=5)
    client.force_login(a_reader)

    wrong = client.post("/konto/loeschen/", {"password": "falsch"})
    assert "Das Passwort ist nicht korrekt." in wrong.content.decode()
    assert User.objects.filter(pk=a_reader.pk).exists()

    response = client.post("/konto/loeschen/", {"password": READER_PASSWORD}, follow=True)

    assert not User.objects.filter(pk=a_reader.pk).exists()
    assert not Rating.objects.filter(reader_id=a_reader.pk).exists()
    assert rating_summary(format_page=page).questions[0].mean == 2
    assert "Ihr Konto und Ihre Bewertungen wurden gelöscht." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_cannot_delete_their_account_themselves(client, a_home_page):
    editor = ReaderFactory(is_staff=True)
    client.force_login(editor)

    client.post("/konto/loeschen/", {"password": READER_PASSWORD})

    assert User.objects.filter(pk=editor.pk).exists()


def test_account_pages_need_a_log_in(client, a_home_page):
    for url in ("/konto/", "/konto/daten/", "/konto/loeschen/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/")


@pytest.mark.django_db
def test_account_emails_also_wait_in_the_task_queue(client, a_home_page, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    client.post(
        "/konto/signup/",
        {
            "email": "spaeter@example.org",
            "password1": "Netzwerk-2026!",
            "password2": "Netzwerk-2026!",
            "display_name": "Neu hier",
        },
    )

    assert mail.outbox == []
    queued = DBTaskResult.objects.get(task_path="mailing.tasks.deliver")
    assert queued.args_kwargs["args"][0]["to"] == ["spaeter@example.org"]


def test_export_and_deletion_cover_comments(client, a_reader, a_blog):
    post = BlogPostPageFactory(parent=a_blog, title="Stammtisch")
    mine = a_comment(post, user=a_reader, text="Mein Erfahrungsbericht")
    answer = a_comment(post, text="Danke dafür!", parent=mine)
    client.force_login(a_reader)

    account = client.get("/konto/").content.decode()
    assert "Meine Kommentare" in account and "Mein Erfahrungsbericht" in account
    exported = json.loads(client.get("/konto/daten/").content)
    assert [c["text"] for c in exported["kommentare"]] == ["Mein Erfahrungsbericht"]
    assert exported["kommentare"][0]["seite"] == "Stammtisch"

    client.post("/konto/loeschen/", {"password": READER_PASSWORD})

    mine = Comment.objects.get(pk=mine.pk)
    assert mine.user is None and mine.user_name == "ehemaliges Mitglied"
    assert mine.user_email == "" and mine.ip_address is None
    html = client.get(post.url).content.decode()
    assert "ehemaliges Mitglied" in html and "Danke dafür!" in html and a_reader.display_name not in html
    assert Comment.objects.filter(pk=answer.pk).exists()


def test_sign_up_needs_a_display_name_and_the_login_never_shows(client, a_home_page):
    response = client.post(
        "/konto/signup/",
        {"email": "max.mustermann@example.org", "password1": "Netzwerk-2026!", "password2": "Netzwerk-2026!"},
    )

    assert response.status_code == 200
    assert "Bitte geben Sie einen Anzeigenamen an." in response.content.decode()
    nameless = ReaderFactory(username="max.mustermann", display_name="", first_name="", last_name="")
    assert nameless.public_name == "Mitglied"
