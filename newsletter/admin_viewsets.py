"""The subscribers list in the Wagtail admin: addresses are the administrators' business only."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from newsletter.models import Subscriber


class SubscriberPermissionPolicy(ModelPermissionPolicy):
    """Superusers may look, nobody edits here: sign-up, confirmation and unsubscribing are the reader's own
    (moderators and editors see no addresses; the dashboard shows them the count)."""

    def user_has_permission(self, user, action):
        return action in ("view", "inspect") and user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Subscriber, SubscriberPermissionPolicy(Subscriber))


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = _("Abonnenten")
    add_to_admin_menu = True
    menu_order = 290
    inspect_view_enabled = True
    list_filter = ["status"]
    search_fields = ["email"]
    list_display = [
        "email",
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("requested_at", label=_("angemeldet am")),
        DateColumn("confirmed_at", label=_("Einwilligung am")),
    ]
    inspect_view_fields = ["email", "status", "requested_at", "confirmed_at", "wording_version", "unsubscribed_at"]
    form_fields = ["status"]
