"""The list of blocks in the Wagtail admin ("Sperren"): who is barred, why, by whom, until when."""

from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from discussion import admin_views
from discussion.models import Block


class BlockPermissionPolicy(ModelPermissionPolicy):
    """Blocks belong to comment moderation: its one right opens them. They start from a comment
    (admin_views.block_confirm) and end by being lifted, so nobody adds or deletes them here."""

    def user_has_permission(self, user, action):
        return action in ("view", "change") and user.is_active and user.has_perm("discussion.moderate_comment")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


# Registered before the viewset, which would otherwise create a default policy.
register_permission_policy(Block, BlockPermissionPolicy(Block))


def german_datetime(value):
    # Wagtail's DateColumn says "Jetzt gerade" for any future moment: a block's end needs the date itself.
    if value is None:
        return ""
    return _("%(date)s Uhr") % {"date": formats.date_format(timezone.localtime(value), "j. F Y, H:i")}


def block_state(block):
    if block.expires_at is None:
        return _("aktiv, unbefristet")
    if block.expires_at > timezone.now():
        return _("aktiv")
    return _("beendet")


class BlockIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "created_by")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.expires_at is None or instance.expires_at > timezone.now():
            buttons.append(
                Button(
                    _("Sperre aufheben"),
                    url=reverse("blocks:lift", args=(instance.pk,)),
                    icon_name="lock-open",
                    priority=5,
                )
            )
        return buttons


class BlockViewSet(ModelViewSet):
    """Moderators see every block and lift it; the block's history is the writer's moderation record."""

    model = Block
    index_view_class = BlockIndexView
    icon = "lock"
    menu_label = _("Sperren")
    menu_order = 207
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = [
        "email",
        Column("state", label=_("Status"), accessor=block_state),
        "reason",
        Column(
            "created_at",
            label=_("gesperrt am"),
            sort_key="created_at",
            accessor=lambda b: german_datetime(b.created_at),
        ),
        Column(
            "expires_at",
            label=_("gesperrt bis"),
            sort_key="expires_at",
            accessor=lambda b: german_datetime(b.expires_at) or _("unbefristet"),
        ),
        Column("created_by", label=_("gesperrt von"), accessor="created_by"),
    ]
    search_fields = ["email", "reason"]
    ordering = ["-created_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("email", read_only=True),
            FieldPanel("user", read_only=True),
            FieldPanel("created_by", read_only=True),
            FieldPanel("reason"),
            FieldPanel("expires_at"),
        ]
    )

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("aufheben/<int:pk>/", admin_views.block_lift, name="lift")]
