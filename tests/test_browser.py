"""Real readers in a real browser: commenting, confirming, rating, with and without JavaScript; accessibility."""

import re

from django.core import mail

from accounts.models import User
from discussion.models import Comment
from formats.models import FormatPage, Rating
from tests.browser import BROWSER_SPEC, axe_violations, chromium, log_in
from tests.factories import RatingFactory, a_comment

pytestmark = BROWSER_SPEC


def test_anonymous_reader_comments_and_confirms_by_the_link_in_the_email(demo):
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"{demo}/blog/richtig-netzwerken/")
        page.fill("#id_name", "Bernd aus Buchholz")
        page.fill("#id_email", "bernd@example.org")
        page.fill("#id_comment", "Beim Stammtisch habe ich meinen besten Kunden kennengelernt.")
        page.click("text=Kommentar abschicken")
        assert "Fast geschafft" in page.inner_text(".messages")
        assert "meinen besten Kunden" not in page.inner_text("#kommentare")

        link = re.search(r"https?://[^\s]+/kommentare/bestaetigen/[^\s]+/", mail.outbox[-1].body).group(0)
        page.goto(demo + link[link.index("/kommentare/") :])
        page.click("text=Kommentar veröffentlichen")

        assert "bestätigt und veröffentlicht" in page.inner_text(".messages")
        assert "meinen besten Kunden" in page.inner_text("#kommentare")
    assert Comment.objects.get(comment__startswith="Beim Stammtisch").is_public


def test_registered_reader_rates_a_format_and_sees_the_aggregates_change(demo, a_reader):
    barcamp = FormatPage.objects.get(slug="barcamp")
    # From two ratings, below the minimum for a mean, to three: the demo's own are set aside.
    Rating.objects.filter(format_page=barcamp).delete()
    RatingFactory.create_batch(2, format_page=barcamp, contacts=2, information=2, fun=2)
    with chromium() as browser:
        page = browser.new_page()
        log_in(page, demo, a_reader)
        page.goto(f"{demo}{barcamp.url}")
        assert "noch zu wenige Bewertungen für einen Durchschnitt" in page.inner_text("#bewertungen")

        page.check("input[name=contacts][value='5']")
        page.check("input[name=information][value='5']")
        page.check("input[name=fun][value='5']")
        page.click("text=Bewertung abgeben")

        ratings = page.inner_text("#bewertungen")
        assert "Danke, Ihre Bewertung wurde gespeichert." in page.inner_text(".messages")
        assert "3 Bewertungen" in ratings
        assert "Autor: 4 · Leser: 3,0 (3\u00a0Bewertungen)" in ratings  # contacts (2 + 2 + 5) / 3
    assert Rating.objects.get(reader=a_reader).contacts == 5


def test_reply_and_rating_work_with_javascript_disabled(demo, a_reader):
    post_comment = a_comment(
        FormatPage.objects.get(slug="serviceclub"), text="Lohnt sich der Jahresbeitrag?", name="Gast"
    )
    serviceclub = FormatPage.objects.get(slug="serviceclub")
    with chromium() as browser:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        log_in(page, demo, a_reader)

        page.goto(f"{demo}{serviceclub.url}")
        page.check("input[name=contacts][value='4']")
        page.check("input[name=information][value='3']")
        page.check("input[name=fun][value='4']")
        page.click("text=Bewertung abgeben")
        assert "Danke, Ihre Bewertung wurde gespeichert." in page.inner_text(".messages")

        page.click(f"#c{post_comment.pk} >> text=Antworten")
        page.fill("#id_comment", "Für mich ja: die Kontakte sind verbindlich.")
        page.click("text=Kommentar abschicken")
        assert "Danke, Ihr Kommentar ist veröffentlicht." in page.inner_text(".messages")
        assert "die Kontakte sind verbindlich" in page.inner_text(f"#c{post_comment.pk}")
        assert "K4 · I3 · S4" in page.inner_text(f"#c{post_comment.pk}")
    reply = Comment.objects.get(comment__startswith="Für mich ja")
    assert reply.parent_id == post_comment.pk and reply.user == a_reader


def test_every_kind_of_page_passes_axe_without_violations(demo, a_reader):
    barcamp = FormatPage.objects.get(slug="barcamp")
    RatingFactory.create_batch(3, format_page=barcamp, second_degree=True, led_to_business="yes")
    RatingFactory(format_page=barcamp, reader=a_reader)
    root = a_comment(barcamp, text="Mein erstes Barcamp: https://example.org/bericht", name="Gast")
    a_comment(barcamp, text="Danke für den Bericht!", user=a_reader, parent=root)
    author = User.objects.get(username="autor")
    a_comment(barcamp, text="Schön, dass es Ihnen gefallen hat.", user=author, parent=root)

    anonymous_pages = [
        "/",
        "/blog/",
        "/blog/richtig-netzwerken/",
        "/blog/serie/richtig-netzwerken/",
        "/formate/",
        "/formate/?sortierung=lohnt-sich",
        barcamp.url,
        "/formate/vergleichen/?format=barcamp&format=fachmesse&format=serviceclub",
        "/suche/?q=Barcamp",
        "/suche/?q=xyzzy",
        "/konto/login/",
        "/konto/signup/",
        "/konto/password/reset/",
        "/impressum/",
        "/feeds/",
        "/gibt-es-nicht/",
    ]
    reader_pages = ["/konto/", barcamp.url, f"/kommentare/antworten/{root.pk}/", "/konto/loeschen/"]

    found = {}
    with chromium() as browser:
        # axe is injected as a script; the test context lets it past our CSP.
        page = browser.new_context(bypass_csp=True).new_page()
        for url in anonymous_pages:
            page.goto(demo + url)
            found[url] = axe_violations(page)
        log_in(page, demo, a_reader)
        for url in reader_pages:
            page.goto(demo + url)
            found[f"{url} (angemeldet)"] = axe_violations(page)

    failing = {url: violations for url, violations in found.items() if violations}
    assert not failing, "\n".join(f"{url}: {violations}" for url, violations in failing.items())
