"""The newsletter's work in the worker: sign-ups, and each post's dispatch to its subscribers.

Exactly once per post and address: the Dispatch is unique per page, each Delivery unique per
dispatch and subscriber, and a delivery is sent only by whoever claimed it with a conditional
UPDATE (pending → sending, with a lease). A worker killed mid-batch leaves its claimed rows
"sending"; after the lease another run takes them up. The one gap left is the moment between
the mail server accepting a mail and the row turning "sent" — as in mailing.tasks.
"""

import datetime
import itertools
import logging
import smtplib
import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.utils import timezone

from django_tasks import task

from blog.models import BlogPostPage
from mailing.messages import queue_message
from mailing.tasks import new_message_id
from newsletter import mail
from newsletter.models import Delivery, Dispatch, Subscriber

logger = logging.getLogger(__name__)


@task()
def sign_up(email, ip_address, wording_version):
    """The sign-up's work, out of the request: its answer and its time say nothing about the address."""
    now = timezone.now()
    try:
        with transaction.atomic():
            subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
            if subscriber is None:
                subscriber = Subscriber.objects.create(
                    email=email,
                    requested_at=now,
                    wording_version=wording_version,
                    ip_address=ip_address,
                    ip_recorded_at=now,
                )
            elif subscriber.status == Subscriber.Status.CONFIRMED:
                return  # already receives every post; a second confirmation would ask nothing new
            else:
                # Pending again, or back after unsubscribing: a fresh request that needs a fresh confirmation.
                subscriber.status = Subscriber.Status.PENDING
                subscriber.requested_at = now
                subscriber.wording_version = wording_version
                subscriber.ip_address = ip_address
                subscriber.ip_recorded_at = now
                subscriber.save()
    except IntegrityError:
        return  # the same address in two requests at once: the other one mails the link
    subject, text, html = mail.confirmation(subscriber)
    queue_message(to=[subscriber.email], subject=subject, text=text, html=html)


def live_post(page_id):
    """The post as readers see it, or None while it is unpublished or private."""
    return BlogPostPage.objects.live().public().filter(pk=page_id).first()


