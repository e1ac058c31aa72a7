"""Abuse limits that hold: one client-IP function, IPv6 counted per /64, counters exact under
concurrency on every cache, a per-client ceiling on dynamic requests, and 429s that say when to
come back."""

import datetime

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, RequestFactory

import pytest
import time_machine
from allauth.account.adapter import get_adapter

from core import ratelimit
from core.net import client_bucket, client_ip
from discussion.groups import MODERATORS
from discussion.models import Comment, Report
from tests.factories import BlogPostPageFactory, ReaderFactory, a_comment
from tests.helpers import DATABASE_QUEUE, form_data, post_comment, run_concurrently, run_due_tasks

DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "nf_cache"}}


def request_from(remote_addr, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from("10.0.0.2", "6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from("10.0.0.2", "not-an-address")) is None


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("198.51.100.4", "203.0.113.7")) == "198.51.100.4"


def test_ipv6_clients_are_counted_per_64(settings):
    assert client_bucket(request_from("2001:db8:1:2::1")) == client_bucket(request_from("2001:db8:1:2:ffff::9"))
    assert client_bucket(request_from("2001:db8:1:2::1")) != client_bucket(request_from("2001:db8:1:3::1"))
    assert client_bucket(request_from("::ffff:192.0.2.1")) == "192.0.2.1"


@pytest.mark.django_db
def test_allauth_counts_log_ins_by_the_same_client_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.2", "6.6.6.6, 2001:db8:1:2::77")

    assert get_adapter(request).get_client_ip(request) == client_bucket(request) == "2001:db8:1:2::/64"


@pytest.mark.django_db
@pytest.mark.usefixtures("a_fresh_rate_window")
def test_a_new_ipv6_address_in_the_same_64_does_not_reset_the_comment_limit(settings, a_post):
    settings.COMMENT_RATE_LIMIT = (2, 600)
    statuses = []
    for host in range(1, 4):
        guest = Client(REMOTE_ADDR=f"2001:db8:1:2::{host}")
        statuses.append(
            post_comment(
                guest, a_post, name="Gast", email=f"g{host}@example.org", comment=f"Nummer {host}"
            ).status_code
        )

    assert statuses == [302, 302, 429]


@pytest.mark.django_db
@pytest.mark.usefixtures("a_fresh_rate_window")
def test_a_refused_comment_or_reply_answers_429_with_retry_after(settings, a_post):
    settings.COMMENT_RATE_LIMIT = (1, 600)
    reader = Client()
    reader.force_login(ReaderFactory())
    assert post_comment(reader, a_post, comment="Erster").status_code == 302
    first = Comment.objects.get()

    refused = post_comment(reader, a_post, comment="Zweiter")
    reply = reader.post(f"/kommentare/antworten/{first.pk}/", form_data(reader, a_post, comment="Antwort"))

    for response in (refused, reply):
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 600
        assert "Bitte warten Sie einige Minuten" in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_staff_write_without_the_comment_limit(settings, a_post):
    settings.COMMENT_RATE_LIMIT = (1, 600)
    moderator = Client()
    moderator.force_login(ReaderFactory(is_staff=True))

    statuses = [post_comment(moderator, a_post, comment=f"Hinweis {n}").status_code for n in range(3)]

    assert statuses == [302, 302, 302]


@pytest.mark.django_db
def test_a_window_lifts_when_its_time_is_up():
    limit = ratelimit.Limit(2, 60)
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, 10, tzinfo=datetime.UTC), tick=False) as clock:
        waits = [ratelimit.hit("spec", limit) for _ in range(3)]
        clock.shift(datetime.timedelta(seconds=50))
        after = ratelimit.hit("spec", limit)

    assert waits == [0, 0, 50] and after == 0


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("cache_kind", ["database", "memory"])
@pytest.mark.usefixtures("a_fresh_rate_window")
def test_twenty_concurrent_comments_against_a_limit_of_five_store_exactly_five(settings, cache_kind, a_blog):
    if cache_kind == "database":
        settings.CACHES = DATABASE_CACHE
        call_command("createcachetable")
    settings.COMMENT_RATE_LIMIT = (5, 600)
    post = BlogPostPageFactory(parent=a_blog, title="Ansturm")
    readers = ReaderFactory.create_batch(20)
    statuses = []

    def comment(reader):
        def job():
            client = Client()
            client.force_login(reader)
            statuses.append(post_comment(client, post, comment=f"Von {reader.username}").status_code)

        return job

    run_concurrently([comment(reader) for reader in readers])

    assert sorted(statuses) == [302] * 5 + [429] * 15
    assert Comment.objects.count() == 5


