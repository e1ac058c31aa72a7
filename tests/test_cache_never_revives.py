"""The cache may forget, never revive: whatever happens to the page-cache version key, no page,
remembered figure or thread page of an earlier state is served again.

Run on every cache the project supports: the file cache (embedded default), the database cache
(production without Redis) and Redis. The clock moves with time-machine, past the 5 minutes a
cache gives a key by default and past the hour a page is kept; the key is lost as Redis loses it
under `allkeys-lru`, a restart or FLUSHDB.
"""

import datetime

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, RequestFactory

import pytest
import time_machine

from discussion.services.moderation import comment_remove
from pagecache.cache import VERSION_KEY, key_for, scope_key
from settings.base import redis_cache
from tests.factories import FormatPageFactory, ReaderFactory, a_comment
from tests.helpers import post_comment

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(params=["file", "database", "redis"])
def shared_cache(request, settings, tmp_path):
    """The cache every web process shares, as each deployment configures it."""
    if request.param == "file":
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
        }
    elif request.param == "database":
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "nf_cache"}
        }
        call_command("createcachetable")
    else:
        settings.CACHES = {"default": redis_cache(request.getfixturevalue("redis_server"))}
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    return request.param


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


class World:
    """A format page, a reader who acts and the two kinds of viewers who must see the result."""

    def __init__(self, format_page, on_commit):
        self.page = format_page
        self.on_commit = on_commit
        self.actor = Client()
        self.actor.force_login(ReaderFactory(display_name="Aktive Leserin"))
        self.guest = Client()
        self.reader = Client()
        self.reader.force_login(ReaderFactory(display_name="Stille Leserin"))
        self.to_remove = [a_comment(format_page, text=f"Wird entfernt {n}") for n in (1, 2)]
        self.raters = [ReaderFactory() for _ in range(2)]

    def html(self, viewer, url):
        response = getattr(self, viewer).get(url)
        assert response.status_code == 200, url
        return response.content.decode()

    def look_everywhere(self):
        """Every viewer renders every page once: the cache now holds this state."""
        for viewer in ("guest", "reader"):
            for url in (self.page.url, self.page.get_parent().url, "/"):
                self.html(viewer, url)

    # Each change returns where to look, what must show there afterwards and what must not.
    def comment(self, n):
        with self.on_commit(execute=True):
            assert post_comment(self.actor, self.page, comment=f"Meine Erfahrung Nr. {n}").status_code == 302
        return self.page.url, f"Meine Erfahrung Nr. {n}", None

    def rating(self, n):
        rater = Client()
        rater.force_login(self.raters[n - 1])
        with self.on_commit(execute=True):
            response = rater.post(f"/bewertung/{self.page.pk}/", {"contacts": 5, "information": 4, "fun": 3})
            assert response.status_code == 302
        return self.page.url, f"{n} Bewertung{'en' if n > 1 else ''}", None

    def publish(self, n):
        with self.on_commit(execute=True):
            draft = FormatPageFactory(parent=self.page.get_parent(), title=f"Neues Format Nr. {n}", live=False)
            draft.save_revision().publish()
        return self.page.get_parent().url, f"Neues Format Nr. {n}", None

    def moderation(self, n):
        with self.on_commit(execute=True):
            comment_remove(comment=self.to_remove[n - 1])
        return self.page.url, None, f"Wird entfernt {n}"

    def like(self, n):
        liker = Client()
        liker.force_login(self.raters[n - 1])
        with self.on_commit(execute=True):
            assert liker.post(f"/kommentare/gefaellt-mir/{self.to_remove[0].pk}/").status_code == 302
        return self.page.url, f"{n} gefällt das", None

    def apply(self, change, n):
        return getattr(self, change)(n)

    def cached_pages(self):
        keys = [key_for(RequestFactory().get(url)) for url in (self.page.url, self.page.get_parent().url, "/")]
        return cache.get_many(keys)

    def assert_current(self, url, shows, hidden):
        for viewer in ("guest", "reader"):
            html = self.html(viewer, url)
            if shows:
                assert shows in html, (viewer, shows)
            if hidden:
                assert hidden not in html, (viewer, hidden)


CHANGES = ["comment", "rating", "publish", "moderation", "like"]


@pytest.fixture
def world(shared_cache, clock, a_home_page, a_format_page, django_capture_on_commit_callbacks):
    return World(a_format_page, django_capture_on_commit_callbacks)


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_shows_at_once_10_minutes_and_2_hours_later(world, clock, change):
    world.look_everywhere()
    expected = world.apply(change, 1)
    world.assert_current(*expected)

    world.look_everywhere()
    clock.shift(datetime.timedelta(minutes=10))
    world.assert_current(*expected)

    world.look_everywhere()
    clock.shift(datetime.timedelta(hours=2))
    world.assert_current(*expected)


@pytest.mark.parametrize("change", CHANGES)
def test_a_lost_version_key_between_two_changes_revives_nothing(world, clock, change):
    world.look_everywhere()
    world.apply(change, 1)
    world.look_everywhere()

    cache.delete_many([VERSION_KEY, scope_key(world.page.url)])
    world.look_everywhere()
    expected = world.apply(change, 2)

    world.assert_current(*expected)
    clock.shift(datetime.timedelta(minutes=10))
    world.assert_current(*expected)


@pytest.mark.parametrize("change", CHANGES)
def test_a_page_rendered_before_a_change_and_written_after_a_flush_is_never_served(world, change):
    world.look_everywhere()
    # What a slow web process rendered before the change and writes only after Redis restarted
    # empty (or FLUSHDB): the version key is gone with everything else.
    late_writes = world.cached_pages()
    assert late_writes
    expected = world.apply(change, 1)

    cache.clear()
    cache.set_many(late_writes)

    world.assert_current(*expected)
