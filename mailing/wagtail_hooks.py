from django.conf import settings

from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem

from core import personal_data
from mailing.selectors import failed_mails
from mailing.services import mails_drop_for


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


def _drop_mails(*, user, addresses):
    # Queued mails to her would still go out, and finished ones keep her address until pruned.
    mails_drop_for(addresses=addresses)


@hooks.register(personal_data.HOOK)
def register_mail_personal_data():
    return personal_data.Part(erase=_drop_mails)
