"""Discovery: autodiscovery links, sitemap, robots.txt, canonical and Open Graph, JSON-LD, blog filters, search."""

import datetime
import json
import re
from html.parser import HTMLParser

from wagtail.models import Site

import feedparser
import pytest

from tests.factories import BlogPostPageFactory, FormatPageFactory, SeriesFactory, StandardPageFactory, a_comment

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates, self.meta, self.canonical = [], {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate":
            self.alternates.append(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")


def links_of(client, url):
    parser = Links()
    parser.feed(client.get(url).content.decode())
    return parser


@pytest.fixture
def site_content(a_home_page, a_blog, a_format_index):
    series = SeriesFactory(title="Richtig Netzwerken", slug="richtig-netzwerken")
    post = BlogPostPageFactory(
        parent=a_blog, title="Richtig Netzwerken?", series=series, series_part=1, date=datetime.date(2026, 11, 23)
    )
    post.tags.add("Vertrieb")
    post.save_revision().publish()
    older = BlogPostPageFactory(parent=a_blog, title="Ein Oktober-Beitrag", date=datetime.date(2026, 10, 5))
    draft = BlogPostPageFactory(parent=a_blog, title="Entwurf über Visitenkarten", slug="entwurf")
    draft.unpublish()
    barcamp = FormatPageFactory(parent=a_format_index, title="Barcamp", summary="Eine Unkonferenz ohne Programm.")
    legal = StandardPageFactory(parent=a_home_page, title="Impressum")
    a_comment(post, text="Danke!")
    return {"post": post, "older": older, "draft": draft, "barcamp": barcamp, "legal": legal, "series": series}


def test_every_page_links_its_feeds_and_every_link_is_a_valid_feed(client, site_content):
    expected = {
        "/": {"/feeds/beitraege/rss/", "/feeds/formate/atom/", "/feeds/kommentare/rss/"},
        site_content["post"].url: {
            "/feeds/serie/richtig-netzwerken/rss/",
            f"/feeds/kommentare/{site_content['post'].pk}/atom/",
        },
        site_content["barcamp"].url: {"/feeds/formate/rss/", f"/feeds/kommentare/{site_content['barcamp'].pk}/rss/"},
        "/blog/serie/richtig-netzwerken/": {"/feeds/serie/richtig-netzwerken/atom/"},
        "/blog/schlagwort/vertrieb/": {"/feeds/schlagwort/vertrieb/rss/"},
        "/blog/archiv/2026/10/": {"/feeds/archiv/2026/10/atom/"},
        site_content["legal"].url: {"/feeds/beitraege/atom/"},
    }
    for url, feeds in expected.items():
        alternates = links_of(client, url).alternates
        hrefs = {link["href"] for link in alternates}
        assert feeds <= hrefs, url
        for link in alternates:
            response = client.get(link["href"])
            assert response.status_code == 200, link["href"]
            assert response["Content-Type"].startswith(link["type"])
            assert feedparser.parse(response.content).bozo == 0


def test_sitemap_lists_every_live_page_and_no_draft(client, site_content):
    xml = client.get("/sitemap.xml").content.decode()

    root = Site.objects.get(is_default_site=True).root_url
    for key in ("post", "older", "barcamp", "legal"):
        assert f"<loc>{root}{site_content[key].url}</loc>" in xml
    assert "entwurf" not in xml


def test_robots_txt_names_the_sitemap(client, site_content):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_pages_carry_canonical_url_open_graph_and_twitter_cards(client, site_content):
    post = site_content["post"]

    links = links_of(client, post.url)

    assert links.canonical == post.full_url
    assert links.meta["og:title"] == "Richtig Netzwerken?"
    assert links.meta["og:type"] == "article"
    assert links.meta["og:url"] == post.full_url
    assert links.meta["og:locale"] == "de_DE"
    assert links.meta["og:description"] == post.intro
    assert links.meta["twitter:card"] == "summary"
    assert links_of(client, site_content["barcamp"].url).meta["og:description"] == "Eine Unkonferenz ohne Programm."


def test_posts_carry_blogposting_json_ld(client, site_content):
    html = client.get(site_content["post"].url).content.decode()

    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    posting = next(b for b in blocks if b["@type"] == "BlogPosting")
    assert posting["headline"] == "Richtig Netzwerken?"
    assert posting["mainEntityOfPage"] == site_content["post"].full_url
    assert posting["isPartOf"]["name"] == "Richtig Netzwerken"
    assert posting["keywords"] == "Vertrieb" and posting["inLanguage"] == "de-DE"


def test_blog_filters_by_series_tag_and_month_each_on_its_own_url(client, site_content):
    second = BlogPostPageFactory(
        parent=site_content["post"].get_parent(), title="Teil zwei", series=site_content["series"], series_part=2
    )

    series = client.get("/blog/serie/richtig-netzwerken/").content.decode()
    tag = client.get("/blog/schlagwort/vertrieb/").content.decode()
    october = client.get("/blog/archiv/2026/10/").content.decode()

    assert series.index("Richtig Netzwerken?") < series.index(second.title)  # reading order
    assert "Ein Oktober-Beitrag" not in series
    assert "Richtig Netzwerken?" in tag and "Ein Oktober-Beitrag" not in tag
    assert "Ein Oktober-Beitrag" in october and "Richtig Netzwerken?" not in october
    assert "Archiv Oktober 2026" in october
    assert client.get("/blog/serie/gibt-es-nicht/").status_code == 404
    assert client.get("/blog/archiv/2026/13/").status_code == 404


def test_search_finds_a_post_by_a_word_of_its_body_and_never_a_draft(client, site_content):
    html = client.get("/suche/", {"q": "Frühstück"}).content.decode()

    assert "Richtig Netzwerken?" in html  # the factory body talks about breakfast
    assert "Entwurf über Visitenkarten" not in html
    assert "Treffer für „Frühstück“" in html


def test_search_finds_formats_and_marks_the_words(client, site_content):
    html = client.get("/suche/", {"q": "Unkonferenz"}).content.decode()

    assert "Barcamp" in html and "<mark>Unkonferenz</mark>" in html


def test_search_without_hits_explains_and_handles_bad_input(client, site_content):
    empty = client.get("/suche/", {"q": "xyzzy"}).content.decode()
    hostile = client.get("/suche/", {"q": "<script>alert(1)</script>", "seite": "-3"})
    huge = client.get("/suche/", {"q": "Barcamp" * 100, "seite": "99999999999"})

    assert "Keine Treffer für „xyzzy“." in empty
    assert hostile.status_code == 200 and "<script>alert(1)</script>" not in hostile.content.decode()
    assert huge.status_code == 200
    assert client.get("/suche/").status_code == 200
