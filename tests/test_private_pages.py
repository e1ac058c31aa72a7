"""Pages behind a view restriction (and everything below them) stay out of every public listing."""

import re

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import BlogPostPageFactory, FormatPageFactory, ReaderFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def test_a_private_post_is_in_no_listing_and_no_feed(client, a_home_page, a_blog):
    series = SeriesFactory(title="Richtig netzwerken", slug="richtig-netzwerken")
    BlogPostPageFactory(
        parent=a_blog, title="Öffentlicher Teil", slug="oeffentlicher-teil", series=series, series_part=1
    )
    secret = BlogPostPageFactory(
        parent=a_blog, title="Geheimer Teil", slug="geheimer-teil", series=series, series_part=2
    )
    restrict(secret)

    for url in ["/", a_blog.url, "/blog/serie/richtig-netzwerken/", "/feeds/beitraege/rss/", "/sitemap.xml"]:
        html = client.get(url).content.decode()
        assert "Öffentlicher Teil" in html or "oeffentlicher-teil" in html, url
        assert "Geheimer Teil" not in html and "geheimer-teil" not in html, url
    assert client.get(secret.url).status_code == 302  # to the log-in


def test_a_private_section_hides_everything_below_it(client, a_home_page, a_format_index):
    FormatPageFactory(parent=a_format_index, title="Stammtisch")
    restrict(a_format_index)

    home = client.get("/").content.decode()

    assert "Stammtisch" not in home
    assert f'href="{a_format_index.url}"' not in home  # nor in the main menu


def test_a_page_below_a_private_section_is_refused_as_the_section_is(client, a_home_page, a_format_index):
    stammtisch = FormatPageFactory(parent=a_format_index, title="Stammtisch")
    restrict(a_format_index)

    assert client.get(stammtisch.url).status_code == 302  # to the log-in
    assert client.get(a_format_index.url).status_code == 302


def test_an_alias_of_a_private_page_is_refused_as_its_source_is(client, a_home_page, a_blog, a_format_index):
    """Wagtail applies the source's restrictions to an alias; the router's shortcut must see them too."""
    secret = FormatPageFactory(parent=a_format_index, title="Geheim", slug="geheim")
    restrict(secret)
    alias = secret.create_alias(parent=a_blog, update_slug="geheim-im-blog")

    assert client.get(alias.url).status_code == 302  # to the log-in


def test_a_private_home_page_is_refused(client, a_home_page):
    restrict(a_home_page)

    assert client.get("/").status_code == 302  # to the log-in


def test_a_page_for_signed_in_readers_sends_a_guest_to_our_log_in_and_back(client, a_post):
    restrict(a_post)

    response = client.get(a_post.url)

    assert response.status_code == 302
    assert response["Location"] == f"/konto/login/?next={a_post.url}"
    client.force_login(ReaderFactory())
    assert "Der Stammtisch" in client.get(a_post.url).content.decode()


def test_a_page_shared_by_password_asks_for_it_in_the_sites_own_layout(client, a_post):
    PageViewRestriction.objects.create(
        page=a_post, restriction_type=PageViewRestriction.PASSWORD, password="netzwerk-2026"
    )

    asked = client.get(a_post.url).content.decode()
    assert "<h1>Passwort erforderlich</h1>" in asked and "Netzwerk-Formate" in asked
    assert "Der Stammtisch" not in asked
    action = re.search(r'<form action="([^"]+)"', asked).group(1)
    return_url = re.search(r'name="return_url" value="([^"]+)"', asked).group(1)

    wrong = client.post(action, {"password": "falsch", "return_url": return_url})
    assert "Das Passwort stimmt nicht" in wrong.content.decode()
    right = client.post(action, {"password": "netzwerk-2026", "return_url": return_url})
    assert right.status_code == 302
    assert "Der Stammtisch" in client.get(a_post.url).content.decode()
