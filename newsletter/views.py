from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.net import client_ip
from core.opt_out import one_click_stop
from core.views import too_many_requests
from discussion.services.rules import RateLimited
from newsletter import services
from newsletter.forms import SignUpForm


@never_cache
@require_POST
def sign_up(request):
    """The same answer for every address, new, pending, confirmed or unsubscribed: nobody learns who subscribed."""
    form = SignUpForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, "newsletter/sign_up.html", {"form": form}, status=400)
    try:
        services.sign_up_request(email=form.cleaned_data["email"], ip_address=client_ip(request))
    except RateLimited as limited:
        return too_many_requests(request, retry_after=limited.retry_after)
    return TemplateResponse(request, "newsletter/sign_up.html", {"done": True})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link's GET only asks (mail scanners open links); the button's POST confirms."""
    if request.method == "GET":
        subscriber = services.confirmable(token)
        status = 200 if subscriber else 400
        return TemplateResponse(request, "newsletter/confirm.html", {"invalid": subscriber is None}, status=status)
    subscriber = services.subscription_confirm(token=token, ip_address=client_ip(request))
    if subscriber is None:
        return TemplateResponse(request, "newsletter/confirm.html", {"invalid": True}, status=400)
    return TemplateResponse(request, "newsletter/confirm.html", {"done": True})


# Mail clients send the one-click POST (RFC 8058) without our CSRF token; the signed link is the proof.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """A newsletter mail's stop link."""
    return one_click_stop(request, token, template="newsletter/unsubscribe.html", stop=services.unsubscribe)