@pytest.mark.django_db
def test_a_client_past_the_ceiling_gets_429_but_cached_pages_and_probes_still_answer(settings, a_post):
    settings.CLIENT_REQUEST_LIMITS = [(5, 10)]
    settings.PAGE_CACHE_ENABLED = True
    client = Client()

    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, 0, tzinfo=datetime.UTC), tick=False) as clock:
        statuses = [client.get(f"/suche/?q=Barcamp{n}").status_code for n in range(6)]
        refused = client.get("/suche/?q=Messe")
        probe = client.get("/healthz/live")
        # Filled by another visitor: a hit costs nothing and so is not counted.
        Client(REMOTE_ADDR="192.0.2.99").get(a_post.url)
        cached = client.get(a_post.url)
        clock.shift(datetime.timedelta(seconds=10))
        later = client.get("/suche/?q=Messe")

    assert statuses == [200] * 5 + [429]
    assert refused.status_code == 429 and refused["Retry-After"] == "10"
    assert "Zu viele Anfragen" in refused.content.decode() and "</footer>" in refused.content.decode()
    assert probe.status_code == 200
    assert cached.status_code == 200 and cached["X-Page-Cache"] == "hit"
    assert later.status_code == 200


@pytest.mark.django_db
def test_staff_are_not_held_by_the_ceiling(settings, a_home_page):
    settings.CLIENT_REQUEST_LIMITS = [(2, 10)]
    editor = Client()
    editor.force_login(ReaderFactory(is_staff=True))

    assert [editor.get("/suche/?q=x").status_code for _ in range(4)] == [200] * 4


@pytest.fixture
def liked_comment(a_post):
    return a_comment(a_post, text="Gefällt bestimmt")


@pytest.mark.django_db
@pytest.mark.usefixtures("a_fresh_rate_window")
def test_likes_are_rate_limited_per_reader(settings, liked_comment):
    settings.LIKE_RATE_LIMIT = (4, 60)
    reader = Client()
    reader.force_login(ReaderFactory())

    statuses = [
        reader.post(
            f"/kommentare/gefaellt-mir/{liked_comment.pk}/", {"zuruecknehmen": "1"} if n % 2 else {}
        ).status_code
        for n in range(5)
    ]

    assert statuses == [302] * 4 + [429]


