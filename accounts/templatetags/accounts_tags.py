from django import template
from django.urls import reverse
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def next_here(context):
    """`?next=` with this page, so signing up or in leads back to it (the path only: cached pages
    are the same for every guest). None from the account pages themselves."""
    request = context.get("request")
    if request is None or request.path.startswith(reverse("account_overview")):
        return ""
    return "?" + urlencode({"next": request.path})
