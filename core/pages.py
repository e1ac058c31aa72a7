"""Wagtail's page queries with one change: privacy is decided inside the listing's own query."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.template.response import TemplateResponse

from wagtail.models import PageManager as WagtailPageManager
from wagtail.models import PageViewRestriction
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


def render_page(request, page, *, status=200, **extra_context):
    """The page as Page.serve() renders it, with `extra_context` on top: how a view that refuses a
    form shows the page again with the bound form and its errors (the section reads it from there)."""
    request.is_preview = False
    context = page.get_context(request)
    context.update(extra_context)
    return TemplateResponse(request, page.get_template(request), context, status=status)
