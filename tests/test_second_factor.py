"""The second factor (allauth's TOTP and recovery codes): required for everyone who publishes or moderates
before any /admin/ page opens, one way in (allauth's log-in, not Wagtail's password form), optional for readers.

Each log-in here goes through the real forms; the code is the one an authenticator app would show, computed by
allauth's own TOTP functions. A code is accepted once, so the clock moves on between two log-ins of one user.
"""

import datetime
import re

from django.contrib.auth.models import Group, Permission
from django.core import mail

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from accounts.models import User
from tests.browser import axe_violations, chromium
from tests.factories import READER_PASSWORD, ReaderFactory
from tests.helpers import authenticator_of, staff_secret, totp_code, totp_code_for, verified

pytestmark = pytest.mark.django_db

LOG_IN = "/konto/login/"
SET_UP = "/konto/2fa/totp/activate/"
CODE_AT_LOG_IN = "/konto/2fa/authenticate/"
CONFIRM_WITH_CODE = "/konto/2fa/reauthenticate/"


def staff(kind):
    """A verified account of one kind that may enter the admin: a moderator, an editor („Redaktion“), a superuser."""
    if kind == "superuser":
        return verified(ReaderFactory(is_superuser=True, is_staff=True))
    user = verified(ReaderFactory())
    group, _ = Group.objects.get_or_create(name=kind)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user.groups.add(group)
    return user


def log_in_with_password(client, user, next_url="/admin/"):
    return client.post(LOG_IN, {"login": user.email, "password": READER_PASSWORD, "next": next_url})


