from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.selectors import has_totp, needs_second_factor, session_used_second_factor


class SecondFactorMiddleware:
    """Keeps the Wagtail admin closed to a publishing or moderating account until this session has
    passed allauth's second factor.

    Wagtail's own checks only ask "logged in, may access the admin?"; a stolen password would be
    enough. So, below AuthenticationMiddleware, every /admin/ request of such an account is sent
    to set up TOTP (none yet) or to confirm the session with a code (logged in with the password
    only, e.g. before the factor existed). Log-out stays open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(reverse("wagtailadmin_home")) and request.path not in (
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
        ):
            response = self.require_second_factor(request)
            if response is not None:
                return response
        return self.get_response(request)

    def require_second_factor(self, request):
        user = request.user
        # First what the session knows (no query): a staff member at work costs nothing more per page.
        if session_used_second_factor(request) or not needs_second_factor(user):
            return None
        if not has_totp(user):
            messages.info(
                request,
                _(
                    "Für den Verwaltungsbereich brauchen Sie eine Zwei-Faktor-Anmeldung. "
                    "Richten Sie bitte zuerst Ihre Authenticator-App ein."
                ),
            )
            return redirect("mfa_activate_totp")
        # Logged in with the password only (before the app existed): the code confirms this session.
        messages.info(request, _("Bitte bestätigen Sie Ihre Anmeldung mit dem Code aus Ihrer Authenticator-App."))
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}")
