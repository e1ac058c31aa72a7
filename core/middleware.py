from dataclasses import asdict

from django.conf import settings
from django.http import HttpResponse

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy

from core import paths, ratelimit
from core.errors import bad_request
from core.net import client_bucket
from core.views import liveness, readiness, too_many_requests


class HealthProbeMiddleware:
    """Answers the health probes' GET and HEAD before the rest of the stack: a probe needs no session,
    CSRF token, page cache, security headers for browsers or ETag, and walking all that nearly
    doubled its time (bench/RESULTS.md). Second in MIDDLEWARE, so it keeps its X-Request-ID.

    No Host check either: a load balancer may probe by the container's address. Other methods go
    on down the stack, to the German 405 page with every header.
    """

    PROBES = {"/healthz/live": liveness, "/healthz/ready": readiness}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = self.PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)


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


class PrebuiltCSPMiddleware(CSPMiddleware):
    """django-csp, with our policy's headers built once instead of twice on every response.

    django-csp rebuilds the same strings per response (through dataclasses.asdict), the largest
    single cost of the middleware stack (bench/RESULTS.md). Our policy has no nonce and no view
    changes it, so the headers are built once per policy setting; a response that carries its own
    policy (django-csp's decorators set `_csp_*` attributes), a request that asked for a nonce
    and DEBUG go to django-csp unchanged.
    """

    OWN_POLICY = (
        "_csp_exempt",
        "_csp_exempt_ro",
        "_csp_config",
        "_csp_config_ro",
        "_csp_update",
        "_csp_update_ro",
        "_csp_replace",
        "_csp_replace_ro",
    )

    def __init__(self, get_response):
        super().__init__(get_response)
        self.built = {}

    def process_response(self, request, response):
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in self.OWN_POLICY)
        ):
            return super().process_response(request, response)
        policies = (
            getattr(settings, "CONTENT_SECURITY_POLICY", None),
            getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None),
        )
        # The settings objects are kept with their headers, so their ids stay theirs (tests override them).
        key = tuple(id(policy) for policy in policies)
        if key not in self.built:
            plain = HttpResponse()
            self.built[key] = (
                policies,
                build_policy(**asdict(self.get_policy_parts(request=request, response=plain))),
                build_policy(
                    **asdict(self.get_policy_parts(request=request, response=plain, report_only=True)),
                    report_only=True,
                ),
            )
        _policies, csp, csp_ro = self.built[key]
        for header, value, policy in ((HEADER, csp, policies[0]), (HEADER_REPORT_ONLY, csp_ro, policies[1])):
            excluded = tuple((policy or {}).get("EXCLUDE_URL_PREFIXES") or ())
            if value and header not in response and not request.path_info.startswith(excluded):
                response[header] = value
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


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
