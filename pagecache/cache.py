"""Anonymous page views served from the shared cache, with one site-wide version as invalidation.

Any change a reader could see (a page published, unpublished, moved or deleted; a comment
or rating accepted or moderated; a series or the legal pages edited) bumps the version;
every cached page then misses once. The version lives in the same cache as the pages, so
every web process sees the bump. Figures every reader sees alike (the menu, a format's
rating summary) are remembered under the same version, so logged-in readers profit too.
"""

import functools
import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
RELEASE_KEY = "pagecache:release"
TIMEOUT = 60 * 60
# Forms keep working: the cached HTML holds a placeholder, each visitor gets their own token.
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"__CSRF_TOKEN__"


def invalidate():
    """Makes every cached page stale, in every process; a cache outage only costs speed."""
    try:
        if not cache.add(VERSION_KEY, 1, timeout=None):
            cache.incr(VERSION_KEY)
    except Exception:
        logger.warning("Page cache version not bumped (cache unavailable)", exc_info=True)


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def version(request):
    """The version this request works with: read once, so a page and its parts agree."""
    if not hasattr(request, "_page_cache_version"):
        request._page_cache_version = _version()
    return request._page_cache_version


def new_release():
    """New code renders new HTML: every page and every fragment cached by older code is dropped."""
    cache.set(RELEASE_KEY, uuid.uuid4().hex, timeout=None)
    release.cache_clear()
    invalidate()


@functools.cache
def release():
    """Fragments cached by content (not by version) carry this in their keys.

    Read once per process: the release step runs before a release's processes start, and
    processes of the old release keep writing under the old key, which the new ones never read.
    """
    return cache.get(RELEASE_KEY, "")


def key_for(request):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"pagecache:page:{request.get_host()}:{digest}"


def load(request, key):
    """This URL's cached page if it is of the current version, and the version, in one round trip."""
    found = cache.get_many([VERSION_KEY, key])
    request._page_cache_version = found.get(VERSION_KEY) or _version()
    entry = found.get(key)
    if entry is not None and entry[0] == request._page_cache_version:
        return entry[1:]
    return None


_MISSING = object()


def remember(request, name, compute):
    """compute() once per version of the site; a cache outage only costs the computing.

    Never in a preview: a draft's figures must neither come from nor reach the live page.
    """
    if not settings.PAGE_CACHE_ENABLED or getattr(request, "is_preview", False):
        return compute()
    try:
        key = f"pagecache:{version(request)}:data:{name}"
        value = cache.get(key, _MISSING)
    except Exception:
        logger.warning("Figures not remembered (cache unavailable)", exc_info=True)
        return compute()
    if value is _MISSING:
        value = compute()
        try:
            cache.set(key, value, TIMEOUT)
        except Exception:
            logger.warning("Figures not remembered (cache unavailable)", exc_info=True)
    return value


def store(request, key, response):
    """Keeps the page under the version read before it was rendered: if the site changed meanwhile,
    the entry is already stale."""
    body = CSRF_INPUT.sub(rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<2>", response.content)
    headers = {name: value for name, value in response.headers.items() if name.lower() not in ("set-cookie", "vary")}
    cache.set(key, (version(request), response.status_code, headers, body), TIMEOUT)


def invalidate_on_commit():
    """Bumps the version once the current transaction commits, so no request re-caches the old state."""
    from django.db import transaction

    transaction.on_commit(invalidate)
