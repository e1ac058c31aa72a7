import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from wagtail.models import Page

from core.net import client_ip
from core.opt_out import ended_in_account, one_click_stop
from core.pages import render_page
from core.views import too_many_requests
from discussion.forms import CommentForm, EditCommentForm, ReportForm
from discussion.models import Comment
from discussion.selectors import comment_by_submission, place_in_discussion
from discussion.services import author_desk, notifications, posting, reactions, rules
from discussion.services.posting import ConfirmationResult
from discussion.services.rules import RateLimited

# Only these page types carry a discussion; the pages about a comment link back to it by this name.
COMMENTABLE = {"blog.blogpostpage": _lazy("Zum Beitrag"), "formats.formatpage": _lazy("Zum Format")}
# Outcomes of a step in the discussion are shown beside the comment form, and the redirect lands there
# (discussion/includes/section.html): a guest sees "wartet auf Ihre Bestätigung" where they wrote.
PLACE = "kommentare"
STATUS_ANCHOR = "#kommentar-meldung"


def _commentable_page(page_id):
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    if page._meta.label_lower not in COMMENTABLE:
        raise Http404
    return page


def _visible_comment(comment_id):
    return get_object_or_404(Comment.objects.visible(), pk=comment_id)


def _in_discussion(page, comment):
    """Where `comment` shows on `page`: the page of its discussion that holds it, not the first."""
    return f"{page.url}{place_in_discussion(comment)}#c{comment.pk}"


@require_http_methods(["GET", "HEAD"])
def show(request, comment_id):
    """A comment's lasting address, for every link to it from elsewhere (mails, feeds, lists, the
    admin): its place in a long discussion changes as threads are added and removed, so it is found
    when the link is followed. A comment not (or no longer) shown leads to its page's discussion."""
    comment = get_object_or_404(Comment, pk=comment_id)
    page = get_object_or_404(Page.objects.live(), pk=comment.object_pk).specific
    if page._meta.label_lower not in COMMENTABLE:
        raise Http404
    if not comment.is_public:
        return redirect(f"{page.url}#{PLACE}")
    return redirect(_in_discussion(page, comment))


def _accept(request, page, form, parent=None):
    """Stores a valid comment and tells the writer what happens next; None if it was refused.

    The same form sent again answers as the first time did, without counting against the limit.
    """
    ip_address = client_ip(request)
    key = form.submission_key(parent=parent)
    try:
        comment = comment_by_submission(key)
        if comment is None:
            rules.check_rate_limit(ip_address=ip_address, user=request.user, email=form.cleaned_data.get("email", ""))
            comment = posting.comment_post(
                target=page,
                text=form.cleaned_data["comment"],
                user=request.user,
                name=form.cleaned_data.get("name", ""),
                email=form.cleaned_data.get("email", ""),
                parent=parent,
                followup=form.cleaned_data["followup"],
                ip_address=ip_address,
                submission_key=key,
            )
    except RateLimited as limited:
        form.retry_after = limited.retry_after
        form.add_error(None, _("Sie haben gerade sehr viele Kommentare geschrieben. Bitte warten Sie einige Minuten."))
        return None
    except ValidationError as error:
        form.add_error(None, error)
        return None
    if comment.is_public:
        messages.success(request, _("Danke, Ihr Kommentar ist veröffentlicht."), extra_tags=PLACE)
        return redirect(_in_discussion(page, comment))
    if comment.user_id:
        messages.info(
            request,
            _("Danke! Ihr Kommentar wird von der Moderation geprüft und erscheint nach der Freigabe."),
            extra_tags=PLACE,
        )
    else:
        # Says what happens next and that nothing more is needed here, so nobody sends it twice.
        messages.success(
            request,
            _(
                "Fast geschafft: Ihr Kommentar wartet auf Ihre Bestätigung per E-Mail. Klicken Sie auf "
                "den Link in der E-Mail, die wir Ihnen eben geschickt haben (gültig %(days)s Tage), dann "
                "erscheint er hier. Sie müssen ihn nicht noch einmal abschicken. Keine E-Mail da? Sehen "
                "Sie bitte auch im Spam-Ordner nach."
            )
            % {"days": settings.COMMENT_CONFIRMATION_DAYS},
            extra_tags=PLACE,
        )
    return redirect(page.url + STATUS_ANCHOR)


