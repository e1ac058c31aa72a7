"""Columns and flags for the apps' Wagtail admin listings that every app shares."""

import datetime

from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column


def yes_no(value):
    """German yes/no for a boolean; unknown (None) stays empty."""
    if value is None:
        return ""
    return _("ja") if value else _("nein")


class YesNoColumn(Column):
    """A boolean as "ja"/"nein": Wagtail's default listing prints Python's True/False."""

    def get_value(self, instance):
        return yes_no(super().get_value(instance))


# Many rows by one person within minutes (comment after comment, rating after rating) is a
# pattern moderators look for.
BURST_COUNT = 4
BURST_WINDOW = datetime.timedelta(minutes=10)


def in_a_burst(queryset, *, by, at, by_lookup="exact"):
    """Whether a row is one of at least BURST_COUNT by the same `by` within BURST_WINDOW of `at`.

    An expression for the listing's own query: some row of that person's, at most BURST_WINDOW
    before this one, opens a window of BURST_WINDOW that holds BURST_COUNT rows.
    """
    same_person = {f"{by}__{by_lookup}": OuterRef(by)}
    in_window = (
        queryset.filter(**same_person, **{f"{at}__gte": OuterRef(at), f"{at}__lte": OuterRef(at) + BURST_WINDOW})
        .order_by()
        .values(by)
        .annotate(n=Count("pk"))
        .values("n")
    )
    starts = queryset.filter(
        **same_person, **{f"{at}__gte": OuterRef(at) - BURST_WINDOW, f"{at}__lte": OuterRef(at)}
    ).annotate(n=Subquery(in_window[:1]))
    return Exists(starts.filter(n__gte=BURST_COUNT))
