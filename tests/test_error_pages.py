"""Every error page speaks German, wears the site's layout with the legal links and the security
headers, and carries the request's id; a server error reaches the operators through the task queue."""

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from wagtail.models import Site

import pytest
from django_tasks import default_task_backend

import urls as site_urls
from home.models import LegalPages
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


# This module doubles as the URLconf of the tests below that need a view that fails.
def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("Absichtlich kaputt")


# The site's own error handlers (Django's defaults where the site has none).
handler400, handler403, handler404, handler500 = (
    getattr(site_urls, f"handler{code}", None) for code in (400, 403, 404, 500)
)
urlpatterns = [
    path("test/verboten/", forbidden),
    path("test/kaputt/", broken),
    *site_urls.urlpatterns,
]


@pytest.fixture
def legal_pages(a_home_page):
    imprint = StandardPageFactory(parent=a_home_page, title="Impressum", slug="impressum")
    privacy = StandardPageFactory(parent=a_home_page, title="Datenschutz", slug="datenschutz")
    LegalPages.objects.create(site=Site.objects.get(is_default_site=True), imprint=imprint, privacy=privacy)


@pytest.fixture
def queued_tasks(settings):
    """Tasks are kept, not run: a mail queued in the request is visible, and nothing was sent."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    return default_task_backend.results


def assert_error_page(response, status, heading, *, site_root=""):
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert heading in html
    assert 'class="site-header"' in html and "/static/css/site.css" in html
    assert f'href="{site_root}/impressum/">Impressum</a>' in html
    assert f'href="{site_root}/datenschutz/">Datenschutz</a>' in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(response["X-Request-ID"]) >= 16
    return html


def test_a_refused_host_header_gets_the_german_400_twin_without_touching_the_database(
    client, legal_pages, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/", headers={"host": "boese.example"})

    html = assert_error_page(response, 400, "Ungültige Anfrage", site_root="http://testserver")
    # The refused host builds no link: every link leads to the site's own address.
    assert "boese.example" not in html


def test_a_nul_byte_gets_the_german_400_page_with_the_security_headers(client, legal_pages):
    response = client.get("/suche/", {"q": "a\x00b"})

    assert_error_page(response, 400, "Ungültige Anfrage")


def test_permission_denied_gets_the_german_403_page(client, legal_pages, settings):
    settings.ROOT_URLCONF = __name__

    response = client.get("/test/verboten/")

    assert_error_page(response, 403, "Kein Zugriff")


def test_a_failed_csrf_check_gets_a_german_403_that_explains_what_to_do(legal_pages):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/konto/login/", {"login": "anna@example.org", "password": "x"})

    html = assert_error_page(response, 403, "Sicherheitsprüfung fehlgeschlagen")
    assert "Cookies" in html and "CSRF verification failed" not in html


def test_unknown_page_gets_the_german_404_page(client, legal_pages):
    response = client.get("/gibt-es-nicht/")

    assert_error_page(response, 404, "Seite nicht gefunden")


def test_a_view_that_refuses_the_method_gets_a_german_405_body(client, legal_pages):
    response = client.post("/healthz/live")

    assert_error_page(response, 405, "Anfrageart nicht erlaubt")
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("url", ["/", "/suche/", "/feeds/beitraege/rss/", "/konto/login/", "/healthz/live"])
@pytest.mark.parametrize("method", ["TRACE", "CONNECT"])
def test_trace_and_connect_answer_405_everywhere(client, legal_pages, url, method):
    response = client.generic(method, url)

    assert_error_page(response, 405, "Anfrageart nicht erlaubt")
    assert method not in response["Allow"]


def test_too_many_requests_gets_the_german_429_page_with_the_security_headers(client, legal_pages, settings):
    settings.CLIENT_REQUEST_LIMITS = [(1, 60)]
    client.get("/suche/")

    response = client.get("/suche/")

    assert_error_page(response, 429, "Zu viele Anfragen")


def test_a_server_error_shows_its_number_and_queues_a_mail_to_the_admins(legal_pages, settings, queued_tasks):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = [("Betrieb", "betrieb@example.org")]
    client = Client(raise_request_exception=False)

    response = client.get("/test/kaputt/")

    html = assert_error_page(response, 500, "Da ist etwas schiefgegangen")
    request_id = response["X-Request-ID"]
    assert f"Fehlernummer: {request_id}" in html
    assert "Unser Team wurde benachrichtigt" in html
    # Queued, not sent in the request; to the admins, with the traceback and the request's id.
    assert mail.outbox == []
    (task,) = queued_tasks
    (message,) = task.args
    assert message["to"] == ["betrieb@example.org"]
    assert "Internal Server Error: /test/kaputt/" in message["subject"]
    assert request_id in message["text"] and "Absichtlich kaputt" in message["text"]
    assert message["headers"]["X-Request-ID"] == request_id


def test_without_admins_the_500_page_claims_no_notification(legal_pages, settings, queued_tasks):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = []
    client = Client(raise_request_exception=False)

    response = client.get("/test/kaputt/")

    html = assert_error_page(response, 500, "Da ist etwas schiefgegangen")
    assert "benachrichtigt" not in html
    assert f"Fehlernummer: {response['X-Request-ID']}" in html
    assert queued_tasks == []


def test_the_500_page_renders_when_the_database_is_gone(a_home_page, settings, queued_tasks, django_db_blocker):
    settings.ADMINS = [("Betrieb", "betrieb@example.org")]
    client = Client(raise_request_exception=False)

    # Every query raises, as in a database outage.
    with django_db_blocker.block():
        response = client.get("/")

    html = assert_error_page(response, 500, "Da ist etwas schiefgegangen")
    assert f"Fehlernummer: {response['X-Request-ID']}" in html
    assert len(queued_tasks) == 1


def test_every_response_carries_its_own_request_id(client, a_home_page):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]

    assert first and second and first != second