@pytest.mark.django_db
def test_a_like_renews_only_the_page_that_shows_it(
    settings, a_blog, a_post, liked_comment, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    other = BlogPostPageFactory(parent=a_blog, title="Anderer Beitrag")
    guest = Client()
    for url in (a_post.url, f"{a_post.url}?kommentare=beliebteste", other.url, a_blog.url):
        guest.get(url)
    reader = Client()
    reader.force_login(ReaderFactory())

    with django_capture_on_commit_callbacks(execute=True):
        assert reader.post(f"/kommentare/gefaellt-mir/{liked_comment.pk}/").status_code == 302

    page = guest.get(a_post.url)
    assert page["X-Page-Cache"] == "miss" and "1 gefällt das" in page.content.decode()
    assert guest.get(f"{a_post.url}?kommentare=beliebteste")["X-Page-Cache"] == "miss"
    assert guest.get(other.url)["X-Page-Cache"] == "hit"
    assert guest.get(a_blog.url)["X-Page-Cache"] == "hit"
    # Signed-in readers see it too: the remembered thread page is the page's own.
    assert "1 gefällt das" in reader.get(a_post.url).content.decode()

    # Liking again changes nothing, and renews nothing.
    with django_capture_on_commit_callbacks(execute=True):
        reader.post(f"/kommentare/gefaellt-mir/{liked_comment.pk}/")
    assert guest.get(a_post.url)["X-Page-Cache"] == "hit"


@pytest.fixture
def moderators(db):
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    people = [ReaderFactory(email=f"moderatorin{n}@example.org") for n in (1, 2)]
    for person in people:
        person.groups.add(group)
    return people


def report(client, comment, note=""):
    return client.post(f"/kommentare/melden/{comment.pk}/", {"reason": "spam", "note": note})


@pytest.mark.django_db
def test_a_reader_reports_at_most_ten_comments_a_day(settings, a_post, django_capture_on_commit_callbacks):
    comments = [a_comment(a_post, text=f"Kommentar {n}") for n in range(11)]
    reader = Client()
    reader.force_login(ReaderFactory())

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [report(reader, comment).status_code for comment in comments]
    refused = report(reader, comments[-1])

    assert statuses == [302] * 10 + [429]
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 24 * 60 * 60
    assert "Sie haben heute schon sehr viele Kommentare gemeldet" in refused.content.decode()
    assert Report.objects.count() == 10


@pytest.mark.django_db
def test_thirty_reports_in_seconds_make_one_mail_per_moderator_then_a_digest(
    settings, a_post, moderators, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    comments = [a_comment(a_post, text=f"Werbung Nr. {n}") for n in range(30)]
    reporters = [Client() for _ in range(3)]
    for client in reporters:
        client.force_login(ReaderFactory())
    start = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)

    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            assert report(reporters[0], comments[0], note="erste").status_code == 302
        run_due_tasks()
        first = [mail for mail in mailoutbox if "Moderation" in mail.subject]
        assert sorted(mail.to[0] for mail in first) == ["moderatorin1@example.org", "moderatorin2@example.org"]
        assert "1 neue Meldung" in first[0].subject and "erste" in first[0].body

        clock.shift(datetime.timedelta(seconds=20))
        with django_capture_on_commit_callbacks(execute=True):
            for n, comment in enumerate(comments[1:], start=1):
                assert report(reporters[n % 3], comment).status_code == 302
        run_due_tasks()
        assert len([mail for mail in mailoutbox if "Moderation" in mail.subject]) == 2

        clock.shift(datetime.timedelta(minutes=15))
        run_due_tasks()
        digest = [mail for mail in mailoutbox if "Moderation" in mail.subject][2:]
        assert len(digest) == 2 and "29 neue Meldungen" in digest[0].subject
        assert "Werbung Nr. 29" in digest[0].body and "Werbung Nr. 1" in digest[0].alternatives[0][0]

        # A quiet interval: nothing more, and the next report is mailed at once again.
        clock.shift(datetime.timedelta(minutes=15))
        run_due_tasks()
        assert len([mail for mail in mailoutbox if "Moderation" in mail.subject]) == 4
        clock.shift(datetime.timedelta(minutes=16))
        run_due_tasks()
        late = a_comment(a_post, text="Spät gemeldet")
        newcomer = Client()
        newcomer.force_login(ReaderFactory())
        with django_capture_on_commit_callbacks(execute=True):
            assert report(newcomer, late).status_code == 302
        run_due_tasks()
        assert len([mail for mail in mailoutbox if "Moderation" in mail.subject]) == 6


@pytest.mark.django_db
@pytest.mark.usefixtures("a_fresh_rate_window")
def test_allauths_own_limits_answer_429_in_german_with_retry_after(a_home_page):
    client = Client()
    statuses = [
        client.post("/konto/password/reset/", {"email": f"jemand{n}@example.org"}).status_code for n in range(11)
    ]

    refused = client.post("/konto/password/reset/", {"email": "noch@example.org"})
    assert statuses[:10] == [302] * 10 and refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Zu viele Anfragen" in refused.content.decode()
