"""The newsletter's rules as the views, the admin and the worker use them."""

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from core import ratelimit
from core.net import address_bucket
from discussion.services.rules import RateLimited
from mailing.messages import queue_message
from newsletter import mail, tasks
from newsletter.models import CURRENT_WORDING, Subscriber


def sign_up_request(*, email, ip_address):
    """Takes a sign-up for the worker. Every address costs the same here, whatever its state; the
    lookup and the mail happen in the task (tasks.sign_up). Raises RateLimited."""
    ip_limit, address_limit = (ratelimit.Limit(*limit) for limit in settings.NEWSLETTER_SIGNUP_LIMITS)
    # Both counters count every attempt: per address, so nobody floods a stranger's inbox with links.
    waits = [
        ratelimit.hit(f"newsletter:ip:{address_bucket(ip_address)}", ip_limit),
        ratelimit.hit(f"newsletter:email:{email.strip().lower()}", address_limit),
    ]
    if any(waits):
        raise RateLimited(retry_after=max(waits))
    tasks.sign_up.enqueue(email.strip(), ip_address, CURRENT_WORDING)


def _by_token(token, *, salt, max_age=None):
    found = mail.token_subscriber_id(token, salt=salt, max_age=max_age)
    if found is None:
        return None
    subscriber_id, digest = found
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or mail.address_digest(subscriber.email) != digest:
        return None
    return subscriber


def confirmable(token):
    """The subscriber a confirm link names while it is valid (7 days), else None; changes nothing."""
    subscriber = _by_token(token, salt=mail.CONFIRM_SALT, max_age=mail.CONFIRM_MAX_AGE)
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return None
    return subscriber


def subscription_confirm(*, token, ip_address):
    """Confirms the sign-up a valid link names; returns the subscriber, or None for a bad or expired link."""
    with transaction.atomic():
        subscriber = confirmable(token)
        if subscriber is None:
            return None
        now = timezone.now()
        # Conditional, so a double click records the first consent, not the second.
        Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.PENDING).update(
            status=Subscriber.Status.CONFIRMED, confirmed_at=now, ip_address=ip_address, ip_recorded_at=now
        )
    subscriber.refresh_from_db()
    return subscriber


def unsubscribe(*, token):
    """Ends the subscription a signed unsubscribe link names; returns False for a bad link."""
    subscriber = _by_token(token, salt=mail.UNSUBSCRIBE_SALT)
    if subscriber is None:
        return False
    Subscriber.objects.filter(pk=subscriber.pk).exclude(status=Subscriber.Status.UNSUBSCRIBED).update(
        status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now(), ip_address=None, ip_recorded_at=None
    )
    return True


def dispatch_on_commit(page):
    """Queues a just published post's dispatch once the publishing has committed; the request only queues it."""
    page_id = page.pk
    transaction.on_commit(lambda: tasks.dispatch_post.enqueue(page_id))


def test_mail_send(*, page, user):
    """The post's mail as its readers would get it, to the author alone (her unsubscribe link is a dummy)."""
    subject, text, html = mail.post(page, unsubscribe=mail.absolute("/"))
    queue_message(to=[user.email], subject=subject, text=text, html=html)


# The privacy notice's promises, kept by the worker (home/management/commands/run_worker.py).


def subscribers_purge_pending():
    """Deletes sign-ups nobody confirmed within the link's 7 days; returns how many."""
    deleted, _ = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, requested_at__lt=timezone.now() - mail.CONFIRM_MAX_AGE
    ).delete()
    return deleted


def subscribers_forget_ip_addresses():
    """Forgets the sign-up's and the confirmation's IP address after 30 days."""
    return Subscriber.objects.filter(ip_recorded_at__lt=timezone.now() - settings.NEWSLETTER_IP_RETENTION).update(
        ip_address=None, ip_recorded_at=None
    )


def subscriptions_of(addresses):
    return Subscriber.objects.annotate(address=Lower("email")).filter(address__in=list(addresses))
