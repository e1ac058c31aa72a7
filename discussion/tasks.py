"""The discussion's emails: built here, delivered by mailing.tasks.deliver in the worker."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from django_tasks import task

from discussion.groups import MODERATORS
from discussion.models import Report
from mailing.messages import queue_email

UNSUBSCRIBE_SALT = "discussion.unsubscribe"


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def address_digest(email):
    """Stands for an address in unsubscribe links: it matches the address, and without the SECRET_KEY reveals nothing."""
    return salted_hmac(UNSUBSCRIBE_SALT, email.strip().lower()).hexdigest()[:20]


def unsubscribe_url(*, email, page_id, thread_id=0):
    """A signed link that stops mails about one thread (or, with thread_id 0, the whole page) for one address.

    Links end up in access logs and forwarded mails, so the token names the address only by its digest.
    """
    token = signing.dumps([page_id, thread_id, address_digest(email)], salt=UNSUBSCRIBE_SALT)
    return absolute(reverse("comment_unsubscribe", args=[token]))


def send_comment_confirmation(comment):
    queue_email(
        to=[comment.user_email],
        subject=_("Bitte bestätigen Sie Ihren Kommentar"),
        template="discussion/email/confirm",
        context={
            "comment": comment,
            "page": comment.content_object,
            "confirm_url": absolute(reverse("comment_confirm", args=[comment.confirmation_token])),
            "days": settings.COMMENT_CONFIRMATION_DAYS,
        },
    )


def send_new_comment_notice(comment, *, email, thread_id, answered=None):
    """One follower's email about a new comment; thread_id 0 means they follow the whole page.

    `answered`: the recipient's own comment that this one answers; the mail says so first.
    """
    page = comment.content_object
    unsubscribe = unsubscribe_url(email=email, page_id=page.pk, thread_id=thread_id)
    names = {"name": comment.user_name, "title": page.title}
    if answered is not None:
        subject = _("%(name)s hat Ihnen zu „%(title)s“ geantwortet") % names
    elif comment.parent_id and comment.parent_id != comment.pk:
        subject = _("Neue Antwort in der Diskussion zu „%(title)s“") % names
    else:
        subject = _("Neuer Kommentar zu „%(title)s“") % names
    queue_email(
        to=[email],
        subject=subject,
        template="discussion/email/new_comment",
        context={
            "comment": comment,
            "page": page,
            "comment_url": absolute(reverse("comment_show", args=[comment.pk])),
            "reply_url": absolute(reverse("comment_reply", args=[comment.pk])) if comment.allow_thread() else "",
            "unsubscribe_url": unsubscribe,
            "whole_page": thread_id == 0,
            "answered": answered,
        },
        # RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe.
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def _moderator_addresses():
    return (
        get_user_model()
        .objects.filter(Q(groups__name=MODERATORS) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def send_moderation_notice(comment, *, reason):
    """Tells the moderators that a comment waits in their queue."""
    for email in _moderator_addresses():
        queue_email(
            to=[email],
            subject=_("Moderation: %(reason)s") % {"reason": reason},
            template="discussion/email/moderation",
            context={
                "comment": comment,
                "page": comment.content_object,
                "reason": reason,
                "queue_url": absolute(reverse("discussion_moderation")),
                # Straight to the comment's check page: why it was held, the writer's other comments.
                "check_url": absolute(reverse("comments:inspect", args=(comment.pk,))),
            },
        )


# While reports keep coming, moderators get one mail per interval, not one per report.
REPORT_WINDOW_KEY = "discussion:report-digest"


def notify_moderators_of_report(report):
    """The first report after a quiet interval is mailed at once; later ones wait for the digest
    that send_report_digest schedules for the end of the interval."""
    if cache.add(REPORT_WINDOW_KEY, True, timeout=settings.REPORT_DIGEST_SECONDS):
        since = report.created_at - datetime.timedelta(microseconds=1)
        send_report_digest.enqueue(since.isoformat())


@task()
def send_report_digest(since):
    now = timezone.now()
    reports = list(
        Report.objects.filter(created_at__gt=datetime.datetime.fromisoformat(since), created_at__lte=now)
        .select_related("comment")
        .order_by("created_at")
    )
    if not reports:
        return  # a quiet interval: the window lapses, the next report is mailed at once
    for email in _moderator_addresses():
        queue_email(
            to=[email],
            subject=ngettext(
                "Moderation: %(count)s neue Meldung", "Moderation: %(count)s neue Meldungen", len(reports)
            )
            % {"count": len(reports)},
            template="discussion/email/report_digest",
            context={"reports": reports, "queue_url": absolute(reverse("discussion_moderation"))},
        )
    cache.set(REPORT_WINDOW_KEY, True, timeout=settings.REPORT_DIGEST_SECONDS + 60)
    if send_report_digest.get_backend().supports_defer:
        later = now + datetime.timedelta(seconds=settings.REPORT_DIGEST_SECONDS)
        send_report_digest.using(run_after=later).enqueue(now.isoformat())
