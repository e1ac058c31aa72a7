from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def liveness(request):
    """Answers a load balancer: the process is up. Touches no database on purpose."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
