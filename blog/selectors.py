"""Questions about posts that other parts of the site ask."""

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