def text_of(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.parametrize("kind", ["Moderatoren", "Redaktion", "superuser"])
def test_without_a_second_factor_no_admin_page_opens_but_the_set_up(client, a_home_page, kind):
    user = staff(kind)
    log_in_with_password(client, user)

    for url in ("/admin/", "/admin/kommentare/", "/admin/pages/", f"/admin/users/edit/{user.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == SET_UP, url

    set_up = client.get(SET_UP, follow=True)
    assert "Zwei-Faktor-Anmeldung" in text_of(set_up)


@pytest.mark.parametrize("kind", ["Moderatoren", "Redaktion", "superuser"])
def test_a_session_that_logged_in_with_the_password_only_is_asked_for_the_code(client, a_home_page, kind):
    user = staff(kind)
    log_in_with_password(client, user)  # before the authenticator app existed
    authenticator_of(user)

    response = client.get("/admin/kommentare/?queue=gemeldet")
    assert response.status_code == 302
    assert response.url == f"{CONFIRM_WITH_CODE}?next=%2Fadmin%2Fkommentare%2F%3Fqueue%3Dgemeldet"
    assert "Code aus Ihrer Authenticator-App" in text_of(client.get(response.url))

    wrong = client.post(CONFIRM_WITH_CODE, {"code": "000000", "next": "/admin/"})
    assert "Falscher Code" in text_of(wrong)
    assert client.get("/admin/").status_code == 302

    confirmed = client.post(CONFIRM_WITH_CODE, {"code": totp_code(user), "next": "/admin/"})
    assert confirmed.status_code == 302 and confirmed.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_moderator_sets_up_the_app_then_logs_in_with_password_and_code_and_reaches_the_admin(client, a_home_page):
    moderator = staff("Moderatoren")
    with time_machine.travel(datetime.datetime(2026, 11, 25, 7, 0, tzinfo=datetime.UTC), tick=False) as clock:
        log_in_with_password(client, moderator)
        assert client.get("/admin/").url == SET_UP

        # allauth asks for the password once more before a factor is added to the account.
        to_confirm = client.get(SET_UP)
        assert to_confirm.url.startswith("/konto/reauthenticate/")
        client.post(to_confirm.url, {"password": READER_PASSWORD})
        page = client.get(SET_UP)
        html = page.content.decode()
        # The QR code is drawn here, as an inline SVG: nothing is fetched from another host.
        assert 'src="data:image/svg+xml;base64,' in html
        secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', html).group(1)
        wrong = client.post(SET_UP, {"code": "123456"})
        assert "Falscher Code" in text_of(wrong)
        assert not Authenticator.objects.filter(user=moderator).exists()

        activated = client.post(SET_UP, {"code": totp_code_for(secret)})
        assert activated.status_code == 302
        assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()
        codes = client.get(activated.url)
        assert "Wiederherstellungscodes" in text_of(codes)
        assert (
            len(RecoveryCodes(Authenticator.objects.get(user=moderator, type="recovery_codes")).get_unused_codes())
            == 10
        )

        client.post("/konto/logout/")
        clock.shift(datetime.timedelta(minutes=5))

        # Password alone: allauth's log-in stops at the code.
        after_password = log_in_with_password(client, moderator, next_url="/admin/kommentare/")
        assert after_password.status_code == 302 and after_password.url == CODE_AT_LOG_IN
        assert client.get("/admin/").status_code == 302
        assert "_auth_user_id" not in client.session

        after_code = client.post(CODE_AT_LOG_IN, {"code": totp_code(moderator)})
        assert after_code.status_code == 302 and after_code.url == "/admin/kommentare/"
        assert client.get("/admin/kommentare/").status_code == 200
        assert client.get("/admin/").status_code == 200


def test_wagtails_log_in_form_is_no_way_around_the_second_factor(client, a_home_page):
    moderator = staff("Moderatoren")
    authenticator_of(moderator)

    shown = client.get("/admin/login/?next=/admin/kommentare/")
    assert shown.status_code == 302 and shown.url == f"{LOG_IN}?next=%2Fadmin%2Fkommentare%2F"
    posted = client.post("/admin/login/", {"username": moderator.username, "password": READER_PASSWORD})
    assert posted.status_code == 302 and posted.url.startswith(LOG_IN)
    assert "_auth_user_id" not in client.session
    # Elsewhere the admin sends guests to the same log-in, and never to another host.
    guest = client.get("/admin/pages/", follow=True)
    assert guest.redirect_chain[-1] == (f"{LOG_IN}?next=%2Fadmin%2Fpages%2F", 302)
    assert client.get("/admin/login/?next=https://example.com/").url == f"{LOG_IN}?next=%2Fadmin%2F"


def test_staff_logging_in_on_the_site_land_in_the_admin_and_readers_in_mein_konto(client, a_reader, a_home_page):
    moderator = staff("Moderatoren")
    authenticator_of(moderator)

    client.post(LOG_IN, {"login": moderator.email, "password": READER_PASSWORD})
    assert client.post(CODE_AT_LOG_IN, {"code": totp_code(moderator)}).url == "/admin/"
    client.post("/konto/logout/")
    assert client.post(LOG_IN, {"login": a_reader.email, "password": READER_PASSWORD}).url == "/konto/"


def test_a_recovery_code_works_once(client, a_home_page):
    moderator = staff("Moderatoren")
    authenticator_of(moderator)
    recovery_code = RecoveryCodes.activate(moderator).get_unused_codes()[0]

    log_in_with_password(client, moderator)
    response = client.post(CODE_AT_LOG_IN, {"code": recovery_code})
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200

    client.post("/konto/logout/")
    log_in_with_password(client, moderator)
    again = client.post(CODE_AT_LOG_IN, {"code": recovery_code})
    assert again.status_code == 200 and "Falscher Code" in text_of(again)
    assert "_auth_user_id" not in client.session


def test_staff_cannot_switch_the_second_factor_off(moderator_client, a_moderator):
    assert "Für Ihr Konto ist sie vorgeschrieben" in text_of(moderator_client.get("/konto/"))
    to_confirm = moderator_client.get("/konto/2fa/totp/deactivate/")
    assert to_confirm.status_code == 302  # allauth asks for the password or a code first
    moderator_client.post(to_confirm.url, {"password": READER_PASSWORD})

    assert "ist die Zwei-Faktor-Anmeldung vorgeschrieben" in text_of(
        moderator_client.get("/konto/2fa/totp/deactivate/")
    )
    response = moderator_client.post("/konto/2fa/totp/deactivate/")
    assert "ist die Zwei-Faktor-Anmeldung vorgeschrieben" in text_of(response)
    assert Authenticator.objects.filter(user=a_moderator, type=Authenticator.Type.TOTP).exists()


def test_a_reader_is_not_forced_but_can_switch_it_on_in_mein_konto(
    client, a_reader, a_format_page, django_capture_on_commit_callbacks
):
    log_in_with_password(client, a_reader, next_url="/konto/")
    assert client.get(a_format_page.url).status_code == 200
    # The admin is not hers: Wagtail turns her away to Mein Konto, with no set-up asked of her.
    turned_away = client.get("/admin/", follow=True)
    assert turned_away.redirect_chain[-1] == ("/konto/", 302)
    assert "nicht die nötige Berechtigung" in text_of(turned_away)

    account = client.get("/konto/")
    assert "Zwei-Faktor-Anmeldung" in text_of(account)
    assert 'href="/konto/2fa/"' in account.content.decode()
    overview = client.get("/konto/2fa/")
    assert "Nicht eingerichtet" in text_of(overview)
    assert f'href="{SET_UP}"' in overview.content.decode()

    to_confirm = client.get(SET_UP)
    assert to_confirm.url.startswith("/konto/reauthenticate/")
    client.post(to_confirm.url, {"password": READER_PASSWORD})
    html = client.get(SET_UP).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', html).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SET_UP, {"code": totp_code_for(secret)})

    assert User.objects.get(pk=a_reader.pk).authenticator_set.filter(type="totp").exists()
    # She hears of it by mail, in case it was not her.
    assert "[Netzwerk-Formate] Authenticator-App aktiviert" in [message.subject for message in mail.outbox]
    assert "Eingerichtet." in text_of(client.get("/konto/2fa/"))
    # And switch it off again: for readers it stays a choice.
    client.post("/konto/2fa/totp/deactivate/")
    assert not Authenticator.objects.filter(user=a_reader, type=Authenticator.Type.TOTP).exists()


@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_chromium_a_moderator_logs_in_with_password_and_code_and_reaches_the_queue(
    live_server, a_home_page, _sync_orm_beside_playwright
):
    moderator = staff("Moderatoren")
    secret = staff_secret(moderator)
    base = live_server.url
    with chromium() as browser:
        # bypass_csp: only so axe-core can be injected; the site itself runs under its policy.
        page = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE", bypass_csp=True).new_page()
        page.goto(f"{base}/admin/kommentare/")
        page.wait_for_url(f"{base}/konto/login/?next=%2Fadmin%2Fkommentare%2F")
        page.fill("#id_login", moderator.email)
        page.fill("#id_password", READER_PASSWORD)
        page.click("main form button[type=submit]")

        page.wait_for_url(f"{base}{CODE_AT_LOG_IN}")
        assert "Authenticator-App" in page.inner_text("main")
        assert axe_violations(page) == []
        page.fill("input[name=code]", totp_code_for(secret))
        page.press("input[name=code]", "Enter")

        page.wait_for_url(f"{base}/admin/kommentare/")
        assert "Kommentare" in page.inner_text("main")
