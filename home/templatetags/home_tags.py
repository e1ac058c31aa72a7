from django import template

from wagtail.models import Site

from core.pages import private_q
from home.models import LegalPages
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
