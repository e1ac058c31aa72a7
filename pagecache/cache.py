"""Anonymous page views served from the shared cache, with one site-wide version as invalidation.

Any change a reader could see (a page published, unpublished, moved or deleted; a comment
or rating accepted or moderated; a series or the legal pages edited) bumps the version;
every cached page then misses once. The version is a random token (see invalidate()), so a
cache that forgets the key costs a miss but never revives an older state. It lives in the same
cache as the pages, so every web process sees the bump. Figures every reader sees alike (the menu, a format's
rating summary) are remembered under the same version, so logged-in readers profit too.
"""

import functools
import hashlib
import logging
import re
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import transaction

from pagecache import local

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
RELEASE_KEY = "pagecache:release"
TIMEOUT = 60 * 60
# Forms keep working: the cached HTML holds a placeholder, each visitor gets their own token.
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"__CSRF_TOKEN__"


def digest(text):
    """A short, fixed-length key part for text of any length: a path a stranger made up, the
    repr of everything a fragment shows."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _new_token():
    return uuid.uuid4().hex


def _replace(key):
    """A new token under `key`, for good; with Redis, every web process hears of it (local.py)."""
    try:
        if hasattr(cache, "set_and_publish"):
            cache.set_and_publish(key, _new_token())
        else:
            cache.set(key, _new_token(), timeout=None)
    finally:
        # After the write, not before: a copy another thread of this process keeps meanwhile
        # was read before the write and is refused (local.LocalCopies.keep).
        local.forget_all()


def invalidate():
    """Makes every cached page stale, in every process; a cache outage only costs speed.

    The version is a fresh random token, never a counter: a counter starts again at 1 when its
    key lapses or is evicted or flushed, and every entry stored under 1, 2, … would be current
    again. A token once replaced never comes back, so an entry stored under it is dead for good.
    """
    try:
        _replace(VERSION_KEY)
    except Exception:
        logger.warning("Page cache version not bumped (cache unavailable)", exc_info=True)


def _token(key):
    token = cache.get(key)
    if token is None:
        # Lost key: a new token. Of racing processes add() lets one win; a loser that still
        # stores under its own token only wastes that entry, it never serves an old one.
        token = _new_token()
        cache.add(key, token, timeout=None)
        token = cache.get(key) or token
    return token


def _version():
    return _token(VERSION_KEY)


def version(request):
    """The version this request works with: read once, so a page and its parts agree."""
    if not hasattr(request, "_page_cache_version"):
        request._page_cache_version = _version()
    return request._page_cache_version


# A page's own version, beside the site's: changes only this page shows (a like) renew it alone,
# instead of every cached page of the site. Keyed by URL path, which the middleware knows
# before it knows the page.
def scope_key(path):
    return f"pagecache:scope:{digest(path)}"


def scope_of(page, request=None):
    # With the request, Wagtail reads the site's root paths once per request, not once per URL.
    return urlsplit(page.get_url(request)).path


def scope_version(request, path):
    """The version of the page at `path`, read once per request, like the site's version."""
    versions = request.__dict__.setdefault("_page_cache_scopes", {})
    if path not in versions:
        versions[path] = _token(scope_key(path))
    return versions[path]


def invalidate_scope(path):
    """Makes the cached page at `path` (with any query) and the figures remembered for it stale."""
    try:
        _replace(scope_key(path))
    except Exception:
        logger.warning("Page version not bumped (cache unavailable)", exc_info=True)


def new_release():
    """New code renders new HTML: every page and every fragment cached by older code is dropped."""
    cache.set(RELEASE_KEY, _new_token(), timeout=None)
    release.cache_clear()
    invalidate()


@functools.cache
def release():
    """Fragments cached by content (not by version) carry this in their keys.

    Read once per process: the release step runs before a release's processes start, and
    processes of the old release keep writing under the old key, which the new ones never read.
    """
    # A lost key gets a new name, never one older code may have written under.
    return _token(RELEASE_KEY)


