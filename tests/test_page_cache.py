"""Anonymous page views come from the cache and are invalidated by every change a reader could see."""

import datetime
import pickle

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest
import time_machine

from blog.models import BlogIndexPage
from discussion.selectors import DEFAULT_SORT, thread_page
from discussion.services.moderation import comment_remove
from formats.selectors import rating_summary
from formats.services import rating_hide, rating_submit
from home.models import LegalPages
from pagecache.cache import scope_key
from tests.factories import (
    BlogPostPageFactory,
    FormatPageFactory,
    RatingFactory,
    ReaderFactory,
    SeriesFactory,
    StandardPageFactory,
    a_comment,
)
from tests.helpers import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def served(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.get("X-Page-Cache"), response.content.decode()


def test_second_anonymous_view_comes_from_the_cache_with_its_own_csrf_token(client, a_post):
    first_state, first = served(client, a_post.url)
    other_visitor = Client(enforce_csrf_checks=True)
    second_state = other_visitor.get(a_post.url).get("X-Page-Cache")

    assert first_state == "miss" and second_state == "hit"
    # The cached form still works: the other visitor's token matches their own cookie.
    response = other_visitor.post(
        f"/kommentare/{a_post.pk}/",
        form_data(other_visitor, a_post, name="Gast", email="g@example.org", comment="Hallo"),
    )
    assert response.status_code == 302


def test_logged_in_readers_never_get_or_fill_the_cache(client, a_post):
    client.force_login(ReaderFactory())

    assert client.get(a_post.url).get("X-Page-Cache") is None
    assert client.get(a_post.url).get("X-Page-Cache") is None


def test_publishing_invalidates(client, a_blog, django_capture_on_commit_callbacks):
    served(client, a_blog.url)
    assert served(client, a_blog.url)[0] == "hit"

    draft = BlogPostPageFactory(parent=a_blog, title="Brandneu", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    state, html = served(client, a_blog.url)
    assert state == "miss" and "Brandneu" in html


def test_unpublishing_and_moving_invalidate(
    client, a_blog, a_post, a_format_index, django_capture_on_commit_callbacks
):
    served(client, a_blog.url)
    # Invalidation follows the commit, as for every change (pagecache/__init__.py).
    with django_capture_on_commit_callbacks(execute=True):
        a_post.unpublish()
    state, html = served(client, a_blog.url)
    assert state == "miss" and "Der Stammtisch" not in html

    other = BlogPostPageFactory(parent=a_blog, title="Zum Verschieben")
    served(client, a_blog.url)

    second_blog = BlogIndexPage(title="Archiv", slug="archiv")
    a_blog.get_parent().add_child(instance=second_blog)
    with django_capture_on_commit_callbacks(execute=True):
        other.move(second_blog, pos="last-child")
    assert "Zum Verschieben" not in served(client, a_blog.url)[1]


def test_accepted_and_moderated_comments_invalidate(client, a_post, django_capture_on_commit_callbacks):
    served(client, a_post.url)
    with django_capture_on_commit_callbacks(execute=True):
        comment = a_comment(a_post, text="Frisch bestätigt")
    state, html = served(client, a_post.url)
    assert state == "miss" and "Frisch bestätigt" in html

    with django_capture_on_commit_callbacks(execute=True):
        comment_remove(comment=comment)
    assert "Frisch bestätigt" not in served(client, a_post.url)[1]


def test_ratings_and_their_moderation_invalidate(client, a_format_index, django_capture_on_commit_callbacks):
    page = FormatPageFactory(parent=a_format_index)
    RatingFactory.create_batch(2, format_page=page)
    assert "2 Bewertungen" in served(client, page.url)[1]

    with django_capture_on_commit_callbacks(execute=True):
        rating, _ = rating_submit(
            reader=ReaderFactory(), format_page=page, scores={"contacts": 5, "information": 5, "fun": 5}
        )
    assert "3 Bewertungen" in served(client, page.url)[1]

    with django_capture_on_commit_callbacks(execute=True):
        rating_hide(rating=rating, reason="Spam")
    assert "2 Bewertungen" in served(client, page.url)[1]


def test_a_pending_message_bypasses_the_cache(client, a_post):
    served(client, a_post.url)
    response = client.post(
        f"/kommentare/{a_post.pk}/", form_data(client, a_post, name="Gast", email="g@example.org", comment="Hallo")
    )
    follow = client.get(response["Location"])

    assert follow.get("X-Page-Cache") is None
    assert "Fast geschafft" in follow.content.decode()


def test_a_failing_page_cache_costs_speed_not_the_page(client, a_post, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("pagecache.cache.load", down)
    monkeypatch.setattr("pagecache.cache.store", down)

    response = client.get(a_post.url)

    assert response.status_code == 200 and "Der Stammtisch" in response.content.decode()


def test_editing_a_series_or_the_legal_pages_invalidates(
    client, a_home_page, a_blog, django_capture_on_commit_callbacks
):
    series = SeriesFactory(title="Richtig netzwerken")
    post = BlogPostPageFactory(parent=a_blog, title="Teil eins", series=series, series_part=1)
    assert "Richtig netzwerken" in served(client, post.url)[1]

    with django_capture_on_commit_callbacks(execute=True):
        series.title = "Netzwerken mit Plan"
        series.save()
    assert "Netzwerken mit Plan" in served(client, post.url)[1]

    imprint = StandardPageFactory(parent=a_home_page, title="Impressum", slug="impressum")
    assert 'href="/impressum/"' not in served(client, post.url)[1]
    with django_capture_on_commit_callbacks(execute=True):
        LegalPages.objects.create(site=Site.objects.get(is_default_site=True), imprint=imprint)
    assert 'href="/impressum/"' in served(client, post.url)[1]


def test_making_a_page_private_in_the_admin_takes_it_out_of_the_cache_at_once(
    client, admin_client, a_blog, a_post, django_capture_on_commit_callbacks
):
    """Wagtail's privacy dialog saves a PageViewRestriction and publishes nothing: that alone must end
    the cached public copy, of the page and of the listing that showed it."""
    for url in (a_post.url, a_blog.url):
        served(client, url)
        assert served(client, url)[0] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/pages/{a_post.pk}/privacy/", {"restriction_type": "login"})
    assert response.status_code == 200

    refused = client.get(a_post.url)
    assert refused.status_code == 302 and refused["Location"] == f"/konto/login/?next={a_post.url}"
    assert "Der Stammtisch" not in served(client, a_blog.url)[1]

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/pages/{a_post.pk}/privacy/", {"restriction_type": "none"})
    assert "Der Stammtisch" in served(client, a_post.url)[1]
    assert "Der Stammtisch" in served(client, a_blog.url)[1]


def test_logged_in_readers_get_remembered_figures_that_follow_every_change(
    client, a_format_index, django_capture_on_commit_callbacks
):
    page = FormatPageFactory(parent=a_format_index)
    RatingFactory.create_batch(3, format_page=page, contacts=1, information=1, fun=1)
    reader = ReaderFactory()
    client.force_login(reader)
    assert "Gesamt: 1,0 von 5 (3&nbsp;Bewertungen)" in client.get(page.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/bewertung/{page.pk}/", {"contacts": 5, "information": 5, "fun": 5})
    assert response.status_code == 302

    assert "Gesamt: 2,0 von 5 (4&nbsp;Bewertungen)" in client.get(page.url).content.decode()


def test_a_preview_neither_reads_nor_leaves_remembered_figures(client, a_format_index):
    page = FormatPageFactory(parent=a_format_index, verdict_contacts=2)
    RatingFactory.create_batch(3, format_page=page)
    client.force_login(ReaderFactory())
    assert "Autor: 2" in client.get(page.url).content.decode()

    page.verdict_contacts = 5
    preview = page.make_preview_request().content.decode()

    assert "Autor: 5" in preview
    assert "Autor: 5" not in client.get(page.url).content.decode()


def test_the_site_is_remembered_until_a_site_changes(client, a_post, django_capture_on_commit_callbacks):
    def site_lookups():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(a_post.url).status_code == 200
        return sum('FROM "wagtailcore_site"' in query["sql"] for query in queries.captured_queries)

    client.force_login(ReaderFactory())
    client.get(a_post.url)
    assert site_lookups() == 0

    site = Site.objects.get(is_default_site=True)
    with django_capture_on_commit_callbacks(execute=True):
        site.site_name = "Netzwerk-Formate (neu)"
        site.save()
    assert site_lookups() >= 1  # ours, and Wagtail's own root paths, which it drops on a site save


def test_paths_that_answer_no_page_leave_no_keys_behind(client, a_home_page):
    for _ in range(2):
        assert client.get("/wp-login.php").status_code == 404

    assert cache.get(scope_key("/wp-login.php")) is None
    client.get("/")
    assert cache.get(scope_key("/")) is not None


def test_remembered_format_figures_keep_the_question_labels(client, a_format_index):
    """Signed-in readers get the figures from the cache, not the page: each question arrives with its label."""
    page = FormatPageFactory(parent=a_format_index, title="Barcamp")
    RatingFactory.create_batch(3, format_page=page, contacts=3, information=5, fun=1)
    client.force_login(ReaderFactory())

    pages = [client.get(a_format_index.url).content.decode() for _ in range(2)]

    assert all("Leser (3&nbsp;Bewertungen): Kontakte 3,0 · Informationen 5,0 · Spaß 1,0" in html for html in pages)


def route_queries(client, url, status=200):
    """The route lookups (the query by url_path) a request makes."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == status
    return sum('"url_path" IN' in query["sql"] for query in queries.captured_queries)


def test_a_page_is_found_without_a_query_until_the_site_changes(
    client, a_blog, a_post, a_format_index, django_capture_on_commit_callbacks
):
    """Readers with a session bypass the page cache but not the remembered route: it holds until a
    move, an unpublish or lost keys, and past the hour a cache keeps it, never an older answer."""
    client.force_login(ReaderFactory())
    assert route_queries(client, a_post.url) == 1
    assert route_queries(client, a_post.url) == 0

    old_url = a_post.url
    with django_capture_on_commit_callbacks(execute=True):
        a_post.move(a_format_index, pos="last-child")
    a_post.refresh_from_db()
    # Found nowhere any more: Wagtail's redirect from the old address answers.
    assert route_queries(client, old_url, status=301) == 1
    assert route_queries(client, a_post.url) == 1

    cache.clear()  # Redis restarted empty, or evicted everything
    assert route_queries(client, a_post.url) == 1
    with time_machine.travel(datetime.timedelta(hours=2)):
        assert route_queries(client, a_post.url) == 1
        with django_capture_on_commit_callbacks(execute=True):
            a_post.unpublish()
        assert route_queries(client, a_post.url, status=404) == 1


def test_made_up_paths_are_looked_up_every_time_and_leave_no_route_behind(client, a_post):
    client.force_login(ReaderFactory())
    for url in ("/gibt-es-nicht/", f"{a_post.url}erfunden/"):
        for _ in range(2):
            assert route_queries(client, url, status=404) == 1


def test_a_hit_passes_through_only_what_it_needs_and_keeps_every_header(client, a_post):
    served(client, a_post.url)

    hit = client.get(a_post.url)

    assert hit["X-Page-Cache"] == "hit"
    # Sessions and authentication sit below the page cache: a hit never reached them.
    assert not hasattr(hit.wsgi_request, "session") and not hasattr(hit.wsgi_request, "user")
    assert hit["Content-Length"] == str(len(hit.content))
    assert "csrftoken" in hit.cookies and hit["ETag"].startswith('W/"')
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "X-Content-Type-Options"):
        assert hit.has_header(header), header


def test_a_host_not_allowed_is_refused_before_it_can_name_a_key(client, a_post):
    served(client, a_post.url)

    assert client.get(a_post.url, HTTP_HOST="evil.example").status_code == 400


def test_the_blog_listing_is_remembered_per_page_until_a_post_is_published(
    client, a_blog, django_capture_on_commit_callbacks
):
    for number in range(12):
        BlogPostPageFactory(parent=a_blog, title=f"Teil {number}", date=datetime.date(2026, 1, 1 + number))
    client.force_login(ReaderFactory())

    def listing(url):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        return html, sum('FROM "blog_blogpostpage"' in query["sql"] for query in queries.captured_queries)

    first, cold = listing(a_blog.url)
    again, warm = listing(a_blog.url)
    second_page, _ = listing(f"{a_blog.url}?seite=2")
    assert cold > 0 and warm == 0 and again.count("Teil ") == first.count("Teil ")
    assert "Teil 11" in first and "Teil 0" in second_page and "Teil 0" not in first
    assert "Seite 1 von 2" in again and "Seite 2 von 2" in second_page

    with django_capture_on_commit_callbacks(execute=True):
        draft = BlogPostPageFactory(parent=a_blog, title="Brandneu", date=datetime.date(2026, 2, 1), live=False)
        draft.save_revision().publish()
    assert "Brandneu" in listing(a_blog.url)[0]


def test_remembered_figures_carry_no_lazy_translation(a_format_page, a_blog):
    """A pickled lazy translation is rebuilt as a new class whenever it is loaded (some 100 to 250 µs
    each): remembered summaries, thread pages and listings keep questions by key and texts as text."""
    RatingFactory.create_batch(3, format_page=a_format_page)
    a_comment(a_format_page, text="Erster Faden")
    BlogPostPageFactory(parent=a_blog)
    remembered = [
        rating_summary(format_page=a_format_page),
        thread_page(target=a_format_page, sort=DEFAULT_SORT, page_number="1", author_id=None, badges=a_format_page),
        a_blog.listing(a_blog.posts(), "1"),
    ]

    for value in remembered:
        assert b"_lazy_proxy_unpickle" not in pickle.dumps(value), type(value)
