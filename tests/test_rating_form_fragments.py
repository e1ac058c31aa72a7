"""A reader's rating form is drawn once for each state of her rating and cached by it: every change she
or a moderator makes shows at once, each reader sees only her own answers and posts with her own token,
and a fragment the cache forgot or let lapse is drawn again from her rating as it is now."""

import datetime
import re

from django.core.cache import cache
from django.test import Client

import pytest
import time_machine

from formats.followups import follow_up_withdraw_for
from formats.models import Rating
from formats.services import rating_hide
from tests.factories import RatingFactory, ReaderFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

FORM_TEMPLATE = "formats/includes/rating_form.html"


def form_drawings(response):
    return sum(1 for template in response.templates if template.name == FORM_TEMPLATE)


def checked(html, name):
    """The value of the ticked radio button `name` in her form, or None."""
    found = re.search(rf'name="{name}" value="([^"]*)"[^>]*checked', html)
    return found.group(1) if found else None


def rate(client, page, **answers):
    return client.post(f"/bewertung/{page.pk}/", {"contacts": "3", "information": "3", "fun": "3", **answers})


def test_her_form_is_drawn_once_until_her_rating_changes(client, a_reader, a_format_page):
    client.force_login(a_reader)

    first, again = client.get(a_format_page.url), client.get(a_format_page.url)
    rate(client, a_format_page, fun="5")
    rated = client.get(a_format_page.url)
    rate(client, a_format_page, fun="2", attendance="2-5")
    changed = client.get(a_format_page.url)

    assert (form_drawings(first), form_drawings(again)) == (1, 0)
    assert "Bewerten Sie dieses Format" in again.content.decode()
    assert form_drawings(rated) == 1 and checked(rated.content.decode(), "fun") == "5"
    html = changed.content.decode()
    assert form_drawings(changed) == 1
    assert (checked(html, "fun"), checked(html, "attendance")) == ("2", "2-5")
    assert "Ihre Bewertung ändern" in html


def test_each_reader_sees_her_own_answers_and_posts_with_her_own_token(a_format_page):
    readers = {"4": ReaderFactory(), "1": ReaderFactory()}
    for fun, reader in readers.items():
        RatingFactory(reader=reader, format_page=a_format_page, fun=int(fun))

    for fun, reader in readers.items():
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(reader)
        html = browser.get(a_format_page.url).content.decode()
        form = html[html.index('<div class="rating-form"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

        response = rate(browser, a_format_page, fun=fun, information="5", csrfmiddlewaretoken=token)

        assert checked(form, "fun") == fun
        assert response.status_code == 302
        assert Rating.objects.get(reader=reader).information == 5


def test_a_moderators_hiding_and_her_withdrawn_follow_up_show_at_once(client, a_reader, a_format_page):
    client.force_login(a_reader)
    rate(client, a_format_page, led_to_business="not_yet", follow_up="on")
    rating = Rating.objects.get(reader=a_reader)
    ticked = client.get(a_format_page.url).content.decode()

    follow_up_withdraw_for(reader=a_reader, rating_id=rating.pk)
    withdrawn = client.get(a_format_page.url).content.decode()
    rating_hide(rating=rating, reason="Doppelt abgegeben")
    hidden = client.get(a_format_page.url).content.decode()

    assert re.search(r'name="follow_up" id="id_follow_up" checked', ticked)
    assert 'name="follow_up" id="id_follow_up" aria' in withdrawn
    assert "Ihre Bewertung wurde von der Moderation ausgeblendet. Grund: Doppelt abgegeben" in hidden


def test_a_refused_rating_shows_her_errors_once_and_is_never_kept(client, a_reader, a_format_page):
    client.force_login(a_reader)
    client.get(a_format_page.url)

    refused = rate(client, a_format_page, fun="9")
    after = client.get(a_format_page.url)

    assert refused.status_code == 400
    assert "Bitte prüfen Sie Ihre Angaben." in refused.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben." not in after.content.decode()
    assert form_drawings(after) == 0  # her unchanged form, as cached before she tried


def test_a_lost_or_lapsed_fragment_is_drawn_from_her_rating_as_it_is_now(client, a_reader, a_format_page):
    client.force_login(a_reader)
    rate(client, a_format_page, fun="5")
    client.get(a_format_page.url)
    rate(client, a_format_page, fun="1")

    cache.clear()
    lost = client.get(a_format_page.url)
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=2)):
        lapsed = client.get(a_format_page.url)

    assert form_drawings(lost) == 1 and checked(lost.content.decode(), "fun") == "1"
    assert form_drawings(lapsed) == 1 and checked(lapsed.content.decode(), "fun") == "1"
