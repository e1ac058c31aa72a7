"""A moderator at the desk, in Chromium: logs in to /admin/, opens the queue, blocks a writer after confirming
with a reason and a duration from the comment's check page, finds the block in the list and lifts it, and removes a
comment with a bulk action. Screenshots in var/artefacts/moderation/."""

from pathlib import Path

from django.contrib.auth.models import Group

from wagtail.models import ModelLogEntry

import pytest

from discussion.models import Block, Comment
from discussion.services.rules import is_blocked
from tests.browser import BROWSER_SPEC, chromium, log_in_staff
from tests.factories import (
    BlogPostPageFactory,
    FormatPageFactory,
    RatingFactory,
    ReaderFactory,
    a_comment,
)
from tests.helpers import staff_secret

pytestmark = BROWSER_SPEC

SHOTS = Path(__file__).resolve().parent.parent / "var" / "artefacts" / "moderation"


@pytest.fixture
def a_desk(a_blog, a_format_index):
    """A post with a held comment, a reader who rated four formats in a minute, and a moderator who can sign in."""
    post = BlogPostPageFactory(parent=a_blog, title="Die Fachmesse")
    hasty = ReaderFactory(display_name="Schnell-Bewerter")
    for title in ("Barcamp", "Fachmesse", "Serviceclub", "Stammtisch"):
        RatingFactory(format_page=FormatPageFactory(parent=a_format_index, title=title), reader=hasty)
    RatingFactory(format_page=FormatPageFactory(parent=a_format_index, title="Webinar"), is_hidden=True)
    spammer = ReaderFactory(email="werbung@example.org", display_name="Messe-Leads")
    a_comment(post, user=spammer, text="Leads kaufen: https://a.example https://b.example https://c.example")
    a_comment(post, text="Ein ehrlicher Bericht aus Hannover.")
    moderator = ReaderFactory(username="mona", display_name="Mona Moderation")
    moderator.groups.add(Group.objects.get(name="Moderatoren"))
    return moderator


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_moderator_blocks_with_confirmation_sees_the_block_and_lifts_it(live_server, a_desk):
    base = live_server.url
    secret = staff_secret(a_desk)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="de-DE")
        log_in_staff(page, base, a_desk.email, secret)
        shot(page, "01-dashboard")

        page.goto(f"{base}/admin/kommentare/")
        assert "Wartet auf Freischaltung (1)" in page.inner_text("main")
        assert "Grund: 3 Links (höchstens 2 erlaubt)" in page.inner_text("main")
        shot(page, "02-queue")

        # The comment's check page: why it was held, its writer's other comments, the actions.
        page.click("main table a:has-text('Leads kaufen')")
        page.wait_for_url("**/admin/kommentare/inspect/*/")
        assert "Grund: 3 Links (höchstens 2 erlaubt)" in page.inner_text("main")
        shot(page, "02b-check")
        page.click("main a:has-text('Verfasser sperren')")
        page.wait_for_url("**/sperren/")
        assert "Sie sperren" in page.inner_text("main")
        shot(page, "03-confirm")
        page.click("button.serious")  # without a reason: refused
        assert "Bitte geben Sie einen Grund an." in page.inner_text("main")
        page.fill("input[name=reason]", "Werbung für gekaufte Leads")
        page.check("input[name=duration][value='30']")
        page.click("button.serious")
        page.wait_for_url(f"{base}/admin/sperren/")
        listing = page.inner_text("main")
        assert "werbung@example.org" in listing and "Werbung für gekaufte Leads" in listing
        assert "aktiv" in listing
        shot(page, "04-blocks")

        # No ORM inside this block: Playwright's loop would give it a connection of its own.
        page.click("main table button[aria-label^='Weitere Optionen']")
        page.click("main table a:has-text('Sperre aufheben')")
        page.wait_for_url("**/admin/sperren/aufheben/*/")
        block_pk = page.url.rstrip("/").rsplit("/", 1)[1]
        assert "wieder kommentieren" in page.inner_text("main")
        shot(page, "05-lift-confirm")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/admin/sperren/")
        assert "ist aufgehoben" in page.inner_text("body") and "beendet" in page.inner_text("main")
        shot(page, "06-lifted")

        page.goto(f"{base}/admin/sperren/history/{block_pk}/")
        history = page.inner_text("main")
        assert "Grund: Werbung für gekaufte Leads" in history and "Sperre aufgehoben" in history
        shot(page, "07-history")

        # A bulk action: tick a comment, "Entfernen" in the footer, confirm.
        page.goto(f"{base}/admin/kommentare/?queue=oeffentlich")
        page.check("main table tr:has-text('Ein ehrlicher Bericht') input[data-bulk-action-checkbox]")
        page.click("[data-bulk-action-footer] a:has-text('Entfernen')")
        page.wait_for_url("**/admin/bulk/discussion/comment/entfernen/**")
        assert "Diese Kommentare entfernen?" in page.inner_text("main")
        shot(page, "07b-bulk-confirm")
        page.click("main button[type=submit]")
        page.wait_for_url("**/admin/kommentare/**")
        assert "1 Kommentar entfernt." in page.inner_text("body")
        shot(page, "07c-bulk-done")

        page.goto(f"{base}/admin/ratings/")
        ratings = page.inner_text("main")
        assert "viele in kurzer Zeit" in ratings and "True" not in ratings and "False" not in ratings
        shot(page, "08-ratings")
    block = Block.objects.get()
    assert str(block.pk) == block_pk and block.reason == "Werbung für gekaufte Leads" and block.expires_at
    assert not is_blocked(email="werbung@example.org")
    honest = Comment.objects.get(comment="Ein ehrlicher Bericht aus Hannover.")
    assert honest.is_removed
    assert ModelLogEntry.objects.for_instance(honest).get().action == "discussion.remove"
