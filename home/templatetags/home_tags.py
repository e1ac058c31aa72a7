import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context):
    """The pages marked "show in menus" directly below the site's root, the current section flagged."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return {"items": []}
    current = context.get("page")
    current_path = current.url_path if current else ""
    pages = site.root_page.get_children().live().public().in_menu()
    return {
        "items": [(page, current_path.startswith(page.url_path)) for page in pages],
        "request": request,
    }


@register.filter
def json_ld(value):
    """Serialises structured data for a <script type="application/ld+json"> block, safe against "</script>"."""
    return mark_safe(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes))  # noqa: S308