def _confirmed_ids(cutoff):
    return (
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED, confirmed_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@task()
def dispatch_post(page_id):
    """One dispatch for a newly published post, with one delivery per address confirmed by then."""
    page = live_post(page_id)
    if page is None:
        return
    dispatch, _ = Dispatch.objects.get_or_create(page_id=page_id)
    if dispatch.total is not None:
        # Done before. Sending may still wait (a worker died before the first batch ran): one more
        # chain of batches only claims what is left, so nothing goes out twice.
        if dispatch.deliveries.filter(status=Delivery.Status.PENDING).exists():
            send_batch.enqueue(dispatch.pk)
        return
    # Addresses confirmed by the post's first publication: a repeated run after a crash finds the same ones,
    # and a post dated back (the demo's) reaches nobody who subscribed after it.
    ids = _confirmed_ids(page.first_published_at or dispatch.created_at).iterator(chunk_size=settings.NEWSLETTER_CHUNK)
    while chunk := list(itertools.islice(ids, settings.NEWSLETTER_CHUNK)):
        Delivery.objects.bulk_create(
            [Delivery(dispatch=dispatch, subscriber_id=subscriber_id) for subscriber_id in chunk],
            ignore_conflicts=True,
        )
    # Together or not at all: the queue is in the same database, so a crash between the two cannot
    # leave a dispatch marked complete whose first batch was never queued.
    with transaction.atomic():
        Dispatch.objects.filter(pk=dispatch.pk).update(total=dispatch.deliveries.count())
        send_batch.enqueue(dispatch.pk)


def _claimable(now):
    # Waiting, or claimed by a worker whose lease has run out (it died).
    return Q(status=Delivery.Status.PENDING) | Q(status=Delivery.Status.SENDING, lease_until__lt=now)


def deliveries_claim(dispatch_id, *, limit):
    """Takes up to `limit` deliveries for this run; a row another worker claimed first is not among them."""
    now = timezone.now()
    claim = uuid.uuid4()
    candidates = list(
        Delivery.objects.filter(_claimable(now), dispatch_id=dispatch_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    # Conditional: the WHERE is checked again on each row as it is updated, so of two runs one wins each row.
    Delivery.objects.filter(_claimable(now), pk__in=candidates).update(
        status=Delivery.Status.SENDING,
        claim=claim,
        lease_until=now + datetime.timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS),
    )
    return claim, list(
        Delivery.objects.filter(claim=claim, status=Delivery.Status.SENDING).select_related("subscriber")
    )


def _release(claim, pks):
    """Claimed but not sent (a mail server outage): back to the queue, with no lease to wait out."""
    Delivery.objects.filter(claim=claim, pk__in=pks, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.PENDING, claim=None, lease_until=None
    )


def _finish(claim, pk, status):
    Delivery.objects.filter(pk=pk, claim=claim).update(status=status, sent_at=timezone.now(), lease_until=None)


def _post_mail(subject, text, html, subscriber):
    url = mail.unsubscribe_url(subscriber)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text.replace(mail.UNSUBSCRIBE_PLACEHOLDER, url),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={**mail.unsubscribe_headers(url), "Message-ID": new_message_id()},
    )
    email.attach_alternative(html.replace(mail.UNSUBSCRIBE_PLACEHOLDER, url), "text/html")
    return email


@task()
def send_batch(dispatch_id):
    """Sends one batch of a dispatch over one connection, then queues the next batch."""
    dispatch = Dispatch.objects.filter(pk=dispatch_id).first()
    if dispatch is None:
        return
    page = live_post(dispatch.page_id)
    if page is None:
        # Unpublished or made private meanwhile: what has not gone out stays unsent.
        Delivery.objects.filter(dispatch=dispatch, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SKIPPED
        )
        return
    claim, batch = deliveries_claim(dispatch_id, limit=settings.NEWSLETTER_BATCH_SIZE)
    if batch:
        _send(page, claim, batch)
    _continue(dispatch_id)


def _send(page, claim, batch):
    subject, text, html = mail.post(page)
    connection = get_connection()
    unsent = [delivery.pk for delivery in batch]
    try:
        connection.open()
        for delivery in batch:
            # Checked at send time, not when the dispatch was made: an address gone since gets nothing.
            if delivery.subscriber.status != Subscriber.Status.CONFIRMED:
                _finish(claim, delivery.pk, Delivery.Status.SKIPPED)
            else:
                try:
                    connection.send_messages([_post_mail(subject, text, html, delivery.subscriber)])
                except smtplib.SMTPRecipientsRefused:
                    # This address, not the server: retrying would only be refused again.
                    logger.warning("Newsletter delivery %s refused by the mail server", delivery.pk)
                    _finish(claim, delivery.pk, Delivery.Status.SKIPPED)
                else:
                    _finish(claim, delivery.pk, Delivery.Status.SENT)
            unsent.remove(delivery.pk)
    except (smtplib.SMTPException, OSError):
        logger.warning(
            "Mail server failed mid-batch; %s newsletter mails wait for the next run", len(unsent), exc_info=True
        )
        _release(claim, unsent)
        if send_batch.get_backend().supports_defer:
            later = timezone.now() + datetime.timedelta(seconds=settings.MAIL_RETRY_BASE_SECONDS)
            send_batch.using(run_after=later).enqueue(batch[0].dispatch_id)
        raise
    finally:
        try:
            connection.close()
        except (smtplib.SMTPException, OSError):
            logger.info("Mail server closed the connection uneasily", exc_info=True)


def _continue(dispatch_id):
    """Queues the next batch; rows another worker still holds are looked at again when its lease ends."""
    remaining = Delivery.objects.filter(
        dispatch_id=dispatch_id, status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    )
    if remaining.filter(status=Delivery.Status.PENDING).exists():
        send_batch.enqueue(dispatch_id)
        return
    lease_ends = remaining.aggregate(end=Min("lease_until"))["end"]
    if lease_ends is not None and send_batch.get_backend().supports_defer:
        send_batch.using(run_after=lease_ends + datetime.timedelta(seconds=1)).enqueue(dispatch_id)
