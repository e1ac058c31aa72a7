"""What our overrides of Wagtail internals rely on, checked against Wagtail 8.0.1.

Each override (HomePage.route with core.pages.first_specific and ViewRestrictionMixin,
core.pages.PageQuerySet.private_q, the request's _wagtail_site
that RememberedSiteMiddleware sets, the preview flag the page cache reads) keeps a spec here that
fails when Wagtail changes what the override relies on, and one that fails when Wagtail's own
way becomes as cheap as ours, so that the override no longer pays and can go.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Exists
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult
from wagtail.wagtail_hooks import check_view_restrictions

import pytest

from core.pages import find_site, first_specific
from formats.models import FormatPage
from home.models import HomePage
from tests.factories import BlogPostPageFactory, FormatPageFactory

pytestmark = pytest.mark.django_db


# HomePage.route: finds the deepest page on the path in one query, then hands the rest to its route().


def test_wagtail_routes_every_request_from_the_site_root_with_the_whole_path(client, a_blog, monkeypatch):
    BlogPostPageFactory(parent=a_blog, title="Beitrag", slug="beitrag")
    asked = []
    route = HomePage.route

    def spy(self, request, path_components):
        asked.append(list(path_components))
        return route(self, request, path_components)

    monkeypatch.setattr(HomePage, "route", spy)

    assert client.get("/blog/beitrag/").status_code == 200
    assert asked == [["blog", "beitrag"]]


def test_wagtail_url_paths_and_depths_grow_by_one_slug_per_level(a_home_page, a_blog):
    post = BlogPostPageFactory(parent=a_blog, title="Beitrag", slug="beitrag")

    assert a_blog.url_path == f"{a_home_page.url_path}blog/"
    assert post.url_path == f"{a_blog.url_path}beitrag/"
    assert (a_blog.depth, post.depth) == (a_home_page.depth + 1, a_home_page.depth + 2)


def test_wagtail_route_without_components_serves_the_page_only_while_live(rf, a_blog):
    draft = BlogPostPageFactory(parent=a_blog, title="Entwurf", slug="entwurf", live=False)

    served = Page.route(a_blog, rf.get("/blog/"), [])
    assert isinstance(served, RouteResult) and served.page == a_blog
    with pytest.raises(Http404):
        Page.route(draft, rf.get("/blog/entwurf/"), [])


def test_wagtail_walks_the_tree_level_by_level(rf, a_home_page, a_blog, django_assert_num_queries):
    """Wagtail's own routing asks once per level for the child and once for its specific page."""
    post = BlogPostPageFactory(parent=a_blog, title="Beitrag", slug="beitrag")
    with django_assert_num_queries(4):
        assert Page.route(a_home_page, rf.get("/blog/beitrag/"), ["blog", "beitrag"]).page == post


def test_our_route_finds_the_specific_page_in_one_query(rf, a_home_page, a_format_page, django_assert_num_queries):
    ContentType.objects.get_for_model(FormatPage)  # Django's per-process cache, warm on a running server
    request = rf.get(a_format_page.url)
    with django_assert_num_queries(1):
        routed = a_home_page.route(request, ["formate", a_format_page.slug])
        assert routed.page.summary == a_format_page.summary  # the specific page's own field, no query


# core.pages.find_site: the site's root page routes as its specific page, made without a query.


def test_wagtail_routes_from_the_sites_root_page_as_its_cached_specific_page(rf, a_home_page, monkeypatch):
    site = Site.objects.select_related("root_page").get(is_default_site=True)
    made = site.root_page.specific = site.root_page.get_specific(deferred=True)  # a cached_property: settable
    request = rf.get("/blog/")
    request._wagtail_site = site
    routed_by = []
    monkeypatch.setattr(HomePage, "route", lambda page, request, path: routed_by.append(page) or RouteResult(page))

    Page.route_for_request(request, "/blog/")
    assert routed_by == [made]


def test_the_home_page_made_without_a_query_reads_its_own_fields_when_asked(
    rf, a_home_page, django_assert_num_queries
):
    site = find_site(rf.get("/"))

    with django_assert_num_queries(0):
        home = site.root_page.specific
        assert isinstance(home, HomePage) and home.url_path == a_home_page.url_path
    with django_assert_num_queries(1):
        assert home.intro == a_home_page.intro


# core.pages.first_specific: the specific page from the join of every page model's table, with the
# generic page's other attributes, as Wagtail's get_specific() gives them.


def test_wagtail_names_a_pages_specific_class_by_its_content_type(a_format_page):
    page = Page.objects.get(pk=a_format_page.pk)

    assert page.specific_class is FormatPage
    assert FormatPage._meta.parents[Page].related_query_name() == "formatpage"


