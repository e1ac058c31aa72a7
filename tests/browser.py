"""Debian's Chromium, driven by Playwright, against the live test server. No browser download."""

from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.factories import READER_PASSWORD
from tests.helpers import totp_code_for

# Every browser spec module's marks: slow, run once (on PostgreSQL) with the process specs, against a
# live server with the data migrations' rows put back after each spec, Playwright's loop beside the ORM.
BROWSER_SPEC = [
    pytest.mark.slow,
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("_sync_orm_beside_playwright"),
]

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@contextmanager
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page):
    """Runs axe-core in the page; returns its violations as (rule, impact, first target, help)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], v["nodes"][0]["target"] if v["nodes"] else None, v["help"])
        for v in result["violations"]
    ]


def log_in(page, base, reader):
    """Signs the reader in through the sign-in form of the site at `base`; she lands on „Mein Konto“."""
    page.goto(f"{base}/konto/login/")
    page.fill("#id_login", reader.email)
    page.fill("#id_password", READER_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/konto/")


def log_in_staff(page, base, email, secret, next_path="/admin/"):
    """Signs in someone who publishes or moderates, as the admin requires: allauth's log-in with address and
    password, then the code an authenticator app set up with `secret` shows (tests.helpers.staff_secret, called
    before the browser starts: no ORM beside Playwright's event loop). They land on `next_path`."""
    page.goto(f"{base}/konto/login/?next={next_path}")
    page.fill("#id_login", email)
    page.fill("#id_password", READER_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/konto/2fa/authenticate/")
    page.fill("input[name=code]", totp_code_for(secret))
    page.press("input[name=code]", "Enter")
    page.wait_for_url(f"{base}{next_path}")
