"""What a comment must pass before it is stored: the rate limits, the spam rules and the bans."""

from django.conf import settings

from core import ratelimit
from core.net import address_bucket
from discussion.models import Block
from discussion.text import links


class RateLimited(Exception):  # noqa: N818 - reads as the condition it signals
    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


def held_back(text):
    """The spam rules: too many links, or a word from the blocklist, send a comment to moderation."""
    if sum(1 for _ in links(text)) > settings.COMMENT_MAX_LINKS:
        return True
    lowered = text.lower()
    return any(word.lower() in lowered for word in settings.COMMENT_BLOCKLIST)


def check_rate_limit(*, ip_address, user, email=""):
    """Comments per client, account and (for guests) address in a window; staff write freely.

    A Redis outage opens the limit (core/ratelimit.py): comments are still accepted, and the
    moderation rules still catch spam, rather than the site refusing everyone.
    """
    signed_in = user is not None and user.is_authenticated
    if signed_in and user.is_staff:
        return
    keys = [f"comments:ip:{address_bucket(ip_address)}"] if ip_address else []
    if email and not signed_in:
        # Each anonymous comment mails its address: cap that too, so nobody floods a stranger's inbox.
        keys.append(f"comments:email:{email.lower()}")
    if signed_in:
        keys.append(f"comments:user:{user.pk}")
    limit = ratelimit.Limit(*settings.COMMENT_RATE_LIMIT)
    # Every counter counts this attempt, even once another is full.
    waits = [ratelimit.hit(key, limit) for key in keys]
    if any(waits):
        raise RateLimited(retry_after=max(waits))


def is_blocked(*, email, user=None):
    blocked = Block.objects.filter(email=(email or "").lower())
    if user is not None and user.is_authenticated:
        blocked = blocked | Block.objects.filter(user=user)
    return blocked.exists()
