"""Feeds for people, not only feed readers: a „Feeds abonnieren“ page that explains and lists every
feed, and every feed, opened in a browser, shown as a German page through our own XSLT stylesheet."""

import datetime
import re
from pathlib import Path
from xml.dom import minidom

from django.urls import get_resolver, reverse

import feedparser
import pytest

from tests.browser import axe_violations, chromium
from tests.factories import BlogPostPageFactory, FormatPageFactory, SeriesFactory, a_comment

ARTEFACTS = Path(__file__).resolve().parent.parent / "var" / "artefacts"
XSL = Path(__file__).resolve().parent.parent / "static" / "xsl" / "feed.xsl"


@pytest.fixture
def a_site_with_feeds(a_blog, a_format_index):
    series = SeriesFactory(title="Richtig Netzwerken", slug="richtig-netzwerken")
    barcamp = FormatPageFactory(parent=a_format_index, title="Barcamp", slug="barcamp")
    first = BlogPostPageFactory(
        parent=a_blog, title="Richtig Netzwerken?", series=series, series_part=1, date=datetime.date(2026, 11, 23)
    )
    first.tags.add("Vertrieb")
    first.related_formats.add(barcamp)
    first.save_revision().publish()
    second = BlogPostPageFactory(
        parent=a_blog,
        title="Das Unternehmerfrühstück",
        slug="das-unternehmerfruehstueck",
        date=datetime.date(2026, 11, 30),
    )
    second.save_revision().publish()
    a_comment(first, text="Danke für den Überblick!", name="Bernd")
    draft = BlogPostPageFactory(parent=a_blog, title="Geheimer Entwurf", slug="geheimer-entwurf")
    draft.unpublish()
    return {"series": series, "barcamp": barcamp, "first": first, "second": second, "draft": draft}


def every_feed_url(site):
    """One address of every feed route, RSS and Atom, with real arguments."""
    first, series, barcamp = site["first"], site["series"], site["barcamp"]
    arguments = {
        "feed_posts": [],
        "feed_series": [series.slug],
        "feed_tag": ["vertrieb"],
        "feed_month": [2026, 11],
        "feed_formats": [],
        "feed_comments": [],
        "feed_page_comments": [first.pk],
    }
    routes = {name.removesuffix("_rss") for name in get_resolver().reverse_dict if str(name).endswith("_rss")}
    assert set(arguments) == routes, "a new feed route needs a case here"
    extra = [reverse("feed_page_comments_rss", args=[barcamp.pk])]
    return [
        reverse(f"{name}_{kind}", args=args) for name, args in arguments.items() for kind in ("rss", "atom")
    ] + extra


# The stylesheet on every feed


@pytest.mark.django_db
def test_every_feed_names_our_xslt_stylesheet_before_its_first_element(client, a_site_with_feeds):
    for url in every_feed_url(a_site_with_feeds):
        body = client.get(url).content.decode()
        prolog, _, rest = body.partition("?>")  # the XML declaration
        instruction = '<?xml-stylesheet href="/static/xsl/feed.xsl" media="screen" type="text/xsl"?>'
        assert rest.lstrip().startswith(instruction), (url, body[:200])
        assert rest.index(instruction) < rest.index("<rss" if "/rss/" in url else "<feed")


@pytest.mark.django_db
def test_feeds_with_the_stylesheet_stay_valid_for_feed_readers(client, a_site_with_feeds):
    for url in every_feed_url(a_site_with_feeds):
        parsed = feedparser.parse(client.get(url).content)
        assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))
        assert parsed.feed.title


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_with_the_stylesheet_still_answer_conditional_gets_with_304(client, a_site_with_feeds, kind):
    url = f"/feeds/beitraege/{kind}/"
    first = client.get(url)

    by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert b"xml-stylesheet" in first.content
    assert by_etag.status_code == 304 and by_date.status_code == 304


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_browsers_get_the_feed_as_xml_so_they_run_its_stylesheet_feed_readers_keep_the_feed_type(
    client, a_site_with_feeds, kind
):
    """Chromium shows application/rss+xml and atom+xml as plain text, stylesheet or not."""
    url = f"/feeds/beitraege/{kind}/"
    feed_type = f"application/{kind}+xml; charset=utf-8"

    browser = client.get(url, headers={"Accept": BROWSER_ACCEPT})
    reader = client.get(url, headers={"Accept": f"application/{kind}+xml, application/xml;q=0.9, */*;q=0.8"})
    anything = client.get(url, headers={"Accept": "*/*"})
    silent = client.get(url)

    assert browser["Content-Type"] == "application/xml; charset=utf-8"
    assert reader["Content-Type"] == anything["Content-Type"] == silent["Content-Type"] == feed_type
    assert browser.content == reader.content
    assert all("Accept" in response["Vary"] for response in (browser, reader, silent))


