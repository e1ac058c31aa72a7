import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.encoding import escape_uri_path
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

from wagtail.models import Site

from home.models import LegalPages
from home.query import private_q
from pagecache.cache import remember

register = template.Library()


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context):
    """The pages marked "show in menus" directly below the site's root, the current section flagged."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return {"items": []}

    def entries():
        pages = site.root_page.get_children().live().in_menu().exclude(private_q())
        return [(page.title, page.get_url(request), page.url_path) for page in pages]

    current = context.get("page")
    current_path = current.url_path if current else ""
    return {
        "items": [
            (title, url, current_path.startswith(url_path))
            for title, url, url_path in remember(request, f"main_menu:{site.pk}", entries)
        ]
    }


@register.inclusion_tag("tags/legal_links.html", takes_context=True)
def legal_links(context):
    """The footer's Impressum and Datenschutz links, as the site's LegalPages setting names them."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return {}

    def urls():
        # Not for_site(): that creates the setting, and a page view should never write.
        legal = LegalPages.objects.filter(site=site).select_related("imprint", "privacy").first()
        return {
            "imprint_url": legal.imprint.get_url(request) if legal and legal.imprint else None,
            "privacy_url": legal.privacy.get_url(request) if legal and legal.privacy else None,
        }

    return remember(request, f"legal_links:{site.pk}", urls)


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
