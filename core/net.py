"""Who is asking: the one place that reads a client's address from a request."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The reader's address. Behind TRUSTED_PROXY_COUNT proxies it is that far from the end of
    X-Forwarded-For (entries further left are whatever the client chose to send)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return _valid(forwarded[-proxies])
    return _valid(request.META.get("REMOTE_ADDR"))


def _valid(address):
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_bucket(request):
    return address_bucket(client_ip(request))


def address_bucket(address):
    """The address as rate limits count it: an IPv6 client owns a whole /64 and picks freely
    inside it, so the /64 is one client."""
    if not address:
        return "unknown"
    parsed = ipaddress.ip_address(address)
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))