@pytest.mark.django_db
def test_the_stylesheet_is_served_from_our_own_static_files_as_xsl(client):
    response = client.get("/static/xsl/feed.xsl")
    body = b"".join(response.streaming_content)
    response.close()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xsl")
    assert body == XSL.read_bytes()


def test_the_stylesheet_is_xslt_and_explains_the_feed_in_german():
    document = minidom.parse(str(XSL))  # noqa: S318 - our own file, not untrusted input
    root = document.documentElement

    assert root.tagName == "xsl:stylesheet" and root.getAttribute("version") == "1.0"
    text = XSL.read_text()
    for german in ("Diesen Feed abonnieren", "Feedreader", "Alle Feeds im Überblick", "Die neuesten Einträge"):
        assert german in text
    # Nothing the feed's Content-Security-Policy forbids: no script, no inline style, nothing from elsewhere.
    assert "<script" not in text and "style=" not in text and "<style" not in text
    assert "https://" not in text.replace("http://www.w3.org/", "")


# The page that explains and lists them


@pytest.mark.django_db
def test_feeds_page_explains_feeds_in_german_and_lists_every_feed(client, a_site_with_feeds):
    first, barcamp = a_site_with_feeds["first"], a_site_with_feeds["barcamp"]

    response = client.get("/feeds/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Feeds abonnieren</h1>" in html
    assert "Was ist ein Feed?" in html and "So abonnieren Sie einen Feed" in html
    for url in every_feed_url(a_site_with_feeds):
        assert f'href="{url}"' in html, url
    assert "Richtig Netzwerken" in html and "Vertrieb" in html and "November 2026" in html
    assert f'href="{reverse("feed_page_comments_atom", args=[first.pk])}"' in html
    assert f'href="{reverse("feed_page_comments_atom", args=[barcamp.pk])}"' in html
    draft = a_site_with_feeds["draft"]
    assert "Geheimer Entwurf" not in html and reverse("feed_page_comments_rss", args=[draft.pk]) not in html


@pytest.mark.django_db
def test_every_link_on_the_feeds_page_leads_to_a_working_feed(client, a_site_with_feeds):
    html = client.get("/feeds/").content.decode()
    links = set(re.findall(r'href="(/feeds/[^"]+/(?:rss|atom)/)"', html))

    assert len(links) >= len(every_feed_url(a_site_with_feeds))
    for url in links:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_the_feeds_page_is_linked_from_every_footer_and_beside_the_blogs_feed_links(client, a_site_with_feeds):
    for url in ["/", "/blog/", a_site_with_feeds["first"].url, a_site_with_feeds["barcamp"].url, "/konto/login/"]:
        assert '<a href="/feeds/">Feeds abonnieren</a>' in client.get(url).content.decode(), url
    for url in ["/blog/", "/blog/serie/richtig-netzwerken/", "/blog/schlagwort/vertrieb/"]:
        assert '<a href="/feeds/">Was ist ein Feed?</a>' in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_the_feeds_page_costs_a_fixed_number_of_queries(client, a_site_with_feeds, django_assert_max_num_queries):
    for number in range(5):
        BlogPostPageFactory(parent=a_site_with_feeds["first"].get_parent(), title=f"Mehr {number}")
    client.get("/feeds/")

    with django_assert_max_num_queries(12):
        assert client.get("/feeds/").status_code == 200


# In a real browser


def open_in_browser(browser, url, *, width, bypass_csp=False):
    """The page as a reader sees it, with the console's CSP refusals; bypass_csp only to run axe,
    whose injected script our policy rightly refuses."""
    page = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=bypass_csp).new_page()
    refused = []

    def note(message):
        # Chromium's own XSLT deprecation banner (<xslt-warning-banner>) carries inline styles and an
        # onclick, which our policy refuses; our page has neither (asserted below and in the XSL spec).
        banner = message.text.startswith(("Applying inline style", "Executing inline event handler"))
        if "Content Security Policy" in message.text and not banner:
            refused.append(message.text)

    page.on("console", note)
    page.goto(url)
    page.wait_for_load_state("load")
    return page, refused


