"""The moderators' dashboard in the Wagtail admin: what waits in the queue, and nothing about pages they can't edit."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.models import Page
from wagtail.permissions import policy_registry

from discussion.admin_comments import MODERATE, QUEUES, WORK
from discussion.models import Block, Comment

# Wagtail's own panels are all about pages; someone who may not edit any sees them empty or half-working.
PAGE_PANELS = (
    WorkflowObjectsToModeratePanel,
    UserObjectsInWorkflowModerationPanel,
    RecentEditsPanel,
    LockedPagesPanel,
)


class ModerationQueuePanel(Component):
    """Waiting and reported comments and blocks in force, each a link to its list."""

    name = "moderation_queue"
    template_name = "discussion/admin/queue_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        index = reverse("comments:index")
        context["queues"] = [
            (QUEUES[key][0], QUEUES[key][1](Comment.objects.all()).count(), f"{index}?{urlencode({'queue': key})}")
            for key in WORK
        ]
        context["blocks"] = Block.objects.in_force().count()
        context["blocks_url"] = reverse("blocks:index")
        context["heading"] = _("Moderation")
        return context


def can_edit_pages(user):
    return policy_registry.get_by_type(Page).explorable_root_instance(user) is not None


def moderators_dashboard(request, panels):
    """construct_homepage_panels: the queue first for moderators; no page panels for those without pages."""
    if request.user.has_perm(MODERATE):
        panels.append(ModerationQueuePanel())
    if not can_edit_pages(request.user):
        panels[:] = [panel for panel in panels if not isinstance(panel, PAGE_PANELS)]


def moderators_summary(request, summary_items):
    """construct_homepage_summary_items: the page, image and document counts only for those who work with them."""
    if not can_edit_pages(request.user):
        summary_items.clear()