def key_for(request):
    return f"pagecache:page:{request.get_host()}:{digest(request.get_full_path())}"


def load(request, key):
    """This URL's cached page if it is of the current site and page versions: this process's copy
    (local.py), else from the shared cache in one round trip."""
    copies = local.copies()
    entry, mark = copies.get(key) if copies is not None else (None, None)
    if entry is not None:
        request._page_cache_version, scope = entry[:2]
        request.__dict__.setdefault("_page_cache_scopes", {})[request.path] = scope
        return entry[2:]
    path_key = scope_key(request.path)
    found = cache.get_many([VERSION_KEY, path_key, key])
    request._page_cache_version = found.get(VERSION_KEY) or _version()
    scope = found.get(path_key)
    if scope is None:
        # No page stored here yet (or the key was lost): store() makes the token, so paths
        # that never answer 200 (a scanner's guesses) leave no keys behind.
        return None
    request.__dict__.setdefault("_page_cache_scopes", {})[request.path] = scope
    entry = found.get(key)
    if entry is not None and entry[:2] == (request._page_cache_version, scope):
        if copies is not None:
            copies.keep(key, entry, mark)
        return entry[2:]
    return None


_MISSING = object()


def plain_number(value):
    """A page number that may name a remembered value: other input (a scanner's, a hostile one's)
    would only add keys."""
    return value.isdecimal() and len(value) <= 4


def page_to_remember(page):
    """A Paginator page as remember() should keep it: its items as a list and its paginator over a
    range of their count (a pickled QuerySet loads every row), with the error messages as plain text
    (each lazy translation is rebuilt as a new class whenever it is unpickled, some 250 µs)."""
    messages = {key: str(message) for key, message in page.paginator.error_messages.items()}
    paginator = Paginator(range(page.paginator.count), page.paginator.per_page, error_messages=messages)
    return PaginatorPage(list(page.object_list), page.number, paginator)


def remember(request, name, compute, *, scope=None, keep=None):
    """compute() once per version of the site (and of the page at the path `scope`, if given);
    a cache outage only costs the computing. With `keep`, only a value it accepts is stored: what
    a stranger's request can make up (a scanner's path) must not become a key.

    Never in a preview: a draft's figures must neither come from nor reach the live page
    (Wagtail marks preview requests with is_preview; checked against Wagtail 8.0.1).
    """
    if not settings.PAGE_CACHE_ENABLED or getattr(request, "is_preview", False):
        return compute()
    try:
        key = f"pagecache:{version(request)}:data:{name}"
        if scope is not None:
            key = f"{key}:{scope_version(request, scope)}"
        value = cache.get(key, _MISSING)
    except Exception:
        logger.warning("Figures not remembered (cache unavailable)", exc_info=True)
        return compute()
    if value is _MISSING:
        value = compute()
        if keep is not None and not keep(value):
            return value
        try:
            cache.set(key, value, TIMEOUT)
        except Exception:
            logger.warning("Figures not remembered (cache unavailable)", exc_info=True)
    return value


def store(request, key, response):
    """Keeps the page under the version read before it was rendered: if the site changed meanwhile,
    the entry is already stale."""
    body = CSRF_INPUT.sub(rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<2>", response.content)
    # Cookies and Vary are the visitor's; the length changes with the tokens put in.
    unstored = ("set-cookie", "vary", "content-length")
    headers = {name: value for name, value in response.headers.items() if name.lower() not in unstored}
    entry = (version(request), scope_version(request, request.path), response.status_code, headers, body)
    cache.set(key, entry, TIMEOUT)


def invalidate_on_commit():
    """Bumps the version once the current transaction commits, so no request re-caches the old state."""
    transaction.on_commit(invalidate)


def invalidate_scope_on_commit(path):
    transaction.on_commit(lambda: invalidate_scope(path))
