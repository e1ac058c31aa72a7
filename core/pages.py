"""Wagtail's page queries with three changes: privacy is decided inside the listing's own query,
a routed page comes as its specific class, knowing whether a view restriction may apply, at once,
and the site's root page routes without its own fields."""

import functools

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.template.response import TemplateResponse

from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.models import PageManager as WagtailPageManager
from wagtail.query import PageQuerySet as WagtailPageQuerySet


def private_q():
    """Pages at or below a view restriction.

    Wagtail's own private_q() first loads every restriction, one query for each .public()
    (a blog page made five); this asks the same question as a subquery of the listing.
    Relies on PageQuerySet.public() excluding self.private_q(), checked against Wagtail 8.0.1
    (tests/test_wagtail_internals.py).
    """
    restriction_above = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return Q(Exists(restriction_above))


class PageQuerySet(WagtailPageQuerySet):
    def private_q(self):
        return private_q()


PageManager = WagtailPageManager.from_queryset(PageQuerySet)


def _restriction_on_path():
    """A view restriction on the page at OuterRef("path"), above it, or on the source of an alias
    on that path: all that Wagtail's Page.get_view_restrictions() looks at (it swaps each alias
    on the path for its source) and the aliases' own besides. Where this finds none, Wagtail's
    finds none."""
    return PageViewRestriction.objects.filter(
        Q(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
        | Q(page__aliases__path=Substr(OuterRef("path"), 1, Length("page__aliases__path")))
    )


def mark_restriction(page):
    """Marks `page` with whether a view restriction may apply to it (see ViewRestrictionMixin), in
    one query where Wagtail's check asks two; for a page routed without first_specific()."""
    paths = [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]
    restrictions = PageViewRestriction.objects.filter(Q(page__path__in=paths) | Q(page__aliases__path__in=paths))
    page.may_be_restricted = restrictions.exists()
    return page


@functools.cache
def _specific_links():
    """Each page model directly below Page, by the name of its table's join from Page's."""
    return {
        model: model._meta.parents[Page].related_query_name()
        for model in get_page_models()
        if Page in model._meta.parents
    }


def first_specific(pages):
    """The first of `pages` as its specific page, in one query where Wagtail's `.specific` asks a
    second, and marked with whether a view restriction may apply (see ViewRestrictionMixin).

    Every page model's table is joined; a page of a model further down (none today) costs the
    second query still. Relies on Page.specific_class (the content type, from Django's
    per-process cache) and copies the generic page's other attributes as Wagtail's
    get_specific() does; checked against Wagtail 8.0.1 (tests/test_wagtail_internals.py).
    """
    links = _specific_links()
    page = pages.annotate(may_be_restricted=Exists(_restriction_on_path())).select_related(*links.values()).first()
    if page is None:
        return None
    specific = getattr(page, links.get(page.specific_class, ""), None)
    if specific is None:
        return page.specific
    for name, value in page.__dict__.items():
        specific.__dict__.setdefault(name, value)
    return specific


class ViewRestrictionMixin:
    """For page models: a page routed by first_specific() that no view restriction can reach
    skips Wagtail's check of its ancestors and their restrictions (two queries per request).

    Wagtail's on_serve_page hook check_view_restrictions asks page.get_view_restrictions();
    every other caller (the admin's privacy views, copying, aliasing) gets Wagtail's own answer.
    Checked against Wagtail 8.0.1 (tests/test_wagtail_internals.py).
    """

    def get_view_restrictions(self):
        if self.__dict__.get("may_be_restricted") is False:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def find_site(request):
    """The request's Site, by Wagtail's own (private) Site._find_for_request, its root page
    holding its specific page made without a query.

    Wagtail routes every request from site.root_page.localized.specific, which asks for the home
    page's own fields, and then only calls its route(): on any page but the home page itself
    nothing reads them. Made from the fields at hand (Wagtail's get_specific(deferred=True)), the
    home page's own fields load when first read, so the home page pays the query it paid before
    and every other page saves it. Relies on Page.specific being a cached_property and on
    Page.route_for_request; checked against Wagtail 8.0.1 (tests/test_wagtail_internals.py).
    """
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page.specific = site.root_page.get_specific(deferred=True)
    return site


def render_page(request, page, *, status=200, **extra_context):
    """The page as Page.serve() renders it, with `extra_context` on top: how a view that refuses a
    form shows the page again with the bound form and its errors (the section reads it from there)."""
    request.is_preview = False
    context = page.get_context(request)
    context.update(extra_context)
    return TemplateResponse(request, page.get_template(request), context, status=status)
