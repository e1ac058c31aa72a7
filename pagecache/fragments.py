"""Parts of a page rendered once for everything they can show, and cached by it.

A fragment's key is a digest of everything its HTML depends on (the caller names it), so nothing
has to invalidate it: any change that shows makes a new key, and fragments nobody changed are
reused even after the page cache dropped the page around them. Keys carry the release and the
language, so new code or another language never reads older HTML.

Forms inside are drawn with a placeholder for the CSRF token; each visitor gets their own on the
way out, as in cached pages.
"""

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pagecache.cache import digest, release

TIMEOUT = 60 * 60 * 24
CSRF_PLACEHOLDER = "__CSRF_TOKEN_FRAGMENT__"


def fragment_key(kind, *shown):
    """The key of a fragment of this kind showing `shown` (reprs that cover all the HTML shows)."""
    return f"fragment:{kind}:{release()}:{get_language()}:{digest(repr(shown))}"


def rendered(request, renders):
    """{key: render} to the fragments' HTML, in the same order, in one round trip to the cache.

    render() draws the fragment with CSRF_PLACEHOLDER as `csrf_token`; what it draws is trusted
    HTML (our templates escape every reader's text).
    """
    cached = cache.get_many(list(renders)) if settings.PAGE_CACHE_ENABLED else {}
    fresh, parts = {}, []
    for key, render in renders.items():
        html = cached.get(key)
        if html is None:
            html = fresh[key] = render()
        parts.append(html)
    if fresh and settings.PAGE_CACHE_ENABLED:
        cache.set_many(fresh, TIMEOUT)
    if any(CSRF_PLACEHOLDER in html for html in parts):
        token = get_token(request)
        parts = [html.replace(CSRF_PLACEHOLDER, token) for html in parts]
    return [mark_safe(html) for html in parts]  # noqa: S308 - see the docstring
