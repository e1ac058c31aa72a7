import datetime

from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from core import personal_data
from discussion import admin_views
from discussion import personal_data as discussion_data
from discussion.admin_viewsets import BlockViewSet


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("kommentare/", admin_views.queue, name="discussion_moderation"),
        path("kommentare/<int:pk>/sperren/", admin_views.block_confirm, name="discussion_block"),
    ]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("discussion.moderate_comment")


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(_("Kommentare"), reverse("discussion_moderation"), icon_name="comment", order=205)


@hooks.register("register_admin_viewset")
def register_block_viewset():
    return BlockViewSet("blocks", url_prefix="sperren")


class BlockLogFormatter(LogFormatter):
    label = _("Verfasser gesperrt")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        until = data.get("expires_at")
        if until:
            until = formats.date_format(timezone.localtime(datetime.datetime.fromisoformat(until)), "j. F Y, H:i")
        return _("Gesperrt %(until)s (%(email)s). Grund: %(reason)s") % {
            "email": data.get("email", ""),
            "until": _("bis %(date)s Uhr") % {"date": until} if until else _("unbefristet"),
            "reason": data.get("reason", ""),
        }


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    # German entries for the moderation history (a block's and a comment's "Verlauf").
    actions.register_action("discussion.block")(BlockLogFormatter)
    actions.register_action("discussion.block_author")(BlockLogFormatter)
    actions.register_action("discussion.unblock", _("Sperre aufgehoben"), _("Sperre aufgehoben"))


@hooks.register(personal_data.HOOK)
def register_comments_personal_data():
    return personal_data.Part(export=discussion_data.export, erase=discussion_data.erase)


# The author's desk (issue 15): the discussion on the dashboard and the daily digest's setting.
# Imported here, appended in one piece, so it merges beside the moderation queue's changes above.
from discussion.admin_panels import DigestSettingsPanel, discussion_panels  # noqa: E402

hooks.register("construct_homepage_panels", discussion_panels)


@hooks.register("register_account_settings_panel")
def register_digest_settings_panel(request, user, profile):
    return DigestSettingsPanel(request, user, profile)
