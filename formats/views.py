from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.opt_out import ended_in_account, one_click_stop
from core.pages import render_page
from formats import followups
from formats.forms import FollowUpAnswerForm, RatingForm
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
        reader=request.user,
        format_page=format_page,
        scores=form.scores(),
        facts=form.facts(),
        follow_up=form.wants_follow_up(),
    )
    # Shown inside the rating panel, above the figures it changed, where the redirect lands.
    messages.success(
        request,
        _("Danke, Ihre Bewertung wurde gespeichert.") if created else _("Ihre Bewertung wurde aktualisiert."),
        extra_tags="bewertungen",
    )
    return redirect(format_page.url + "#bewertung-meldung")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up_answer(request, token):
    """A follow-up mail's answer link: GET shows the question (link scanners open it: nothing changes),
    POST puts the answer on exactly the rating the signed link names, without log-in."""
    try:
        follow_up = followups.follow_up_from_token(token)
    except followups.LinkExpired:
        return TemplateResponse(request, "formats/follow_up_answer.html", {"expired": True}, status=410)
    except followups.LinkInvalid:
        return TemplateResponse(request, "formats/follow_up_answer.html", {"invalid": True}, status=400)
    rating = follow_up.rating
    if request.method == "POST":
        form = FollowUpAnswerForm(request.POST)
        if form.is_valid():
            followups.follow_up_answer(
                follow_up=follow_up,
                business=form.cleaned_data["led_to_business"],
                second_degree=form.cleaned_data["second_degree"],
            )
            return TemplateResponse(request, "formats/follow_up_answer.html", {"done": True, "rating": rating})
        status = 400
    else:
        # The button in the mail preselects its answer; the second question keeps the rating's.
        chosen = request.GET.get("geschaeft", "")
        initial = {"second_degree": "" if rating.second_degree is None else str(rating.second_degree)}
        if chosen in dict(FollowUpAnswerForm.base_fields["led_to_business"].choices):
            initial["led_to_business"] = chosen
        form = FollowUpAnswerForm(initial=initial)
        status = 200
    return TemplateResponse(request, "formats/follow_up_answer.html", {"form": form, "rating": rating}, status=status)


# Mail clients send the one-click POST (RFC 8058) without our CSRF token; the signed link is the proof.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up_withdraw(request, token):
    """A follow-up mail's stop link, for the consents of the ratings it names."""
    return one_click_stop(request, token, template="formats/follow_up_withdraw.html", stop=_withdraw)


def _withdraw(*, token):
    # An empty list is a good link whose follow-ups are gone already: done, not invalid.
    return followups.follow_up_withdraw_by_token(token) is not None


@require_POST
@login_required
def follow_up_end(request, rating_id):
    """Withdraws the follow-up consent of one of the reader's ratings from Mein Konto; idempotent."""
    rating = followups.follow_up_withdraw_for(reader=request.user, rating_id=rating_id)
    return ended_in_account(
        request,
        rating.format_page if rating else None,
        done=_("Wir fragen zu „%(title)s“ nicht mehr per E-Mail nach."),
        gone=_("Diese Nachfrage ist bereits beendet."),
        section="meine-bewertungen",
    )
