"""Every page renders cold (nothing remembered, as right after a change) in at most 15 SQL queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import (
    BlogPostPageFactory,
    FormatPageFactory,
    RatingFactory,
    ReaderFactory,
    SeriesFactory,
    StandardPageFactory,
    a_comment,
)

pytestmark = pytest.mark.django_db

BUDGET = 15


@pytest.fixture
def a_full_site(a_home_page, a_blog, a_format_index):
    series = SeriesFactory(title="Richtig netzwerken", slug="richtig-netzwerken")
    barcamp = FormatPageFactory(parent=a_format_index, title="Barcamp", slug="barcamp")
    messe = FormatPageFactory(parent=a_format_index, title="Messe", slug="messe")
    for part in (1, 2, 3):
        post = BlogPostPageFactory(
            parent=a_blog, title=f"Teil {part}", slug=f"teil-{part}", series=series, series_part=part
        )
        post.tags.add("Vertrieb", "Messe", f"Teil{part}")
        post.related_formats.add(barcamp, messe)
        post.save_revision().publish()
        thread = a_comment(post, text="Guter Beitrag", user=ReaderFactory())
        a_comment(post, text="Finde ich auch", parent=thread)
    for reader in ReaderFactory.create_batch(4):
        RatingFactory(format_page=barcamp, reader=reader)
        thread = a_comment(barcamp, text="Mein Barcamp", user=reader)
        a_comment(barcamp, text="Antwort", user=ReaderFactory(), parent=thread)
    StandardPageFactory(parent=a_home_page, title="Impressum", slug="impressum")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/blog/",
        "/blog/teil-2/",
        "/blog/serie/richtig-netzwerken/",
        "/blog/schlagwort/vertrieb/",
        "/formate/",
        "/formate/?sortierung=lohnt-sich",
        "/formate/barcamp/",
        "/formate/vergleichen/?format=barcamp&format=messe",
        "/suche/?q=Barcamp",
        "/impressum/",
    ],
)
def test_every_page_stays_within_the_query_budget(client, a_full_site, url):
    client.get(url)  # Wagtail's own per-process caches (site root paths) are warm on a running server
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= BUDGET, "\n".join(query["sql"][:120] for query in queries.captured_queries)
