"""Write-side of the discussion: posting, confirming, housekeeping."""

import datetime
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from django_comments.models import Comment as BaseComment
from django_comments_xtd.models import max_thread_level_for_content_type

from discussion.models import Comment
from discussion.tasks import send_comment_confirmation


def comment_post(*, target, text, user=None, name="", email="", parent=None, followup=False, ip_address=None):
    """Stores a comment at once. A registered reader's is public; an anonymous one waits for its email link."""
    content_type = ContentType.objects.get_for_model(target)
    if parent is not None:
        if (parent.content_type_id, parent.object_pk) != (content_type.pk, str(target.pk)):
            raise ValidationError(_("Die Antwort gehört zu einer anderen Seite."))
        if parent.level >= max_thread_level_for_content_type(content_type):
            raise ValidationError(_("Auf diese Antwort kann nicht weiter geantwortet werden."))
    registered = user is not None and user.is_authenticated
    comment = Comment(
        content_type=content_type,
        object_pk=str(target.pk),
        site_id=settings.SITE_ID,
        user=user if registered else None,
        user_name=(user.public_name if registered else name)[:50],
        user_email=user.email if registered else email,
        comment=text,
        parent_id=parent.pk if parent else 0,
        followup=followup,
        ip_address=ip_address,
        is_public=registered,
    )
    if not registered:
        comment.confirmation_token = secrets.token_urlsafe(32)
        comment.confirmation_expires_at = timezone.now() + datetime.timedelta(days=settings.COMMENT_CONFIRMATION_DAYS)
    with transaction.atomic():
        comment.save()
        if not registered:
            # Enqueued in the same transaction: the worker sees the comment with the task.
            send_comment_confirmation.enqueue(comment.pk)
    return comment


class ConfirmationResult:
    PUBLISHED = "published"
    ALREADY = "already"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


def comment_confirm(*, token):
    """Publishes the comment behind an email link exactly once, however often or concurrently it is clicked."""
    comment = Comment.objects.filter(confirmation_token=token).first() if token else None
    if comment is None:
        return ConfirmationResult.UNKNOWN, None
    if comment.is_public:
        return ConfirmationResult.ALREADY, comment
    if comment.confirmation_expires_at <= timezone.now():
        return ConfirmationResult.EXPIRED, comment
    # One conditional UPDATE on the table that holds is_public: the database lets
    # exactly one of any number of concurrent clicks change the row.
    published = BaseComment.objects.filter(pk=comment.pk, is_public=False).update(is_public=True)
    comment.is_public = True
    return (ConfirmationResult.PUBLISHED if published else ConfirmationResult.ALREADY), comment


def comments_purge_unconfirmed():
    """Deletes anonymous comments whose confirmation link has expired; returns how many."""
    expired = Comment.objects.filter(is_public=False, confirmation_expires_at__lte=timezone.now()).exclude(
        confirmation_token=""
    )
    count = 0
    for comment in expired:
        comment.delete()
        count += 1
    return count
