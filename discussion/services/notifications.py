"""Notifications and subscriptions: who is mailed about a new comment, and how they stop it."""

import datetime

from django.core import signing

from discussion.models import Comment, PageSubscription
from discussion.tasks import UNSUBSCRIBE_SALT, address_digest, send_new_comment_notice

# Unsubscribe links that still carry the address (sent before the digest) work this long after sending.
LEGACY_UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=60)


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
