"""Mein Konto as a reader uses it: the emails she gets and how to end them, her data in German,
signing up from a page and coming back to it, and one spelling of "E-Mail"."""

import json
import re
from urllib.parse import parse_qs, urlsplit

from django.core import mail
from django.test import Client

import pytest

from accounts.models import User
from discussion.models import Comment, PageSubscription
from tests.factories import FormatPageFactory, RatingFactory, ReaderFactory, a_comment
from tests.helpers import verified

pytestmark = pytest.mark.django_db

# What else readers meet for "E-Mail": any of these in visible text is a slip.
OTHER_SPELLINGS = re.compile(r"\b(Email|EMail|eMail|E-mail|e-mail|Emails|E-mails)\b")


@pytest.fixture
def anna():
    return verified(ReaderFactory(email="anna@example.org", display_name="Anna aus Hamburg"))


@pytest.fixture
def bernd():
    return verified(ReaderFactory(email="bernd@example.org", display_name="Bernd"))


def visible_text(html):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


# Followed pages and reply subscriptions


def test_my_account_lists_the_pages_i_follow_and_the_threads_whose_replies_i_get(client, anna, a_post):
    PageSubscription.objects.create(page=a_post, email=anna.email, user=anna)
    mine = a_comment(a_post, user=anna, text="Beim Stammtisch kenne ich alle schon.")
    Comment.objects.filter(pk=mine.pk).update(followup=True)
    client.force_login(anna)

    html = client.get("/konto/").content.decode()

    section = html[html.index('id="benachrichtigungen"') :]
    assert "Seiten, denen Sie folgen" in section
    assert f'href="{a_post.url}"' in section
    assert "Antworten auf Ihre Kommentare" in section
    assert f'href="/kommentare/zeigen/{mine.pk}/"' in section
    assert "Beim Stammtisch kenne ich alle schon." in section
    subscription = PageSubscription.objects.get()
    assert f'action="/konto/abos/seite/{subscription.pk}/beenden/"' in section
    assert f'action="/konto/abos/antworten/{mine.thread_id}/beenden/"' in section
    assert section.count('name="csrfmiddlewaretoken"') >= 2


def test_without_subscriptions_my_account_says_how_to_get_them(client, anna, a_home_page):
    client.force_login(anna)

    text = visible_text(client.get("/konto/").content.decode())

    assert "Sie folgen keiner Seite." in text
    assert "Sie erhalten keine E-Mails zu Antworten." in text


def test_ending_a_page_subscription_says_so_in_german_and_a_second_click_changes_nothing(client, anna, a_post):
    subscription = PageSubscription.objects.create(page=a_post, email=anna.email, user=anna)
    client.force_login(anna)
    url = f"/konto/abos/seite/{subscription.pk}/beenden/"

    first = client.post(url, follow=True)
    again = client.post(url, follow=True)

    assert not PageSubscription.objects.exists()
    assert first.redirect_chain[-1][0] == "/konto/#benachrichtigungen"
    assert messages_of(first) == ["Sie erhalten keine E-Mails mehr zu neuen Kommentaren auf „Der Stammtisch“."]
    assert again.status_code == 200
    assert messages_of(again) == ["Dieses Abo besteht nicht mehr."]


def test_ending_reply_emails_stops_them_for_all_my_comments_in_that_thread_only(client, anna, bernd, a_post):
    thread = a_comment(a_post, user=anna, text="Erster Gedanke")
    reply = a_comment(a_post, user=anna, text="Nachtrag", parent=a_comment(a_post, text="Frage", parent=thread))
    other_thread = a_comment(a_post, user=anna, text="Anderes Thema")
    Comment.objects.filter(pk__in=[thread.pk, reply.pk, other_thread.pk]).update(followup=True)
    client.force_login(anna)
    url = f"/konto/abos/antworten/{thread.thread_id}/beenden/"

    first = client.post(url, follow=True)
    again = client.post(url, follow=True)

    assert set(Comment.objects.filter(followup=True).values_list("pk", flat=True)) == {other_thread.pk}
    assert messages_of(first) == [
        "Sie erhalten keine E-Mails mehr zu Antworten auf Ihren Kommentar zu „Der Stammtisch“."
    ]
    assert messages_of(again) == ["Dieses Abo besteht nicht mehr."]


