"""The whole Bilanz journey in Chromium, on a phone (390 px) and a desktop (1280 px): a reader signs in,
says „Ich war da“ on a format page, saves the visit, adds contacts of the first and second degree and an
order, and finds them on her dashboard. axe-core finds nothing on any page. Screenshots in
var/artefacts/bilanz/ (e.g. 390-04-dashboard.png)."""

from pathlib import Path

import pytest

from bilanz.models import Auftrag, Besuch, Kontakt
from tests.browser import BROWSER_SPEC, axe_violations, chromium, log_in
from tests.factories import ReaderFactory
from tests.helpers import verified

pytestmark = BROWSER_SPEC

SHOTS = Path(__file__).resolve().parent.parent / "var" / "artefacts" / "bilanz"


def checked(page, width, name):
    """The page as the reader sees it: kept as a screenshot, without an axe-core violation, and no wider
    than the window (a wide table scrolls inside its own region)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{width}-{name}.png"), full_page=True)
    assert axe_violations(page) == [], name
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), name


@pytest.mark.parametrize("width", [390, 1280])
def test_a_reader_logs_a_visit_contacts_and_an_order_and_sees_her_dashboard(live_server, a_format_page, width):
    base = live_server.url
    reader = verified(ReaderFactory(email=f"bilanz-{width}@example.org", display_name="Bea"))
    # Outside the browser block: an ORM call inside Playwright's sync context opens a connection of
    # its own that nothing closes, and PostgreSQL then refuses to drop the test database.
    format_url, format_pk = f"{base}{a_format_page.url}", str(a_format_page.pk)
    with chromium() as browser:
        # bypass_csp only so axe-core's script can be injected; the pages themselves run no script.
        page = browser.new_context(
            viewport={"width": width, "height": 900}, locale="de-DE", bypass_csp=True
        ).new_page()
        log_in(page, base, reader)
        checked(page, width, "00-konto")

        page.goto(format_url)
        page.click("text=Ich war da")
        page.wait_for_url("**/bilanz/besuche/neu/**")
        assert page.input_value("#id_format_page") == format_pk
        checked(page, width, "01-besuch-neu")
        page.fill("#id_cost", "28,50")
        page.fill("#id_hours", "2,5")
        page.check("input[name=contacts][value='4']")
        page.check("input[name=information][value='3']")
        page.check("input[name=fun][value='5']")
        page.fill("#id_note", "Gute Runde, nächstes Mal früher da sein.")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/bilanz/besuche/")
        assert "Der Besuch wurde gespeichert." in page.inner_text("main")
        checked(page, width, "02-besuche")

        page.goto(f"{base}/bilanz/kontakte/neu/")
        page.fill("#id_label", "Steuerberaterin")
        page.select_option("#id_besuch", index=1)
        page.click("main form button[type=submit]")
        page.wait_for_url("**/bilanz/kontakte/")
        page.goto(f"{base}/bilanz/kontakte/neu/")
        page.fill("#id_label", "ihr Kollege")
        page.select_option("#id_introduced_by", label="Steuerberaterin")
        checked(page, width, "03-kontakt-neu")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/bilanz/kontakte/")
        assert "2. Grad" in page.inner_text("main")
        checked(page, width, "04-kontakte")

        page.goto(f"{base}/bilanz/auftraege/neu/")
        page.fill("#id_amount", "1.800,00 €")
        page.select_option("#id_kontakt", label="ihr Kollege")
        page.fill("#id_description", "Logo")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/bilanz/auftraege/")
        checked(page, width, "05-auftraege")

        page.goto(f"{base}/bilanz/")
        main = page.inner_text("main")
        assert "Unternehmerfrühstück" in main
        assert "noch kein muster" in main.lower()
        checked(page, width, "06-dashboard")

        page.goto(f"{base}/bilanz/besuche/")
        page.click("text=Als Bewertung veröffentlichen")
        page.wait_for_url("**/veroeffentlichen/")
        assert "Jetzt veröffentlichen" in page.inner_text("main")
        checked(page, width, "07-veroeffentlichen")

    assert Besuch.objects.filter(owner=reader).count() == 1
    assert Kontakt.objects.filter(owner=reader).count() == 2
    assert Auftrag.objects.get(owner=reader).amount == 1800
