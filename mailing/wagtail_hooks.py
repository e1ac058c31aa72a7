from django.conf import settings

from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem

from mailing.selectors import failed_mails


class FailedMailsSummaryItem(SummaryItem):
    """On the dashboard, so a mail outage longer than the retries is noticed by someone who can act."""

    order = 50
    template_name = "mailing/admin/failed_mails_summary.html"

    def get_context_data(self, parent_context):
        return {"failed": failed_mails().count(), "days": settings.TASK_RESULT_RETENTION.days}

    def is_shown(self):
        # Recipient addresses and the mail server are the administrators' business, not the editors'.
        return self.request.user.is_superuser


@hooks.register("construct_homepage_summary_items")
def add_failed_mails_summary_item(request, items):
    items.append(FailedMailsSummaryItem(request))
