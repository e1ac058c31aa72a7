"""A Redis that accepts connections but never answers: after the first timeout the site stops
asking it for a while (a circuit breaker), serves from the database, logs one warning per interval
and reports the degraded cache on the readiness probe, while liveness stays plain "ok"."""

import datetime
import logging
import socket
import threading

from django.test import Client

import pytest
import time_machine

from blog.models import BlogPostPage
from discussion.models import Comment
from settings.base import redis_cache
from tests.factories import BlogPostPageFactory, FormatPageFactory, ReaderFactory
from tests.helpers import post_comment

pytestmark = pytest.mark.django_db


class SilentServer:
    """Listens on loopback, accepts every connection and never sends a byte."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        # shutdown() wakes the blocked accept(), close() alone does not: no connection is accepted
        # after the ones closed here (one left open warns in a later spec, when it is collected).
        self.sock.shutdown(socket.SHUT_RDWR)
        self._acceptor.join(timeout=5)
        self.sock.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def silent_redis(settings):
    server = SilentServer()
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{server.port}/0")}
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHE_CIRCUIT_BREAKER_SECONDS = 30
    yield server
    server.close()


@pytest.fixture
def pages(a_home_page, a_blog, a_format_index):
    post = BlogPostPageFactory(parent=a_blog, title="Trotz stummem Redis")
    page = FormatPageFactory(parent=a_format_index, title="Barcamp")
    return ["/", a_blog.url, post.url, a_format_index.url, page.url]


def warnings_of(caplog):
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_after_the_first_timeout_pages_come_from_the_database_without_asking_redis(silent_redis, pages, caplog):
    # Publishing the pages above already asked Redis once, timed out and opened the breaker.
    assert len(silent_redis.connections) == 1
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            for url in pages:
                response = Client().get(url)
                assert response.status_code == 200, url
                assert response.get("X-Page-Cache") != "hit"

    # Every call since was answered by the breaker, without a connection and without a log line.
    assert len(silent_redis.connections) == 1
    assert warnings_of(caplog) == []


def test_a_comment_is_accepted_and_the_log_holds_one_warning_per_interval(silent_redis, pages, caplog):
    reader = Client()
    reader.force_login(ReaderFactory())
    post = BlogPostPage.objects.get(title="Trotz stummem Redis")
    post_url = post.url

    with caplog.at_level(logging.WARNING), time_machine.travel(datetime.datetime.now(tz=datetime.UTC)) as clock:
        assert post_comment(reader, post, comment="Redis schweigt, ich nicht").status_code == 302
        assert reader.get(post_url).status_code == 200
        assert warnings_of(caplog) == []

        clock.shift(datetime.timedelta(seconds=31))
        assert reader.get(post_url).status_code == 200
        assert reader.get(post_url).status_code == 200

    # Past the interval Redis is asked once more, fails once more, and is left alone again.
    assert len(silent_redis.connections) == 2
    (warning,) = warnings_of(caplog)
    assert "Redis cache failed" in warning.getMessage() and warning.exc_info is None
    assert Comment.objects.filter(is_public=True, comment="Redis schweigt, ich nicht").count() == 1


def test_readiness_reports_the_degraded_cache_and_liveness_stays_plain(client, silent_redis):
    ready = client.get("/healthz/ready")

    assert ready.status_code == 200
    assert ready.json() == {"database": "ok", "cache": "degraded"}
    assert client.get("/healthz/live").content == b"ok"


def test_readiness_with_a_working_cache(client, db):
    ready = client.get("/healthz/ready")

    assert ready.status_code == 200 and ready.json() == {"database": "ok", "cache": "ok"}
    assert ready["Cache-Control"].startswith("max-age=0")
