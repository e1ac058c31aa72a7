from django.conf import settings

from core import paths, ratelimit
from core.errors import bad_request
from core.net import client_bucket
from core.views import too_many_requests


class ClientCeilingMiddleware:
    """A ceiling on dynamic requests per client (Discourse's defaults: 200 a minute, 50 in 10 s).

    Sits below the page cache, so cached pages never count; static files (whitenoise) and the
    health probes are answered before it. Staff are exempt: the admin fires requests in bursts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.limits = [ratelimit.Limit(count, seconds) for count, seconds in settings.CLIENT_REQUEST_LIMITS]

    def __call__(self, request):
        if self.limits and not request.path.startswith(paths.NOT_PAGES) and not request.user.is_staff:
            bucket = client_bucket(request)
            # Every window counts this request, even once another is full.
            waits = [ratelimit.hit(f"client:{bucket}", limit) for limit in self.limits]
            if any(waits):
                return too_many_requests(request, retry_after=max(waits))
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """No page of ours needs camera, microphone, location or payment: browsers may refuse them all."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class RejectNullBytesMiddleware:
    """A NUL character in a URL parameter is never legitimate, and PostgreSQL refuses it in text: answer 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            return bad_request(request)
        return self.get_response(request)
