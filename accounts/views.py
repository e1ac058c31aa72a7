import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from allauth.account import views as allauth_views

from accounts.forms import DeleteAccountForm, DisplayNameForm
from accounts.services import account_delete, account_export


@login_required
def overview(request):
    """Mein Konto: the reader's name; her ratings and comments are sections of their own apps (the template's tags)."""
    form = DisplayNameForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Ihr Anzeigename wurde gespeichert."))
        return redirect("account_overview")
    return TemplateResponse(
        request,
        "accounts/overview.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


class ConfirmEmailView(allauth_views.ConfirmEmailView):
    """allauth's confirmation link, which carries the page the reader signed up from (AccountAdapter).

    In the browser she signed up in, allauth logs her in and returns her there itself. Opened
    elsewhere (a mail app's own browser) she is not logged in: the log-in comes first, then the page.
    """

    def get_redirect_url(self):
        next_url = self.get_next_url()
        if next_url and not self.request.user.is_authenticated:
            return f"{reverse('account_login')}?{urlencode({'next': next_url})}"
        return super().get_redirect_url()


@never_cache
@require_safe
@login_required
def export(request):
    """Download of everything we store about the reader, as a JSON file."""
    data = account_export(user=request.user, request=request)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"netzwerk-formate-daten-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def delete(request):
    """Self-service deletion: ratings go with the account."""
    if request.user.is_staff:
        messages.error(request, _("Konten mit Redaktionsrechten werden von der Redaktion gelöscht."))
        return redirect("account_overview")
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        account_delete(user=user)
        messages.success(request, _("Ihr Konto und Ihre Bewertungen wurden gelöscht."))
        return redirect("/")
    return TemplateResponse(request, "accounts/delete.html", {"form": form})


@never_cache
def admin_login(request):
    """Wagtail's /admin/login/, which would take a password alone, hands over to allauth's log-in
    (password, then the code from the authenticator app); `next` leads back into the admin.

    Wagtail also sends a signed-in reader here, who may not enter the admin: allauth's log-in would
    send her straight back (she is signed in), so she goes to Mein Konto with Wagtail's message."""
    if request.user.is_authenticated:
        return redirect("account_overview")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("wagtailadmin_home")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
