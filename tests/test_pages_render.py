"""Every page type renders for a reader, in German, with its content."""

import datetime

from django.core.exceptions import ValidationError

import pytest

from tests.factories import (
    BlogPostPageFactory,
    FormatPageFactory,
    RatingFactory,
    SeriesFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


def test_home_page_shows_intro_newest_posts_and_formats(client, a_home_page, a_blog, a_format_index):
    BlogPostPageFactory(parent=a_blog, title="Richtig Netzwerken?")
    barcamp = FormatPageFactory(parent=a_format_index, title="Barcamp")
    RatingFactory.create_batch(3, format_page=barcamp)  # the home page ranks rated formats only

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Welche Netzwerk-Formate lohnen sich?" in html
    assert "Neueste Beiträge" in html and "Richtig Netzwerken?" in html
    assert "Barcamp" in html


def test_home_page_shows_only_the_three_newest_posts(client, a_home_page, a_blog):
    for day in range(1, 6):
        BlogPostPageFactory(parent=a_blog, title=f"Woche {day}", date=datetime.date(2026, 11, day))

    html = client.get("/").content.decode()

    assert "Woche 5" in html and "Woche 3" in html
    assert "Woche 2" not in html


def test_blog_index_lists_live_posts_newest_first_with_german_dates(client, a_blog):
    BlogPostPageFactory(parent=a_blog, title="Älterer Beitrag", date=datetime.date(2026, 11, 2))
    BlogPostPageFactory(parent=a_blog, title="Neuerer Beitrag", date=datetime.date(2026, 11, 25))
    draft = BlogPostPageFactory(parent=a_blog, title="Entwurf")
    draft.unpublish()

    html = client.get(a_blog.url).content.decode()

    assert html.index("Neuerer Beitrag") < html.index("Älterer Beitrag")
    assert "25. November 2026" in html
    assert "Entwurf" not in html


def test_blog_index_paginates_with_german_links(client, a_blog):
    for n in range(12):
        BlogPostPageFactory(parent=a_blog, title=f"Beitrag Nummer {n:02d}")

    first = client.get(a_blog.url).content.decode()
    second = client.get(a_blog.url, {"seite": 2}).content.decode()
    beyond = client.get(a_blog.url, {"seite": 99})
    garbage = client.get(a_blog.url, {"seite": "abc"})

    assert "Ältere Beiträge" in first and "Seite 1 von 2" in first
    assert "Neuere Beiträge" in second and "Seite 2 von 2" in second
    assert first.count('class="teaser"') == 10 and second.count('class="teaser"') == 2
    assert beyond.status_code == 200 and "Seite 2 von 2" in beyond.content.decode()
    assert garbage.status_code == 200 and "Seite 1 von 2" in garbage.content.decode()


def test_post_renders_body_blocks_tags_and_related_formats(client, a_blog, a_format_index):
    barcamp = FormatPageFactory(parent=a_format_index, title="Barcamp")
    post = BlogPostPageFactory(parent=a_blog, title="Mein erstes Barcamp")
    post.tags.add("Unkonferenz")
    post.related_formats.add(barcamp)
    post.save_revision().publish()

    html = client.get(post.url).content.decode()

    assert "<h2>Meine Erfahrung</h2>" in html
    assert "drei neue Kontakte" in html
    assert "<li>Informationen</li>" in html
    assert "Netzwerken ist Säen, nicht Ernten." in html
    assert "Unkonferenz" in html
    assert "Besprochene Formate" in html and barcamp.url in html


def test_post_in_series_shows_its_part_and_links_previous_and_next(client, a_blog):
    series = SeriesFactory(title="Richtig Netzwerken")
    first = BlogPostPageFactory(parent=a_blog, title="Richtig Netzwerken?", series=series, series_part=1)
    second = BlogPostPageFactory(parent=a_blog, title="Das Unternehmerfrühstück", series=series, series_part=2)
    third = BlogPostPageFactory(parent=a_blog, title="Die Messe", series=series, series_part=3)

    html = client.get(second.url).content.decode()

    assert "Richtig Netzwerken · Teil 2 von 3" in html
    assert f'rel="prev" href="{first.url}"' in html
    assert f'rel="next" href="{third.url}"' in html
    first_html = client.get(first.url).content.decode()
    assert 'rel="prev"' not in first_html and f'rel="next" href="{second.url}"' in first_html


def test_unpublished_part_is_left_out_of_the_series(client, a_blog):
    series = SeriesFactory()
    first = BlogPostPageFactory(parent=a_blog, series=series, series_part=1)
    draft = BlogPostPageFactory(parent=a_blog, series=series, series_part=2)
    draft.unpublish()

    html = client.get(first.url).content.decode()

    assert "Teil 1 von 1" in html
    assert 'rel="next"' not in html


def test_series_part_must_be_unique_within_its_series(a_blog):
    series = SeriesFactory()
    BlogPostPageFactory(parent=a_blog, series=series, series_part=1)
    duplicate = BlogPostPageFactory.build(series=series, series_part=1, slug="doppelt")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert "bereits einen Teil 1" in str(error.value)


def test_a_part_left_empty_is_the_next_free_one_of_its_series(a_blog):
    series = SeriesFactory()
    BlogPostPageFactory(parent=a_blog, series=series, series_part=1)
    post = BlogPostPageFactory.build(series=series, series_part=None, slug="ohne-teil")

    post.clean()

    assert post.series_part == 2


def test_format_page_shows_facts_and_the_authors_verdict(client, a_format_index):
    page = FormatPageFactory(
        parent=a_format_index,
        title="Unternehmerfrühstück",
        verdict_contacts=4,
        verdict_information=3,
        verdict_fun=2,
    )

    html = client.get(page.url).content.decode()

    assert "Unternehmerfrühstück" in html
    for fact in ("20–35 € inkl. Frühstück", "monatlich", "ca. 2 Stunden", "15–40 Personen", "Hamburg und Umland"):
        assert fact in html
    assert "Community, ehrenamtlich" in html and "vor Ort" in html
    assert "Das Urteil des Autors" in html
    assert "4 von 5" in html and "3 von 5" in html and "2 von 5" in html
    assert "Lohnt sich: mindestens eine Frage klar mit „Ja“ beantwortet." in html
    assert "Die besten Kontakte entstanden über Empfehlungen danach." in html


def test_format_without_a_clear_yes_is_not_worth_it_for_the_author(client, a_format_index):
    page = FormatPageFactory(parent=a_format_index, verdict_contacts=3, verdict_information=2, verdict_fun=3)

    html = client.get(page.url).content.decode()

    assert "Lohnt sich für den Autor eher nicht" in html


def test_format_index_lists_live_formats(client, a_format_index):
    FormatPageFactory(parent=a_format_index, title="Barcamp")
    FormatPageFactory(parent=a_format_index, title="Messe")
    hidden = FormatPageFactory(parent=a_format_index, title="Geheimes Format")
    hidden.unpublish()

    html = client.get(a_format_index.url).content.decode()

    assert "Barcamp" in html and "Messe" in html
    assert "Geheimes Format" not in html


def test_standard_page_renders_its_body(client, a_home_page):
    page = StandardPageFactory(parent=a_home_page, title="Impressum")

    response = client.get(page.url)

    assert response.status_code == 200
    assert "Angaben gemäß § 5 DDG." in response.content.decode()


def test_verdict_scores_outside_one_to_five_are_rejected(a_format_index):
    page = FormatPageFactory.build(slug="falsch", verdict_contacts=6, verdict_information=0, verdict_fun=3)

    with pytest.raises(ValidationError) as error:
        page.full_clean()

    assert set(error.value.message_dict) >= {"verdict_contacts", "verdict_information"}
