"""The fixtures every spec may use. Each name means one thing; a module that needs another kind names it differently.

Factories are in `tests/factories.py`, helpers in `tests/helpers.py`.
"""

import datetime
import io
import shutil
import subprocess
import time

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wagtail.models import Page, Site

import pytest
import time_machine

from discussion.groups import MODERATORS
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    FormatIndexPageFactory,
    FormatPageFactory,
    HomePageFactory,
    ReaderFactory,
)

# Garbage collected once every ten specs (see its docstring): its hooks.
from tests.garbage import pytest_collection_finish, pytest_configure, pytest_runtest_setup  # noqa: F401
from tests.helpers import log_in_with_second_factor, verified

# One migrated database per run, cloned for each xdist worker (see its docstring): its hooks and fixture.
from tests.prebuilt_db import django_db_keepdb, pytest_sessionfinish, pytest_sessionstart  # noqa: F401
from tests.processes import free_port


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, as a fresh process would."""
    cache.clear()


@pytest.fixture
def a_fresh_rate_window():
    """Limits count in fixed windows (core/ratelimit.py). The spec starts at the top of the coming hour,
    when every window from ten seconds to an hour has just begun, so none rolls over between its requests."""
    top_of_the_hour = (timezone.now() + datetime.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    with time_machine.travel(top_of_the_hour, tick=True):
        yield


@pytest.fixture
def a_home_page(db):
    """Our HomePage as the default site's root, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def a_blog(a_home_page):
    return BlogIndexPageFactory(parent=a_home_page)


@pytest.fixture
def a_format_index(a_home_page):
    return FormatIndexPageFactory(parent=a_home_page)


@pytest.fixture
def a_post(a_blog):
    """A published blog post, „Der Stammtisch“."""
    return BlogPostPageFactory(parent=a_blog, title="Der Stammtisch")


@pytest.fixture
def a_format_page(a_format_index):
    """A published format page, „Unternehmerfrühstück“; the author's verdict: contacts 4, information 3, fun 5."""
    return FormatPageFactory(parent=a_format_index, title="Unternehmerfrühstück", verdict_fun=5)


@pytest.fixture
def a_reader(db):
    """A signed-up reader, Anna (anna@example.org), whose address is confirmed: she can sign in."""
    return verified(ReaderFactory(email="anna@example.org", display_name="Anna"))


@pytest.fixture
def reader_client(client, a_reader):
    """The test client, signed in as `a_reader`."""
    client.force_login(a_reader)
    return client


@pytest.fixture
def page_cache_on(settings):
    """The page cache and its remembered figures and fragments, as in production (the suite renders without them)."""
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture(scope="session")
def redis_server():
    """A Redis server of its own for the run (Debian's redis-server, empty, nothing saved); its URL."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server fehlt (apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() != b"PONG":
        assert time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def a_moderator(db):
    """Mona Moderation, a member of the moderators' group („Moderatoren“, set up by the site's migrations)."""
    moderator = ReaderFactory(display_name="Mona Moderation")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    return moderator


@pytest.fixture
def moderator_client(client, a_moderator):
    """The test client, signed in as `a_moderator` with password and authenticator code (the admin requires both)."""
    return log_in_with_second_factor(client, a_moderator)


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's own, a client of its own signed in as `admin_user`, with the second factor every admin needs."""
    return log_in_with_second_factor(Client(), admin_user)


@pytest.fixture
def demo(live_server, monkeypatch):
    """The demo content (`make run`'s), served by the live test server; its base URL."""
    monkeypatch.setenv("DEMO_AUTHOR_PASSWORD", "ein-langes-demo-passwort")
    call_command("load_demo_content", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def _sync_orm_beside_playwright(monkeypatch):
    """Playwright's sync API keeps an event loop in this thread; the test's own ORM calls stay synchronous."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """pytest-django runs the transactional specs last (each leaves an emptied database behind), then those
    without a database. Of these, the process and browser specs go first: they take longest, and the
    short ones after them even out the workers' last minutes."""
    start = next((index for index, item in enumerate(items) if _transactional(item)), len(items))
    items[start:] = sorted(items[start:], key=lambda item: item.get_closest_marker("processes") is None)
