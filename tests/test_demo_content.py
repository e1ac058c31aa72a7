"""The demo loader builds the German site from the founding text, and running it twice changes nothing."""

import io
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Page, PageLogEntry, Revision, Site

import pytest

from blog.models import BlogPostPage, Series
from formats.models import FormatPage
from home.models import HomePage, LegalPages, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(monkeypatch):
    monkeypatch.setenv("DEMO_AUTHOR_PASSWORD", "ein-langes-demo-passwort")
    call_command("load_demo_content", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


def test_loader_replaces_the_welcome_page_with_our_home_page(demo_site):
    assert isinstance(demo_site.root_page.specific, HomePage)
    assert not Page.objects.filter(depth=2).exclude(pk=demo_site.root_page.pk).exists()
    assert Site.objects.count() == 1


def test_founding_post_is_part_one_of_the_series(demo_site):
    post = BlogPostPage.objects.get(slug="richtig-netzwerken")

    assert post.live
    assert post.title == "Richtig Netzwerken?"
    assert post.series == Series.objects.get(slug="richtig-netzwerken")
    assert post.series_part == 1
    assert post.intro.startswith("Netzwerken ist seit vielen Jahren ein relevanter Vertriebskanal")
    questions = next(block.value for block in post.body if block.block_type == "list")
    assert list(questions["items"]) == [
        "Habe ich für mein Geschäft spannende Kontakte generieren können?",
        "Habe ich durch die Veranstaltung für mich relevante Informationen gewinnen können?",
        "Hatte ich Spaß?",
    ]
    assert any(block.block_type == "heading" and block.value["text"] == "Fazit" for block in post.body)


def test_at_least_eight_formats_with_facts_and_verdicts(demo_site):
    formats = FormatPage.objects.live()

    assert formats.count() >= 8
    titles = set(formats.values_list("title", flat=True))
    assert {"Unternehmerfrühstück", "Business-Speed-Dating", "Barcamp", "Serviceclub"} <= titles
    for page in formats:
        assert page.typical_cost and page.duration and page.group_size and page.region
        assert all(1 <= score <= 5 for _, score in page.verdict_scores)
        assert len(page.verdict_text) > 50


def test_legal_pages_are_marked_as_placeholders_and_linked_from_every_footer(client, demo_site):
    legal = LegalPages.for_site(demo_site)
    assert {legal.imprint.slug, legal.privacy.slug} == {"impressum", "datenschutz"}
    for page in StandardPage.objects.all():
        assert "Platzhalter" in page.body

    for page in Page.objects.live().specific():
        if page.depth < 2:
            continue
        html = client.get(page.url).content.decode()
        assert f'href="{legal.imprint.url}"' in html and f'href="{legal.privacy.url}"' in html


def test_author_can_log_in_to_the_admin(client, demo_site):
    author = get_user_model().objects.get(username="autor")

    assert client.login(username="autor", password="ein-langes-demo-passwort")
    assert client.get("/admin/").status_code == 200
    assert author.get_full_name() == "Andreas Pieters"


def test_running_the_loader_twice_changes_nothing(demo_site):
    def snapshot():
        return {
            "pages": list(Page.objects.order_by("path").values_list("path", "title", "live", "latest_revision_id")),
            "revisions": Revision.objects.count(),
            "log_entries": PageLogEntry.objects.count(),
            "series": Series.objects.count(),
            "users": get_user_model().objects.count(),
            "sites": list(Site.objects.values_list("hostname", "port", "root_page_id")),
        }

    before = snapshot()
    call_command("load_demo_content", stdout=io.StringIO())

    assert snapshot() == before


class _ResourceCollector(HTMLParser):
    """Collects every URL a browser would fetch on its own: scripts, styles, fonts, images, frames."""

    FETCHED = {
        "script": ("src",),
        "img": ("src", "srcset"),
        "source": ("src", "srcset"),
        "iframe": ("src",),
        "video": ("src", "poster"),
        "audio": ("src",),
        "embed": ("src",),
        "object": ("data",),
        "input": ("src",),
    }

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower()
            if any(word in rel for word in ("stylesheet", "icon", "preload", "prefetch", "preconnect", "manifest")):
                self.urls.append(attrs["href"])
        for name in self.FETCHED.get(tag, ()):
            for value in (attrs.get(name) or "").split(","):
                if value.strip():
                    self.urls.append(value.strip().split()[0])


def test_no_page_loads_anything_from_another_host(client, demo_site, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    own_host = "127.0.0.1:8000"
    urls = [page.url for page in Page.objects.live().specific() if page.depth >= 2]
    urls += ["/gibt-es-nicht/", "/admin/login/"]

    fetched = []
    for url in urls:
        collector = _ResourceCollector()
        collector.feed(client.get(url, headers={"host": own_host}).content.decode())
        fetched += collector.urls

    assert fetched, "the pages load at least their stylesheet"
    foreign = [url for url in fetched if urlsplit(url).netloc not in ("", own_host) or url.startswith("//")]
    assert foreign == []


def test_stylesheet_loads_no_fonts_or_images_from_other_hosts():
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent / "static" / "css" / "site.css").read_text()

    assert "@import" not in css
    assert "url(" not in css or all("//" not in part.split(")")[0] for part in css.split("url(")[1:])
    assert "@font-face" not in css