@require_POST
def post(request, page_id):
    """A new top-level comment by plain POST; errors re-render the page with the form."""
    page = _commentable_page(page_id)
    form = CommentForm(page, data=request.POST, user=request.user)
    if form.is_valid():
        response = _accept(request, page, form)
        if response is not None:
            return response
    return _refused(render_page(request, page, comment_form=form), form)


def _refused(response, form):
    """400 for a form with errors, 429 with Retry-After when the writer has to wait."""
    response.status_code = 400
    if getattr(form, "retry_after", None):
        response.status_code = 429
        response["Retry-After"] = str(form.retry_after)
    return response


@require_http_methods(["GET", "POST"])
def reply(request, comment_id):
    """The reply form on a page of its own, so replying needs no JavaScript."""
    parent = _visible_comment(comment_id)
    page = _commentable_page(parent.object_pk)
    form = CommentForm(page, data=request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        response = _accept(request, page, form, parent=parent)
        if response is not None:
            return response
    response = TemplateResponse(
        request,
        "discussion/reply.html",
        {
            "page": page,
            "back_label": COMMENTABLE[page._meta.label_lower],
            "parent": parent,
            "form": form,
            "can_reply": parent.allow_thread(),
        },
    )
    return _refused(response, form) if request.method == "POST" else response


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link from the confirmation email: a page with one button, so mail scanners following links publish nothing."""
    if request.method == "GET":
        exists = posting.comment_by_confirmation_token(token) is not None
        return TemplateResponse(
            request,
            "discussion/confirm.html" if exists else "discussion/confirm_failed.html",
            {"token": token, "reason": "unknown", "days": settings.COMMENT_CONFIRMATION_DAYS},
            status=200 if exists else 404,
        )
    result, comment = posting.comment_confirm(token=token)
    if result == ConfirmationResult.UNKNOWN:
        return TemplateResponse(request, "discussion/confirm_failed.html", {"reason": "unknown"}, status=404)
    if result == ConfirmationResult.EXPIRED:
        return TemplateResponse(request, "discussion/confirm_failed.html", {"reason": "expired"}, status=410)
    page = comment.content_object
    if result == ConfirmationResult.PUBLISHED:
        messages.success(request, _("Danke, Ihr Kommentar ist bestätigt und veröffentlicht."), extra_tags=PLACE)
    elif result == ConfirmationResult.HELD:
        messages.info(
            request,
            _("Danke für die Bestätigung. Ihr Kommentar erscheint nach der Prüfung durch die Moderation."),
            extra_tags=PLACE,
        )
    else:
        messages.info(request, _("Ihr Kommentar war bereits bestätigt."), extra_tags=PLACE)
    return redirect(_in_discussion(page, comment) if comment.is_public else page.url + STATUS_ANCHOR)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, comment_id):
    """The writer's edit form while the edit window lasts, saying how long; after it, a page that says so.

    A late GET is 410 (the form is gone for good); a late POST stays 400, like every refused
    form, and shows the text it brought so the writer can copy it.
    """
    comment = get_object_or_404(Comment, pk=comment_id, user=request.user, deleted_at__isnull=True)
    page = _commentable_page(comment.object_pk)
    context = {"page": page, "back_label": COMMENTABLE[page._meta.label_lower], "comment": comment}
    until = posting.editable_until(comment)
    if timezone.now() >= until:
        context["late_text"] = request.POST.get("comment", "") if request.method == "POST" else ""
        status = 400 if request.method == "POST" else 410
        return TemplateResponse(request, "discussion/edit_closed.html", context, status=status)
    form = EditCommentForm(request.POST if request.method == "POST" else None, initial={"comment": comment.comment})
    if request.method == "POST" and form.is_valid():
        try:
            posting.comment_edit(comment=comment, user=request.user, text=form.cleaned_data["comment"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ihr Kommentar wurde geändert."), extra_tags=PLACE)
            return redirect(_in_discussion(page, comment))
    left = math.ceil((until - timezone.now()).total_seconds() / 60)
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, "discussion/edit.html", {**context, "form": form, "minutes_left": left, "until": until}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id, user=request.user, deleted_at__isnull=True)
    page = _commentable_page(comment.object_pk)
    if request.method == "POST":
        posting.comment_delete(comment=comment, user=request.user)
        messages.success(request, _("Ihr Kommentar wurde gelöscht."), extra_tags=PLACE)
        return redirect(page.url + STATUS_ANCHOR)
    return TemplateResponse(request, "discussion/delete.html", {"page": page, "comment": comment})


@login_required
@require_POST
def like(request, comment_id):
    comment = _visible_comment(comment_id)
    page = _commentable_page(comment.object_pk)
    try:
        reactions.comment_like(comment=comment, user=request.user, like=request.POST.get("zuruecknehmen") is None)
    except RateLimited as limited:
        return too_many_requests(request, retry_after=limited.retry_after)
    return redirect(_in_discussion(page, comment))


@login_required
@require_http_methods(["GET", "POST"])
def report(request, comment_id):
    comment = _visible_comment(comment_id)
    page = _commentable_page(comment.object_pk)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _report, created = reactions.comment_report(comment=comment, user=request.user, **form.cleaned_data)
        except RateLimited as limited:
            form.add_error(
                None, _("Sie haben heute schon sehr viele Kommentare gemeldet. Bitte versuchen Sie es morgen wieder.")
            )
            response = TemplateResponse(
                request, "discussion/report.html", {"page": page, "comment": comment, "form": form}
            )
            form.retry_after = limited.retry_after
            return _refused(response, form)
        messages.success(
            request,
            _("Danke, die Moderation sieht sich den Kommentar an.")
            if created
            else _("Sie haben diesen Kommentar bereits gemeldet."),
        )
        return redirect(_in_discussion(page, comment))
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, "discussion/report.html", {"page": page, "comment": comment, "form": form}, status=status
    )


@login_required
@require_POST
def subscribe(request, page_id):
    page = _commentable_page(page_id)
    if request.POST.get("abbestellen"):
        notifications.page_unsubscribe(page=page, user=request.user)
        messages.success(
            request, _("Sie erhalten keine E-Mails mehr zu neuen Kommentaren auf dieser Seite."), extra_tags=PLACE
        )
    else:
        notifications.page_subscribe(page=page, user=request.user)
        messages.success(
            request, _("Sie erhalten jetzt eine E-Mail zu jedem neuen Kommentar auf dieser Seite."), extra_tags=PLACE
        )
    return redirect(page.url + STATUS_ANCHOR)


# Mail clients send the one-click POST (RFC 8058) without our CSRF token; the signed link is the proof.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """A comment mail's stop link, for the page's or the thread's mails."""
    return one_click_stop(request, token, template="discussion/unsubscribe.html", stop=_unsubscribe)


def _unsubscribe(*, token):
    return notifications.unsubscribe(token=token) is not None


# As above: the one-click POST (RFC 8058) comes without our CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def digest_stop(request, token):
    """The author's daily digest ends by the link in it."""
    return one_click_stop(request, token, template="discussion/digest_stop.html", stop=author_desk.digest_stop)


@require_POST
@login_required
def end_page_follow(request, subscription_id):
    """Ends one page subscription from Mein Konto; a second click (or another's id) changes nothing."""
    page = notifications.page_follow_end(user=request.user, subscription_id=subscription_id)
    return _follow_ended(request, page, _("Sie erhalten keine E-Mails mehr zu neuen Kommentaren auf „%(title)s“."))


@require_POST
@login_required
def end_thread_follow(request, thread_id):
    """Stops reply emails for one thread from Mein Konto; idempotent like end_page_follow."""
    page = notifications.thread_follow_end(user=request.user, thread_id=thread_id)
    return _follow_ended(
        request, page, _("Sie erhalten keine E-Mails mehr zu Antworten auf Ihren Kommentar zu „%(title)s“.")
    )


def _follow_ended(request, page, done):
    """Back to the mails in Mein Konto; `page` is None when the subscription had ended already."""
    return ended_in_account(
        request, page, done=done, gone=_("Dieses Abo besteht nicht mehr."), section="benachrichtigungen"
    )
