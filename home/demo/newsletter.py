"""The demo's newsletter subscribers: a few confirmed addresses under example.org (RFC 2606), so the
dashboard shows figures and, in `make run`, the console mail backend prints the scheduled parts' mails."""

from newsletter.models import CURRENT_WORDING, Subscriber

ADDRESSES = [
    "leserin.nord@example.org",
    "leser.sued@example.org",
    "netzwerkerin@example.org",
    "fruehstueck.fan@example.org",
]


def ensure_subscribers(*, now):
    """Creates the missing ones, confirmed `now`: the posts already out (dated back) reach none of them,
    the coming Mondays' parts reach all. Returns how many were created."""
    existing = set(Subscriber.objects.filter(email__in=ADDRESSES).values_list("email", flat=True))
    new = [
        Subscriber(
            email=address,
            status=Subscriber.Status.CONFIRMED,
            requested_at=now,
            confirmed_at=now,
            wording_version=CURRENT_WORDING,
        )
        for address in ADDRESSES
        if address not in existing
    ]
    Subscriber.objects.bulk_create(new)
    return len(new)