@pytest.mark.slow
@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_sync_orm_beside_playwright")
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_feed_opened_in_chromium_reads_as_a_german_page(live_server, a_site_with_feeds, kind):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    url = f"{live_server.url}/feeds/beitraege/{kind}/"
    with chromium() as browser:
        page, refused = open_in_browser(browser, url, width=1280)

        assert page.inner_text("h1") == "Netzwerk-Formate: Beiträge"
        main = page.inner_text("main")
        assert "Diesen Feed abonnieren" in main and "Feedreader" in main
        assert url.replace(live_server.url, "") in page.inner_text(".feed-address")
        entries = page.locator("article.teaser h3 a")
        assert entries.all_inner_texts() == ["Das Unternehmerfrühstück", "Richtig Netzwerken?"]
        assert entries.first.get_attribute("href").endswith("/blog/das-unternehmerfruehstueck/")
        dates = page.locator("article.teaser .teaser__meta").all_inner_texts()
        assert all(date.split(". ")[1].split()[0] in ("November", "Dezember", "Januar") for date in dates), dates
        # Our stylesheet reached the page despite the Content-Security-Policy: the dark site header.
        header = page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
        assert header == "rgb(29, 36, 48)"
        assert page.eval_on_selector("html", "e => e.lang") == "de"
        assert refused == []
        inline = """[...document.querySelectorAll('*')].filter(e => e.localName !== 'xslt-warning-banner')
            .filter(e => e.localName === 'script' || [...e.attributes].some(a => a.name === 'style' || a.name.startsWith('on')))
            .length"""
        assert page.evaluate(inline) == 0
        page.screenshot(path=str(ARTEFACTS / f"feed-{kind}-1280.png"), full_page=True)

        audited, _ = open_in_browser(browser, url, width=1280, bypass_csp=True)
        # Chromium's own warning that it will drop XSLT is the browser's, not the page's.
        audited.evaluate("document.querySelectorAll('xslt-warning-banner').forEach(e => e.remove())")
        assert axe_violations(audited) == []

        page, refused = open_in_browser(browser, url, width=390)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert refused == []
        page.screenshot(path=str(ARTEFACTS / f"feed-{kind}-390.png"), full_page=True)


@pytest.mark.slow
@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_sync_orm_beside_playwright")
def test_the_feeds_page_in_chromium_at_390_and_1280_px(live_server, a_site_with_feeds):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        for width in (1280, 390):
            page, refused = open_in_browser(browser, f"{live_server.url}/feeds/", width=width)
            assert page.inner_text("h1") == "Feeds abonnieren"
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert refused == []
            page.screenshot(path=str(ARTEFACTS / f"feeds-page-{width}.png"), full_page=True)
            audited, _ = open_in_browser(browser, f"{live_server.url}/feeds/", width=width, bypass_csp=True)
            assert axe_violations(audited) == []


@pytest.mark.django_db
def test_a_tag_with_umlauts_has_its_page_its_feeds_and_its_place_on_the_feeds_page(client, a_blog):
    post = BlogPostPageFactory(parent=a_blog, title="Frühstück mit Folgen")
    post.tags.add("Unternehmerfrühstück")
    post.save_revision().publish()

    feeds_page = client.get("/feeds/")
    tag_page = client.get("/blog/schlagwort/unternehmerfrühstück/")
    rss = client.get("/feeds/schlagwort/unternehmerfrühstück/rss/")
    atom = client.get("/feeds/schlagwort/unternehmerfrühstück/atom/")

    assert [feeds_page.status_code, tag_page.status_code, rss.status_code, atom.status_code] == [200] * 4
    assert "Unternehmerfrühstück" in feeds_page.content.decode()
    assert "Frühstück mit Folgen" in tag_page.content.decode()
    assert [entry.title for entry in feedparser.parse(rss.content).entries] == ["Frühstück mit Folgen"]
