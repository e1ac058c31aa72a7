"""Twenty readers posting at the same moment through the running site: every submission stored exactly once."""

import threading
import urllib.error
import urllib.parse
import urllib.request

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings
from django.utils.crypto import get_random_string

import pytest

from discussion.forms import CommentForm
from discussion.models import Comment
from formats.models import Rating
from tests.factories import FormatPageFactory, ReaderFactory
from tests.processes import (
    current_database_url,
    free_port,
    manage,
    prepare_database_cache,
    production_env,
    start_gunicorn,
    wait_for_http,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLIENTS = 20


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def logged_in_cookie(user):
    """A real session for the reader, as a log-in would create it, plus a CSRF secret."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf = get_random_string(32)
    return f"sessionid={session.session_key}; csrftoken={csrf}", csrf


@pytest.fixture
def web_server(tmp_path):
    """Gunicorn with the production settings on the test database, as the Procfile runs it (2 workers)."""
    env = production_env(
        DATABASE_URL=current_database_url(),
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_SSL_REDIRECT="false",
        COMMENT_RATE_LIMIT="1000",  # one loopback address stands for all twenty clients here
        CLIENT_REQUEST_LIMITS="",
    )
    prepare_database_cache()
    assert manage("collectstatic", "--noinput", env=env).returncode == 0
    port = free_port()
    log = open(tmp_path / "web.log", "w")  # noqa: SIM115 - closed after the server
    server = start_gunicorn(port, env, log, workers=2)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz/live")
        yield f"http://127.0.0.1:{port}", env["SECRET_KEY"]
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_twenty_concurrent_comments_and_ratings_are_each_stored_once(web_server, a_format_index):
    base_url, server_secret = web_server
    page = FormatPageFactory(parent=a_format_index, title="Unter Last")
    readers = ReaderFactory.create_batch(CLIENTS)
    requests = []
    # Signatures (comment form, session auth hash) must be made with the server's secret.
    with override_settings(SECRET_KEY=server_secret):
        security = CommentForm(page).generate_security_data()
        cookies = [logged_in_cookie(reader) for reader in readers]
    for n, (cookie, csrf) in enumerate(cookies):
        comment = {**security, "comment": f"Kommentar Nummer {n}", "csrfmiddlewaretoken": csrf}
        rating = {"contacts": str(1 + n % 5), "information": "3", "fun": "4", "csrfmiddlewaretoken": csrf}
        requests.append((f"/kommentare/{page.pk}/", comment, cookie))
        requests.append((f"/bewertung/{page.pk}/", rating, cookie))

    statuses, barrier = [], threading.Barrier(len(requests))
    opener = urllib.request.build_opener(NoRedirect)

    def send(path, data, cookie):
        request = urllib.request.Request(  # noqa: S310 - the live server on loopback
            base_url + path, data=urllib.parse.urlencode(data).encode(), headers={"Cookie": cookie}
        )
        barrier.wait()
        try:
            with opener.open(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            # 302 is the answer for a stored submission: back to the page, not to the log-in.
            went_to_login = "/konto/login/" in (error.headers.get("Location") or "")
            statuses.append(error.code if not went_to_login else "log-in")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            statuses.append(repr(error))

    threads = [threading.Thread(target=send, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses == [302] * len(requests)
    assert Comment.objects.filter(object_pk=str(page.pk), is_public=True).count() == CLIENTS
    assert sorted(Comment.objects.values_list("comment", flat=True)) == sorted(
        f"Kommentar Nummer {n}" for n in range(CLIENTS)
    )
    assert Rating.objects.filter(format_page=page).count() == CLIENTS
    assert Rating.objects.values("reader").distinct().count() == CLIENTS
