"""With Redis, each web process keeps copies of the pages it served from the cache and serves them
again without a round trip (pagecache/local.py), but never once it could have missed a change:
a change in any process, a flush, a lost subscription and a second's age each drop them."""

import datetime

from django.core.cache import cache
from django.test import Client, RequestFactory

from wagtail.models import Page

import pytest
import redis
import time_machine

from pagecache import local
from pagecache.backends import CHANGES
from pagecache.cache import VERSION_KEY, key_for
from settings.base import redis_cache
from tests.helpers import post_comment
from tests.processes import manage, production_env

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_url(settings, redis_server):
    settings.CACHES = {"default": redis_cache(redis_server)}
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    return redis_server


@pytest.fixture
def server(redis_url):
    """The Redis server itself, as an operator (or another process) talks to it."""
    with redis.Redis.from_url(redis_url) as client:
        yield client


@pytest.fixture
def page(a_format_page):
    return a_format_page


def reads(server):
    """How many page lookups Redis has answered so far (a hit asks with one MGET)."""
    return server.info("commandstats").get("cmdstat_mget", {}).get("calls", 0)


def visit(url):
    response = Client().get(url)
    assert response.status_code == 200
    return response


def a_copy_of(url, server):
    """Visits until this process holds a copy of the page (its subscription is confirmed after the
    first visit, a copy is taken on the next hit from Redis); returns the copy's HTML."""
    for _ in range(5):
        before = reads(server)
        response = visit(url)
        if reads(server) == before:
            assert response["X-Page-Cache"] == "hit"
            return response.content.decode()
    raise AssertionError("no copy kept")


def change_title_unseen(page, title):
    """The database changes and nobody tells the cache: what the other process below announces."""
    Page.objects.filter(pk=page.pk).update(title=title)


def test_a_hit_is_served_from_the_process_copy_without_asking_redis(server, page):
    a_copy_of(page.url, server)

    before = reads(server)
    responses = [visit(page.url) for _ in range(3)]

    assert reads(server) == before
    assert {response["X-Page-Cache"] for response in responses} == {"hit"}
    # Each still gets its own CSRF token and the ETag of this version.
    assert len({response.cookies["csrftoken"].value for response in responses}) == 3
    assert len({response["ETag"] for response in responses}) == 3


@pytest.mark.processes
def test_a_change_in_another_process_reaches_this_one_at_once(server, redis_url, page):
    a_copy_of(page.url, server)
    change_title_unseen(page, "Unternehmerfrühstück am Freitag")

    other = manage(
        "shell",
        "-c",
        "from pagecache.cache import invalidate; invalidate()",
        env=production_env(REDIS_URL=redis_url),
    )
    assert other.returncode == 0, other.stderr

    response = visit(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Unternehmerfrühstück am Freitag" in response.content.decode()


def test_a_change_announced_by_another_process_drops_the_copies(server, page):
    """What another process's invalidate() sends, without this process forgetting its copies itself."""
    a_copy_of(page.url, server)
    change_title_unseen(page, "Unternehmerfrühstück am Freitag")

    cache.set_and_publish(VERSION_KEY, "von-einem-anderen-prozess")

    assert "Unternehmerfrühstück am Freitag" in visit(page.url).content.decode()


def test_a_change_made_here_shows_at_once(server, page, reader_client, django_capture_on_commit_callbacks):
    a_copy_of(page.url, server)

    with django_capture_on_commit_callbacks(execute=True):
        assert post_comment(reader_client, page, comment="Frisch vom Frühstück").status_code == 302

    assert "Frisch vom Frühstück" in visit(page.url).content.decode()


def test_a_flush_drops_the_copies(server, page):
    a_copy_of(page.url, server)

    cache.clear()

    assert visit(page.url)["X-Page-Cache"] == "miss"


def test_a_lost_subscription_drops_the_copies_before_anything_is_served(server, page):
    a_copy_of(page.url, server)
    # The subscription's connection dies (a Redis restart, a network fault); the change's message
    # goes nowhere.
    assert server.client_kill_filter(_type="pubsub") >= 1
    change_title_unseen(page, "Unternehmerfrühstück am Freitag")
    cache.set(VERSION_KEY, "ohne-nachricht", timeout=None)

    assert "Unternehmerfrühstück am Freitag" in visit(page.url).content.decode()
    # Subscribed again: copies are kept again.
    assert "Unternehmerfrühstück am Freitag" in a_copy_of(page.url, server)


def test_a_copy_is_served_for_at_most_a_second(server, page):
    """The bound for a link that broke without a word: the change is made, its message never arrives."""
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        a_copy_of(page.url, server)
        change_title_unseen(page, "Unternehmerfrühstück am Freitag")
        cache.set(VERSION_KEY, "ohne-nachricht", timeout=None)

        clock.shift(datetime.timedelta(seconds=0.9))
        assert "Unternehmerfrühstück am Freitag" not in visit(page.url).content.decode()

        clock.shift(datetime.timedelta(seconds=0.1))
        assert "Unternehmerfrühstück am Freitag" in visit(page.url).content.decode()


def test_a_clock_set_back_does_not_make_a_copy_young_again(server, page):
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        a_copy_of(page.url, server)
        clock.shift(datetime.timedelta(seconds=-5))

        before = reads(server)
        visit(page.url)
        assert reads(server) == before + 1


def subscribers(server):
    return {client["id"] for client in server.client_list(_type="pubsub")}


def test_an_idle_process_with_a_long_backlog_subscribes_afresh(server, page):
    a_copy_of(page.url, server)
    before = subscribers(server)
    change_title_unseen(page, "Unternehmerfrühstück am Freitag")
    cache.set(VERSION_KEY, "nach-vielen-nachrichten", timeout=None)
    for _ in range(local.MAX_MESSAGES + 1):
        server.publish(cache.make_key(CHANGES), b"")

    assert "Unternehmerfrühstück am Freitag" in visit(page.url).content.decode()
    assert "Unternehmerfrühstück am Freitag" in a_copy_of(page.url, server)
    assert subscribers(server).isdisjoint(before)


def test_copies_stay_within_their_byte_budget(settings, server, page, a_post):
    # Room for either page, not for both.
    settings.PAGE_CACHE_LOCAL_BYTES = max(len(visit(url).content) for url in (page.url, a_post.url)) + 1000
    a_copy_of(page.url, server)

    a_copy_of(a_post.url, server)

    copies = local.copies()
    assert copies.size <= settings.PAGE_CACHE_LOCAL_BYTES
    assert list(copies.copies) == [key_for(RequestFactory().get(a_post.url))]
    before = reads(server)
    visit(page.url)
    assert reads(server) == before + 1


def test_without_redis_no_copies_are_kept(settings, tmp_path, page):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    }
    settings.PAGE_CACHE_ENABLED = True

    visit(page.url)
    assert visit(page.url)["X-Page-Cache"] == "hit"
    assert local.copies() is None
