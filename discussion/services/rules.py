"""What a comment must pass before it is stored: the rate limits, the spam rules and the bans."""

import re

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from core import ratelimit
from core.net import address_bucket
from discussion.models import Block
from discussion.text import links


class RateLimited(Exception):  # noqa: N818 - reads as the condition it signals
    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


def blocklist_pattern(entry):
    """An entry matches as a whole word or phrase, never inside another word ("Casinobetrieb"),
    and a phrase's parts may be joined by spaces or hyphens ("Online-Casino", "online casino")."""
    parts = [re.escape(part) for part in re.split(r"[\s-]+", entry.strip()) if part]
    return re.compile(r"(?<!\w)" + r"[\s-]+".join(parts) + r"(?!\w)", re.IGNORECASE)


def held_back(text):
    """The spam rules: too many links, or a word from the blocklist, send a comment to moderation.

    Returns why, in German for the moderators' queue (Comment.held_reason), or "" when the text passes.
    """
    count = sum(1 for _link in links(text))
    if count > settings.COMMENT_MAX_LINKS:
        return _("%(count)s Links (höchstens %(max)s erlaubt)") % {"count": count, "max": settings.COMMENT_MAX_LINKS}
    for entry in settings.COMMENT_BLOCKLIST:
        if entry.strip() and (match := blocklist_pattern(entry).search(text)):
            return _("Wort der Sperrliste: „%(word)s“") % {"word": match.group(0)}
    return ""


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
    """Whether a block in force bars this address or account; an expired block bars nobody."""
    who = Q(email=(email or "").lower())
    if user is not None and user.is_authenticated:
        who |= Q(user=user)
    return Block.objects.in_force().filter(who).exists()
