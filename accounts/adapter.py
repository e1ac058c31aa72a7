from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter

from accounts.selectors import needs_second_factor
from core.net import client_bucket
from mailing.messages import queue_message


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails (verification, password reset) go through the task queue like every other email."""

    def get_client_ip(self, request):
        """allauth's limits (log-in, sign-up, password reset) count clients as ours do: behind
        TRUSTED_PROXY_COUNT proxies, IPv6 per /64 (allauth's own proxy setting stays unused)."""
        return client_bucket(request)

    def get_login_redirect_url(self, request):
        """Who publishes or moderates works in the admin: a log-in without `next` leads there, not to Mein Konto."""
        if needs_second_factor(request.user):
            return reverse("wagtailadmin_home")
        return super().get_login_redirect_url(request)

    def respond_email_verification_sent(self, request, user):
        # Without a user, allauth answers a sign-up with a known address (ACCOUNT_PREVENT_ENUMERATION):
        # it creates nothing, so hashes no password, and its quick answer would tell that the
        # address has an account. Hash the submitted password as a new account's sign-up does.
        if user is None:
            make_password(request.POST.get("password1", ""))
        return super().respond_email_verification_sent(request, user)

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The link in the sign-up mail carries the page the reader started from (the form's `next`),
        so confirming brings her back there (accounts.views.ConfirmEmailView), in any browser."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = request.POST.get("next") or request.GET.get("next") if request else None
        if next_url and self.is_safe_url(next_url):
            url = f"{url}?{urlencode({'next': next_url})}"
        return url

    def send_mail(self, template_prefix, email, context):
        # The context allauth's own send_mail builds; without current_site its mails read "Hallo von !".
        request = allauth_context.request
        site = get_current_site(request)
        # site_name and site_domain for the mail layout (templates/mailing/email/), which knows no Site.
        ctx = {
            "request": request,
            "email": email,
            "current_site": site,
            "site_name": site.name,
            "site_domain": site.domain,
            **context,
        }
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
        )
        queue_message(
            to=message.to,
            subject=message.subject,
            text=message.body,
            html=html,
            headers=message.extra_headers,
            from_email=message.from_email,
        )


class MFAAdapter(DefaultMFAAdapter):
    """allauth's second factor, which publishing and moderating accounts may not switch off."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": gettext_lazy(
            "Für Konten, die veröffentlichen oder moderieren, ist die Zwei-Faktor-Anmeldung vorgeschrieben."
        ),
    }

    def can_delete_authenticator(self, authenticator):
        return not needs_second_factor(authenticator.user)
