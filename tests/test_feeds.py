"""RSS 2.0 and Atom 1.0 for everything a subscriber may follow, parsed by a real feed parser."""

import datetime

from django.utils import timezone

from wagtail.models import Site
from wagtail.rich_text import RichText

import feedparser
import pytest
import time_machine

from home.management.commands.run_worker import publish_due_pages
from tests.factories import BlogPostPageFactory, FormatPageFactory, SeriesFactory, a_comment

pytestmark = pytest.mark.django_db


def parse(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))
    return response, parsed


@pytest.fixture
def posts(a_blog, a_format_index):
    series = SeriesFactory(title="Richtig Netzwerken", slug="richtig-netzwerken")
    barcamp = FormatPageFactory(parent=a_format_index, title="Barcamp", slug="barcamp")
    first = BlogPostPageFactory(
        parent=a_blog,
        title="Richtig Netzwerken?",
        series=series,
        series_part=1,
        date=datetime.date(2026, 11, 23),
        body=[
            ("paragraph", RichText(f'<p>Siehe <a linktype="page" id="{barcamp.pk}">Barcamp</a> – Visitenkarten!</p>'))
        ],
    )
    first.tags.add("Vertrieb")
    first.save_revision().publish()
    second = BlogPostPageFactory(parent=a_blog, title="Das Unternehmerfrühstück", series=series, series_part=2)
    draft = BlogPostPageFactory(parent=a_blog, title="Geheimer Entwurf")
    draft.unpublish()
    return first, second, barcamp


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_all_posts_feed_carries_full_content_with_absolute_links(client, posts, kind):
    first, second, barcamp = posts
    root = Site.objects.get(is_default_site=True).root_url

    response, feed = parse(client, f"/feeds/beitraege/{kind}/")

    assert (
        response["Content-Type"]
        == ("application/rss+xml" if kind == "rss" else "application/atom+xml") + "; charset=utf-8"
    )
    titles = [entry.title for entry in feed.entries]
    assert set(titles) == {"Richtig Netzwerken?", "Das Unternehmerfrühstück"}
    entry = next(e for e in feed.entries if e.title == "Richtig Netzwerken?")
    content = entry.get("summary") or entry.content[0].value
    assert "Visitenkarten!" in content
    assert f'href="{root}{barcamp.url}"' in content
    assert 'href="/' not in content and 'src="/' not in content
    assert entry.link == f"{root}{first.url}"
    assert entry.id == f"{root}/beitraege/{first.pk}"
    assert {tag.term for tag in entry.tags} == {"Vertrieb", "Richtig Netzwerken"}
    assert entry.author
    assert entry.get("published_parsed") or entry.get("updated_parsed")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/feeds/serie/richtig-netzwerken/{kind}/", {"Richtig Netzwerken?", "Das Unternehmerfrühstück"}),
        ("/feeds/schlagwort/vertrieb/{kind}/", {"Richtig Netzwerken?"}),
        ("/feeds/archiv/2026/11/{kind}/", {"Richtig Netzwerken?"}),
        ("/feeds/formate/{kind}/", {"Barcamp"}),
    ],
)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_series_tag_month_and_format_feeds(client, posts, url, expected, kind):
    _response, feed = parse(client, url.format(kind=kind))

    assert {entry.title for entry in feed.entries} == expected
    assert feed.feed.get("language", "de").startswith("de")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_comment_feeds_site_wide_and_per_page_show_text_inert(client, posts, kind):
    first, _second, barcamp = posts
    a_comment(first, text="<script>alert(1)</script> Guter Beitrag", name="Leser")
    a_comment(barcamp, text="Barcamp rockt", name="Leserin")

    _r, everything = parse(client, f"/feeds/kommentare/{kind}/")
    _r, one_page = parse(client, f"/feeds/kommentare/{first.pk}/{kind}/")

    assert {e.title for e in everything.entries} == {"Leser zu „Richtig Netzwerken?“", "Leserin zu „Barcamp“"}
    assert [e.title for e in one_page.entries] == ["Leser zu „Richtig Netzwerken?“"]
    raw = client.get(f"/feeds/kommentare/{first.pk}/{kind}/").content.decode()
    assert "<script>" not in raw
    assert "&amp;lt;script&amp;gt;" in raw  # escaped once as HTML text, once more as XML
    entry = one_page.entries[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Guter Beitrag" in (entry.get("summary") or "")


def test_unknown_series_tag_or_page_is_404(client, posts):
    assert client.get("/feeds/serie/gibt-es-nicht/rss/").status_code == 404
    assert client.get("/feeds/schlagwort/gibt-es-nicht/atom/").status_code == 404
    assert client.get("/feeds/archiv/2026/13/rss/").status_code == 404
    assert client.get("/feeds/kommentare/999999/rss/").status_code == 404


def test_feeds_answer_conditional_requests_with_304(client, posts):
    first = client.get("/feeds/beitraege/rss/")
    assert first["ETag"] and first["Last-Modified"]

    by_etag = client.get("/feeds/beitraege/rss/", headers={"If-None-Match": first["ETag"]})
    by_date = client.get("/feeds/beitraege/rss/", headers={"If-Modified-Since": first["Last-Modified"]})

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_date.status_code == 304 and by_date.content == b""


def test_a_scheduled_post_enters_the_feed_when_it_goes_live(client, a_blog):
    monday = timezone.now() + datetime.timedelta(days=3)
    post = BlogPostPageFactory(parent=a_blog, title="Die Messe", live=False)
    post.go_live_at = monday
    post.save_revision().publish()

    _r, before = parse(client, "/feeds/beitraege/rss/")
    assert "Die Messe" not in {e.title for e in before.entries}

    with time_machine.travel(monday + datetime.timedelta(minutes=1)):
        publish_due_pages(lock_seconds=1)
    _r, after = parse(client, "/feeds/beitraege/rss/")
    assert "Die Messe" in {e.title for e in after.entries}
