"""Hostile input anywhere gives a clear answer, never a 500, never stored HTML."""

import pytest

from discussion.models import Comment
from formats.models import Rating
from tests.factories import BlogPostPageFactory, FormatPageFactory, ReaderFactory, a_comment

pytestmark = pytest.mark.django_db

XSS = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
HOSTILE_VALUES = [XSS, "x" * 20000, "-1", "0", "99999999999999999999999", "1e9", "%00", "\x00", "ä" * 500]


@pytest.fixture
def content(a_blog, a_format_index):
    post = BlogPostPageFactory(parent=a_blog, title="Beitrag")
    page = FormatPageFactory(parent=a_format_index, title="Format")
    comment = a_comment(post, text="Kommentar")
    return post, page, comment


# One spec per address, so the workers share its 432 requests; "post" and "page" stand for the content's own.
@pytest.mark.parametrize(
    "url", ["/", "/blog/", "post", "/formate/", "page", "/formate/vergleichen/", "/suche/", "/feeds/beitraege/rss/"]
)
def test_hostile_query_parameters_never_cause_a_server_error(client, content, a_home_page, url):
    post, page, comment = content
    url = {"post": post.url, "page": page.url}.get(url, url)
    parameters = ["seite", "kommentarseite", "kommentare", "sortierung", "q", "format"]
    for name in parameters:
        for value in HOSTILE_VALUES:
            response = client.get(url, {name: value})
            assert response.status_code in (200, 400, 404), (url, name, value[:30], response.status_code)
            assert b"<script>alert(1)</script>" not in response.content


def test_invalid_utf8_in_the_query_string_is_handled(client, content):
    post, _page, _comment = content

    for url in (post.url, "/suche/", "/formate/"):
        response = client.get(url, QUERY_STRING="q=%ff%fe%fd&seite=%c3%28")
        assert response.status_code in (200, 400), url


def test_wrong_methods_are_refused_cleanly(client, content):
    post, page, comment = content
    assert client.get(f"/bewertung/{page.pk}/").status_code == 405
    assert client.get(f"/kommentare/{post.pk}/").status_code == 405
    assert client.put(f"/kommentare/antworten/{comment.pk}/").status_code == 405
    assert client.delete("/suche/").status_code == 405
    assert client.post("/healthz/live").status_code == 405
    assert client.post("/feeds/beitraege/rss/").status_code in (200, 405)


def test_overlong_and_hostile_form_fields_store_nothing(client, content):
    post, page, _comment = content
    reader = ReaderFactory()
    client.force_login(reader)
    before = Comment.objects.count()

    for data in (
        {"comment": "x" * 10000},
        {"comment": XSS, "security_hash": XSS, "timestamp": "-1"},
        {"comment": "ok", "content_type": "auth.user", "object_pk": "1"},
    ):
        assert client.post(f"/kommentare/{post.pk}/", data).status_code == 400
    for data in (
        {"contacts": XSS, "information": "3", "fun": "3"},
        {"contacts": "1e9", "information": "3", "fun": "3"},
    ):
        assert client.post(f"/bewertung/{page.pk}/", data).status_code == 400

    assert Comment.objects.count() == before and not Rating.objects.exists()
    client.post("/konto/", {"display_name": "x" * 500})
    reader.refresh_from_db()
    assert len(reader.display_name) <= 60
