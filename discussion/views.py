from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wagtail.models import Page

from discussion.forms import CommentForm
from discussion.models import Comment
from discussion.services import ConfirmationResult, comment_confirm, comment_post

# Only these page types carry a discussion.
COMMENTABLE = ("blog.blogpostpage", "formats.formatpage")


def _commentable_page(page_id):
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    if page._meta.label_lower not in COMMENTABLE:
        raise Http404
    return page


def _client_ip(request):
    return request.META.get("REMOTE_ADDR")


def _accept(request, page, form, parent=None):
    """Stores a valid comment and tells the writer what happens next."""
    try:
        comment = comment_post(
            target=page,
            text=form.cleaned_data["comment"],
            user=request.user,
            name=form.cleaned_data.get("name", ""),
            email=form.cleaned_data.get("email", ""),
            parent=parent,
            followup=form.cleaned_data["followup"],
            ip_address=_client_ip(request),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    if comment.is_public:
        messages.success(request, _("Danke, Ihr Kommentar ist veröffentlicht."))
        return redirect(f"{page.url}#c{comment.pk}")
    messages.success(
        request,
        _(
            "Fast geschafft: Wir haben Ihnen eine E-Mail geschickt. Ihr Kommentar erscheint, "
            "sobald Sie den Link darin anklicken (gültig %(days)s Tage)."
        )
        % {"days": 7},
    )
    return redirect(f"{page.url}#kommentare")


@require_POST
def post(request, page_id):
    """A new top-level comment by plain POST; errors re-render the page with the form."""
    page = _commentable_page(page_id)
    form = CommentForm(page, data=request.POST, user=request.user)
    if form.is_valid():
        response = _accept(request, page, form)
        if response is not None:
            return response
    request.comment_form = form
    response = page.serve(request)
    response.status_code = 400
    return response


@require_http_methods(["GET", "POST"])
def reply(request, comment_id):
    """The reply form on a page of its own, so replying needs no JavaScript."""
    parent = get_object_or_404(Comment, pk=comment_id, is_public=True, is_removed=False)
    page = _commentable_page(parent.object_pk)
    form = CommentForm(page, data=request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            response = _accept(request, page, form, parent=parent)
            if response is not None:
                return response
        status = 400
    can_reply = parent.allow_thread()
    return TemplateResponse(
        request,
        "discussion/reply.html",
        {"page": page, "parent": parent, "form": form, "can_reply": can_reply},
        status=status,
    )


@require_safe
def confirm(request, token):
    """The link from the confirmation email."""
    result, comment = comment_confirm(token=token)
    if result == ConfirmationResult.UNKNOWN:
        return TemplateResponse(request, "discussion/confirm_failed.html", {"reason": "unknown"}, status=404)
    if result == ConfirmationResult.EXPIRED:
        return TemplateResponse(request, "discussion/confirm_failed.html", {"reason": "expired"}, status=410)
    page = comment.content_object
    if result == ConfirmationResult.PUBLISHED:
        messages.success(request, _("Danke, Ihr Kommentar ist bestätigt und veröffentlicht."))
    else:
        messages.info(request, _("Ihr Kommentar war bereits bestätigt."))
    return redirect(f"{page.url}#c{comment.pk}")


def discussion_context(request, *, page, badges=None):
    """What a commentable page's template needs: one page of threads and the comment form."""
    from discussion.selectors import comment_section

    return {
        "discussion": comment_section(
            target=page,
            sort=request.GET.get("kommentare"),
            page_number=request.GET.get("kommentarseite"),
            author_id=page.owner_id,
            badges=badges,
        ),
        "comment_form": getattr(request, "comment_form", None) or CommentForm(page, user=request.user),
    }
