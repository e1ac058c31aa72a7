"""Wagtail's routing, resolved in one query for the whole path: the same pages, the same 404s."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import BlogPostPageFactory, FormatPageFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def test_a_page_two_levels_down_is_served(client, a_format_index):
    page = FormatPageFactory(parent=a_format_index, title="Barcamp", slug="barcamp")

    response = client.get("/formate/barcamp/")

    assert response.status_code == 200 and response.context["page"] == page


def test_sub_routes_of_a_routable_page_still_answer(client, a_blog, a_format_index):
    series = SeriesFactory(title="Richtig netzwerken", slug="richtig-netzwerken")
    BlogPostPageFactory(parent=a_blog, title="Teil eins", series=series, series_part=1)
    FormatPageFactory(parent=a_format_index, title="Messe", slug="messe")
    FormatPageFactory(parent=a_format_index, title="Barcamp", slug="barcamp")

    assert "Teil eins" in client.get("/blog/serie/richtig-netzwerken/").content.decode()
    compared = client.get("/formate/vergleichen/?format=messe&format=barcamp")
    assert compared.status_code == 200 and [p.title for p in compared.context["chosen"]] == ["Messe", "Barcamp"]


def test_drafts_and_unknown_paths_are_not_found(client, a_blog):
    BlogPostPageFactory(parent=a_blog, title="Entwurf", slug="entwurf", live=False)

    assert client.get("/blog/entwurf/").status_code == 404
    assert client.get("/blog/gibt-es-nicht/").status_code == 404
    assert client.get("/gibt-es-nicht/auch-nicht/").status_code == 404


def test_a_path_below_a_page_without_sub_routes_is_not_found(client, a_blog):
    BlogPostPageFactory(parent=a_blog, title="Beitrag", slug="beitrag")

    assert client.get("/blog/beitrag/weiter/").status_code == 404


def test_the_depth_of_a_page_costs_no_extra_query(client, a_blog):
    """Wagtail walks the tree with two queries per level; here one lookup finds a page at any depth."""
    BlogPostPageFactory(parent=a_blog, title="Beitrag", slug="beitrag")
    client.get("/blog/")
    client.get("/blog/beitrag/")

    def page_lookups(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [q for q in queries.captured_queries if '"wagtailcore_page"."url_path" IN' in q["sql"]]

    assert len(page_lookups("/blog/beitrag/")) == len(page_lookups("/blog/")) == 1
