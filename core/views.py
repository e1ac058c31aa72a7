"""Health probes for the load balancer and the platform; the answer to a client that must wait."""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def liveness(request):
    """The process is up. Touches no database and no cache on purpose: restarting a process
    cures neither an outage of the database nor one of Redis."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readiness(request):
    """Can this process serve readers? 503 without the database; a cache that fails is reported
    as degraded but keeps the process in rotation, since every page renders without it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "unavailable"
    cache_state = "degraded" if _cache_degraded() else "ok"
    status = 200 if database == "ok" else 503
    return JsonResponse({"database": database, "cache": cache_state}, status=status)


def _cache_degraded():
    if getattr(cache, "degraded", False):
        return True
    try:
        cache.set("healthz:ready", 1, timeout=10)
        return cache.get("healthz:ready") != 1
    except Exception:
        return True


def too_many_requests(request, exception=None, *, retry_after=60):
    """429 in the site's layout, telling the client when to come back (also allauth's limits,
    through urls.handler429, which know no window: a minute is what their shortest one lasts)."""
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
