"""Write-side of the discussion: posting, confirming, editing, likes, reports, follows, housekeeping."""

import datetime
import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from django_comments.models import Comment as BaseComment
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG, max_thread_level_for_content_type

from core import ratelimit
from core.net import address_bucket
from discussion.models import Block, Comment, PageSubscription, Report
from discussion.selectors import comment_by_submission
from discussion.tasks import (
    UNSUBSCRIBE_SALT,
    address_digest,
    notify_moderators_of_report,
    send_comment_confirmation,
    send_moderation_notice,
    send_new_comment_notice,
)
from discussion.text import links
from pagecache.cache import invalidate_on_commit, invalidate_scope_on_commit, scope_of

logger = logging.getLogger(__name__)

# Unsubscribe links that still carry the address (sent before the digest) work this long after sending.
LEGACY_UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=60)


class RateLimited(Exception):  # noqa: N818 - reads as the condition it signals
    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


def held_back(text):
    """The spam rules: too many links, or a word from the blocklist, send a comment to moderation."""
    if sum(1 for _ in links(text)) > settings.COMMENT_MAX_LINKS:
        return True
    lowered = text.lower()
    return any(word.lower() in lowered for word in settings.COMMENT_BLOCKLIST)


def check_rate_limit(*, ip_address, user, email=""):
    """Comments per client, account and (for guests) address in a window; staff write freely.

    A Redis outage opens the limit (core/ratelimit.py): comments are still accepted, and the
    moderation rules still catch spam, rather than the site refusing everyone.
    """
    signed_in = user is not None and user.is_authenticated
    if signed_in and user.is_staff:
        return
    keys = [f"comments:ip:{address_bucket(ip_address)}"] if ip_address else []
    if email and not signed_in:
        # Each anonymous comment mails its address: cap that too, so nobody floods a stranger's inbox.
        keys.append(f"comments:email:{email.lower()}")
    if signed_in:
        keys.append(f"comments:user:{user.pk}")
    limit = ratelimit.Limit(*settings.COMMENT_RATE_LIMIT)
    # Every counter counts this attempt, even once another is full.
    waits = [ratelimit.hit(key, limit) for key in keys]
    if any(waits):
        raise RateLimited(retry_after=max(waits))


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
        held_for_moderation=held,
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
        _publish(comment)
    return ConfirmationResult.PUBLISHED, comment


def _publish(comment):
    BaseComment.objects.filter(pk=comment.pk).update(is_public=True)
    comment.is_public = True
    notify_followers(comment)
    invalidate_on_commit()


def comment_approve(*, comment):
    """A moderator releases a held comment; an anonymous one still needs its writer's confirmation."""
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(held_for_moderation=False)
        BaseComment.objects.filter(pk=comment.pk).update(is_removed=False)
        comment.refresh_from_db()
        if not comment.is_public and (comment.user_id or comment.confirmed_at):
            _publish(comment)


def comment_remove(*, comment):
    """A moderator hides a comment; its replies stay, under a placeholder."""
    BaseComment.objects.filter(pk=comment.pk).update(is_removed=True)
    invalidate_on_commit()


def comment_destroy(*, comment):
    """A moderator deletes a comment for good; with replies it stays as a removed placeholder instead."""
    if Comment.objects.filter(parent_id=comment.pk).exclude(pk=comment.pk).exists():
        comment_remove(comment=comment)
        Comment.objects.filter(pk=comment.pk).update(comment="")
    else:
        comment.delete()
        invalidate_on_commit()


def comment_block_author(*, comment, reason=""):
    """Bars the comment's address (and account) from commenting and removes everything they wrote.

    An anonymised comment (its account deleted) has no address left to block: it is only removed.
    """
    if not comment.user_email:
        comment_remove(comment=comment)
        return
    Block.objects.get_or_create(email=comment.user_email.lower(), defaults={"user": comment.user, "reason": reason})
    BaseComment.objects.filter(user_email__iexact=comment.user_email).update(is_removed=True)
    invalidate_on_commit()


def is_blocked(*, email, user=None):
    blocked = Block.objects.filter(email=(email or "").lower())
    if user is not None and user.is_authenticated:
        blocked = blocked | Block.objects.filter(user=user)
    return blocked.exists()


def _own(comment, user):
    if not (user.is_authenticated and comment.user_id == user.pk):
        raise PermissionDenied


