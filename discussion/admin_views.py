"""Blocking a writer after confirmation, and lifting a block. (The comment queue itself is a Wagtail
viewset: discussion/admin_comments.py.)"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from discussion.admin_forms import BlockForm
from discussion.models import Block, Comment
from discussion.services import moderation


@permission_required("discussion.moderate_comment", raise_exception=True)
def block_confirm(request, pk):
    """GET asks for a reason, a duration and whether earlier comments go too; POST blocks."""
    comment = get_object_or_404(Comment, pk=pk)
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        block = moderation.comment_block_author(
            comment=comment,
            reason=form.cleaned_data["reason"],
            duration=form.timedelta,
            remove_earlier=form.cleaned_data["remove_earlier"],
            by=request.user,
        )
        if block is None:
            messages.success(request, _("Der Kommentar wurde entfernt; sein Konto gibt es nicht mehr."))
        else:
            messages.success(request, _("%(email)s ist gesperrt.") % {"email": block.email})
        return redirect(reverse("blocks:index"))
    return TemplateResponse(
        request,
        "discussion/admin/block_confirm.html",
        {
            "comment": comment,
            "form": form,
            "existing": Block.objects.in_force().filter(email__iexact=comment.user_email).first()
            if comment.user_email
            else None,
            "other_count": Comment.objects.filter(user_email__iexact=comment.user_email).exclude(pk=comment.pk).count()
            if comment.user_email
            else 0,
            "header_title": _("Verfasser sperren"),
        },
        status=400 if request.method == "POST" else 200,
    )


@permission_required("discussion.moderate_comment", raise_exception=True)
def block_lift(request, pk):
    """GET asks to confirm; POST ends the block now."""
    block = get_object_or_404(Block, pk=pk)
    if request.method == "POST":
        moderation.block_lift(block=block, by=request.user)
        messages.success(request, _("Die Sperre für %(email)s ist aufgehoben.") % {"email": block.email})
        return redirect(reverse("blocks:index"))
    return TemplateResponse(
        request,
        "discussion/admin/block_lift.html",
        {"block": block, "header_title": _("Sperre aufheben")},
    )
