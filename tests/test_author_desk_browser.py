"""The author at his desk, in Chromium at 1280 px: a new post in the series, a title with umlauts, the German
slug, the date and the part number filled in, published. Screenshots in var/artefacts/author/."""

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from playwright.sync_api import expect

from blog.models import BlogPostPage
from tests.browser import BROWSER_SPEC, chromium
from tests.factories import BlogPostPageFactory, ReaderFactory, SeriesFactory
from tests.helpers import log_in_with_second_factor

pytestmark = BROWSER_SPEC

SHOTS = Path(__file__).resolve().parent.parent / "var" / "artefacts" / "author"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def session_cookie(base, user):
    """The user's session as the test client makes it (with the second factor recorded), as a cookie for the
    browser: independent of the log-in pages. Made before Playwright starts, so
    the session is written on the test's own database connection."""
    client = log_in_with_second_factor(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": base}


def test_the_author_writes_the_next_part_with_a_german_slug_and_publishes(live_server, a_blog):
    series = SeriesFactory(title="Richtig Netzwerken", slug="richtig-netzwerken")
    for part in (1, 2):
        BlogPostPageFactory(parent=a_blog, series=series, series_part=part, date=datetime.date(2026, 11, 16 + part))
    author = ReaderFactory(username="andreas", display_name="Andreas", first_name="Andreas", last_name="Pieters")
    author.groups.add(Group.objects.get(name="Redaktion"))
    base = live_server.url
    cookie = session_cookie(base, author)

    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(f"{base}/admin/pages/add/blog/blogpostpage/{a_blog.pk}/")
        page.click("#id_title")
        page.keyboard.type("Das Unternehmerfrühstück: Netzwerken vor dem ersten Termin")
        page.press("#id_title", "Tab")
        expect(page.locator("#id_slug")).to_have_value("das-unternehmerfruehstueck-netzwerken-vor-dem-ersten-termin")
        assert page.input_value("#id_date") == timezone.localdate().isoformat()
        assert page.input_value("#id_series") == str(series.pk)
        assert page.input_value("#id_series_part") == "3"
        page.fill("#id_intro", "Wie ein Frühstück Kontakte bringt.")
        page.locator("[data-streamfield-stream-container] button, .c-sf-add-button").first.click()
        page.get_by_role("option", name="Absatz").click()
        page.locator(".public-DraftEditor-content").first.click()
        page.keyboard.type("Um sieben Uhr beginnt der Tag mit Kaffee.")
        # Wagtail 8 saves a draft by itself once the form is valid, and the create view becomes the edit view.
        page.wait_for_url("**/edit/**", timeout=15000)
        # Its autosave starts 500 ms after the last change. One still on its way when he publishes saves the page
        # as it was loaded (not live) after the publication: he publishes once it has come back.
        page.wait_for_timeout(1000)
        expect(page.locator("#w-autosave-indicator")).not_to_have_attribute(
            "data-w-autosave-state-value", "saving", timeout=15000
        )
        shot(page, "01-new-post")

        page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()
        page.click("button[name=action-publish]")
        page.wait_for_url(f"{base}/admin/pages/{a_blog.pk}/")
        assert "wurde veröffentlicht" in page.inner_text("body")
        shot(page, "02-published")
        context.close()

    post = BlogPostPage.objects.get(series=series, series_part=3)
    assert post.live
    assert post.slug == "das-unternehmerfruehstueck-netzwerken-vor-dem-ersten-termin"
    assert post.date == timezone.localdate()
    assert post.owner == author
