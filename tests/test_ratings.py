"""Readers rate each format along the author's three questions; everybody sees honest aggregates."""

import json
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from formats.models import Rating
from formats.selectors import rating_summary
from formats.services import rating_hide
from tests.factories import FormatPageFactory, RatingFactory, ReaderFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

VALID = {"contacts": "4", "information": "2", "fun": "5"}


def rate_url(page):
    return f"/bewertung/{page.pk}/"


def test_anonymous_reader_sees_aggregates_and_a_link_to_log_in(client, a_format_page):
    RatingFactory(format_page=a_format_page)

    html = client.get(a_format_page.url).content.decode()

    assert "1 Bewertung" in html
    assert "Melden Sie sich an, um dieses Format zu bewerten." in html
    assert "/konto/login/?next=" in html
    assert 'action="/bewertung/' not in html


def test_registered_reader_rates_a_format_and_is_thanked(reader_client, a_reader, a_format_page):
    response = reader_client.post(rate_url(a_format_page), {**VALID, "led_to_business": "not_yet"}, follow=True)

    rating = Rating.objects.get()
    assert (rating.reader, rating.format_page_id) == (a_reader, a_format_page.pk)
    assert (rating.contacts, rating.information, rating.fun) == (4, 2, 5)
    assert rating.led_to_business == "not_yet" and rating.second_degree is None
    assert response.redirect_chain[-1][0].endswith(a_format_page.url + "#bewertung-meldung")
    html = response.content.decode()
    assert "Danke, Ihre Bewertung wurde gespeichert." in html
    assert "Sie haben am" in html and "Ihre Bewertung ändern" in html


