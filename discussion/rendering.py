"""Comment threads as HTML, each rendered once for every state it is shown in.

A thread's cache key is the digest of everything it shows (selectors.Node), so nothing has
to invalidate it: a new reply, a like or an edit makes a new key, and threads nobody touched
are reused even after the page cache has dropped the page around them.
"""

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pagecache.cache import release

TEMPLATE = "discussion/includes/comment.html"
TIMEOUT = 60 * 60 * 24
# Like forms are cached with this in place of a token; each visitor gets their own on the way out.
CSRF_PLACEHOLDER = "__CSRF_TOKEN_FRAGMENT__"


def _render(node, signed_in):
    return get_template(TEMPLATE).render({"node": node, "signed_in": signed_in, "csrf_token": CSRF_PLACEHOLDER})


def threads_html(request, threads):
    signed_in = request.user.is_authenticated
    if settings.PAGE_CACHE_ENABLED:
        keys = {
            node.pk: f"comment-thread:{release()}:{get_language()}:{int(signed_in)}:{node.fingerprint}"
            for node in threads
        }
        cached = cache.get_many(list(keys.values()))
    else:
        keys, cached = {}, {}
    parts, fresh = [], {}
    for node in threads:
        html = cached.get(keys.get(node.pk))
        if html is None:
            html = _render(node, signed_in)
            if keys:
                fresh[keys[node.pk]] = html
        parts.append(html)
    if fresh:
        cache.set_many(fresh, TIMEOUT)
    html = "".join(parts)
    if signed_in:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by our template, which escapes every reader's text
