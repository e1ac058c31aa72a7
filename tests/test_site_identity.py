"""The site knows its name and public address: both Site records, the account mails and the sitemap."""

import io
import re

from django.contrib.sites.models import Site as ContribSite
from django.core import mail
from django.core.management import call_command

from wagtail.models import Site

import pytest

from home.models import HomePage
from tests.factories import READER_PASSWORD, BlogPostPageFactory

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://netzwerk-formate.de"
NEW_PASSWORD = "Netzwerk-2026!"

# both_sites() once configure_site has run with PUBLIC_URL: Wagtail's Site, then Django's.
PUBLIC_SITES = (
    "netzwerk-formate.de",
    443,
    "Netzwerk-Formate",
    "https://netzwerk-formate.de",
    "netzwerk-formate.de",
    "Netzwerk-Formate",
)


def configure_site():
    out = io.StringIO()
    call_command("configure_site", stdout=out)
    return out.getvalue()


def both_sites():
    wagtail_site = Site.objects.get(is_default_site=True)
    contrib_site = ContribSite.objects.get_current()
    return (
        wagtail_site.hostname,
        wagtail_site.port,
        wagtail_site.site_name,
        wagtail_site.root_url,
        contrib_site.domain,
        contrib_site.name,
    )


@pytest.fixture
def public_site(settings, a_home_page):
    """The site as the release step leaves it: its public address differs from the test client's host."""
    settings.WAGTAILADMIN_BASE_URL = PUBLIC_URL
    settings.SITE_NAME = "Netzwerk-Formate"
    configure_site()
    return a_home_page


def html_part(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def assert_site_mail(message):
    """German, formal, names the site, plain text plus HTML in the site's mail layout, no empty placeholder."""
    assert message.subject.startswith("[Netzwerk-Formate] ")
    html = html_part(message)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="de">' in html
    for part in (message.body, html):
        assert "Guten Tag," in part
        assert "Netzwerk-Formate" in part and "netzwerk-formate.de" in part
        assert "Sie" in part
        assert not re.search(r"\b(du|dich|dein|Hello|Thank|You)\b", re.sub(r"<[^>]+>", " ", part))
        assert "von !" not in part and "bei  " not in part and "bei ." not in part
        assert "example.com" not in part
    assert message.body.rstrip().endswith("-- \nNetzwerk-Formate\nnetzwerk-formate.de")


def the_mail():
    assert len(mail.outbox) == 1
    return mail.outbox[0]


# The release step and the demo loader


def test_configure_site_sets_both_site_records_from_the_settings(settings, a_home_page):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC_URL
    settings.SITE_NAME = "Netzwerk-Formate"

    configure_site()

    assert both_sites() == PUBLIC_SITES
    assert Site.objects.get(is_default_site=True).root_page_id == a_home_page.pk


def test_configure_site_keeps_a_port_that_is_not_the_default(settings, a_home_page):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    settings.SITE_NAME = "Netzwerk-Formate (Test)"

    configure_site()

    assert both_sites() == (
        "127.0.0.1",
        8000,
        "Netzwerk-Formate (Test)",
        "http://127.0.0.1:8000",
        "127.0.0.1:8000",
        "Netzwerk-Formate (Test)",
    )


def test_configure_site_is_idempotent(settings, a_home_page):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC_URL

    first = configure_site()
    before = both_sites()
    second = configure_site()

    assert "eingerichtet" in first
    assert "unverändert" in second
    assert both_sites() == before
    assert Site.objects.count() == ContribSite.objects.count() == 1


def test_configure_site_follows_a_changed_address(settings, a_home_page):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC_URL
    configure_site()
    settings.WAGTAILADMIN_BASE_URL = "https://www.netzwerk-formate.de/"

    configure_site()

    assert both_sites()[3:5] == ("https://www.netzwerk-formate.de", "www.netzwerk-formate.de")


def test_demo_loader_sets_both_site_records(settings, monkeypatch):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC_URL
    settings.SITE_NAME = "Netzwerk-Formate"
    monkeypatch.setenv("DEMO_AUTHOR_PASSWORD", "ein-langes-demo-passwort")

    call_command("load_demo_content", stdout=io.StringIO())

    assert isinstance(Site.objects.get(is_default_site=True).root_page.specific, HomePage)
    assert both_sites() == PUBLIC_SITES

    # A demo site loaded before takes on the address configured now, and stays the only site.
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    call_command("load_demo_content", stdout=io.StringIO())

    assert both_sites()[3:5] == ("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert Site.objects.count() == 1


# Account mails, requested through allauth's pages under /konto/


def test_sign_up_confirmation_mail(client, public_site):
    client.post(
        "/konto/signup/",
        {"email": "neu@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "display_name": "Neu"},
    )

    message = the_mail()
    assert_site_mail(message)
    assert "Registrierung bei Netzwerk-Formate" in message.body
    link = re.search(r"https?://\S+/konto/confirm-email/\S+", message.body).group(0)
    assert f'href="{link}"' in html_part(message)


def test_sign_up_with_a_known_address_mail(client, public_site, a_reader):
    client.post(
        "/konto/signup/",
        {"email": a_reader.email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "display_name": "Neu"},
    )

    message = the_mail()
    assert_site_mail(message)
    assert "bereits ein Konto" in message.body
    assert re.search(r"https?://\S+/konto/password/reset/", message.body)


def test_password_reset_mail(client, public_site, a_reader):
    client.post("/konto/password/reset/", {"email": a_reader.email})

    message = the_mail()
    assert message.to == [a_reader.email]
    assert_site_mail(message)
    assert "neues Passwort" in message.body
    link = re.search(r"https?://\S+/konto/password/reset/key/\S+", message.body).group(0)
    assert f'href="{link}"' in html_part(message)
    assert a_reader.username not in message.body  # readers log in with their address; the login never shows


def test_password_reset_mail_for_an_unknown_address(client, public_site):
    client.post("/konto/password/reset/", {"email": "niemand@example.org"})

    message = the_mail()
    assert_site_mail(message)
    assert "kein Konto registriert" in message.body
    assert re.search(r"https?://\S+/konto/signup/", message.body)


def test_confirmation_mail_for_another_address(client, public_site, a_reader):
    client.force_login(a_reader)

    client.post("/konto/email/", {"action_add": "", "email": "anna.neu@example.org"})

    message = the_mail()
    assert message.to == ["anna.neu@example.org"]
    assert_site_mail(message)
    assert "anna.neu@example.org" in message.body


def test_password_changed_notice(client, public_site, a_reader, settings):
    # allauth sends notices only with this setting; the templates are ready for it.
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    client.force_login(a_reader)

    client.post(
        "/konto/password/change/",
        {"oldpassword": READER_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    message = the_mail()
    assert_site_mail(message)
    assert "Ihr Passwort wurde geändert." in message.body
    assert "Uhr" in message.body


# The sitemap


def test_sitemap_names_the_public_host_whatever_host_serves_it(client, public_site, a_blog):
    post = BlogPostPageFactory(parent=a_blog, title="Stammtisch")

    for host in ("testserver", "127.0.0.1"):
        response = client.get("/sitemap.xml", headers={"host": host})

        assert response.status_code == 200
        locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
        assert "https://netzwerk-formate.de/" in locations
        assert f"https://netzwerk-formate.de{post.url}" in locations
        assert all(location.startswith("https://netzwerk-formate.de/") for location in locations)
