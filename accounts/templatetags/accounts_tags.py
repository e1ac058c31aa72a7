from django import template
from django.urls import reverse
from django.utils.http import urlencode

from accounts.selectors import has_totp, needs_second_factor

register = template.Library()


@register.simple_tag(takes_context=True)
def next_here(context):
    """`?next=` with this page, so signing up or in leads back to it (the path only: cached pages
    are the same for every guest). None from the account pages themselves."""
    request = context.get("request")
    if request is None or request.path.startswith(reverse("account_overview")):
        return ""
    return "?" + urlencode({"next": request.path})


@register.inclusion_tag("accounts/includes/second_factor.html", takes_context=True)
def second_factor(context):
    """Mein Konto's section on the second factor: on or off, required or optional, and where to manage it."""
    user = context["request"].user
    return {"is_active": has_totp(user), "is_required": needs_second_factor(user)}
