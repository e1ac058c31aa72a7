"""The follow-up: months after a rating, asking the reader by mail whether business came of it.

Only with the reader's recorded consent (FollowUp), on a weekday during office hours, at most
one mail a week per reader (several due ratings share it). Answers and withdrawals come back
through signed links, without log-in; each names exactly the follow-ups of its mail.
"""

import datetime
import logging
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from formats.models import FOLLOW_UP_CONSENT_VERSION, FollowUp, Rating
from mailing.messages import queue_message
from pagecache.cache import invalidate_on_commit

logger = logging.getLogger(__name__)

# The first mail 90 days after the consent; the second after 180, if the first left it open.
ROUNDS = (datetime.timedelta(days=90), datetime.timedelta(days=180))
# However many ratings fall due, a reader gets at most one follow-up mail in this time.
MAIL_GAP = datetime.timedelta(days=7)
# Mails go out when people read business mail: Monday to Friday, 09:00 to 18:00 Berlin time.
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
OFFICE_HOURS = (datetime.time(9), datetime.time(18))

ANSWER_SALT = "formats.followup.answer"
ANSWER_MAX_AGE = datetime.timedelta(days=60)
# Withdrawing has no expiry: a consent must stay easy to end, also from an old mail.
WITHDRAW_SALT = "formats.followup.withdraw"


class LinkExpired(Exception):  # noqa: N818 - reads as what happened to the link
    pass


class LinkInvalid(Exception):  # noqa: N818 - reads as what is wrong with the link
    pass


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def in_office_hours(moment):
    local = moment.astimezone(BERLIN)
    return local.weekday() < 5 and OFFICE_HOURS[0] <= local.time() < OFFICE_HOURS[1]


# Consent, as the rating form records it.


def follow_up_consent(*, rating, consented):
    """Records the reader's tick (or its removal) on the rating form.

    A consent is only possible while business is still open ("ja" has nothing to ask); given
    again after a withdrawal it starts anew, with the current wording.
    """
    current = FollowUp.objects.filter(rating=rating).first()
    if consented and rating.led_to_business != Rating.Business.YES:
        if current is not None and current.is_active:
            return current
        now = timezone.now()
        follow_up, _created = FollowUp.objects.update_or_create(
            rating=rating,
            defaults={
                "consented_at": now,
                "consent_version": FOLLOW_UP_CONSENT_VERSION,
                "round": 0,
                "due_at": now + ROUNDS[0],
                "sent_at": None,
                "answered_at": None,
                "answer": "",
                "withdrawn_at": None,
            },
        )
        return follow_up
    if current is not None and current.is_active and not consented:
        follow_up_withdraw(follow_ups=[current])
    return None


def follow_up_withdraw(*, follow_ups):
    """Ends the consents; the records stay (when it was given and ended), no mail is due any more."""
    ids = [follow_up.pk for follow_up in follow_ups]
    return FollowUp.objects.filter(pk__in=ids, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), due_at=None
    )


def follow_up_withdraw_for(*, reader, rating_id):
    """Withdraws from Mein Konto: only the reader's own consent; returns the rating or None."""
    follow_up = (
        FollowUp.objects.filter(rating__reader=reader, rating_id=rating_id, withdrawn_at__isnull=True)
        .select_related("rating__format_page")
        .first()
    )
    if follow_up is None:
        return None
    follow_up_withdraw(follow_ups=[follow_up])
    return follow_up.rating


# Sending.


def _due(now):
    return FollowUp.objects.filter(
        due_at__lte=now,
        withdrawn_at__isnull=True,
        rating__is_hidden=False,
        rating__format_page__live=True,
        rating__reader__is_active=True,
    ).exclude(Q(rating__led_to_business=Rating.Business.YES) | Q(answer__in=[Rating.Business.YES, Rating.Business.NO]))


def send_followups(*, now=None):
    """Queues the due follow-up mails, one per reader; returns how many mails were queued.

    Safe to run at any time and by several processes at once: outside office hours it does
    nothing, and each follow-up moves to its next round by a conditional update, so a mail is
    claimed once. The reader's row is locked for her turn, so two senders can't both pass her
    weekly limit with different ratings.
    """
    now = now or timezone.now()
    if not in_office_hours(now):
        return 0
    reader_ids = set(_due(now).values_list("rating__reader_id", flat=True))
    return sum(_send_to_reader(reader_id, now) for reader_id in sorted(reader_ids))


def _next_due(follow_up, sent_round):
    return follow_up.consented_at + ROUNDS[sent_round] if sent_round < len(ROUNDS) else None


