"""Readers compare two to four formats side by side, on a URL they can share."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import FormatPageFactory, RatingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_formats(a_format_index):
    barcamp = FormatPageFactory(parent=a_format_index, title="Barcamp", slug="barcamp", typical_cost="0–50 €")
    messe = FormatPageFactory(parent=a_format_index, title="Fachmesse", slug="fachmesse", verdict_information=5)
    club = FormatPageFactory(parent=a_format_index, title="Serviceclub", slug="serviceclub")
    RatingFactory.create_batch(3, format_page=barcamp, contacts=4, information=5, fun=5, led_to_business="yes")
    return barcamp, messe, club


def compare_url(index):
    return index.url + "vergleichen/"


def test_two_formats_side_by_side_with_questions_facts_and_verdicts(client, a_format_index, three_formats):
    barcamp, messe, _club = three_formats

    response = client.get(compare_url(a_format_index), {"format": ["fachmesse", "barcamp"]})

    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('<table class="compare">') :]
    assert table.index("Fachmesse") < table.index("Barcamp")  # the order of the shared URL
    assert "Autor: 4 · Leser: 4,0" in table  # barcamp contacts, three ratings
    assert "Autor: 5 · Leser: noch zu wenige Bewertungen" in table  # fachmesse information
    assert "0–50 €" in table and "Fazit des Autors" in table
    assert "100 % (3 von 3)" in table
    assert "Daraus wurde Geschäft" in table and table.count("100 % (3 von 3)") == 2
    assert 'value="barcamp" checked' in html and 'value="serviceclub">' in html


@pytest.mark.parametrize(
    ("formats", "message"),
    [
        (["barcamp"], "Bitte wählen Sie zwei bis vier Formate."),
        (["barcamp", "barcamp"], "Bitte wählen Sie zwei bis vier Formate."),
        (["barcamp", "gibt-es-nicht"], "Mindestens eines der gewählten Formate gibt es nicht (mehr)."),
        (["barcamp", "fachmesse", "serviceclub", "a", "b"], "Mindestens eines der gewählten Formate gibt es nicht"),
    ],
)
def test_a_wrong_choice_is_explained_in_german(client, a_format_index, three_formats, formats, message):
    response = client.get(compare_url(a_format_index), {"format": formats})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert '<table class="compare">' not in response.content.decode()


def test_more_than_four_formats_are_refused(client, a_format_index, three_formats):
    for n in range(2):
        FormatPageFactory(parent=a_format_index, slug=f"extra-{n}")

    response = client.get(
        compare_url(a_format_index), {"format": ["barcamp", "fachmesse", "serviceclub", "extra-0", "extra-1"]}
    )

    assert response.status_code == 400
    assert "Bitte wählen Sie zwei bis vier Formate." in response.content.decode()


def test_without_a_choice_the_page_offers_every_format(client, a_format_index, three_formats):
    response = client.get(compare_url(a_format_index))

    assert response.status_code == 200
    html = response.content.decode()
    assert all(f'value="{slug}"' in html for slug in ("barcamp", "fachmesse", "serviceclub"))


def test_comparing_four_costs_as_many_queries_as_comparing_two(client, a_format_index, three_formats):
    FormatPageFactory(parent=a_format_index, slug="vierte")
    url = compare_url(a_format_index)
    client.get(url, {"format": ["barcamp", "fachmesse"]})

    with CaptureQueriesContext(connection) as two:
        client.get(url, {"format": ["barcamp", "fachmesse"]})
    with CaptureQueriesContext(connection) as four:
        client.get(url, {"format": ["barcamp", "fachmesse", "serviceclub", "vierte"]})

    assert len(four) == len(two)