def comment_edit(*, comment, user, text):
    _own(comment, user)
    if comment.is_deleted or timezone.now() - comment.submit_date > settings.COMMENT_EDIT_WINDOW:
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


def comment_like(*, comment, user, like=True):
    """One like per reader and comment; `like=False` takes it back. Raises RateLimited for a
    reader who toggles faster than anyone reads.

    Only the comment's own page shows likes, so only its cached versions go stale.
    """
    wait = ratelimit.hit(f"likes:user:{user.pk}", ratelimit.Limit(*settings.LIKE_RATE_LIMIT))
    if wait:
        raise RateLimited(retry_after=wait)
    if like:
        _, changed = CommentFlag.objects.get_or_create(comment=comment, user=user, flag=LIKEDIT_FLAG)
    else:
        changed, _ = CommentFlag.objects.filter(comment=comment, user=user, flag=LIKEDIT_FLAG).delete()
    if changed:
        invalidate_scope_on_commit(scope_of(comment.content_object))


def comment_report(*, comment, user, reason, note=""):
    """A reader's report; raises RateLimited past REPORT_RATE_LIMIT new reports a day."""
    existing = Report.objects.filter(comment=comment, reporter=user).first()
    if existing is not None:
        return existing, False
    wait = ratelimit.hit(f"reports:user:{user.pk}", ratelimit.Limit(*settings.REPORT_RATE_LIMIT))
    if wait:
        raise RateLimited(retry_after=wait)
    report, created = Report.objects.get_or_create(
        comment=comment, reporter=user, defaults={"reason": reason, "note": note}
    )
    if created:
        # Nothing anyone else sees changes: readers never see report counts, the reporter's
        # own "bereits gemeldet" is per reader and never cached.
        transaction.on_commit(lambda: notify_moderators_of_report(report))
    return report, created


def notify_followers(comment):
    """One email per follower for a newly public comment: its thread's followers and the page's subscribers."""
    writer = comment.user_email.lower()
    thread_followers = (
        Comment.objects.filter(thread_id=comment.thread_id, followup=True, is_public=True)
        .exclude(pk=comment.pk)
        .values_list("user_email", flat=True)
    )
    page_followers = PageSubscription.objects.filter(page_id=int(comment.object_pk)).values_list("email", flat=True)
    sent = {writer}
    for email in page_followers:
        if email.lower() not in sent:
            sent.add(email.lower())
            send_new_comment_notice(comment, email=email, thread_id=0)
    for email in thread_followers:
        if email.lower() not in sent:
            sent.add(email.lower())
            send_new_comment_notice(comment, email=email, thread_id=comment.thread_id)


def page_subscribe(*, page, user):
    PageSubscription.objects.get_or_create(page=page, email=user.email, defaults={"user": user})


def page_unsubscribe(*, page, user):
    PageSubscription.objects.filter(page=page, email__iexact=user.email).delete()


def unsubscribe(*, token):
    """Stops the emails a signed unsubscribe link names; returns the page id, or None for a bad link."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        if isinstance(data, dict):
            # Links from before the digest carried the address itself. Mails already sent hold
            # them, so they keep working for a while, then no longer.
            signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=LEGACY_UNSUBSCRIBE_MAX_AGE)
            data = [data["p"], data["t"], address_digest(data["e"])]
    except signing.BadSignature:
        return None
    page_id, thread_id, digest = data
    if thread_id:
        followers = Comment.objects.filter(thread_id=thread_id, followup=True).values_list("user_email", flat=True)
        for email in {email.lower() for email in followers if address_digest(email) == digest}:
            Comment.objects.filter(thread_id=thread_id, user_email__iexact=email).update(followup=False)
    else:
        subscriptions = PageSubscription.objects.filter(page_id=page_id)
        subscriptions.filter(pk__in=[s.pk for s in subscriptions if address_digest(s.email) == digest]).delete()
    return page_id


def comments_purge_unconfirmed():
    """Deletes anonymous comments whose confirmation link has expired; returns how many."""
    expired = Comment.objects.filter(confirmed_at__isnull=True, confirmation_expires_at__lte=timezone.now())
    count = 0
    for comment in expired:
        comment.delete()
        count += 1
    return count


def comments_forget_ip_addresses():
    """Clears commenters' IP addresses after the retention period the privacy notice promises."""
    cutoff = timezone.now() - settings.COMMENT_IP_RETENTION
    return BaseComment.objects.filter(submit_date__lt=cutoff, ip_address__isnull=False).update(ip_address=None)
