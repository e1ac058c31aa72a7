"""What we store about a reader, and how it leaves: export, ending subscriptions, self-service deletion.

Both work from the same questions (`_addresses`, `_comments`, `_subscriptions`), so
deletion covers whatever the export shows, guest comments written before sign-up included.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from allauth.account.models import EmailAddress
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from discussion.models import Comment, PageSubscription
from mailing.services import mails_drop_for
from pagecache.cache import invalidate_on_commit

# What a deleted reader's comments show instead of their name.
ANONYMOUS_NAME = "ehemaliges Mitglied"


def _addresses(user):
    """The account's address and every one the reader has verified; an unverified one could be anybody's."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return {address.lower() for address in [user.email, *verified] if address}


def _any_address(field, addresses):
    """Matches `field` against any of the addresses, case-insensitively; matches nothing for none."""
    matches = Q(pk__in=[])
    for address in addresses:
        matches |= Q(**{f"{field}__iexact": address})
    return matches


def _comments(user, addresses):
    """The reader's comments: under the account, and as a guest under one of her addresses."""
    return Comment.objects.filter(Q(user=user) | (Q(user__isnull=True) & _any_address("user_email", addresses)))


def _subscriptions(user, addresses):
    return PageSubscription.objects.filter(Q(user=user) | _any_address("email", addresses))


def _reply_followups(user, addresses):
    """The reader's comments that bring her an email for each new reply in their thread."""
    return _comments(user, addresses).filter(followup=True, is_public=True)


def followed_pages(*, user):
    """The pages the reader follows (an email for every new comment), newest first."""
    return _subscriptions(user, _addresses(user)).select_related("page").order_by("-created_at", "-pk")


def followed_threads(*, user):
    """One entry per thread whose replies the reader gets by email: her newest comment in it."""
    comments = (
        _reply_followups(user, _addresses(user))
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
    subscription = _subscriptions(user, _addresses(user)).select_related("page").filter(pk=subscription_id).first()
    if subscription is None:
        return None
    subscription.delete()
    return subscription.page


def thread_follow_end(*, user, thread_id):
    """Stops reply emails for one thread, as the mail's unsubscribe link would; returns the thread's page or None."""
    addresses = _addresses(user)
    comments = _reply_followups(user, addresses).filter(thread_id=thread_id)
    comment = comments.select_related(None).prefetch_related("content_object").first()
    if comment is None:
        return None
    # All her comments in the thread: any one of them left on would keep the emails coming.
    _comments(user, addresses).filter(thread_id=thread_id).update(followup=False)
    return comment.content_object


def _yes_no(value):
    return _("keine Angabe") if value is None else _("Ja") if value else _("Nein")


def _when(moment):
    """A time as German readers write it: "25. November 2026, 07:00 Uhr" (in Berlin time)."""
    if moment is None:
        return None
    return _("%(date)s, %(time)s Uhr") % {
        "date": formats.date_format(timezone.localtime(moment), "j. F Y"),
        "time": formats.time_format(timezone.localtime(moment), "H:i"),
    }


def _label(choice_label):
    """A choice's German label as a value of its own ("Noch nicht"); unanswered is "keine Angabe"."""
    return capfirst(choice_label) if choice_label else _("keine Angabe")


def account_export(*, user, request=None):
    """Everything stored about this reader, as JSON-ready data (DSGVO Art. 15 and 20)."""
    addresses = _addresses(user)
    ratings = user.ratings.select_related("format_page").order_by("created_at")
    return {
        "konto": {
            "benutzername": user.username,
            "anzeigename": user.display_name,
            "vorname": user.first_name,
            "nachname": user.last_name,
            "registriert_am": _when(user.date_joined),
            "letzte_anmeldung": _when(user.last_login),
        },
        "e_mail_adressen": [
            {"adresse": address.email, "bestätigt": _yes_no(address.verified), "primär": _yes_no(address.primary)}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "bewertungen": [
            {
                "format": rating.format_page.title,
                "url": rating.format_page.get_full_url(request),
                "kontakte": rating.contacts,
                "informationen": rating.information,
                "spaß": rating.fun,
                "kontakte_zweiten_dritten_grades": _yes_no(rating.second_degree),
                "geschäft": _label(rating.get_led_to_business_display() if rating.led_to_business else ""),
                "besuche": _label(rating.get_attendance_display() if rating.attendance else ""),
                "bewertet_am": _when(rating.created_at),
                "geändert_am": _when(rating.updated_at),
                "ausgeblendet": _yes_no(rating.is_hidden),
                "grund_ausgeblendet": rating.hidden_reason or None,
            }
            for rating in ratings
        ],
        "kommentare": [
            {
                "seite": comment.content_object.title if comment.content_object else None,
                "url": comment.content_object.get_full_url(request) if comment.content_object else None,
                "text": comment.comment,
                "geschrieben_am": _when(comment.submit_date),
                "bearbeitet_am": _when(comment.edited_at),
                "gelöscht_am": _when(comment.deleted_at),
                "öffentlich": _yes_no(comment.is_public and not comment.is_removed),
                "benachrichtigung_bei_antworten": _yes_no(comment.followup),
                "ip_adresse": comment.ip_address,
            }
            for comment in _comments(user, addresses).prefetch_related("content_object").order_by("submit_date")
        ],
        "gefällt_mir": [
            {"kommentar_id": flag.comment_id, "am": _when(flag.flag_date)}
            for flag in CommentFlag.objects.filter(user=user, flag=LIKEDIT_FLAG).order_by("flag_date")
        ],
        "meldungen": [
            {
                "kommentar_id": report.comment_id,
                "grund": report.get_reason_display(),
                "anmerkung": report.note,
                "am": _when(report.created_at),
            }
            for report in user.comment_reports.order_by("created_at")
        ],
        "seiten_abos": [
            {
                "seite": subscription.page.title,
                "url": subscription.page.get_full_url(request),
                "seit": _when(subscription.created_at),
            }
            for subscription in _subscriptions(user, addresses).select_related("page").order_by("created_at")
        ],
    }


def account_delete(*, user):
    """Deletes the reader with their ratings, subscriptions and pending mails.

    Comments stay, anonymised, so threads keep their replies; guest comments she never
    confirmed were never shown and go entirely.
    """
    addresses = _addresses(user)
    with transaction.atomic():
        comments = _comments(user, addresses)
        for unconfirmed in comments.filter(user__isnull=True, confirmed_at__isnull=True, is_public=False):
            unconfirmed.delete()
        comments.update(
            user=None, user_name=ANONYMOUS_NAME, user_email="", user_url="", ip_address=None, followup=False
        )
        _subscriptions(user, addresses).delete()
        # Queued mails to her would still go out, and finished ones keep her address until pruned.
        mails_drop_for(addresses=addresses)
        user.delete()
        invalidate_on_commit()
