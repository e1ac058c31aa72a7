"""A new reader's way through the demo site, in a real browser on a phone and on a desktop:
home → a post of the series → its format → rate → comment → reply → Mein Konto.

At every step axe-core finds nothing, what the reader just did is answered in view, and a
screenshot of what she sees is kept under var/artefacts/journey/ (e.g. 390-01-home.png).
"""

from pathlib import Path

import pytest

from blog.models import BlogPostPage
from discussion.models import Comment
from formats.models import Rating
from tests.browser import BROWSER_SPEC, axe_violations, chromium
from tests.factories import READER_PASSWORD, ReaderFactory
from tests.helpers import verified

pytestmark = BROWSER_SPEC

ARTEFACTS = Path(__file__).resolve().parent.parent / "var" / "artefacts" / "journey"
# WCAG 2.5.5: targets a finger can hit.
TOUCH = 44
# The controls a reader taps on this journey.
TAPPABLE = ".form__options label, main button, .comment__actions a, .comment__actions button"


class Journey:
    """One reader's steps at one width: each checked by axe and kept as a screenshot."""

    def __init__(self, page, width):
        self.page, self.width, self.number = page, width, 0

    def step(self, name):
        self.number += 1
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTEFACTS / f"{self.width}-{self.number:02d}-{name}.png"))
        assert axe_violations(self.page) == [], name

    def in_view(self, selector):
        """Whether the element starts in the visible part of the window as the reader lands
        (its top, and at least three lines of it, on screen)."""
        self.page.wait_for_load_state()
        top, height = self.page.evaluate(
            "s => [document.querySelector(s).getBoundingClientRect().top, window.innerHeight]", selector
        )
        print(f"{selector}: top {top} of {height}")  # shown when a check fails
        return -2 <= top <= height - 80

    def small_targets(self):
        """Visible controls smaller than a fingertip (only checked on the phone)."""
        return self.page.evaluate(
            """([selector, min]) => [...document.querySelectorAll(selector)]
                .filter(e => e.offsetParent !== null && !e.closest('.honeypot'))
                .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
                .filter(([, r]) => r.height < min || r.width < min)
                .map(([text, r]) => `${text} ${Math.round(r.width)}x${Math.round(r.height)}`)""",
            [TAPPABLE, TOUCH],
        )


@pytest.mark.parametrize("width", [390, 1280])
def test_a_new_reader_walks_from_home_to_her_account(demo, width):
    # Everything from the database before the browser starts (see tests/browser.py).
    post = (
        BlogPostPage.objects.live()
        .filter(series__isnull=False, related_formats__isnull=False)
        .order_by("-date")
        .first()
    )
    format_page = post.related_formats.first().specific
    thread = Comment.objects.visible().filter(object_pk=str(format_page.pk), level=0).first()
    reader = verified(ReaderFactory(email="rita@example.org", display_name="Rita"))

    with chromium() as browser:
        # bypass_csp: our own CSP (script-src 'self') would refuse the injected axe-core.
        page = browser.new_context(
            bypass_csp=True, viewport={"width": width, "height": 844 if width == 390 else 900}
        ).new_page()
        journey = Journey(page, width)

        page.goto(f"{demo}/")
        journey.step("home")

        page.click(f"main a[href='{post.url}']")
        page.wait_for_url(f"{demo}{post.url}")
        journey.step("beitrag")

        # A guest comment: the outcome where she wrote it, so nobody sends twice.
        page.fill("#id_name", "Bernd aus Buchholz")
        page.fill("#id_email", "bernd@example.org")
        page.fill("#id_comment", "Beim Stammtisch habe ich meinen besten Kunden kennengelernt.")
        page.click("text=Kommentar abschicken")
        assert page.url.endswith("#kommentar-meldung")
        assert "Ihr Kommentar wartet auf Ihre Bestätigung per E-Mail." in page.inner_text("#kommentar-meldung")
        assert journey.in_view("#kommentar-meldung")
        journey.step("gast-kommentar")

        page.click(f"main a[href='{format_page.url}']")
        page.wait_for_url(f"{demo}{format_page.url}")
        journey.step("format")

        page.click("text=Melden Sie sich an, um dieses Format zu bewerten.")
        journey.step("anmelden")
        page.fill("#id_login", reader.email)
        page.fill("#id_password", READER_PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_url(f"{demo}{format_page.url}#bewerten")

        # The scale says what 1 and 5 mean; on the phone every option is big enough to tap.
        assert "1 = keine brauchbaren Kontakte" in page.inner_text("#bewerten")
        if width == 390:
            assert journey.small_targets() == []
        page.check("input[name=contacts][value='4']")
        page.check("input[name=information][value='3']")
        page.check("input[name=fun][value='5']")
        page.locator("#bewerten").scroll_into_view_if_needed()
        journey.step("bewerten")
        page.click("text=Bewertung abgeben")
        assert page.url.endswith("#bewertung-meldung")
        assert "Danke, Ihre Bewertung wurde gespeichert." in page.inner_text("#bewertung-meldung")
        assert journey.in_view("#bewertung-meldung")
        journey.step("bewertet")

        page.fill("#id_comment", "Für mich lohnt es sich vor allem wegen der Empfehlungen danach.")
        page.click("text=Kommentar abschicken")
        mine = page.url.rsplit("#", 1)[1]
        assert journey.in_view(f"#{mine}")
        assert "K4 · I3 · S5" in page.inner_text(f"#{mine}")
        assert "noch 15 Minuten bearbeitbar" in page.inner_text(f"#{mine}")
        assert "K = Kontakte · I = Informationen · S = Spaß" in page.inner_text("#kommentare")
        if width == 390:
            assert journey.small_targets() == []
        journey.step("kommentiert")

        page.click(f"#c{thread.pk} .comment__actions >> text=Antworten")
        assert f"Zum Format: {format_page.title}" in page.inner_text("main")
        journey.step("antworten")
        page.fill("#id_comment", "Danke, das deckt sich mit meiner Erfahrung.")
        page.click("text=Kommentar abschicken")
        reply = page.url.rsplit("#", 1)[1]
        assert "deckt sich mit meiner Erfahrung" in page.inner_text(f"#{reply}")
        assert journey.in_view(f"#{reply}")
        journey.step("geantwortet")

        page.click("text=Mein Konto")
        page.wait_for_url(f"{demo}/konto/")
        assert format_page.title in page.inner_text("main")
        journey.step("mein-konto")

    assert Rating.objects.get(reader=reader).contacts == 4
    assert Comment.objects.filter(user=reader).count() == 2
