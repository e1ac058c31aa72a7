"""Moderators hide ratings with a reason in the Wagtail admin; the author sees ratings on his dashboard."""

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from formats.models import Rating
from formats.selectors import rating_summary
from tests.factories import FormatPageFactory, RatingFactory, ReaderFactory
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def a_rating_moderator():
    group = Group.objects.create(name="Bewertungs-Moderation")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_rating"),
        Permission.objects.get(codename="change_rating"),
    )
    moderator = ReaderFactory()
    moderator.groups.add(group)
    return moderator


def test_moderator_hides_a_rating_with_a_reason_and_it_leaves_the_aggregates(
    client, a_rating_moderator, a_format_page
):
    RatingFactory.create_batch(3, format_page=a_format_page, contacts=2)
    spam = RatingFactory(format_page=a_format_page, contacts=5)
    log_in_with_second_factor(client, a_rating_moderator)

    response = client.post(
        f"/admin/ratings/edit/{spam.pk}/", {"is_hidden": "on", "hidden_reason": "Eigenwerbung des Veranstalters"}
    )

    assert response.status_code == 302
    spam.refresh_from_db()
    assert spam.is_hidden and spam.hidden_reason == "Eigenwerbung des Veranstalters" and spam.hidden_at
    summary = rating_summary(format_page=a_format_page)
    assert summary.count == 3 and summary.questions[0].mean == 2


def test_hiding_needs_a_reason(client, a_rating_moderator, a_format_page):
    rating = RatingFactory(format_page=a_format_page)
    log_in_with_second_factor(client, a_rating_moderator)

    response = client.post(f"/admin/ratings/edit/{rating.pk}/", {"is_hidden": "on", "hidden_reason": "  "})

    assert response.status_code == 200
    assert "Bitte geben Sie einen Grund an" in response.content.decode()
    rating.refresh_from_db()
    assert not rating.is_hidden


def test_unhiding_brings_the_rating_back(client, a_rating_moderator, a_format_page):
    rating = RatingFactory(format_page=a_format_page, is_hidden=True, hidden_reason="Versehen")
    log_in_with_second_factor(client, a_rating_moderator)

    client.post(f"/admin/ratings/edit/{rating.pk}/", {"hidden_reason": ""})

    rating.refresh_from_db()
    assert not rating.is_hidden and rating.hidden_reason == "" and rating.hidden_at is None
    assert rating_summary(format_page=a_format_page).count == 1


def test_moderation_cannot_change_scores_or_the_reader(client, a_rating_moderator, a_format_page):
    rating = RatingFactory(format_page=a_format_page, contacts=1)
    other = ReaderFactory()
    log_in_with_second_factor(client, a_rating_moderator)

    client.post(
        f"/admin/ratings/edit/{rating.pk}/",
        {"contacts": "5", "reader": other.pk, "hidden_reason": ""},
    )

    rating.refresh_from_db()
    assert rating.contacts == 1 and rating.reader_id != other.pk


def test_ratings_listing_filters_by_format_and_visibility(client, a_rating_moderator, a_format_index, a_format_page):
    other = FormatPageFactory(parent=a_format_index, title="Messe")
    RatingFactory(format_page=a_format_page, reader=ReaderFactory(display_name="Sichtbare Leserin"))
    RatingFactory(format_page=other, reader=ReaderFactory(display_name="Messe-Leser"))
    RatingFactory(format_page=a_format_page, is_hidden=True, reader=ReaderFactory(display_name="Versteckter Leser"))
    log_in_with_second_factor(client, a_rating_moderator)

    by_format = client.get("/admin/ratings/", {"format_page": a_format_page.pk}).content.decode()
    hidden = client.get("/admin/ratings/", {"is_hidden": "true"}).content.decode()

    assert "Sichtbare Leserin" in by_format and "Messe-Leser" not in by_format
    assert "Versteckter Leser" in hidden and "Sichtbare Leserin" not in hidden


def test_nobody_creates_ratings_in_the_admin(admin_client, a_home_page):
    assert admin_client.get("/admin/ratings/new/").status_code in (302, 403)
    assert not Rating.objects.exists()


def test_readers_without_the_permission_see_no_ratings_admin(client, a_home_page):
    reader = ReaderFactory()
    client.force_login(reader)

    assert client.get("/admin/ratings/").status_code == 302


def test_dashboard_shows_newest_ratings_and_rankings(admin_client, a_format_index, a_format_page):
    top = FormatPageFactory(parent=a_format_index, title="Barcamp")
    RatingFactory.create_batch(3, format_page=top, contacts=5, information=4, fun=5)
    RatingFactory.create_batch(3, format_page=a_format_page, contacts=2, information=2, fun=3)

    html = admin_client.get("/admin/").content.decode()

    assert "Bewertungen der Leser" in html and "Neueste Bewertungen" in html
    ranking = html[html.index("Rangliste Kontakte") :]
    assert ranking.index("Barcamp: 5,0") < ranking.index("Unternehmerfrühstück: 2,0")


def test_ratings_listing_needs_constant_queries(
    client, a_rating_moderator, a_format_index, django_assert_max_num_queries
):
    page = FormatPageFactory(parent=a_format_index)
    RatingFactory.create_batch(3, format_page=page)
    log_in_with_second_factor(client, a_rating_moderator)
    client.get("/admin/ratings/")
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/ratings/")
    RatingFactory.create_batch(15, format_page=page)
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/ratings/")

    assert len(many) == len(few)
