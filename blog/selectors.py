"""Questions about posts that other parts of the site ask."""

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast

from wagtail.models import Revision

from blog.models import BlogPostPage


def posts_discussing(*, format_page):
    """The live, public posts that name `format_page` among their related formats, newest first, in one query."""
    if format_page.pk is None:
        # A preview of a format not saved yet: no post can name it.
        return BlogPostPage.objects.none()
    return (
        BlogPostPage.objects.live()
        .public()
        .filter(related_formats=format_page)
        .select_related("series")
        .order_by("-date", "-first_published_at")
    )


def next_scheduled_part(*, series=None):
    """The next part of `series` (or of any series) that waits for its go-live time, or None.

    Scheduled as Wagtail schedules: a page not yet live whose approved revision carries the
    go-live time (`approved_go_live_at`), which the worker's publish_scheduled publishes. The
    part comes with `go_live` (that time) and its series, in one query.
    """
    scheduled = (
        Revision.page_revisions.filter(object_id=Cast(OuterRef("pk"), CharField()), approved_go_live_at__isnull=False)
        .order_by("approved_go_live_at")
        .values("approved_go_live_at")[:1]
    )
    parts = (
        BlogPostPage.objects.filter(live=False, series__isnull=False)
        .public()
        .annotate(go_live=Subquery(scheduled))
        .filter(go_live__isnull=False)
        .select_related("series")
    )
    if series is not None:
        parts = parts.filter(series=series)
    return parts.order_by("go_live", "series_part").first()
