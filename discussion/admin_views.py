"""The moderation queue in the Wagtail admin: pending, reported and removed comments, one or many at a time."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from discussion.models import Comment
from discussion.services import moderation

QUEUES = {
    "wartend": (gettext_lazy("Wartet auf Freischaltung"), {"held_for_moderation": True, "is_removed": False}),
    "gemeldet": (gettext_lazy("Gemeldet"), {"reports__isnull": False, "is_removed": False}),
    "entfernt": (gettext_lazy("Entfernt"), {"is_removed": True}),
    "alle": (gettext_lazy("Alle"), {}),
}
ACTIONS = {
    "freigeben": (moderation.comment_approve, gettext_lazy("%(n)s Kommentar(e) freigegeben.")),
    "entfernen": (moderation.comment_remove, gettext_lazy("%(n)s Kommentar(e) entfernt.")),
    "loeschen": (moderation.comment_destroy, gettext_lazy("%(n)s Kommentar(e) gelöscht.")),
    "sperren": (moderation.comment_block_author, gettext_lazy("%(n)s Verfasser gesperrt, ihre Kommentare entfernt.")),
}


@permission_required("discussion.moderate_comment", raise_exception=True)
def queue(request):
    name = request.GET.get("queue") if request.GET.get("queue") in QUEUES else "wartend"
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

    comments = (
        Comment.objects.filter(**QUEUES[name][1])
        .annotate(report_count=Count("reports", distinct=True))
        .select_related("user")
        .prefetch_related("reports", "content_object")
        .order_by("-submit_date")
        .distinct()
    )
    page = Paginator(comments, 50).get_page(request.GET.get("p"))
    counts = {key: Comment.objects.filter(**filters).distinct().count() for key, (_label, filters) in QUEUES.items()}
    return TemplateResponse(
        request,
        "discussion/admin/queue.html",
        {
            "queues": [(key, label, counts[key]) for key, (label, _f) in QUEUES.items()],
            "current": name,
            "page_obj": page,
            "header_title": _("Kommentare moderieren"),
        },
    )
