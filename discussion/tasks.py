"""The discussion's emails: built here, delivered by mailing.tasks.deliver in the worker."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

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


def send_new_comment_notice(comment, *, email, thread_id):
    """One follower's email about a new comment; thread_id 0 means they follow the whole page."""
    page = comment.content_object
    unsubscribe = unsubscribe_url(email=email, page_id=page.pk, thread_id=thread_id)
    queue_email(
        to=[email],
        subject=_("Neuer Kommentar zu „%(title)s“") % {"title": page.title},
        template="discussion/email/new_comment",
        context={
            "comment": comment,
            "page": page,
            "comment_url": absolute(f"{page.url}#c{comment.pk}"),
            "unsubscribe_url": unsubscribe,
            "whole_page": thread_id == 0,
        },
        # RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe.
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def send_moderation_notice(comment, *, reason):
    """Tells the moderators that a comment waits in their queue."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from discussion.groups import MODERATORS

    moderators = (
        get_user_model()
        .objects.filter(Q(groups__name=MODERATORS) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    for email in moderators:
        queue_email(
            to=[email],
            subject=_("Moderation: %(reason)s") % {"reason": reason},
            template="discussion/email/moderation",
            context={
                "comment": comment,
                "page": comment.content_object,
                "reason": reason,
                "queue_url": absolute(reverse("discussion_moderation")),
            },
        )
