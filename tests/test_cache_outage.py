"""Redis down: the site stays up. Pages render uncached and every rate limit opens (fail-open, as decided
in settings/base.py), through the real django-redis client against a port where nothing listens."""

from django.core.cache import cache

import pytest

from discussion.models import Comment
from formats.models import Rating
from home.management.commands.run_worker import publish_due_pages
from settings.base import redis_cache
from tests.factories import READER_PASSWORD, BlogPostPageFactory, FormatPageFactory, RatingFactory, ReaderFactory
from tests.helpers import post_comment, verified
from tests.processes import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def redis_down(settings):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0")}
    settings.PAGE_CACHE_ENABLED = True
    assert cache.get("anything", "unreachable") == "unreachable"


def test_pages_are_served_uncached(client, a_home_page, a_blog, a_format_index):
    post = BlogPostPageFactory(parent=a_blog, title="Trotz Ausfall")
    page = FormatPageFactory(parent=a_format_index, title="Messe")
    RatingFactory.create_batch(3, format_page=page)

    for url in ["/", a_blog.url, post.url, a_format_index.url, page.url, "/feeds/beitraege/rss/"]:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.get("X-Page-Cache") != "hit", url
    assert "3 Bewertungen" in client.get(page.url).content.decode()


def test_comments_and_ratings_are_accepted(client, a_blog, a_format_index):
    post = BlogPostPageFactory(parent=a_blog, title="Trotz Ausfall")
    page = FormatPageFactory(parent=a_format_index, title="Messe")
    client.force_login(ReaderFactory())

    assert post_comment(client, post, comment="Redis ist weg, ich nicht").status_code == 302
    assert client.post(f"/bewertung/{page.pk}/", {"contacts": 4, "information": 3, "fun": 5}).status_code == 302

    assert Comment.objects.filter(is_public=True).count() == 1
    assert Rating.objects.filter(format_page=page).count() == 1


def test_log_in_works_and_its_limits_open(client, a_home_page):
    reader = verified(ReaderFactory(email="anna@example.org"))

    for _ in range(6):
        client.post("/konto/login/", {"login": reader.email, "password": "falsch"})
    client.post("/konto/login/", {"login": reader.email, "password": READER_PASSWORD})

    # With Redis up, the sixth attempt would be refused (tests/test_accounts.py).
    assert client.session["_auth_user_id"] == str(reader.pk)


def test_scheduled_pages_are_still_published():
    assert publish_due_pages(lock_seconds=60) is True
