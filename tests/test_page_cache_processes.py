"""Two web processes on one database: a comment accepted through one shows on the page the other serves."""

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest

from discussion.models import Comment
from tests.factories import BlogPostPageFactory
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


def test_invalidation_reaches_every_web_process(a_blog, tmp_path):
    post = BlogPostPageFactory(parent=a_blog, title="Zwei Prozesse")
    prepare_database_cache()
    env = production_env(
        DATABASE_URL=current_database_url(),
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
    )
    assert manage("collectstatic", "--noinput", env=env).returncode == 0
    log = open(tmp_path / "servers.log", "w")  # noqa: SIM115 - closed after the servers
    port_a, port_b = free_port(), free_port()
    servers = [start_gunicorn(port_a, env, log), start_gunicorn(port_b, env, log)]
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(port, path):
        with opener.open(f"http://127.0.0.1:{port}{path}", timeout=10) as response:  # noqa: S310 - loopback
            return response.headers.get("X-Page-Cache"), response.read().decode()

    def submit(port, path, data):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback
            f"http://127.0.0.1:{port}{path}", data=body, headers={"Referer": f"http://127.0.0.1:{port}{path}"}
        )
        with opener.open(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status

    def hidden_fields(html):
        form = html[html.index('class="form comment-form__form"') :]
        return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))

    try:
        wait_for_http(f"http://127.0.0.1:{port_a}/healthz/live")
        wait_for_http(f"http://127.0.0.1:{port_b}/healthz/live")
        get(port_b, post.url)
        state, _ = get(port_b, post.url)
        assert state == "hit"

        # A guest comments and confirms through server A ...
        _state, html = get(port_a, post.url)
        fields = {
            **hidden_fields(html),
            "name": "Gast",
            "email": "gast@example.org",
            "comment": "Über Prozesse hinweg",
        }
        assert submit(port_a, f"/kommentare/{post.pk}/", fields) == 200  # redirect followed
        token = Comment.objects.get().confirmation_token
        _state, confirm_page = get(port_a, f"/kommentare/bestaetigen/{token}/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm_page).group(1)
        submit(port_a, f"/kommentare/bestaetigen/{token}/", {"csrfmiddlewaretoken": csrf})
        assert Comment.objects.get().is_public

        # ... and server B's cached page shows it at once.
        state, html = get(port_b, post.url)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        log.close()

    assert state == "miss", (tmp_path / "servers.log").read_text()
    assert "Über Prozesse hinweg" in html
