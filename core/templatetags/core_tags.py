"""Presentation every page shares: its canonical address and its structured data."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.encoding import escape_uri_path
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_link(context, page_number=None):
    """<link rel="canonical"> on the site's own root URL and this path, so every view has one.

    The query is left out: sorted, filtered or searched views are the same page. A listing
    passes its page number, for page 2 on lists other posts than page 1.
    """
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return ""
    site = Site.find_for_request(request)
    root = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    url = root + escape_uri_path(request.path)
    if page_number and page_number > 1:
        url += f"?seite={page_number}"
    return format_html('<link rel="canonical" href="{}">', url)


@register.filter
def json_ld(value):
    """Serialises structured data for a <script type="application/ld+json"> block, safe against "</script>"."""
    return mark_safe(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes))  # noqa: S308


@register.filter
def messages_at(messages, place=""):
    """The messages shown at one place of the page: a view that knows where the reader lands names
    it in extra_tags ("kommentare", "bewertungen"), and the section there shows them; the rest
    ("") stay at the top. Reading the storage marks all as shown, so both places read it."""
    return [message for message in messages if (message.extra_tags or "") == place]
