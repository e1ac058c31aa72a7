import logging

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token

from core import paths
from core.pages import find_site
from pagecache import cache as page_cache

logger = logging.getLogger(__name__)

# Never from the cache: what depends on the visitor or changes state, and what is no page.
UNCACHED_PREFIXES = (*paths.PRIVATE, paths.DOCUMENTS, *paths.NOT_PAGES)


class AnonymousPageCacheMiddleware:
    """Serves anonymous GETs of public pages from the shared cache.

    Sits right below the CSRF middleware, so a page from the cache still gets this visitor's
    own token and cookie, and above everything else, sessions and CommonMiddleware included: a
    hit skips their work (settings.MIDDLEWARE says why none of it applies to a hit). The security
    headers (CSP, frame and permissions policies) and 304s come from middleware above, on hits too,
    so every response carries them, error pages included. Without a session
    cookie nobody is signed in, so the cookies tell who is asking: signed-in readers and
    editors, visitors with a session or a pending message never get or fill the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def cacheable(self, request):
        return (
            settings.PAGE_CACHE_ENABLED
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(UNCACHED_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def etag(request, key):
        """The cached page's version and the visitor's CSRF secret, as a weak ETag.

        The body differs on every response (each carries a freshly masked CSRF token), so the
        ETag ConditionalGetMiddleware would compute, a digest of it, costs a pass over the page and
        never matches. This one does: the same version of the page again for the same CSRF secret
        (whose tokens the browser's copy holds, still valid) gets 304 Not Modified.
        """
        scope = request._page_cache_scopes[request.path]
        tag = f"{key}:{request._page_cache_version}:{scope}:{request.META['CSRF_COOKIE']}"
        return f'W/"{page_cache.digest(tag)}"'

    def __call__(self, request):
        if not self.cacheable(request):
            return self.get_response(request)
        # Above CommonMiddleware: a Host header not in ALLOWED_HOSTS is refused here (400), before
        # it could name a key.
        request.get_host()
        # The version is read before rendering: if the site changes while this page renders,
        # the result is stored as of the old, already dead version.
        key = hit = None
        try:
            key = page_cache.key_for(request)
            hit = page_cache.load(request, key)
        except Exception:
            logger.warning("Page cache unavailable; rendering", exc_info=True)
        if hit is not None:
            status, headers, body = hit
            response = HttpResponse(
                body.replace(page_cache.CSRF_PLACEHOLDER, get_token(request).encode()), status=status
            )
            for name, value in headers.items():
                response[name] = value
            # As CommonMiddleware (below) sets it on every rendered page.
            response["Content-Length"] = str(len(response.content))
            response["X-Page-Cache"] = "hit"
            response["ETag"] = self.etag(request, key)
            return response

        response = self.get_response(request)
        if (
            key is not None
            and response.status_code == 200
            and response["Content-Type"].startswith("text/html")
            and not response.streaming
            and not response.has_header("Cache-Control")
            and all(name == "csrftoken" for name in response.cookies)
        ):
            try:
                page_cache.store(request, key, response)
                response["X-Page-Cache"] = "miss"
            except Exception:
                # A cache outage costs speed, never the page.
                logger.warning("Page not cached (cache unavailable)", exc_info=True)
        return response


class RememberedSiteMiddleware:
    """Wagtail finds the request's Site with one query per request, and every page needs it.

    The answer only changes when a site or a page changes, so it is remembered per site
    version and handed to Wagtail the way Wagtail caches it per request (_wagtail_site),
    found by Wagtail's own (private) Site._find_for_request (in core.pages.find_site, which also
    spares the home page's own fields on every other page); both checked against Wagtail 8.0.1
    (tests/test_wagtail_internals.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Answered without Wagtail: no site to look up (the liveness probe must not touch the database).
        if not request.path.startswith(paths.NOT_PAGES):
            # CommonMiddleware has validated the host by now: no key from arbitrary Host headers.
            key = f"site:{request.get_host()}:{request.get_port()}"
            request._wagtail_site = page_cache.remember(request, key, lambda: find_site(request))
        return self.get_response(request)
