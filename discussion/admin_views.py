"""The moderation queue in the Wagtail admin: pending, reported and removed comments, one or many at a time;
blocking a writer after confirmation, and lifting a block."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from discussion.admin_forms import BlockForm
from discussion.models import Block, Comment
from discussion.services import moderation

QUEUES = {
    "wartend": (gettext_lazy("Wartet auf Freischaltung"), {"held_for_moderation": True, "is_removed": False}),
    "gemeldet": (gettext_lazy("Gemeldet"), {"reports__isnull": False, "is_removed": False}),
    "oeffentlich": (
        gettext_lazy("Öffentlich"),
        {"is_public": True, "is_removed": False, "held_for_moderation": False, "deleted_at__isnull": True},
    ),
    "entfernt": (gettext_lazy("Entfernt"), {"is_removed": True}),
    "alle": (gettext_lazy("Alle"), {}),
}
# Tabs with work, in the order a moderator takes them; the queue opens on the first that has any.
WORK = ["wartend", "gemeldet"]
# Blocking is not among them: it needs a reason and a confirmation (block_confirm).
ACTIONS = {
    "freigeben": (moderation.comment_approve, gettext_lazy("%(n)s Kommentar(e) freigegeben.")),
    "entfernen": (moderation.comment_remove, gettext_lazy("%(n)s Kommentar(e) entfernt.")),
    "loeschen": (moderation.comment_destroy, gettext_lazy("%(n)s Kommentar(e) gelöscht.")),
}


@permission_required("discussion.moderate_comment", raise_exception=True)
def queue(request):
    counts = {key: Comment.objects.filter(**filters).distinct().count() for key, (_label, filters) in QUEUES.items()}
    name = request.GET.get("queue")
    if name not in QUEUES:
        name = next((key for key in WORK if counts[key]), "alle")
    if request.method == "POST":
        action = request.POST.get("action")
        ids = [value for value in request.POST.getlist("comment") if value.isdigit() and len(value) <= 18]
        selected = Comment.objects.filter(pk__in=ids)
        if action not in ACTIONS or not selected:
            messages.error(request, _("Bitte wählen Sie mindestens einen Kommentar und eine Aktion."))
        else:
            handler, done = ACTIONS[action]
            for comment in selected:
                handler(comment=comment)
            messages.success(request, done % {"n": len(selected)})
        return redirect(f"{request.path}?queue={name}")

    comments = Comment.objects.filter(**QUEUES[name][1])
    # Narrowing within a tab: the commenter's other comments (the row's address links here),
    # one page's comments (the page column), words in text, name or address.
    email = request.GET.get("email", "").strip()
    if email:
        comments = comments.filter(user_email__iexact=email)
    on_page = request.GET.get("seite", "")
    if on_page.isdigit() and len(on_page) <= 18:
        comments = comments.filter(object_pk=on_page)
    search = request.GET.get("q", "").strip()[:100]
    if search:
        comments = comments.filter(
            Q(comment__icontains=search) | Q(user_name__icontains=search) | Q(user_email__icontains=search)
        )
    oldest_first = request.GET.get("sortierung") == "aelteste"
    comments = (
        comments.annotate(report_count=Count("reports", distinct=True))
        .select_related("user")
        .prefetch_related("reports", "content_object")
        .order_by("submit_date" if oldest_first else "-submit_date")
        .distinct()
    )
    page = Paginator(comments, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "discussion/admin/queue.html",
        {
            "queues": [(key, label, counts[key]) for key, (label, _f) in QUEUES.items()],
            "current": name,
            "email": email,
            "search": search,
            "on_page": on_page if on_page.isdigit() else "",
            "oldest_first": oldest_first,
            "page_obj": page,
            "header_title": _("Kommentare moderieren"),
        },
    )


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
