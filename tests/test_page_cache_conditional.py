"""A page from the cache answers a conditional GET: 304 for the visitor's own copy of this version."""

from django.test import Client

import pytest

from tests.factories import BlogPostPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_a_cached_page_answers_304_to_the_same_visitor_and_200_to_another(client, a_blog):
    post = BlogPostPageFactory(parent=a_blog, title="Richtig netzwerken", slug="richtig-netzwerken")
    Client().get(post.url)  # another visitor fills the cache
    first = client.get(post.url)
    again = client.get(post.url, headers={"If-None-Match": first["ETag"]})
    other = Client().get(post.url, headers={"If-None-Match": first["ETag"]})

    assert first["X-Page-Cache"] == "hit" and first["ETag"].startswith('W/"')
    # Her copy holds tokens for her CSRF cookie, still valid: nothing to send again.
    assert again.status_code == 304
    # Another visitor's cookie is another secret: the page comes with tokens of his own.
    assert other.status_code == 200 and other["ETag"] != first["ETag"]


def test_a_change_to_the_page_ends_the_304s(client, a_blog, django_capture_on_commit_callbacks):
    post = BlogPostPageFactory(parent=a_blog, title="Richtig netzwerken", slug="richtig-netzwerken")
    Client().get(post.url)
    first = client.get(post.url)
    with django_capture_on_commit_callbacks(execute=True):
        post.title = "Richtig netzwerken, Teil 2"
        post.save_revision().publish()
    Client().get(post.url)

    changed = client.get(post.url, headers={"If-None-Match": first["ETag"]})

    assert changed.status_code == 200 and "Teil 2" in changed.content.decode()
