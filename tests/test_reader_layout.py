"""What readers see on phones and desktops: figures without jargon that stay on one line at
390 px, a home page title that is no echo, and format pages that lead to the posts about them."""

import datetime
import re
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from blog.selectors import posts_discussing
from discussion.models import Comment, PageSubscription
from tests.browser import axe_violations, chromium, log_in
from tests.factories import BlogPostPageFactory, FormatPageFactory, RatingFactory, ReaderFactory, a_comment
from tests.helpers import log_in_with_second_factor, verified

ARTEFACTS = Path(__file__).resolve().parent.parent / "var" / "artefacts"


@pytest.fixture
def a_rated_format(a_format_index):
    """Three ratings: enough for means, so every figure with a count shows."""
    page = FormatPageFactory(
        parent=a_format_index, title="Unternehmerfrühstück", slug="unternehmerfruehstueck", verdict_contacts=4
    )
    for contacts in (2, 3, 5):
        RatingFactory(format_page=page, contacts=contacts, information=4, fun=3)
    return page


# No "n = 3"


@pytest.mark.django_db
def test_rating_counts_read_bewertungen_never_n_equals(client, a_home_page, a_rated_format, a_format_index):
    for url in [a_rated_format.url, a_format_index.url, "/", f"{a_format_index.url}vergleichen/"]:
        html = client.get(url).content.decode()
        assert not re.search(r"\bn\s*=\s*\d", html), url
    page = client.get(a_rated_format.url).content.decode()
    assert "Gesamt: 3,4 von 5 (3&nbsp;Bewertungen)" in page
    assert "Autor: 4 · Leser: 3,3 (3&nbsp;Bewertungen)" in page
    teaser = client.get(a_format_index.url).content.decode()
    assert "Leser (3&nbsp;Bewertungen): Kontakte 3,3" in teaser


@pytest.mark.django_db
def test_one_rating_is_one_bewertung(client, a_format_index):
    page = FormatPageFactory(parent=a_format_index)
    RatingFactory(format_page=page)

    html = client.get(page.url).content.decode()

    assert re.search(r"\b1 Bewertung\b(?!en)", html)
    assert "1 Bewertungen" not in html


@pytest.mark.django_db
def test_the_authors_dashboard_counts_bewertungen_too(client, a_rated_format, admin_user):
    log_in_with_second_factor(client, admin_user)

    html = client.get("/admin/").content.decode()

    assert "Unternehmerfrühstück" in html and "(3&nbsp;Bewertungen)" in html
    assert not re.search(r"\(n\s*=\s*\d", html)


# The home page's title


@pytest.mark.django_db
def test_home_title_is_no_echo_of_the_site_name(client, a_home_page):
    title = re.search(r"<title>(.*?)</title>", client.get("/").content.decode(), re.S).group(1)

    assert title == "Netzwerk-Formate – Erfahrungen mit Business-Netzwerken, Format für Format"


@pytest.mark.django_db
def test_an_seo_title_on_home_stands_alone_and_other_pages_keep_the_site_name(client, a_home_page, a_blog):
    a_home_page.seo_title = "Netzwerk-Formate: Welche Netzwerke lohnen sich?"
    a_home_page.save_revision().publish()

    home = re.search(r"<title>(.*?)</title>", client.get("/").content.decode(), re.S).group(1)
    blog = re.search(r"<title>(.*?)</title>", client.get(a_blog.url).content.decode(), re.S).group(1)

    assert home == "Netzwerk-Formate: Welche Netzwerke lohnen sich?"
    assert blog == "Blog · Netzwerk-Formate"


# Format pages lead to the posts about them


@pytest.fixture
def posts_about_the_format(a_blog, a_rated_format):
    def post(title, date, **kwargs):
        page = BlogPostPageFactory(parent=a_blog, title=title, date=date, **kwargs)
        page.related_formats.add(a_rated_format)
        page.save_revision().publish()
        return page

    older = post("Mein erstes Frühstück", datetime.date(2026, 1, 5))
    newer = post("Zurück beim Frühstück", datetime.date(2026, 3, 2))
    draft = post("Noch nicht fertig", datetime.date(2026, 4, 6))
    draft.unpublish()
    BlogPostPageFactory(parent=a_blog, title="Über etwas anderes", date=datetime.date(2026, 5, 4))
    return older, newer


@pytest.mark.django_db
def test_a_format_page_links_the_live_posts_that_discuss_it_newest_first(
    client, a_rated_format, posts_about_the_format
):
    older, newer = posts_about_the_format

    html = client.get(a_rated_format.url).content.decode()

    section = html[html.index('id="im-blog"') :]
    section = section[: section.index("</section>")]
    assert "Im Blog besprochen" in section
    assert re.findall(r'<a href="([^"]+)">', section) == [newer.url, older.url]
    assert "2. März 2026" in section and "5. Januar 2026" in section
    assert "Noch nicht fertig" not in html and "Über etwas anderes" not in section


@pytest.mark.django_db
def test_a_format_no_post_discusses_shows_no_empty_section(client, a_rated_format):
    assert 'id="im-blog"' not in client.get(a_rated_format.url).content.decode()


@pytest.mark.django_db
def test_the_posts_about_a_format_come_in_one_query(a_rated_format, posts_about_the_format, a_blog):
    for number in range(5):
        page = BlogPostPageFactory(parent=a_blog, title=f"Noch ein Bericht {number}")
        page.related_formats.add(a_rated_format)
        page.save_revision().publish()

    with CaptureQueriesContext(connection) as queries:
        posts = [
            (post.title, post.series.title if post.series else "")
            for post in posts_discussing(format_page=a_rated_format)
        ]

    assert len(posts) == 7
    assert len(queries) == 1