def _send_to_reader(reader_id, now):
    with transaction.atomic():
        reader = get_user_model().objects.select_for_update(skip_locked=True).filter(pk=reader_id).first()
        if reader is None:
            return 0  # another sender is at her turn right now
        if FollowUp.objects.filter(rating__reader=reader, sent_at__gt=now - MAIL_GAP).exists():
            return 0
        claimed = []
        for follow_up in _due(now).filter(rating__reader=reader).select_related("rating__format_page"):
            sent_round = follow_up.round + 1
            next_due = _next_due(follow_up, sent_round)
            won = FollowUp.objects.filter(pk=follow_up.pk, round=follow_up.round, due_at=follow_up.due_at).update(
                round=sent_round, sent_at=now, due_at=next_due
            )
            if won:
                follow_up.round, follow_up.sent_at, follow_up.due_at = sent_round, now, next_due
                claimed.append(follow_up)
        if not claimed:
            return 0
        # In the same transaction: the mail is queued exactly when its follow-ups count as sent.
        _queue_mail(reader, sorted(claimed, key=lambda follow_up: follow_up.rating.format_page.title))
        return 1


def answer_url(follow_up, business=""):
    token = signing.dumps(follow_up.pk, salt=ANSWER_SALT)
    path = reverse("follow_up_answer", args=[token])
    return _absolute(f"{path}?geschaeft={business}" if business else path)


def withdraw_url(follow_ups):
    token = signing.dumps(sorted(follow_up.pk for follow_up in follow_ups), salt=WITHDRAW_SALT)
    return _absolute(reverse("follow_up_withdraw", args=[token]))


def _queue_mail(reader, follow_ups):
    withdraw = withdraw_url(follow_ups)
    if len(follow_ups) == 1:
        subject = _("Hat sich aus dem %(title)s Geschäft ergeben?") % {"title": follow_ups[0].rating.format_page.title}
    else:
        subject = _("Hat sich aus Ihren Besuchen Geschäft ergeben?")
    items = [
        {
            "follow_up": follow_up,
            "title": follow_up.rating.format_page.title,
            "rated_on": follow_up.rating.created_at,
            "answers": [
                (label, answer_url(follow_up, value))
                for value, label in (
                    (Rating.Business.YES, _("Ja")),
                    (Rating.Business.NOT_YET, _("Noch nicht")),
                    (Rating.Business.NO, _("Nein")),
                )
            ],
            "page_url": answer_url(follow_up),
        }
        for follow_up in follow_ups
    ]
    context = {
        "reader": reader,
        "items": items,
        "withdraw_url": withdraw,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "intro": ngettext(
            "vor drei Monaten haben Sie dieses Format bewertet und uns erlaubt, nachzufragen:",
            "vor einiger Zeit haben Sie diese Formate bewertet und uns erlaubt, nachzufragen:",
            len(items),
        ),
        "valid_days": ANSWER_MAX_AGE.days,
    }
    queue_message(
        to=[reader.email],
        subject=subject,
        text=render_to_string("formats/email/follow_up.txt", context),
        html=render_to_string("formats/email/follow_up.html", context),
        # RFC 2369 and RFC 8058: the mail client's one-click unsubscribe withdraws these consents.
        headers={"List-Unsubscribe": f"<{withdraw}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


# Answers and withdrawals from the mail's links.


def follow_up_from_token(token):
    """The follow-up an answer link names; LinkExpired after 60 days, LinkInvalid if forged or gone."""
    try:
        pk = signing.loads(token, salt=ANSWER_SALT, max_age=ANSWER_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    follow_up = FollowUp.objects.select_related("rating__format_page").filter(pk=pk).first()
    if follow_up is None:
        raise LinkExpired  # the rating was deleted since
    return follow_up


def follow_up_answer(*, follow_up, business, second_degree=None):
    """Puts the reader's answer on exactly this rating: "Geschäft", and the 2nd/3rd degree if she said.

    "ja" and "nein" end the follow-up; "noch nicht" leaves the second round due.
    """
    now = timezone.now()
    rating = follow_up.rating
    rating.led_to_business = business
    fields = ["led_to_business", "updated_at"]
    if second_degree is not None:
        rating.second_degree = second_degree
        fields.append("second_degree")
    rating.save(update_fields=fields)
    follow_up.answer = business
    follow_up.answered_at = now
    if business != Rating.Business.NOT_YET:
        follow_up.due_at = None
    follow_up.save(update_fields=["answer", "answered_at", "due_at"])
    invalidate_on_commit()
    return follow_up


def follow_up_withdraw_by_token(token):
    """Withdraws the consents a mail's unsubscribe link names; None for a forged link."""
    try:
        ids = signing.loads(token, salt=WITHDRAW_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(ids, list):
        return None
    follow_ups = list(FollowUp.objects.filter(pk__in=ids))
    follow_up_withdraw(follow_ups=follow_ups)
    return follow_ups
