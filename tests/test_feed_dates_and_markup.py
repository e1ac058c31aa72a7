"""Feeds are dated by what they carry, never by the request; every page names its canonical address
and writes machine-readable times the HTML validator accepts."""

import calendar
import datetime
import re
import zoneinfo

from wagtail.models import Site

import feedparser
import pytest
import time_machine

from tests.factories import BlogPostPageFactory, FormatPageFactory, SeriesFactory, StandardPageFactory, a_comment

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# Published, commented, then read: three moments far enough apart to tell them apart.
PUBLISHED = datetime.datetime(2026, 3, 2, 8, 15, tzinfo=BERLIN)
EDITED = datetime.datetime(2026, 3, 9, 17, 40, tzinfo=BERLIN)
COMMENTED = datetime.datetime(2026, 3, 4, 21, 5, 30, tzinfo=BERLIN)
READ = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN)


def published(page, at):
    with time_machine.travel(at, tick=False):
        page.save_revision().publish()
    return page


def read_feed(client, url):
    with time_machine.travel(READ, tick=False):
        response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))
    return response, parsed


def moment(struct_time):
    return datetime.datetime.fromtimestamp(calendar.timegm(struct_time), tz=datetime.UTC)


def last_modified(response):
    return datetime.datetime.strptime(response["Last-Modified"], "%a, %d %b %Y %H:%M:%S GMT").replace(
        tzinfo=datetime.UTC
    )


def test_posts_feed_is_dated_by_first_publication_never_by_the_request(client, a_blog):
    written = published(BlogPostPageFactory(parent=a_blog, title="Das Barcamp"), PUBLISHED)
    written.refresh_from_db()  # as the editor loads it
    written.intro = "Nachträglich ergänzt."
    published(written, EDITED)
    # Made live without a publication (as an import does): its own date is all there is.
    BlogPostPageFactory(parent=a_blog, title="Importiert", date=datetime.date(2026, 2, 1))

    response, feed = read_feed(client, "/feeds/beitraege/rss/")

    entries = {entry.title: entry for entry in feed.entries}
    assert moment(entries["Das Barcamp"].published_parsed) == PUBLISHED
    assert moment(entries["Importiert"].published_parsed) == datetime.datetime(2026, 2, 1, tzinfo=BERLIN)
    assert moment(feed.feed.updated_parsed) == EDITED  # the channel last changed with the edit
    assert last_modified(response) == EDITED


def test_comment_feeds_carry_the_comments_date_and_without_comments_the_pages(client, a_blog):
    discussed = published(BlogPostPageFactory(parent=a_blog, title="Die Messe"), PUBLISHED)
    quiet = published(BlogPostPageFactory(parent=a_blog, title="Der Stammtisch"), EDITED)
    with time_machine.travel(COMMENTED, tick=False):
        a_comment(discussed, text="Lohnt sich!")

    _response, comments = read_feed(client, f"/feeds/kommentare/{discussed.pk}/atom/")
    response, no_comments = read_feed(client, f"/feeds/kommentare/{quiet.pk}/atom/")

    assert moment(comments.entries[0].published_parsed) == COMMENTED
    assert moment(comments.feed.updated_parsed) == COMMENTED
    assert no_comments.entries == []
    assert moment(no_comments.feed.updated_parsed) == EDITED and last_modified(response) == EDITED


@pytest.mark.parametrize("url", ["/feeds/beitraege/rss/", "/feeds/kommentare/atom/", "/feeds/formate/rss/"])
def test_an_empty_feed_still_answers_a_conditional_get_with_304(client, a_blog, url):
    with time_machine.travel(PUBLISHED, tick=False):
        first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]

    with time_machine.travel(READ, tick=False):
        by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
        by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert by_etag.status_code == 304 and by_date.status_code == 304


CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')


@pytest.fixture
def a_site(a_home_page, a_blog, a_format_index):
    series = SeriesFactory(title="Richtig netzwerken", slug="richtig-netzwerken")
    post = BlogPostPageFactory(parent=a_blog, title="Teil 1", slug="teil-1", series=series, series_part=1)
    FormatPageFactory(parent=a_format_index, title="Barcamp", slug="barcamp")
    FormatPageFactory(parent=a_format_index, title="Messe", slug="messe")
    StandardPageFactory(parent=a_home_page, title="Impressum", slug="impressum")
    return post, a_comment(post, text="Guter Beitrag")


def canonicals(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return CANONICAL.findall(response.content.decode())


def test_every_page_names_its_canonical_address(client, a_site):
    post, comment = a_site
    root = Site.objects.get(is_default_site=True).root_url
    paths = [
        "/",
        "/blog/",
        post.url,
        "/blog/serie/richtig-netzwerken/",
        "/formate/",
        "/formate/barcamp/",
        "/formate/vergleichen/",
        "/impressum/",
        "/suche/",
        f"/kommentare/antworten/{comment.pk}/",
        "/konto/login/",
        "/konto/signup/",
        "/konto/password/reset/",
    ]

    found = {path: canonicals(client, path) for path in paths}

    assert {path: links for path, links in found.items() if links != [root + path]} == {}


def test_canonical_leaves_out_sorting_searching_and_comment_pages_but_keeps_a_listing_page(client, a_site):
    post, _comment = a_site
    BlogPostPageFactory.create_batch(10, parent=post.get_parent())
    root = Site.objects.get(is_default_site=True).root_url

    assert canonicals(client, "/formate/", sortierung="kontakte") == [f"{root}/formate/"]
    assert canonicals(client, "/formate/vergleichen/", format=["barcamp", "messe"]) == [f"{root}/formate/vergleichen/"]
    assert canonicals(client, "/suche/", q="Barcamp") == [f"{root}/suche/"]
    assert canonicals(client, post.url, kommentare="neueste") == [root + post.url]
    assert canonicals(client, "/blog/", seite="2") == [f"{root}/blog/?seite=2"]
    assert canonicals(client, "/blog/", seite="1") == [f"{root}/blog/"]


def test_pages_outside_wagtail_make_up_no_description(client, a_home_page):
    html = client.get("/konto/login/").content.decode()

    assert 'content="None"' not in html


# The HTML standard's date, or global date and time (seconds with at most three decimals).
VALID_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})"
)


def test_time_datetime_values_are_valid_html(client, a_home_page, a_blog, a_format_index):
    post = BlogPostPageFactory(parent=a_blog, title="Die Messe")
    barcamp = FormatPageFactory(parent=a_format_index, title="Barcamp")
    # A time with microseconds, as comments get them: the validator rejects six decimals.
    with time_machine.travel(datetime.datetime(2026, 11, 29, 20, 32, 50, 621629, tzinfo=BERLIN), tick=False):
        a_comment(post, text="Lohnt sich")
        a_comment(barcamp, text="Gern wieder")

    values = {}
    for url in ("/", a_blog.url, post.url, barcamp.url):
        values[url] = re.findall(r'<time datetime="([^"]*)"', client.get(url).content.decode())

    assert values["/"] and values[post.url] and values[barcamp.url]
    invalid = {url: [v for v in found if not VALID_DATETIME.fullmatch(v)] for url, found in values.items()}
    assert invalid == {url: [] for url in values}
    assert "2026-11-29T20:32:50+0100" in values["/"]
