"""Moderation and bans: what moderators do to comments in the queue (discussion/admin_views.py)."""

from django.db import transaction

from django_comments.models import Comment as BaseComment

from discussion.models import Block, Comment
from discussion.services.posting import publish
from pagecache.cache import invalidate_on_commit


def comment_approve(*, comment):
    """A moderator releases a held comment; an anonymous one still needs its writer's confirmation."""
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(held_for_moderation=False)
        BaseComment.objects.filter(pk=comment.pk).update(is_removed=False)
        comment.refresh_from_db()
        if not comment.is_public and (comment.user_id or comment.confirmed_at):
            publish(comment)


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
