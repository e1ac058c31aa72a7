"""One id per request, so the "Fehlernummer" a reader reports leads to that request's log lines
and to the error report the operators were mailed."""

import contextvars
import logging
import secrets

_current = contextvars.ContextVar("request_id", default="-")


def current():
    """The id of the request this code runs for; "-" outside a request (worker, commands)."""
    return _current.get()


class RequestIdMiddleware:
    """First in MIDDLEWARE: every response carries X-Request-ID, every log line written meanwhile the id.

    An incoming X-Request-ID is ignored: a client could plant one to muddle the log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # 64 random bits: unique enough to find in the log, short enough to read out on the phone.
        request.request_id = secrets.token_hex(8)
        token = _current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Gives every record a `request_id` attribute for the log format (LOGGING in settings)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current()
        return True
