"""What we store about a reader, and how it leaves: export and self-service deletion.

The account is ours; everything else comes from the apps that keep it (core/personal_data.py),
and both export and deletion ask the same parts with the same addresses, so deletion covers
whatever the export shows, guest comments written before sign-up included.
"""

from django.db import transaction

from allauth.account.models import EmailAddress

from core import personal_data
from pagecache.cache import invalidate_on_commit


def reader_addresses(user):
    """The account's address and every one the reader has verified; an unverified one could be anybody's."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return {address.lower() for address in [user.email, *verified] if address}


def account_export(*, user, request=None):
    """Everything stored about this reader, as JSON-ready data (DSGVO Art. 15 and 20)."""
    return {
        "konto": {
            "benutzername": user.username,
            "anzeigename": user.display_name,
            "vorname": user.first_name,
            "nachname": user.last_name,
            "registriert_am": personal_data.when(user.date_joined),
            "letzte_anmeldung": personal_data.when(user.last_login),
        },
        "e_mail_adressen": [
            {
                "adresse": address.email,
                "bestätigt": personal_data.yes_no(address.verified),
                "primär": personal_data.yes_no(address.primary),
            }
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        **personal_data.export(user=user, addresses=reader_addresses(user), request=request),
    }


def account_delete(*, user):
    """Deletes the reader after every app has erased or anonymised its part (comments stay, anonymised)."""
    addresses = reader_addresses(user)
    with transaction.atomic():
        personal_data.erase(user=user, addresses=addresses)
        user.delete()
        invalidate_on_commit()
