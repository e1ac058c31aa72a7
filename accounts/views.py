from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accounts.forms import DisplayNameForm


@login_required
def overview(request):
    """Mein Konto: the reader's ratings and name."""
    form = DisplayNameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Ihr Anzeigename wurde gespeichert."))
        return redirect("account_overview")
    ratings = request.user.ratings.select_related("format_page").order_by("format_page__title")
    return TemplateResponse(request, "accounts/overview.html", {"form": form, "ratings": ratings})
