from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("tags/feed_links.html")
def feed_links(name, title, *args):
    """Autodiscovery <link>s for one feed, in RSS and Atom."""
    return {
        "title": title,
        "rss": reverse(f"{name}_rss", args=args),
        "atom": reverse(f"{name}_atom", args=args),
    }
