from django import template

from blog.selectors import next_scheduled_part, posts_discussing
from pagecache.cache import remember

register = template.Library()


@register.inclusion_tag("tags/posts_discussing.html", takes_context=True)
def posts_about(context, format_page):
    """The blog posts that discuss a format, for its page; remembered until the site changes."""
    request = context["request"]

    def posts():
        return [
            {
                "title": post.title,
                "url": post.get_url(request),
                "date": post.date,
                "series": post.series.title if post.series else "",
                "part": post.series_part,
            }
            for post in posts_discussing(format_page=format_page)
        ]

    return {"posts": remember(request, f"posts_about:{format_page.pk}", posts)}


@register.inclusion_tag("tags/next_part.html")
def next_part(series=None):
    """ "Nächster Teil am 7. Dezember 2026" for a series (or, without one, the next part of any series).

    Cached pages show it until the part goes live: scheduling, cancelling and publishing all make
    them stale (blog/apps.py, pagecache/signals.py).
    """
    return {"part": next_scheduled_part(series=series), "with_series": series is None}
