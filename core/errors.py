"""The site's error pages, in German with the legal links (urls.handler400 … and CSRF_FAILURE_VIEW),
and the operators' report of a server error.

403, 404 and 405 render in the site's layout (base.html). 400 and 500 render its twin
(error_layout.html), which needs neither the database nor the request's host: a 500 may come from a
database outage, and a 400 from a Host header Django refused, from which no URL may be built. The
twin cannot read the LegalPages setting (it lives in the database), so it links the legal pages at
their fixed paths, where load_demo_content puts them.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.log import AdminEmailHandler
from django.utils.module_loading import import_string
from django.views.decorators.csrf import requires_csrf_token

from core import request_id

LEGAL_PATHS = {"imprint_url": "/impressum/", "privacy_url": "/datenschutz/"}


def _standalone(template, status, *, site_root="", **context):
    """Rendered without the request: no context processor runs, so nothing touches the database."""
    links = {name: site_root + path for name, path in LEGAL_PATHS.items()}
    html = render_to_string(template, {"site_root": site_root, **links, **context})
    return HttpResponse(html, status=status)


def bad_request(request, exception=None):
    # A refused host gets links to the site's own address, never to the host the client sent.
    site_root = settings.WAGTAILADMIN_BASE_URL.rstrip("/") if isinstance(exception, DisallowedHost) else ""
    return _standalone("400.html", 400, site_root=site_root)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return _standalone(
        "500.html",
        500,
        request_id=getattr(request, "request_id", None) or request_id.current(),
        # Only what is true: without ADMINS nobody gets the report.
        notified=bool(settings.ADMINS),
    )


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's own page is English and meant for developers."""
    return render(request, "403_csrf.html", status=403)


class MethodNotAllowedMiddleware:
    """TRACE and CONNECT get 405 on every path (feeds and pages would otherwise answer them), and
    every 405 without a body (require_POST, require_safe) gets the German page."""

    REFUSED = ("TRACE", "CONNECT")
    # What the site's pages and forms take; a 405 must name the allowed methods.
    ALLOWED = ("GET", "HEAD", "POST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.REFUSED:
            response = HttpResponseNotAllowed(self.ALLOWED)
        else:
            response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


class QueuedAdminEmailHandler(AdminEmailHandler):
    """Django's report of a server error to ADMINS, queued like every mail of the site: a request
    that just failed neither waits for the mail server nor fails again on it.

    `queue` is the dotted path of the queueing function (mailing.messages.queue_email), set in
    LOGGING: core sits below every app and imports none of them.
    """

    def __init__(self, *, queue, **kwargs):
        super().__init__(**kwargs)
        self.queue = queue

    def emit(self, record):
        # Uncaught exceptions only: a 503 of the readiness probe in an outage would mail every few seconds.
        if not settings.ADMINS or not record.exc_info:
            return
        try:
            super().emit(record)
        except Exception:
            self.handleError(record)

    def send_mail(self, subject, message, *args, **kwargs):
        # Emitted within the failing request, so this is its id.
        number = request_id.current()
        import_string(self.queue)(
            to=[address for _name, address in settings.ADMINS],
            subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
            template="core/email/server_error",
            context={"report": message, "request_id": number, "site_name": settings.SITE_NAME},
            headers={"X-Request-ID": number},
        )
