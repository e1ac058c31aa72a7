from django.conf import settings

from core import ratelimit
from core.net import client_bucket
from core.views import too_many_requests


class ClientCeilingMiddleware:
    """A ceiling on dynamic requests per client (Discourse's defaults: 200 a minute, 50 in 10 s).

    Sits below the page cache, so cached pages never count; static files (whitenoise) and the
    health probes are answered before it. Staff are exempt: the admin fires requests in bursts.
    """

    EXEMPT_PREFIXES = ("/static/", "/media/", "/healthz/")

    def __init__(self, get_response):
        self.get_response = get_response
        self.limits = [ratelimit.Limit(count, seconds) for count, seconds in settings.CLIENT_REQUEST_LIMITS]

    def __call__(self, request):
        if self.limits and not request.path.startswith(self.EXEMPT_PREFIXES) and not request.user.is_staff:
            bucket = client_bucket(request)
            # Every window counts this request, even once another is full.
            waits = [ratelimit.hit(f"client:{bucket}", limit) for limit in self.limits]
            if any(waits):
                return too_many_requests(request, retry_after=max(waits))
        return self.get_response(request)
