"""The discussion on the Wagtail dashboard, for each role its own: the author sees what readers wrote on
his pages, moderators the work in their queue. And the author's choice of a daily digest, in his
account settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab
from wagtail.permission_policies.pages import PagePermissionPolicy

from discussion.models import AuthorDesk
from discussion.services.author_desk import discussion_overview, page_links, queue_url, visit_start


def writes_pages(user):
    """Whether the user is an author: may add, change or publish pages (Redaktion, superusers)."""
    return PagePermissionPolicy().user_has_any_permission(user, {"add", "change", "publish"})


class AuthorDiscussionPanel(Component):
    """Comments since the author's previous visit, what waits or was reported, and where a reader asked him."""

    name = "author_discussion"
    template_name = "discussion/admin/discussion_panel.html"
    # Above the ratings (90): the discussion asks for answers, the ratings only for a look.
    order = 80

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        user = request.user
        since = visit_start(user=user, session=request.session)
        overview = discussion_overview(user=user, since=since)
        links = page_links([*overview["newest"], *overview["questions"]])
        moderates = user.has_perm("discussion.moderate_comment")
        return {
            **overview,
            "since": since,
            "newest": [(comment, *links.get(comment.pk, (None, ""))) for comment in overview["newest"]],
            "questions": [(comment, *links.get(comment.pk, (None, ""))) for comment in overview["questions"]],
            "queue_url": queue_url() if moderates else "",
        }


def discussion_panels(request, panels):
    """construct_homepage_panels: the author's panel for those who write (moderators get the queue's, admin_dashboard)."""
    if writes_pages(request.user):
        panels.append(AuthorDiscussionPanel())


class DigestForm(forms.ModelForm):
    class Meta:
        model = AuthorDesk
        fields = ["daily_digest"]
        help_texts = {"daily_digest": _("Jeden Morgen um 7 Uhr, nur wenn es neue Kommentare gibt.")}


class DigestSettingsPanel(BaseSettingsPanel):
    """The author's choice of a daily digest, under "Benachrichtigungen" in his admin account."""

    name = "discussion_digest"
    title = _("Kommentare auf meinen Seiten")
    tab = notifications_tab
    order = 300
    form_class = DigestForm

    def is_active(self):
        return writes_pages(self.user)

    def get_form(self):
        # Unsaved until he saves the settings: looking at them stores nothing.
        desk = AuthorDesk.objects.filter(user=self.user).first() or AuthorDesk(user=self.user)
        if self.request.method == "POST":
            return self.form_class(self.request.POST, instance=desk, prefix=self.name)
        return self.form_class(instance=desk, prefix=self.name)