def test_nobody_can_end_someone_elses_subscriptions_by_guessing_ids(client, anna, bernd, a_post):
    """IDOR: the ids are in the HTML of their owner's page; anyone else's POST ends nothing and
    answers exactly as for an id that does not exist."""
    subscription = PageSubscription.objects.create(page=a_post, email=bernd.email, user=bernd)
    bernds = a_comment(a_post, user=bernd, text="Bernds Frage")
    Comment.objects.filter(pk=bernds.pk).update(followup=True)
    client.force_login(anna)

    for url in (f"/konto/abos/seite/{subscription.pk}/beenden/", f"/konto/abos/antworten/{bernds.thread_id}/beenden/"):
        response = client.post(url, follow=True)
        assert messages_of(response) == ["Dieses Abo besteht nicht mehr."]
    unknown = client.post("/konto/abos/seite/999999/beenden/", follow=True)

    assert messages_of(unknown) == ["Dieses Abo besteht nicht mehr."]
    assert PageSubscription.objects.filter(pk=subscription.pk).exists()
    assert Comment.objects.get(pk=bernds.pk).followup
    html = client.get("/konto/").content.decode()
    assert "Bernds Frage" not in html and f"/konto/abos/seite/{subscription.pk}/" not in html


def test_a_guest_subscription_under_my_verified_address_is_mine_to_end(client, anna, a_post):
    """Written as a guest before signing up, with the address she has since confirmed."""
    as_guest = a_comment(a_post, text="Noch ohne Konto", name="Anna", email="ANNA@example.org")
    Comment.objects.filter(pk=as_guest.pk).update(followup=True)
    client.force_login(anna)

    assert "Noch ohne Konto" in client.get("/konto/").content.decode()
    client.post(f"/konto/abos/antworten/{as_guest.thread_id}/beenden/")

    assert not Comment.objects.get(pk=as_guest.pk).followup


def test_ending_needs_a_post_with_a_csrf_token_and_a_log_in(anna, bernd, a_post):
    subscription = PageSubscription.objects.create(page=a_post, email=anna.email, user=anna)
    url = f"/konto/abos/seite/{subscription.pk}/beenden/"
    guest, strict = Client(), Client(enforce_csrf_checks=True)
    strict.force_login(anna)
    plain = Client()
    plain.force_login(anna)

    assert guest.post(url).status_code == 302 and "/konto/login/" in guest.post(url)["Location"]
    assert strict.post(url).status_code == 403
    assert plain.get(url).status_code == 405
    assert PageSubscription.objects.filter(pk=subscription.pk).exists()


# The data export in German


def test_my_data_export_speaks_german_not_codes(client, anna, a_format_index, a_post):
    page = FormatPageFactory(parent=a_format_index, title="Serviceclub")
    RatingFactory(
        reader=anna, format_page=page, second_degree=True, led_to_business="not_yet", attendance="2-5", is_hidden=False
    )
    PageSubscription.objects.create(page=a_post, email=anna.email, user=anna)
    mine = a_comment(a_post, user=anna, text="Mein Bericht")
    Comment.objects.filter(pk=mine.pk).update(followup=True)
    client.force_login(anna)

    data = json.loads(client.get("/konto/daten/").content)

    assert data["e_mail_adressen"] == [{"adresse": "anna@example.org", "bestätigt": "Ja", "primär": "Ja"}]
    rating = data["bewertungen"][0]
    assert rating["kontakte_zweiten_dritten_grades"] == "Ja"
    assert rating["geschäft"] == "Noch nicht"
    assert rating["besuche"] == "2- bis 5-mal"
    assert rating["ausgeblendet"] == "Nein"
    assert re.fullmatch(r"\d{1,2}\. [A-ZÄÖÜ][a-zä]+ \d{4}, \d{2}:\d{2} Uhr", rating["bewertet_am"])
    assert re.fullmatch(r"\d{1,2}\. [A-ZÄÖÜ][a-zä]+ \d{4}, \d{2}:\d{2} Uhr", data["konto"]["registriert_am"])
    comment = data["kommentare"][0]
    assert (comment["öffentlich"], comment["benachrichtigung_bei_antworten"]) == ("Ja", "Ja")
    assert comment["bearbeitet_am"] is None
    assert data["seiten_abos"][0]["seite"] == "Der Stammtisch"
    assert data["seiten_abos"][0]["url"].endswith(a_post.url)
    raw = client.get("/konto/daten/").content.decode()
    assert not re.search(r":\s*(true|false)\b", raw)
    assert '"not_yet"' not in raw and '"2-5"' not in raw


def test_unanswered_facts_read_keine_angabe(client, anna, a_format_index):
    RatingFactory(reader=anna, format_page=FormatPageFactory(parent=a_format_index))
    client.force_login(anna)

    rating = json.loads(client.get("/konto/daten/").content)["bewertungen"][0]

    assert rating["kontakte_zweiten_dritten_grades"] == "keine Angabe"
    assert rating["geschäft"] == "keine Angabe" and rating["besuche"] == "keine Angabe"


