from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import render_page
from formats.forms import RatingForm
from formats.models import FormatPage
from formats.services import rating_submit


@require_POST
def rate(request, page_id):
    """Takes a reader's rating by plain POST; without JavaScript, errors re-render the format page."""
    format_page = get_object_or_404(FormatPage.objects.live().public(), pk=page_id)
    if not request.user.is_authenticated:
        # After logging in, back to the form: this URL only takes POSTs.
        return redirect_to_login(format_page.url + "#bewerten")
    form = RatingForm(request.POST)
    if not form.is_valid():
        # The page again, its rating panel showing this bound form with its German errors.
        return render_page(request, format_page, status=400, rating_form=form)
    _rating, created = rating_submit(
        reader=request.user, format_page=format_page, scores=form.scores(), facts=form.facts()
    )
    # Shown inside the rating panel, above the figures it changed, where the redirect lands.
    messages.success(
        request,
        _("Danke, Ihre Bewertung wurde gespeichert.") if created else _("Ihre Bewertung wurde aktualisiert."),
        extra_tags="bewertungen",
    )
    return redirect(format_page.url + "#bewertung-meldung")
