"""Reactions of registered readers to a comment: likes and reports."""

from django.conf import settings
from django.db import transaction

from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from core import ratelimit
from discussion.models import Report
from discussion.services.rules import RateLimited
from discussion.tasks import notify_moderators_of_report
from pagecache.cache import invalidate_scope_on_commit, scope_of


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
