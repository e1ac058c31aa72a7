"""The moderators' comment queue on Wagtail's generic admin views ("Kommentare"): tabs for the work
(waiting, reported, public, removed), filters, search and ordering, a check page per comment
("Kommentar prüfen") and bulk actions. Every action goes through discussion.services.moderation,
which logs it per comment and clears the page cache."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Exists, OuterRef, Subquery
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import ModelLogEntry, Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

import django_filters

from core.admin_tables import in_a_burst as in_a_burst_of
from discussion import admin_views
from discussion.admin_viewsets import german_datetime
from discussion.models import Comment, Report
from discussion.services import moderation

MODERATE = "discussion.moderate_comment"


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Comments are written by readers on the site; moderators look at them here and act through the queue's
    own actions (approve, remove, block), never by editing a reader's words. So "view" is the one right."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm(MODERATE)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


# Registered before the viewset, which would otherwise create a default policy.
register_permission_policy(Comment, CommentPermissionPolicy(Comment))


def _reported(queryset):
    return queryset.filter(Exists(Report.objects.filter(comment=OuterRef("pk"))), is_removed=False)


# The tabs: (label, narrowing). Exists, not a join over reports, so a comment reported twice is one row.
QUEUES = {
    "wartend": (_("Wartet auf Freischaltung"), lambda qs: qs.filter(held_for_moderation=True, is_removed=False)),
    "gemeldet": (_("Gemeldet"), _reported),
    "oeffentlich": (
        _("Öffentlich"),
        lambda qs: qs.visible().filter(held_for_moderation=False),
    ),
    "entfernt": (_("Entfernt"), lambda qs: qs.filter(is_removed=True)),
    "alle": (_("Alle"), lambda qs: qs),
}
# Tabs with work, in the order a moderator takes them; the queue opens on the first that has any.
WORK = ["wartend", "gemeldet"]


def in_a_burst():
    """Whether a comment is one of several from the same address within minutes (core.admin_tables)."""
    # An anonymised comment has no address: it belongs to no burst.
    return in_a_burst_of(Comment.objects.exclude(user_email=""), by="user_email", at="submit_date", by_lookup="iexact")


def excerpt(comment, length=140):
    """The comment's text for a listing, plain (the template escapes it); what happened to it if it has none."""
    if comment.is_deleted:
        return _("(vom Verfasser gelöscht)")
    if not comment.comment.strip():
        return _("(entfernt, ohne Text)") if comment.is_removed else _("(ohne Text)")
    return Truncator(" ".join(comment.comment.split())).chars(length)


def state(comment):
    """Where the comment stands, as moderators say it."""
    if comment.is_deleted:
        return _("vom Verfasser gelöscht")
    if comment.is_removed:
        return _("entfernt")
    if comment.held_for_moderation:
        return _("wartet")
    if comment.is_public:
        return _("öffentlich")
    return _("unbestätigt")


def reports_count(comment):
    n = comment.report_count or 0
    return ngettext("%(n)s Meldung", "%(n)s Meldungen", n) % {"n": n} if n else ""


def hold_reason(comment):
    if not comment.held_for_moderation:
        return ""
    return comment.held_reason or _("Grund nicht gespeichert")


def pages_with_comments(request=None):
    keys = Comment.objects.values("object_pk")
    return Page.objects.annotate(key=Cast("pk", CharField())).filter(key__in=keys).order_by("title")