def test_second_rating_by_same_reader_updates_the_first(reader_client, a_format_page):
    reader_client.post(rate_url(a_format_page), VALID)
    response = reader_client.post(rate_url(a_format_page), {**VALID, "fun": "1", "second_degree": "True"}, follow=True)

    rating = Rating.objects.get()
    assert rating.fun == 1 and rating.second_degree is True
    assert "Ihre Bewertung wurde aktualisiert." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**VALID, "contacts": "0"}, "Bitte vergeben Sie für „Kontakte“ 1 bis 5 Punkte."),
        ({**VALID, "information": "6"}, "Bitte vergeben Sie für „Informationen“ 1 bis 5 Punkte."),
        ({"contacts": "3", "information": "3"}, "Bitte vergeben Sie für „Spaß“ 1 bis 5 Punkte."),
        ({**VALID, "fun": "<script>alert(1)</script>"}, "Bitte vergeben Sie für „Spaß“ 1 bis 5 Punkte."),
        ({**VALID, "attendance": "100"}, "Bitte eine gültige Auswahl treffen."),
    ],
)
def test_bad_scores_change_nothing_and_explain_in_german(reader_client, a_format_page, data, message):
    response = reader_client.post(rate_url(a_format_page), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Bitte prüfen Sie Ihre Angaben." in html
    assert "<script>alert(1)</script>" not in html
    assert not Rating.objects.exists()


def test_rating_a_page_that_is_no_format_or_does_not_exist_is_404(reader_client, a_home_page):
    legal = StandardPageFactory(parent=a_home_page)

    assert reader_client.post(rate_url(legal), VALID).status_code == 404
    assert reader_client.post("/bewertung/999999/", VALID).status_code == 404
    assert not Rating.objects.exists()


def test_unpublished_format_cannot_be_rated(reader_client, a_format_page):
    a_format_page.unpublish()

    assert reader_client.post(rate_url(a_format_page), VALID).status_code == 404


def test_get_is_not_allowed(reader_client, a_format_page):
    assert reader_client.get(rate_url(a_format_page)).status_code == 405


def test_post_without_csrf_token_is_refused(a_reader, a_format_page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(a_reader)

    assert client.post(rate_url(a_format_page), VALID).status_code == 403
    assert not Rating.objects.exists()


def test_anonymous_post_is_sent_to_log_in_and_stores_nothing(client, a_format_page):
    response = client.post(rate_url(a_format_page), VALID)

    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    assert not Rating.objects.exists()


def test_extra_posted_fields_are_ignored_and_other_readers_ratings_stay_untouched(
    reader_client, a_reader, a_format_page, a_format_index
):
    other_format = FormatPageFactory(parent=a_format_index)
    others = RatingFactory(format_page=a_format_page, contacts=1, information=1, fun=1)

    reader_client.post(
        rate_url(a_format_page),
        {
            **VALID,
            "reader": others.reader.pk,
            "reader_id": others.reader.pk,
            "format_page": other_format.pk,
            "id": others.pk,
            "is_hidden": "true",
            "created_at": "2020-01-01T00:00:00Z",
        },
    )

    others.refresh_from_db()
    assert (others.contacts, others.information, others.fun) == (1, 1, 1)
    mine = Rating.objects.get(reader=a_reader)
    assert mine.format_page_id == a_format_page.pk
    assert mine.is_hidden is False
    assert mine.created_at.year >= 2026
    assert not Rating.objects.filter(format_page=other_format).exists()


def test_below_three_ratings_the_page_shows_the_distribution_but_no_mean(client, a_format_page):
    RatingFactory(format_page=a_format_page, contacts=5)
    RatingFactory(format_page=a_format_page, contacts=3)

    html = client.get(a_format_page.url).content.decode()

    assert "2 Bewertungen" in html
    assert "noch zu wenige Bewertungen für einen Durchschnitt" in html
    assert "Autor: 4 · Leser: noch zu wenige Bewertungen" in html
    assert "5 Punkte" in html
    assert "application/ld+json" not in html


def test_means_shares_and_json_ld_match_the_rows(client, a_format_page):
    RatingFactory(format_page=a_format_page, contacts=5, information=2, fun=3, led_to_business="yes")
    RatingFactory(format_page=a_format_page, contacts=3, information=2, fun=3, led_to_business="no")
    RatingFactory(format_page=a_format_page, contacts=2, information=1, fun=2, second_degree=True)
    RatingFactory(format_page=a_format_page, contacts=5, information=5, fun=5, is_hidden=True, hidden_reason="Spam")

    html = client.get(a_format_page.url).content.decode()

    assert "3 Bewertungen" in html
    assert "Autor: 4 · Leser: 3,3 (3&nbsp;Bewertungen)" in html  # contacts (5+3+2)/3
    assert "Autor: 5 · Leser: 2,7 (3&nbsp;Bewertungen)" in html  # fun (3+3+2)/3
    assert "33 % (1 von 3): mindestens eine Frage mit 4 oder 5 Punkten" in html
    assert "50 % (1 von 2 Angaben)" in html  # business: of those who answered
    assert "100 % (1 von 1 Angaben)" in html  # second degree
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "AggregateRating"
    assert data["ratingCount"] == 3 and data["bestRating"] == 5 and data["worstRating"] == 1
    assert data["ratingValue"] == round((10 / 3 + 5 / 3 + 8 / 3) / 3, 1)
    assert f"Gesamt: {str(data['ratingValue']).replace('.', ',')} von 5" in html


def test_hidden_ratings_leave_every_aggregate(a_format_page):
    RatingFactory.create_batch(3, format_page=a_format_page, contacts=2)
    hidden = RatingFactory(format_page=a_format_page, contacts=5)
    before = rating_summary(format_page=a_format_page)

    rating_hide(rating=hidden, reason="Doppelte Bewertung")
    after = rating_summary(format_page=a_format_page)

    assert before.count == 4 and after.count == 3
    assert after.questions[0].mean == 2
    assert after.worth_it.count == 3  # fun 5 in every factory rating


def test_format_page_renders_with_the_same_queries_for_10_and_1000_ratings(
    client, a_format_page, django_assert_max_num_queries
):
    def rate(count):
        readers = ReaderFactory.create_batch(count)
        Rating.objects.bulk_create(
            Rating(format_page=a_format_page, reader=r, contacts=1 + i % 5, information=3, fun=4)
            for i, r in enumerate(readers)
        )

    def queries_for_page(reader):
        client.force_login(reader)

        client.get(a_format_page.url)  # warm Wagtail's per-process caches (site root paths)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(a_format_page.url).status_code == 200
        return len(captured)

    rate(10)
    with_10 = queries_for_page(Rating.objects.first().reader)
    rate(990)
    with_1000 = queries_for_page(Rating.objects.last().reader)

    assert with_1000 == with_10
    client.logout()
    client.get(a_format_page.url)
    with django_assert_max_num_queries(15):
        client.get(a_format_page.url)


def test_format_index_sorts_by_each_question_and_ranks_thin_formats_last(client, a_format_index):
    deep = FormatPageFactory(parent=a_format_index, title="Aaa mit vielen Bewertungen")
    thin = FormatPageFactory(parent=a_format_index, title="Bbb mit einer Bewertung")
    RatingFactory.create_batch(3, format_page=deep, contacts=3, information=5, fun=1)
    RatingFactory(format_page=thin, contacts=5, information=5, fun=5)

    def order(sort):
        html = client.get(a_format_index.url, {"sortierung": sort}).content.decode()
        return html.index(deep.title) < html.index(thin.title)

    for sort in ("kontakte", "informationen", "spass", "lohnt-sich", "anzahl"):
        assert order(sort), sort
    html = client.get(a_format_index.url, {"sortierung": "kontakte"}).content.decode()
    assert "Leser (3&nbsp;Bewertungen): Kontakte 3,0 · Informationen 5,0 · Spaß 1,0" in html
    assert "Leser: 1 Bewertung – noch zu wenige" in html


def test_format_index_needs_constant_queries(client, a_format_index, django_assert_max_num_queries):
    for _ in range(3):
        page = FormatPageFactory(parent=a_format_index)
        RatingFactory.create_batch(4, format_page=page)

    client.get(a_format_index.url)  # warm Wagtail's per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(a_format_index.url, {"sortierung": "lohnt-sich"})
    for _ in range(10):
        page = FormatPageFactory(parent=a_format_index)
        RatingFactory.create_batch(6, format_page=page)
    with CaptureQueriesContext(connection) as many:
        client.get(a_format_index.url, {"sortierung": "lohnt-sich"})

    assert len(many) == len(few)


def test_home_page_lists_the_formats_readers_found_most_worth_it(client, a_home_page, a_format_index):
    loved = FormatPageFactory(parent=a_format_index, title="Zzz geliebt")
    meh = FormatPageFactory(parent=a_format_index, title="Aaa mäßig")
    RatingFactory.create_batch(3, format_page=loved, contacts=5, information=1, fun=1)
    RatingFactory.create_batch(3, format_page=meh, contacts=2, information=2, fun=2)

    html = client.get("/").content.decode()

    assert "Am besten bewertete Formate" in html
    assert html.index("Zzz geliebt") < html.index("Aaa mäßig")
    assert "100 % lohnt sich" in html


def test_the_form_shows_my_stored_answers_preselected(reader_client, a_reader, a_format_page):
    RatingFactory(reader=a_reader, format_page=a_format_page, second_degree=False, attendance="2-5")

    html = reader_client.get(a_format_page.url).content.decode()

    assert re.search(r'value="False"[^>]*checked', html)
    assert re.search(r'value="2-5"[^>]*checked', html)
    assert re.search(r'name="fun" value="5"[^>]*checked', html)