# Signing up from a page, and coming back to it


def test_guests_find_registrieren_beside_anmelden_leading_back_to_the_page(client, a_post):
    html = client.get(a_post.url).content.decode()

    header = html[html.index('class="site-nav__list site-nav__account"') :]
    header = header[: header.index("</ul>")]
    assert f'href="/konto/login/?next={a_post.url.replace("/", "%2F")}"' in header
    assert f'href="/konto/signup/?next={a_post.url.replace("/", "%2F")}">Registrieren</a>' in header


def test_account_pages_send_nobody_back_to_themselves(client, a_home_page):
    html = client.get("/konto/login/").content.decode()

    assert 'href="/konto/signup/">Registrieren</a>' in html


def sign_up_from(client, page_url, email="neu@example.org"):
    signup = client.get(f"/konto/signup/?next={page_url}")
    assert f'name="next" value="{page_url}"' in signup.content.decode()
    response = client.post(
        "/konto/signup/",
        {
            "email": email,
            "password1": "Netzwerk-2026!",
            "password2": "Netzwerk-2026!",
            "display_name": "Neu hier",
            "next": page_url,
        },
    )
    assert response.status_code == 302
    return re.search(r"http://testserver(/konto/confirm-email/\S+)", mail.outbox[-1].body).group(1)


def confirm(client, link):
    """What the reader does with the mailed link: open it, then press the button on that page."""
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    action = re.search(r'<form method="post"\s+action="([^"]+)"', html).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    return client.post(action, fields)


def test_confirming_the_sign_up_in_the_same_browser_logs_in_and_returns_to_the_page(client, a_post):
    link = sign_up_from(client, a_post.url)
    assert parse_qs(urlsplit(link).query)["next"] == [a_post.url]

    response = confirm(client, link)

    assert response.status_code == 302 and response["Location"] == a_post.url
    assert User.objects.get(email="neu@example.org").emailaddress_set.get().verified
    page = client.get(a_post.url).content.decode()
    assert "Mein Konto" in page and "Registrieren" not in page


def test_confirming_in_another_browser_asks_for_the_log_in_and_then_returns_to_the_page(client, a_post):
    link = sign_up_from(client, a_post.url)
    mail_app = Client()

    response = confirm(mail_app, link)

    assert response.status_code == 302
    assert response["Location"] == f"/konto/login/?next={a_post.url.replace('/', '%2F')}"
    logged_in = mail_app.post(
        response["Location"], {"login": "neu@example.org", "password": "Netzwerk-2026!", "next": a_post.url}
    )
    assert logged_in.status_code == 302 and logged_in["Location"] == a_post.url


def test_a_sign_up_without_a_page_to_return_to_still_lands_in_my_account(client, a_home_page):
    client.post(
        "/konto/signup/",
        {
            "email": "neu@example.org",
            "password1": "Netzwerk-2026!",
            "password2": "Netzwerk-2026!",
            "display_name": "N",
        },
    )
    link = re.search(r"http://testserver(/konto/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    assert "?" not in link

    assert confirm(client, link)["Location"] == "/konto/"


def test_a_foreign_next_is_dropped_from_the_mailed_link(client, a_home_page):
    client.post(
        "/konto/signup/",
        {
            "email": "neu@example.org",
            "password1": "Netzwerk-2026!",
            "password2": "Netzwerk-2026!",
            "display_name": "N",
            "next": "https://evil.example/",
        },
    )

    assert "evil" not in mail.outbox[-1].body


# One spelling of "E-Mail"


def test_every_account_page_and_mail_spells_e_mail_alike(client, anna, a_post):
    guest_pages = ["/konto/login/", "/konto/signup/", "/konto/password/reset/", a_post.url, "/feeds/"]
    for url in guest_pages:
        text = visible_text(client.get(url).content.decode())
        assert not OTHER_SPELLINGS.search(text), (url, OTHER_SPELLINGS.search(text))
    link = sign_up_from(client, a_post.url)
    confirm_page = visible_text(client.get(link).content.decode())
    assert "E-Mail-Adresse bestätigen" in confirm_page and not OTHER_SPELLINGS.search(confirm_page)
    for message in mail.outbox:
        assert not OTHER_SPELLINGS.search(message.subject + message.body), message.subject

    client.force_login(anna)
    for url in ["/konto/", "/konto/email/", "/konto/password/change/", "/konto/loeschen/"]:
        text = visible_text(client.get(url).content.decode())
        assert not OTHER_SPELLINGS.search(text), (url, OTHER_SPELLINGS.search(text))
    assert "E-Mail-Adresse ändern" in visible_text(client.get("/konto/email/").content.decode())
