"""The Bilanz's share of a reader's data (registered in wagtail_hooks.py); it all goes with the account (CASCADE)."""

from django.utils import formats

from bilanz import selectors
from core.personal_data import label, when


def _day(value):
    return formats.date_format(value, "j. F Y")


def _euros(value):
    return None if value is None else f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)} €"


def export(*, user, addresses, request=None):
    contacts = selectors.contacts_with_degree(user)
    attributed = selectors.order_visits(user)
    return {
        "netzwerk_bilanz": {
            "besuche": [
                {
                    "nummer": visit.pk,
                    "format": visit.name,
                    "datum": _day(visit.date),
                    "ort": visit.place or None,
                    "bundesland": label(visit.get_state_display() if visit.state else ""),
                    "kosten": _euros(visit.cost),
                    "stunden": formats.number_format(visit.hours, 1, use_l10n=True),
                    "kontakte": visit.contacts,
                    "informationen": visit.information,
                    "spaß": visit.fun,
                    "notiz": visit.note or None,
                    "angelegt_am": when(visit.created_at),
                }
                for visit in selectors.visits(user).order_by("date", "pk")
            ],
            "kontakte": [
                {
                    "nummer": contact.pk,
                    "kürzel": contact.label,
                    "grad": contact.degree,
                    "kennengelernt_bei_besuch": contact.besuch_id,
                    "vorgestellt_von_kontakt": contact.introduced_by_id,
                    "angelegt_am": when(contact.created_at),
                }
                for contact in contacts
            ],
            "aufträge": [
                {
                    "datum": _day(order.date),
                    "betrag": _euros(order.amount),
                    "kanal": order.get_channel_display(),
                    "aus_besuch": order.besuch_id,
                    "über_kontakt": order.kontakt_id,
                    "zugerechnet_besuch": attributed.get(order.pk),
                    "beschreibung": order.description or None,
                }
                for order in selectors.orders(user).order_by("date", "pk")
            ],
            "jahreszahlen": [
                {"jahr": year.year, "aufträge_insgesamt": year.orders_total, "umsatz": _euros(year.revenue)}
                for year in selectors.yearly_figures(user).order_by("year")
            ],
        }
    }
