from django import template

from core.errors import LEGAL_PATHS
from newsletter.forms import SignUpForm

register = template.Library()


@register.inclusion_tag("newsletter/includes/sign_up_form.html", takes_context=True)
def newsletter_sign_up(context, place, form=None):
    """The sign-up form, in every footer and on the blog; `place` keeps its ids apart. No query: cached pages stay alike."""
    return {
        "form": form or SignUpForm(auto_id=f"newsletter-{place}-%s"),
        "place": place,
        "privacy_url": LEGAL_PATHS["privacy_url"],
        # The page cache puts each visitor's own token into this field (pagecache/cache.py).
        "csrf_token": context.get("csrf_token"),
    }