class CommentFilterSet(WagtailFilterSet):
    queue = django_filters.ChoiceFilter(
        label=_("Warteschlange"),
        choices=[(key, label) for key, (label, _narrow) in QUEUES.items()],
        method="filter_queue",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    seite = django_filters.ModelChoiceFilter(
        label=_("Seite"), queryset=pages_with_comments, method="filter_page", empty_label=_("alle Seiten")
    )
    email = django_filters.CharFilter(
        label=_("Verfasser (E-Mail-Adresse)"), field_name="user_email", lookup_expr="iexact"
    )
    datum = django_filters.DateFromToRangeFilter(
        label=_("geschrieben zwischen"), field_name="submit_date", widget=DateRangePickerWidget
    )
    viele = django_filters.BooleanFilter(
        label=_("viele Kommentare in kurzer Zeit"),
        method="filter_burst",
        widget=forms.RadioSelect(choices=[("", _("alle")), ("true", _("ja")), ("false", _("nein"))]),
    )

    class Meta:
        model = Comment
        fields = []

    def filter_queue(self, queryset, name, value):
        return QUEUES[value][1](queryset) if value in QUEUES else queryset

    def filter_page(self, queryset, name, value):
        return queryset.filter(object_pk=str(value.pk))

    def filter_burst(self, queryset, name, value):
        return queryset if value is None else queryset.filter(burst=value)


class WriterColumn(Column):
    """The writer's name and address; the address narrows the queue to everything they wrote."""

    cell_template_name = "discussion/admin/cells/writer.html"


class PageColumn(Column):
    """The page, linked to the comment on the site (moderators have no page editor)."""

    cell_template_name = "discussion/admin/cells/page.html"


class StateColumn(Column):
    """Where the comment stands, why it was held, and what its reports say."""

    cell_template_name = "discussion/admin/cells/state.html"


class CommentIndexView(IndexView):
    results_template_name = "discussion/admin/comment_index_results.html"
    template_name = "discussion/admin/comment_index.html"
    filterset_class = CommentFilterSet
    default_ordering = "-submit_date"
    search_fields = ["comment", "user_name", "user_email"]
    page_title = _("Kommentare moderieren")

    @cached_property
    def counts(self):
        base = Comment.objects.all()
        return {key: narrow(base).count() for key, (_label, narrow) in QUEUES.items()}

    @cached_property
    def queue(self):
        name = self.request.GET.get("queue")
        if name in QUEUES:
            return name
        return next((key for key in WORK if self.counts[key]), "alle")

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        if kwargs["data"].get("queue") not in QUEUES:
            data = kwargs["data"].copy()
            data["queue"] = self.queue
            kwargs["data"] = data
        return kwargs

    # The tab is a filter (so searching and filtering keep it), but the tabs show it: no pill, no "N Ergebnisse".
    @cached_property
    def is_filtering(self):
        return bool(self.filters and self.filters.is_valid() and set(self.filters.form.changed_data) - {"queue"})

    @cached_property
    def active_filters(self):
        return [active for active in super().active_filters if active.auto_id != self.filters.form["queue"].auto_id]

    def get_base_queryset(self):
        return (
            Comment.objects.select_related("user")
            .prefetch_related("reports", "content_object")
            .annotate(
                report_count=Subquery(
                    Report.objects.filter(comment=OuterRef("pk"))
                    .order_by()
                    .values("comment")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                burst=in_a_burst(),
            )
        )

    def get_page_url(self, comment):
        page = comment.content_object
        url = page.get_url(self.request) if page is not None else None
        return reverse("comment_show", args=[comment.pk]) if url else ""

    @cached_property
    def columns(self):
        inspect_url = self.get_inspect_url
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="comment"),
            TitleColumn(
                "excerpt",
                label=_("Kommentar"),
                accessor=excerpt,
                get_url=inspect_url,
                get_title_id=lambda comment: f"comment_{comment.pk}_title",
            ),
            WriterColumn("writer", label=_("Verfasser")),
            PageColumn("page", label=_("Seite"), accessor=self.get_page_url),
            Column(
                "submit_date",
                label=_("Datum"),
                sort_key="submit_date",
                accessor=lambda comment: german_datetime(comment.submit_date),
            ),
            StateColumn("state", label=_("Status"), accessor=state),
            Column(
                "report_count",
                label=_("Meldungen"),
                sort_key="report_count",
                accessor=reports_count,
            ),
        ]

    def get_inspect_url(self, instance):
        return reverse(self.inspect_url_name, args=(instance.pk,))

    def get_list_more_buttons(self, instance):
        buttons = [Button(_("Prüfen"), url=self.get_inspect_url(instance), icon_name="view", priority=10)]
        if instance.user_email:
            buttons.append(
                Button(
                    _("Verfasser sperren"),
                    url=reverse("comments:block", args=(instance.pk,)),
                    icon_name="lock",
                    priority=20,
                )
            )
        return buttons

    def tab_url(self, key):
        query = self.request.GET.copy()
        for name in ("p", "queue", "_w_filter_fragment"):
            query.pop(name, None)
        query["queue"] = key
        return f"{reverse(self.index_url_name)}?{query.urlencode()}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["queues"] = [
            (key, label, self.counts[key], self.tab_url(key)) for key, (label, _narrow) in QUEUES.items()
        ]
        context["current_queue"] = self.queue
        return context


