"""What we store about a reader, and how it leaves: export and self-service deletion.

Both work from the same questions (`_addresses`, `_comments`, `_subscriptions`), so
deletion covers whatever the export shows, guest comments written before sign-up included.
"""

from django.db import transaction
from django.db.models import Q

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
            "registriert_am": user.date_joined.isoformat(),
            "letzte_anmeldung": user.last_login.isoformat() if user.last_login else None,
        },
        "e_mail_adressen": [
            {"adresse": address.email, "bestaetigt": address.verified, "primaer": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "bewertungen": [
            {
                "format": rating.format_page.title,
                "url": rating.format_page.get_full_url(request),
                "kontakte": rating.contacts,
                "informationen": rating.information,
                "spass": rating.fun,
                "kontakte_zweiten_dritten_grades": rating.second_degree,
                "geschaeft": rating.led_to_business or None,
                "besuche": rating.attendance or None,
                "bewertet_am": rating.created_at.isoformat(),
                "geaendert_am": rating.updated_at.isoformat(),
                "ausgeblendet": rating.is_hidden,
                "grund_ausgeblendet": rating.hidden_reason or None,
            }
            for rating in ratings
        ],
        "kommentare": [
            {
                "seite": comment.content_object.title if comment.content_object else None,
                "url": comment.content_object.get_full_url(request) if comment.content_object else None,
                "text": comment.comment,
                "geschrieben_am": comment.submit_date.isoformat(),
                "bearbeitet_am": comment.edited_at.isoformat() if comment.edited_at else None,
                "geloescht_am": comment.deleted_at.isoformat() if comment.deleted_at else None,
                "oeffentlich": comment.is_public and not comment.is_removed,
                "benachrichtigung_bei_antworten": comment.followup,
                "ip_adresse": comment.ip_address,
            }
            for comment in _comments(user, addresses).prefetch_related("content_object").order_by("submit_date")
        ],
        "gefaellt_mir": [
            {"kommentar_id": flag.comment_id, "am": flag.flag_date.isoformat()}
            for flag in CommentFlag.objects.filter(user=user, flag=LIKEDIT_FLAG).order_by("flag_date")
        ],
        "meldungen": [
            {
                "kommentar_id": report.comment_id,
                "grund": report.get_reason_display(),
                "anmerkung": report.note,
                "am": report.created_at.isoformat(),
            }
            for report in user.comment_reports.order_by("created_at")
        ],
        "seiten_abos": [
            {"seite_id": subscription.page_id, "seit": subscription.created_at.isoformat()}
            for subscription in _subscriptions(user, addresses)
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
