from django import template
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from wagtail.models import Page, Site

from core.pages import private_q
from home.models import LegalPages
from pagecache.cache import remember

register = template.Library()


def _layout(request, site):
    """The pages every page's frame links to, in one query: the main menu (the pages marked "show
    in menus" directly below the site's root) and the footer's Impressum and Datenschutz, as the
    site's LegalPages setting names them. Read once per request, whichever tag asks first."""
    if "_layout_links" not in request.__dict__:
        request._layout_links = remember(request, f"layout:{site.pk}", lambda: _layout_links(request, site))
    return request._layout_links


def _layout_links(request, site):
    # Not LegalPages.for_site(): that creates the setting, and a page view should never write.
    legal = LegalPages.objects.filter(site=site)
    pages = Page.objects.all()
    in_menu = pages.child_of_q(site.root_page) & pages.live_q() & pages.in_menu_q() & ~private_q()
    rows = (
        pages.annotate(
            in_menu=ExpressionWrapper(in_menu, output_field=BooleanField()),
            is_imprint=Exists(legal.filter(imprint=OuterRef("pk"))),
            is_privacy=Exists(legal.filter(privacy=OuterRef("pk"))),
        )
        .filter(Q(in_menu=True) | Q(is_imprint=True) | Q(is_privacy=True))
        .order_by("path")
    )
    links = {"menu": [], "imprint_url": None, "privacy_url": None}
    for page in rows:
        if page.in_menu:
            links["menu"].append((page.title, page.get_url(request), page.url_path))
        if page.is_imprint:
            links["imprint_url"] = page.get_url(request)
        if page.is_privacy:
            links["privacy_url"] = page.get_url(request)
    return links


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context):
    """The pages marked "show in menus" directly below the site's root, the current section flagged."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return {"items": []}
    current = context.get("page")
    current_path = current.url_path if current else ""
    return {
        "items": [
            (title, url, current_path.startswith(url_path)) for title, url, url_path in _layout(request, site)["menu"]
        ]
    }


@register.inclusion_tag("tags/legal_links.html", takes_context=True)
def legal_links(context):
    """The footer's Impressum and Datenschutz links, as the site's LegalPages setting names them."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return {}
    links = _layout(request, site)
    return {"imprint_url": links["imprint_url"], "privacy_url": links["privacy_url"]}
