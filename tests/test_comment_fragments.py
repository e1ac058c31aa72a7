"""Rendered threads are cached by what they show: unchanged threads are reused, changed ones re-rendered,
and each signed-in reader's forms carry their own CSRF token."""

import re

from django.test import Client

import pytest

from discussion.models import Comment
from pagecache.cache import new_release
from tests.factories import ReaderFactory, a_comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

COMMENT_TEMPLATE = "discussion/includes/comment.html"


def thread_renders(response):
    return sum(1 for template in response.templates if template.name == COMMENT_TEMPLATE)


def test_an_unchanged_thread_is_rendered_once(client, a_post):
    a_comment(a_post, text="Erster Faden")
    a_comment(a_post, text="Zweiter Faden")
    client.force_login(ReaderFactory())

    first, second = client.get(a_post.url), client.get(a_post.url)

    assert thread_renders(first) == 2 and thread_renders(second) == 0
    assert "Erster Faden" in second.content.decode() and "Zweiter Faden" in second.content.decode()


def test_a_reply_or_a_like_re_renders_only_its_own_thread(client, a_post, django_capture_on_commit_callbacks):
    first = a_comment(a_post, text="Erster Faden")
    a_comment(a_post, text="Zweiter Faden")
    reader = ReaderFactory()
    client.force_login(reader)
    client.get(a_post.url)

    with django_capture_on_commit_callbacks(execute=True):
        a_comment(a_post, text="Eine Antwort", parent=first)
    after_reply = client.get(a_post.url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/kommentare/gefaellt-mir/{first.pk}/")
    after_like = client.get(a_post.url)

    assert thread_renders(after_reply) == 2  # the thread and its new reply: one include each
    assert "Eine Antwort" in after_reply.content.decode()
    assert thread_renders(after_like) == 2
    assert "1 gefällt das" in after_like.content.decode()


def test_a_cached_like_form_carries_each_readers_own_token(a_post, django_capture_on_commit_callbacks):
    comment = a_comment(a_post, text="Gefällt vielen")
    readers = [ReaderFactory(), ReaderFactory()]
    for reader in readers:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(reader)
        html = browser.get(a_post.url).content.decode()
        form = html[html.index(f'action="/kommentare/gefaellt-mir/{comment.pk}/"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

        with django_capture_on_commit_callbacks(execute=True):
            response = browser.post(f"/kommentare/gefaellt-mir/{comment.pk}/", {"csrfmiddlewaretoken": token})

        assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).flags.count() == 2


def test_guests_and_readers_get_their_own_renderings(client, a_post):
    a_comment(a_post, text="Für alle sichtbar")
    client.get(a_post.url, HTTP_COOKIE="sessionid=gast")
    client.force_login(ReaderFactory())

    html = client.get(a_post.url).content.decode()

    assert "Gefällt mir" in html and "Melden" in html


def test_a_new_release_renders_every_thread_afresh(client, a_post):
    a_comment(a_post, text="Vor dem Release")
    client.force_login(ReaderFactory())
    client.get(a_post.url)

    new_release()

    assert thread_renders(client.get(a_post.url)) == 1


def test_a_thread_is_sent_without_the_templates_indentation_and_keeps_the_readers_own(client, a_post):
    a_comment(a_post, text="Erste Zeile\n    eingerückte Zeile")

    html = client.get(a_post.url).content.decode()
    start = html.index('<li class="comment')
    thread = html[start : html.rindex("</li>", start, html.index("</ol>", start)) + len("</li>")]

    assert "Erste Zeile<br>    eingerückte Zeile" in thread
    assert "\n " not in thread and "\n\t" not in thread
