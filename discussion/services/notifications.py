"""Notifications and subscriptions: who is mailed about a new comment, and how they stop it."""

import datetime

from django.core import signing

from accounts.services import reader_addresses
from discussion.models import Comment, PageSubscription
from discussion.personal_data import comments_of, subscriptions_of
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
    # The writer answered to: their mail says "… hat Ihnen geantwortet", however they follow.
    parent = Comment.objects.filter(pk=comment.parent_id).exclude(pk=comment.pk).first()

    def answered(email):
        return parent if parent and parent.user_email.lower() == email.lower() else None

    sent = {writer}
    for email in page_followers:
        if email.lower() not in sent:
            sent.add(email.lower())
            send_new_comment_notice(comment, email=email, thread_id=0, answered=answered(email))
    for email in thread_followers:
        if email.lower() not in sent:
            sent.add(email.lower())
            send_new_comment_notice(comment, email=email, thread_id=comment.thread_id, answered=answered(email))


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


# The reader's own subscriptions, as Mein Konto lists and ends them. Guest comments and page
# subscriptions under one of her verified addresses are hers too (as in her data export).


def _reply_followups(user, addresses):
    """The reader's comments that bring her an email for each new reply in their thread."""
    return comments_of(user, addresses).filter(followup=True, is_public=True)


def followed_pages(*, user):
    """The pages the reader follows (an email for every new comment), newest first."""
    return subscriptions_of(user, reader_addresses(user)).select_related("page").order_by("-created_at", "-pk")


def followed_threads(*, user):
    """One entry per thread whose replies the reader gets by email: her newest comment in it."""
    comments = (
        _reply_followups(user, reader_addresses(user))
        .select_related(None)
        .prefetch_related("content_object")
        .order_by("-submit_date", "-pk")
    )
    threads = {}
    for comment in comments:
        if comment.content_object is not None:
            threads.setdefault(comment.thread_id, comment)
    return list(threads.values())


def page_follow_end(*, user, subscription_id):
    """Ends one of the reader's page subscriptions; returns its page, or None if she has none by that id.

    Someone else's id matches nothing, so it answers like one already ended.
    """
    subscription = (
        subscriptions_of(user, reader_addresses(user)).select_related("page").filter(pk=subscription_id).first()
    )
    if subscription is None:
        return None
    subscription.delete()
    return subscription.page


def thread_follow_end(*, user, thread_id):
    """Stops reply emails for one thread, as the mail's unsubscribe link would; returns the thread's page or None."""
    addresses = reader_addresses(user)
    comment = (
        _reply_followups(user, addresses)
        .filter(thread_id=thread_id)
        .select_related(None)
        .prefetch_related("content_object")
        .first()
    )
    if comment is None:
        return None
    # All her comments in the thread: any one of them left on would keep the emails coming.
    comments_of(user, addresses).filter(thread_id=thread_id).update(followup=False)
    return comment.content_object
