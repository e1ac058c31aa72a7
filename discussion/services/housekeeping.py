"""Housekeeping the worker runs on its clock: what the privacy notice promises to delete."""

from django.conf import settings
from django.utils import timezone

from django_comments.models import Comment as BaseComment

from discussion.models import Comment


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
