"""Posting and confirmation: a comment is stored at once, an anonymous one published by its email link;
its writer may edit it for a while and delete it."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from django_comments.models import Comment as BaseComment
from django_comments_xtd.models import max_thread_level_for_content_type

from discussion.models import Comment
from discussion.selectors import comment_by_submission
from discussion.services.notifications import notify_followers
from discussion.services.rules import held_back, is_blocked
from discussion.tasks import send_comment_confirmation, send_moderation_notice
from pagecache.cache import invalidate_on_commit


def comment_post(
    *, target, text, user=None, name="", email="", parent=None, followup=False, ip_address=None, submission_key=None
):
    """Stores a comment at once. A registered reader's is public; an anonymous one waits for its email link.

    A `submission_key` already stored (the same form sent again, or at the same moment) stores
    and mails nothing: the comment it stored is returned.
    """
    content_type = ContentType.objects.get_for_model(target)
    if parent is not None:
        if (parent.content_type_id, parent.object_pk) != (content_type.pk, str(target.pk)):
            raise ValidationError(_("Die Antwort gehört zu einer anderen Seite."))
        if parent.level >= max_thread_level_for_content_type(content_type):
            raise ValidationError(_("Auf diese Antwort kann nicht weiter geantwortet werden."))
    registered = user is not None and user.is_authenticated
    if is_blocked(email=user.email if registered else email, user=user):
        raise ValidationError(_("Von dieser Adresse können wir leider keine Kommentare mehr annehmen."))
    held = held_back(text)
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
        is_public=registered and not held,
        held_for_moderation=bool(held),
        held_reason=held[:200],
        submission_key=submission_key,
    )
    if not registered:
        comment.confirmation_token = secrets.token_urlsafe(32)
        comment.confirmation_expires_at = timezone.now() + datetime.timedelta(days=settings.COMMENT_CONFIRMATION_DAYS)
    try:
        with transaction.atomic():
            comment.save()
            if not registered:
                # Queued in the same transaction: the worker sees the comment with the task.
                send_comment_confirmation(comment)
            elif comment.is_public:
                notify_followers(comment)
                invalidate_on_commit()
            if held and registered:
                send_moderation_notice(comment, reason=_("Kommentar wartet auf Freischaltung"))
    except IntegrityError:
        # The same submission committed first: its comment stands for this one, mails and all.
        stored = comment_by_submission(submission_key)
        if stored is None:
            raise
        return stored
    return comment


class ConfirmationResult:
    PUBLISHED = "published"
    HELD = "held"
    ALREADY = "already"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


def used_token(token):
    """What a confirmation token becomes once used: it still recognises the link, but no longer is it."""
    return hashlib.sha256(token.encode()).hexdigest()


def comment_by_confirmation_token(token):
    """The comment behind a confirmation link, used or not; None for an unknown link."""
    return Comment.objects.filter(confirmation_token__in=[token, used_token(token)]).first() if token else None


def comment_confirm(*, token):
    """Confirms the comment behind an email link exactly once, however often or concurrently it is clicked."""
    comment = comment_by_confirmation_token(token)
    if comment is None:
        return ConfirmationResult.UNKNOWN, None
    if comment.confirmed_at is not None:
        return ConfirmationResult.ALREADY, comment
    if comment.confirmation_expires_at <= timezone.now():
        return ConfirmationResult.EXPIRED, comment
    with transaction.atomic():
        # A conditional UPDATE: the database lets exactly one concurrent click through. The
        # token is replaced by its hash, so a database dump holds no working link.
        first = Comment.objects.filter(pk=comment.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now(), confirmation_token=used_token(token)
        )
        if not first:
            return ConfirmationResult.ALREADY, comment
        comment.refresh_from_db()
        if comment.held_for_moderation:
            # Unconfirmed spam never reaches the moderators; confirmed, it does.
            send_moderation_notice(comment, reason=_("Kommentar wartet auf Freischaltung"))
            return ConfirmationResult.HELD, comment
        publish(comment)
    return ConfirmationResult.PUBLISHED, comment


def publish(comment):
    """Makes a stored comment public and tells its followers (a confirmation or a moderator's approval)."""
    BaseComment.objects.filter(pk=comment.pk).update(is_public=True)
    comment.is_public = True
    notify_followers(comment)
    invalidate_on_commit()


def _own(comment, user):
    if not (user.is_authenticated and comment.user_id == user.pk):
        raise PermissionDenied


def editable_until(comment):
    """The end of the writer's edit window (COMMENT_EDIT_WINDOW after writing)."""
    return comment.submit_date + settings.COMMENT_EDIT_WINDOW


def comment_edit(*, comment, user, text):
    _own(comment, user)
    if comment.is_deleted or timezone.now() >= editable_until(comment):
        raise ValidationError(_("Kommentare lassen sich nur in den ersten 15 Minuten bearbeiten."))
    if held_back(text):
        # Hiding a published comment would hide the replies under it too: refuse the edit instead.
        raise ValidationError(
            _("Die Änderung enthält zu viele Links oder ein gesperrtes Wort und wurde nicht gespeichert.")
        )
    comment.comment = text
    comment.edited_at = timezone.now()
    comment.save(update_fields=["comment", "edited_at"])
    invalidate_on_commit()
    return comment


def comment_delete(*, comment, user):
    """The writer deletes their comment; the row stays as a placeholder so replies keep their place."""
    _own(comment, user)
    comment.comment = ""
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["comment", "deleted_at"])
    invalidate_on_commit()
