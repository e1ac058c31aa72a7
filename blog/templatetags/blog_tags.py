from django import template

from blog.selectors import posts_discussing
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
