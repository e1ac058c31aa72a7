from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core import personal_data
from discussion import admin_views
from discussion import personal_data as discussion_data


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [path("kommentare/", admin_views.queue, name="discussion_moderation")]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("discussion.moderate_comment")


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(_("Kommentare"), reverse("discussion_moderation"), icon_name="comment", order=205)


@hooks.register(personal_data.HOOK)
def register_comments_personal_data():
    return personal_data.Part(export=discussion_data.export, erase=discussion_data.erase)
