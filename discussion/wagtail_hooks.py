import datetime

from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from core import personal_data
from discussion import admin_dashboard
from discussion import personal_data as discussion_data
from discussion.admin_comments import BULK_ACTIONS, MODERATE, CommentViewSet
from discussion.admin_viewsets import BlockViewSet
from discussion.models import Report

comment_viewset = CommentViewSet("comments", url_prefix="kommentare")


@hooks.register("register_admin_viewset")
def register_comment_viewset():
    return comment_viewset


@hooks.register("register_admin_urls")
def register_moderation_urls():
    # The queue's older name, which mails and specs use: the same view, at the same address.
    return [path("kommentare/", comment_viewset.index_view, name="discussion_moderation")]


for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


class ModerationHistoryMenuItem(MenuItem):
    # Those who edit pages have it under "Berichte" already.
    def is_shown(self, request):
        return request.user.has_perm(MODERATE) and not admin_dashboard.can_edit_pages(request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_history_menu_item():
    # Wagtail's site history: a moderator sees the entries of what they may moderate (comments, ratings).
    return ModerationHistoryMenuItem(
        _("Verlauf"), reverse("wagtailadmin_reports:site_history"), icon_name="history", order=208
    )


hooks.register("construct_homepage_panels", admin_dashboard.moderators_dashboard)
hooks.register("construct_homepage_summary_items", admin_dashboard.moderators_summary)


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


class ReportsResolvedLogFormatter(LogFormatter):
    label = _("Meldungen erledigt")

    def format_message(self, log_entry):
        reports = (log_entry.data or {}).get("reports", [])
        notes = "; ".join(
            str(Report.Reason(r["reason"]).label) + (f" – „{r['note']}“" if r.get("note") else "")
            for r in reports
            if r.get("reason") in Report.Reason.values
        )
        return _("Meldungen erledigt, der Kommentar bleibt stehen (%(notes)s)") % {"notes": notes or "–"}


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    # German entries for the moderation history (a block's and a comment's "Verlauf").
    actions.register_action("discussion.block")(BlockLogFormatter)
    actions.register_action("discussion.block_author")(BlockLogFormatter)
    actions.register_action("discussion.unblock", _("Sperre aufgehoben"), _("Sperre aufgehoben"))
    actions.register_action("discussion.approve", _("Kommentar freigegeben"), _("Kommentar freigegeben"))
    actions.register_action("discussion.remove", _("Kommentar entfernt"), _("Kommentar entfernt"))
    actions.register_action("discussion.destroy", _("Kommentar gelöscht"), _("Kommentar gelöscht"))
    actions.register_action("discussion.resolve")(ReportsResolvedLogFormatter)


@hooks.register(personal_data.HOOK)
def register_comments_personal_data():
    return personal_data.Part(export=discussion_data.export, erase=discussion_data.erase)
