"""Moderation and bans: what moderators do to comments in the queue (discussion/admin_comments.py), one at a
time or in bulk. Each action is logged per comment (Wagtail's history, German labels in wagtail_hooks.py)."""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from django_comments.models import Comment as BaseComment

from discussion.models import Block, Comment
from discussion.services.posting import publish
from pagecache.cache import invalidate_on_commit


def comment_approve(*, comment, by=None):
    """A moderator releases a held comment; an anonymous one still needs its writer's confirmation."""
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(held_for_moderation=False)
        BaseComment.objects.filter(pk=comment.pk).update(is_removed=False)
        comment.refresh_from_db()
        if not comment.is_public and (comment.user_id or comment.confirmed_at):
            publish(comment)
        log(instance=comment, action="discussion.approve", user=by)
    # A removed comment released again changes the page even when it was public all along.
    invalidate_on_commit()


def comment_remove(*, comment, by=None):
    """A moderator hides a comment; its replies stay, under a placeholder."""
    with transaction.atomic():
        BaseComment.objects.filter(pk=comment.pk).update(is_removed=True)
        log(instance=comment, action="discussion.remove", user=by)
    invalidate_on_commit()


def comment_destroy(*, comment, by=None):
    """A moderator deletes a comment for good; with replies it stays as a removed placeholder instead."""
    with transaction.atomic():
        # Logged first: the entry keeps the comment's id and title even once the row is gone.
        log(instance=comment, action="discussion.destroy", user=by)
        if Comment.objects.filter(parent_id=comment.pk).exclude(pk=comment.pk).exists():
            BaseComment.objects.filter(pk=comment.pk).update(is_removed=True)
            Comment.objects.filter(pk=comment.pk).update(comment="")
        else:
            comment.delete()
    invalidate_on_commit()


def reports_resolve(*, comment, by=None):
    """A moderator has looked at a reported comment and lets it stand: its reports are done.

    The reports go (so the comment leaves "Gemeldet", and a reader may report it again should it
    come to that); what they said stays in the comment's history.
    """
    with transaction.atomic():
        reports = list(comment.reports.values("reason", "note", "created_at"))
        comment.reports.all().delete()
        data = {
            "reports": [
                {"reason": r["reason"], "note": r["note"], "created_at": r["created_at"].isoformat()} for r in reports
            ]
        }
        log(instance=comment, action="discussion.resolve", user=by, data=data)
    # The page shows "Umstritten" beside reported comments.
    invalidate_on_commit()


def comment_block_author(*, comment, reason="", duration=None, remove_earlier=False, by=None):
    """Bars the comment's address (and account) from commenting, for `duration` or for good.

    The comment itself is removed; the writer's earlier comments only when the moderator chose so.
    An address blocked before gets its one row renewed, so that row's history is the writer's
    moderation record. An anonymised comment (its account deleted) has no address left to block:
    it is only removed, and None is returned.
    """
    if not comment.user_email:
        comment_remove(comment=comment)
        return None
    expires_at = timezone.now() + duration if duration else None
    with transaction.atomic():
        block, created = Block.objects.update_or_create(
            email=comment.user_email.lower(),
            defaults={"user": comment.user, "reason": reason, "expires_at": expires_at, "created_by": by},
        )
        if not created:
            # A renewed block starts now: created_at is auto_now_add and would keep the first date.
            Block.objects.filter(pk=block.pk).update(created_at=timezone.now())
        removed = BaseComment.objects.filter(pk=comment.pk)
        if remove_earlier:
            removed = BaseComment.objects.filter(user_email__iexact=comment.user_email)
        count = removed.update(is_removed=True)
        data = {
            "email": block.email,
            "reason": reason,
            "expires_at": expires_at.isoformat() if expires_at else None,
            "removed": count,
        }
        # Two actions, not one: Wagtail's history keeps one entry per request and action.
        log(instance=block, action="discussion.block", user=by, data=data)
        log(instance=comment, action="discussion.block_author", user=by, data=data)
    invalidate_on_commit()
    return block


def block_lift(*, block, by=None):
    """Lifts a block now. The row stays (ended), so its history still tells the whole story."""
    with transaction.atomic():
        Block.objects.filter(pk=block.pk).update(expires_at=timezone.now())
        block.refresh_from_db()
        log(instance=block, action="discussion.unblock", user=by, data={"email": block.email})
    return block