@pytest.mark.django_db
def test_more_posts_about_a_format_cost_its_page_no_extra_query(client, a_rated_format, a_blog):
    def queries_for_page():
        client.get(a_rated_format.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(a_rated_format.url)
        return len(queries)

    with_one = BlogPostPageFactory(parent=a_blog, title="Einer")
    with_one.related_formats.add(a_rated_format)
    with_one.save_revision().publish()
    one = queries_for_page()
    for number in range(6):
        page = BlogPostPageFactory(parent=a_blog, title=f"Bericht {number}")
        page.related_formats.add(a_rated_format)
        page.save_revision().publish()

    assert queries_for_page() == one


# In a real browser, at 390 and 1280 px


# Each element's height against its own line height, and whether its box spills over its parent.
MEASURE = """selector => [...document.querySelectorAll(selector)].map(e => {
    const style = getComputedStyle(e);
    const box = e.getBoundingClientRect(), parent = e.parentElement.getBoundingClientRect();
    return {text: e.innerText, height: box.height, line: parseFloat(style.lineHeight),
            spills: box.right > parent.right + 0.5 || box.left < parent.left - 0.5};
})"""

# How many lines the first "(3 Bewertungen)" inside each element takes.
LINES_OF_COUNT = """selector => [...document.querySelectorAll(selector)].map(e => {
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
        const at = node.data.indexOf('(3\\u00a0Bewertungen)');
        if (at >= 0) {
            const range = document.createRange();
            range.setStart(node, at); range.setEnd(node, at + '(3\\u00a0Bewertungen)'.length);
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        }
    }
    return null;
})"""


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.slow
@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_sync_orm_beside_playwright")
@pytest.mark.parametrize("width", [390, 1280])
def test_verdict_and_rating_counts_stay_on_one_line_on_phones_and_desktops(
    live_server, a_rated_format, posts_about_the_format, width
):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    # Outside the browser block: ORM calls inside Playwright's sync context open a connection of
    # their own that nothing closes, and PostgreSQL then refuses to drop the test database.
    url = f"{live_server.url}{a_rated_format.url}"
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(url, wait_until="networkidle")

        values = page.evaluate(MEASURE, ".verdict .scores__value")
        assert [value["text"] for value in values] == ["4 von 5", "3 von 5", "2 von 5"]
        for value in values:
            assert value["height"] <= value["line"] * 1.5, value
            assert not value["spills"], value
        verdict = page.eval_on_selector(".verdict", "e => [e.scrollWidth, e.clientWidth]")
        assert verdict[0] <= verdict[1]
        assert page.evaluate(LINES_OF_COUNT, ".question figcaption") == [1, 1, 1]
        assert page.evaluate(LINES_OF_COUNT, ".ratings__overall") == [1]
        for card in page.evaluate(
            "[...document.querySelectorAll('.question')].map(e => [e.scrollWidth, e.clientWidth])"
        ):
            assert card[0] <= card[1]
        assert no_horizontal_scroll(page)
        assert page.locator("#im-blog").is_visible()
        page.screenshot(path=str(ARTEFACTS / f"format-page-{width}.png"), full_page=True)
        page.locator(".verdict").screenshot(path=str(ARTEFACTS / f"format-verdict-{width}.png"))

        page.goto(f"{live_server.url}/formate/", wait_until="networkidle")
        assert page.evaluate(LINES_OF_COUNT, ".teaser--format") == [1]
        assert no_horizontal_scroll(page)
        page.screenshot(path=str(ARTEFACTS / f"format-index-{width}.png"), full_page=True)

        audited = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True).new_page()
        audited.goto(url, wait_until="networkidle")
        assert axe_violations(audited) == []


@pytest.mark.slow
@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_sync_orm_beside_playwright")
def test_my_account_lists_subscriptions_readably_and_a_button_ends_one(live_server, a_blog):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    reader = verified(ReaderFactory(email="rita@example.org", display_name="Rita"))
    post = BlogPostPageFactory(parent=a_blog, title="Warum Stammtische unterschätzt werden")
    PageSubscription.objects.create(page=post, email=reader.email, user=reader)
    mine = a_comment(post, user=reader, text="Bei uns in Lüneburg ist der Stammtisch das beste Format überhaupt.")
    Comment.objects.filter(pk=mine.pk).update(followup=True)

    with chromium() as browser:
        for width in (390, 1280):
            page = browser.new_page(viewport={"width": width, "height": 900})
            log_in(page, live_server.url, reader)
            section = page.locator("#benachrichtigungen").locator("..")
            assert "Warum Stammtische unterschätzt werden" in section.inner_text()
            assert no_horizontal_scroll(page)
            page.locator("#benachrichtigungen").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTEFACTS / f"account-subscriptions-{width}.png"), full_page=True)

        page.locator(".subscriptions__item button").first.click()
        page.wait_for_url(f"{live_server.url}/konto/#benachrichtigungen")
        assert "Sie erhalten keine E-Mails mehr zu neuen Kommentaren" in page.inner_text(".messages")
        page.screenshot(path=str(ARTEFACTS / "account-subscription-ended-1280.png"), full_page=True)
    assert not PageSubscription.objects.exists()
