"""What we store about a reader, and how it leaves: export and self-service deletion."""

from django.db import transaction

from pagecache.cache import invalidate_on_commit

# What a deleted reader's comments show instead of their name.
ANONYMOUS_NAME = "ehemaliges Mitglied"


def account_export(*, user, request=None):
    """Everything stored about this reader, as JSON-ready data (DSGVO Art. 15 and 20)."""
    from django.db.models import Q

    from allauth.account.models import EmailAddress
    from django_comments.models import CommentFlag
    from django_comments_xtd.models import LIKEDIT_FLAG

    from discussion.models import Comment, PageSubscription

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
            for comment in Comment.objects.filter(Q(user=user) | Q(user__isnull=True, user_email__iexact=user.email))
            .prefetch_related("content_object")
            .order_by("submit_date")
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
            for subscription in PageSubscription.objects.filter(Q(email__iexact=user.email) | Q(user=user))
        ],
    }


def account_delete(*, user):
    """Deletes the reader with their ratings; their comments stay, anonymised, so threads keep their replies."""
    from discussion.models import Comment, PageSubscription

    with transaction.atomic():
        Comment.objects.filter(user=user).update(
            user=None, user_name=ANONYMOUS_NAME, user_email="", ip_address=None, followup=False
        )
        PageSubscription.objects.filter(email__iexact=user.email).delete()
        user.delete()
        invalidate_on_commit()