def test_first_specific_gives_what_wagtails_specific_gives(a_format_page):
    pages = Page.objects.filter(pk=a_format_page.pk).annotate(marked=Exists(Site.objects.all()))

    ours, wagtails = first_specific(pages), pages.first().specific
    assert type(ours) is type(wagtails) is FormatPage
    fields = [field.attname for field in FormatPage._meta.concrete_fields]
    assert [getattr(ours, name) for name in fields] == [getattr(wagtails, name) for name in fields]
    assert ours.marked is wagtails.marked is True


# ViewRestrictionMixin: a routed page no restriction can reach skips Wagtail's check.


def test_wagtail_checks_view_restrictions_through_page_get_view_restrictions(rf, a_format_page, monkeypatch):
    assert check_view_restrictions in hooks.get_hooks("on_serve_page")
    asked = []
    monkeypatch.setattr(FormatPage, "get_view_restrictions", lambda page: asked.append(page) or [])

    assert check_view_restrictions(lambda *args: "served")(a_format_page, rf.get("/"), [], {}) == "served"
    assert asked == [a_format_page]


def test_wagtail_resolves_aliases_on_the_path_to_their_source(a_blog, a_format_index):
    secret = FormatPage.objects.get(pk=FormatPageFactory(parent=a_format_index, title="Geheim").pk)
    restriction = PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    alias = secret.create_alias(parent=a_blog, update_slug="geheim-im-blog")

    assert list(Page.get_view_restrictions(alias)) == [restriction]
    assert first_specific(Page.objects.filter(pk=alias.pk)).may_be_restricted is True


def test_a_routed_public_page_asks_for_no_restrictions(rf, a_home_page, a_format_page, django_assert_num_queries):
    page = a_home_page.route(rf.get(a_format_page.url), ["formate", a_format_page.slug]).page

    assert page.may_be_restricted is False
    with django_assert_num_queries(0):
        assert list(page.get_view_restrictions()) == []


def test_the_home_page_routed_to_itself_asks_once_for_restrictions(rf, a_home_page, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = a_home_page.route(rf.get("/"), []).page
    assert page.may_be_restricted is False
    with django_assert_num_queries(0):
        assert list(page.get_view_restrictions()) == []


def test_wagtails_view_restriction_check_asks_twice(a_format_page, django_assert_num_queries):
    """Ours pays while Wagtail asks for the ancestors and then for their restrictions."""
    with django_assert_num_queries(2):
        list(Page.get_view_restrictions(a_format_page))


# core.pages.PageQuerySet.private_q: the view restrictions as a subquery of the listing's own query.


@pytest.fixture
def a_private_format(a_home_page, a_format_index):
    hidden = FormatPageFactory(parent=a_format_index, title="Geheim", slug="geheim")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    FormatPageFactory(parent=a_format_index, title="Offen", slug="offen")
    return hidden


def test_wagtail_public_excludes_what_the_querysets_own_private_q_names(a_private_format, django_assert_num_queries):
    with django_assert_num_queries(1):
        ours = {page.title for page in FormatPage.objects.live().public()}

    assert ours == {page.title for page in Page.objects.live().public().type(FormatPage)} == {"Offen"}


def test_wagtail_private_q_still_loads_every_restriction_first(a_private_format, django_assert_num_queries):
    """Ours pays while Wagtail's public() costs a query of its own for the restrictions."""
    with django_assert_num_queries(2):
        list(Page.objects.live().public().type(FormatPage))


# RememberedSiteMiddleware: hands Wagtail the request's Site as request._wagtail_site.


def test_wagtail_takes_the_site_of_a_request_from_wagtail_site(rf, a_home_page, django_assert_num_queries):
    request = rf.get("/")
    request._wagtail_site = site = Site.objects.get(is_default_site=True)

    with django_assert_num_queries(0):
        assert Site.find_for_request(request) is site


def test_wagtail_asks_the_database_for_the_site_of_every_request(rf, a_home_page):
    """What the middleware saves; its lookup is Wagtail's own private _find_for_request."""
    assert Site._find_for_request(rf.get("/")) == Site.objects.get(is_default_site=True)
    with CaptureQueriesContext(connection) as queries:
        Site.find_for_request(rf.get("/"))
    assert len(queries) >= 1


# pagecache.cache.remember: nothing is remembered for or from a preview (request.is_preview).


def test_wagtail_marks_preview_requests(a_format_index, monkeypatch):
    page = FormatPageFactory(parent=a_format_index, title="Vorschau", slug="vorschau")
    seen = []
    get_context = FormatPage.get_context

    def spy(self, request, *args, **kwargs):
        seen.append(getattr(request, "is_preview", None))
        return get_context(self, request, *args, **kwargs)

    monkeypatch.setattr(FormatPage, "get_context", spy)

    assert page.make_preview_request().status_code == 200
    assert seen == [True]