class CommentInspectView(InspectView):
    """ "Kommentar prüfen": the comment, why it was held, its reports, the writer's other comments, its history."""

    template_name = "discussion/admin/comment_inspect.html"
    page_title = _("Kommentar prüfen")
    other_comments = 10

    def get_object(self, queryset=None):
        return get_object_or_404(Comment.objects.select_related("user"), pk=self.pk)

    def get_page_subtitle(self):
        return excerpt(self.object, length=60)

    def get_fields(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.object
        page = comment.content_object
        others = Comment.objects.none()
        if comment.user_email:
            others = Comment.objects.filter(user_email__iexact=comment.user_email).exclude(pk=comment.pk)
        history = ModelLogEntry.objects.for_instance(comment).select_related("user").order_by("-timestamp", "-pk")
        reports = list(comment.reports.select_related("reporter").order_by("created_at"))
        # "Meldungen erledigt" only where there is a report to settle.
        actions = [ApproveBulkAction, RemoveBulkAction, *([ResolveBulkAction] if reports else [])]
        context.update(
            {
                "comment": comment,
                "page": page,
                "page_url": page.get_url(self.request) if page is not None else "",
                "state": state(comment),
                "hold_reason": hold_reason(comment),
                "reports": reports,
                "others": [(other, excerpt(other, 80), state(other)) for other in others[: self.other_comments]],
                "others_count": others.count(),
                "others_url": reverse("comments:index")
                + "?"
                + urlencode({"queue": "alle", "email": comment.user_email}),
                "history": history,
                "actions": [(action.action_type, action.display_name, action.classes) for action in actions],
                "next_url": self.request.get_full_path(),
            }
        )
        return context


class CommentViewSet(ModelViewSet):
    """Moderators' comment queue: tabs with the work, filters, search, a check page per comment, bulk actions."""

    model = Comment
    index_view_class = CommentIndexView
    inspect_view_class = CommentInspectView
    inspect_view_enabled = True
    icon = "comment"
    menu_label = _("Kommentare")
    menu_order = 205
    add_to_admin_menu = True
    copy_view_enabled = False
    list_per_page = 50
    # The queue's own filters and columns; "form_fields" only satisfies ModelViewSet, nothing is edited here.
    form_fields = ["held_reason"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/sperren/", admin_views.block_confirm, name="block"),
        ]


# Bulk actions: Wagtail's framework (select rows, confirm, act), one service call per comment.


class CommentBulkAction(BulkAction):
    models = [Comment]
    template_name = "discussion/admin/bulk_confirm.html"
    handler = None
    question = ""
    done = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        # Ids come from the address line: anything but a number of sane length is ignored.
        ids = [value for value in object_ids if str(value).isdigit() and len(str(value)) <= 18]
        return list(Comment.objects.filter(pk__in=ids).order_by("-submit_date"))

    def prepare_action(self, objects, objects_without_access):
        if not objects:
            messages.error(self.request, _("Bitte wählen Sie mindestens einen Kommentar."))
            return redirect(self.next_url)
        return None

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all in listing" is not offered: acting on every comment at once is never meant.
        return []

    def object_context(self, obj):
        return {"item": obj, "excerpt": excerpt(obj), "state": state(obj)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"question": self.question, "action_label": self.display_name, "classes": self.classes})
        return context

    def get_execution_context(self):
        return {"user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for comment in objects:
            cls.handler(comment=comment, by=user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.done(num_parent_objects) % {"n": num_parent_objects}


class ApproveBulkAction(CommentBulkAction):
    display_name = _("Freigeben")
    action_type = "freigeben"
    aria_label = _("Ausgewählte Kommentare freigeben")
    action_priority = 10
    handler = staticmethod(moderation.comment_approve)
    question = _("Diese Kommentare freigeben? Sie erscheinen auf der Seite (anonyme erst nach der Bestätigung).")

    @staticmethod
    def done(n):
        return ngettext("%(n)s Kommentar freigegeben.", "%(n)s Kommentare freigegeben.", n)


class RemoveBulkAction(CommentBulkAction):
    display_name = _("Entfernen")
    action_type = "entfernen"
    aria_label = _("Ausgewählte Kommentare entfernen")
    action_priority = 20
    classes = {"serious"}
    handler = staticmethod(moderation.comment_remove)
    question = _("Diese Kommentare entfernen? Antworten darauf bleiben unter einem Platzhalter stehen.")

    @staticmethod
    def done(n):
        return ngettext("%(n)s Kommentar entfernt.", "%(n)s Kommentare entfernt.", n)


class ResolveBulkAction(CommentBulkAction):
    display_name = _("Meldungen erledigt")
    action_type = "erledigt"
    aria_label = _("Meldungen der ausgewählten Kommentare als erledigt markieren")
    action_priority = 30
    handler = staticmethod(moderation.reports_resolve)
    question = _(
        "Die Meldungen zu diesen Kommentaren als erledigt markieren? Die Kommentare bleiben stehen; "
        "die Meldungen stehen danach im Verlauf."
    )

    @staticmethod
    def done(n):
        return ngettext("Meldungen zu %(n)s Kommentar erledigt.", "Meldungen zu %(n)s Kommentaren erledigt.", n)


class DestroyBulkAction(CommentBulkAction):
    display_name = _("Löschen")
    action_type = "loeschen"
    aria_label = _("Ausgewählte Kommentare endgültig löschen")
    action_priority = 40
    classes = {"serious"}
    handler = staticmethod(moderation.comment_destroy)
    question = _(
        "Diese Kommentare endgültig löschen? Hat einer Antworten, bleibt er als entfernter Platzhalter ohne Text."
    )

    @staticmethod
    def done(n):
        return ngettext("%(n)s Kommentar gelöscht.", "%(n)s Kommentare gelöscht.", n)


BULK_ACTIONS = [ApproveBulkAction, RemoveBulkAction, ResolveBulkAction, DestroyBulkAction]
