from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core import personal_data
from core.admin_tables import YesNoColumn
from core.admin_tables import in_a_burst as in_a_burst_of
from formats import personal_data as ratings_data
from formats.admin_forms import RatingModerationForm
from formats.models import Rating
from formats.questions import QUESTIONS, badge
from formats.selectors import formats_with_ratings, newest_ratings


class RatingPermissionPolicy(ModelPermissionPolicy):
    """Ratings come from readers on the site; in the admin they are moderated, never written."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


# Registered before the viewset, which would otherwise create a default policy.
register_permission_policy(Rating, RatingPermissionPolicy(Rating))


def in_a_burst():
    """Whether a rating is one of several by the same reader within minutes (core.admin_tables)."""
    return in_a_burst_of(Rating.objects.all(), by="reader", at="created_at")


class RatingIndexView(IndexView):
    def get_base_queryset(self):
        # Format and reader are shown on every row: join them instead of a query per row.
        return super().get_base_queryset().select_related("format_page", "reader").annotate(burst=in_a_burst())


class RatingViewSet(ModelViewSet):
    """The ratings queue for moderators: filter by format and visibility, hide with a reason."""

    model = Rating
    index_view_class = RatingIndexView
    icon = "pick"
    menu_label = _("Bewertungen")
    menu_order = 210
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = [
        "format_page",
        "reader",
        # The three scores as the site's badge, "K4 · I3 · S5": a column each squeezed the format names
        # until they broke mid-word at 1280 px.
        Column("scores", label=_("Bewertung (K · I · S)"), accessor=lambda rating: badge(rating.scores)),
        YesNoColumn("is_hidden", label=_("ausgeblendet"), sort_key="is_hidden"),
        YesNoColumn("burst", label=_("viele in kurzer Zeit")),
        "created_at",
        "updated_at",
    ]
    list_filter = ["format_page", "is_hidden"]
    search_fields = ["hidden_reason", "reader__display_name", "reader__email"]
    edit_handler = ObjectList(
        [
            FieldPanel("format_page", read_only=True),
            FieldPanel("reader", read_only=True),
            FieldPanel("contacts", read_only=True),
            FieldPanel("information", read_only=True),
            FieldPanel("fun", read_only=True),
            FieldPanel("is_hidden"),
            FieldPanel("hidden_reason"),
        ],
        base_form_class=RatingModerationForm,
    )


@hooks.register("register_admin_viewset")
def register_rating_viewset():
    return RatingViewSet("ratings")


class RatingsDashboardPanel(Component):
    """The author's view at a glance: newest ratings, and the formats ranked by each question."""

    name = "ratings_overview"
    template_name = "formats/admin/ratings_panel.html"
    order = 90
    top = 5

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rated = [page for page in formats_with_ratings() if page.has_mean]
        context["newest_ratings"] = newest_ratings(limit=10)
        context["letters"] = " · ".join(question.letter for question in QUESTIONS)
        # Per question: the best formats by the readers' mean, as (format, mean).
        context["rankings"] = [
            (
                question.label,
                sorted(((page, getattr(page, f"mean_{question}")) for page in rated), key=lambda pair: -pair[1])[
                    : self.top
                ],
            )
            for question in QUESTIONS
        ]
        return context


@hooks.register("construct_homepage_panels")
def add_ratings_panel(request, panels):
    if request.user.has_perm("formats.view_rating") or request.user.has_perm("formats.change_rating"):
        panels.append(RatingsDashboardPanel())


@hooks.register(personal_data.HOOK)
def register_ratings_personal_data():
    # Ratings have a cascading key to the reader: they go with the account, no eraser needed.
    return personal_data.Part(export=ratings_data.export)
