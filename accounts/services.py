"""What we store about a reader, and how it leaves: export and self-service deletion."""

from django.db import transaction


def account_export(*, user, request=None):
    """Everything stored about this reader, as JSON-ready data (DSGVO Art. 15 and 20)."""
    from allauth.account.models import EmailAddress

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
    }


def account_delete(*, user):
    """Deletes the reader and, by cascade, their ratings, email addresses and sessions' owner."""
    with transaction.atomic():
        user.delete()
