"""The newsletter's share of a reader's data (registered in wagtail_hooks.py): her subscriptions, by any of her addresses."""

from core.personal_data import when
from newsletter.services import subscriptions_of


def export(*, user, addresses, request=None):
    return {
        "neue_beiträge_per_e_mail": [
            {
                "adresse": subscriber.email,
                "status": str(subscriber.get_status_display()),
                "angemeldet_am": when(subscriber.requested_at),
                "einwilligung_am": when(subscriber.confirmed_at),
                "einwilligungstext": str(subscriber.wording),
                "fassung": subscriber.wording_version,
                "abgemeldet_am": when(subscriber.unsubscribed_at),
                "ip_adresse": subscriber.ip_address,
            }
            for subscriber in subscriptions_of(addresses).order_by("pk")
        ]
    }


def erase(*, user, addresses):
    # The deliveries go with them (cascade); a post's mail not yet sent to her is never sent.
    subscriptions_of(addresses).delete()
