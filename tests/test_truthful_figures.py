"""Figures that don't mislead: no ranking, share or count where it says more about chance (or about
other readers' reports) than about the format or the comment."""

import re

from django.contrib.auth.models import Group
from django.test import Client

import pytest

from discussion.models import Report
from formats.selectors import MIN_RATINGS_FOR_MEAN
from tests.factories import FormatPageFactory, RatingFactory, ReaderFactory, a_comment
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db

TEASER_TITLE = re.compile(r'class="teaser__title"><a href="[^"]*">([^<]+)</a>')


def section(html, heading_id):
    """The <section> labelled by the heading with this id."""
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def titles_in_order(html):
    return TEASER_TITLE.findall(html)


@pytest.fixture
def a_well_rated_format(a_format_index):
    page = FormatPageFactory(parent=a_format_index, title="Barcamp", slug="barcamp")
    RatingFactory.create_batch(MIN_RATINGS_FOR_MEAN, format_page=page, contacts=5, led_to_business="yes")
    return page


@pytest.fixture
def a_thinly_rated_format(a_format_index):
    """One enthusiastic rating: 100 % "lohnt sich", which means nothing yet."""
    page = FormatPageFactory(parent=a_format_index, title="Fachmesse", slug="fachmesse")
    RatingFactory(format_page=page, contacts=5, led_to_business="yes", second_degree=True)
    return page


def test_home_ranks_only_formats_with_the_minimum_number_of_ratings(
    client, a_home_page, a_well_rated_format, a_thinly_rated_format
):
    best = section(client.get("/").content.decode(), "formate")

    assert titles_in_order(best) == ["Barcamp"]
    assert "mindestens 3 Bewertungen" in best


def test_home_says_plainly_that_no_format_has_enough_ratings_yet(client, a_home_page, a_thinly_rated_format):
    best = section(client.get("/").content.decode(), "formate")

    assert titles_in_order(best) == []
    assert "Noch hat kein Format genug Bewertungen für eine Rangliste" in best
    assert "lohnt sich" not in best
    assert 'href="/formate/"' in best  # the formats themselves are still one click away


def test_sorting_by_a_question_ranks_formats_without_a_mean_last_by_the_authors_verdict(client, a_format_index):
    rated = FormatPageFactory(parent=a_format_index, title="Zeta", verdict_contacts=1)
    RatingFactory.create_batch(3, format_page=rated, contacts=1)
    FormatPageFactory(parent=a_format_index, title="Alpha", verdict_contacts=2, verdict_information=3, verdict_fun=2)
    thin = FormatPageFactory(
        parent=a_format_index, title="Beta", verdict_contacts=3, verdict_information=3, verdict_fun=2
    )
    RatingFactory.create_batch(2, format_page=thin, contacts=5)  # two glowing ratings are not yet a mean
    FormatPageFactory(parent=a_format_index, title="Gamma", verdict_contacts=5)

    by_contacts = client.get(a_format_index.url, {"sortierung": "kontakte"}).content.decode()
    by_worth = client.get(a_format_index.url, {"sortierung": "lohnt-sich"}).content.decode()
    by_name = client.get(a_format_index.url).content.decode()

    assert titles_in_order(by_contacts) == ["Zeta", "Gamma", "Beta", "Alpha"]
    # Only Gamma is worth it in the author's verdict (a question with 4 or more); the rest by name.
    assert titles_in_order(by_worth) == ["Zeta", "Gamma", "Alpha", "Beta"]
    note = "Formate mit weniger als 3 Bewertungen stehen hinten, untereinander nach dem Urteil des Autors geordnet."
    assert note in by_contacts and note in by_worth
    assert note not in by_name  # ordered by name, there is nothing to explain


def test_compare_shows_no_share_below_the_minimum_number_of_ratings(
    client, a_format_index, a_well_rated_format, a_thinly_rated_format
):
    html = client.get(a_format_index.url + "vergleichen/", {"format": ["barcamp", "fachmesse"]}).content.decode()
    table = html[html.index('<table class="compare">') :]

    assert "(1 von 1)" not in table
    assert table.count("100 % (3 von 3)") == 2  # Barcamp: worth it, and business
    worth_row = table[table.index("Lohnt sich") : table.index("</tr>", table.index("Lohnt sich"))]
    assert "noch zu wenige Bewertungen" in worth_row


def test_format_page_shows_no_share_below_the_minimum_number_of_ratings(client, a_thinly_rated_format):
    html = client.get(a_thinly_rated_format.url).content.decode()

    assert "1 Bewertung" in html and "noch zu wenige Bewertungen für einen Durchschnitt" in html
    assert "100 %" not in html


@pytest.fixture
def a_reported_comment(a_post):
    comment = a_comment(a_post, text="Umstritten")
    Report.objects.create(comment=comment, reporter=ReaderFactory(), reason="off_topic")
    return comment


def report_link(comment):
    return f'href="/kommentare/melden/{comment.pk}/"'


def test_report_counts_are_for_moderators_only(client, a_post, a_reported_comment):
    as_guest = client.get(a_post.url).content.decode()
    client.force_login(ReaderFactory())
    as_reader = client.get(a_post.url).content.decode()
    moderator = ReaderFactory()
    moderator.groups.add(Group.objects.get(name="Moderatoren"))
    log_in_with_second_factor(client, moderator)
    queue = client.get("/admin/kommentare/?queue=gemeldet").content.decode()

    assert "Umstritten" in as_guest and "gemeldet" not in as_guest
    assert "gemeldet" not in as_reader and report_link(a_reported_comment) in as_reader
    assert "1 Meldung" in queue


def test_a_reader_who_reported_a_comment_sees_bereits_gemeldet_instead_of_the_link(client, a_post):
    reported, other = a_comment(a_post, text="Kaufen Sie jetzt!"), a_comment(a_post, text="Harmlos")
    client.force_login(ReaderFactory())
    client.post(f"/kommentare/melden/{reported.pk}/", {"reason": "spam"})

    html = client.get(a_post.url).content.decode()

    assert html.count("bereits gemeldet") == 1
    assert report_link(reported) not in html
    assert report_link(other) in html


def test_bereits_gemeldet_stays_with_its_reader_through_every_cache(settings, a_post, a_reported_comment):
    """Threads are remembered per site version and their HTML cached by content; the reporter's mark must
    reach neither another reader's page nor the guests' cached one, in any order of visits."""
    settings.PAGE_CACHE_ENABLED = True
    reporter, other = Client(), Client()
    reporter.force_login(a_reported_comment.reports.get().reporter)
    other.force_login(ReaderFactory())

    first_by_reporter = reporter.get(a_post.url).content.decode()
    by_other = other.get(a_post.url).content.decode()
    guest_miss, guest_hit = Client().get(a_post.url), Client().get(a_post.url)
    again_by_reporter = reporter.get(a_post.url).content.decode()

    assert "bereits gemeldet" in first_by_reporter and "bereits gemeldet" in again_by_reporter
    assert report_link(a_reported_comment) not in again_by_reporter
    assert "bereits gemeldet" not in by_other and report_link(a_reported_comment) in by_other
    assert (guest_miss["X-Page-Cache"], guest_hit["X-Page-Cache"]) == ("miss", "hit")
    for guest in (guest_miss, guest_hit):
        assert "gemeldet" not in guest.content.decode() and "Umstritten" in guest.content.decode()
