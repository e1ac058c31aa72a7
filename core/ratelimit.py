"""Counting attempts in fixed windows, exactly, on every cache the project supports.

Redis counts atomically (INCR keeps the window's expiry). Django's database and file caches
implement incr() as a read and a write, so concurrent requests lose counts (6–8 of 20 got
through a limit of 5); there the counter is a row, locked while it is counted. A Redis outage
opens the limits (fail-open, see README), the database never does.
"""

import datetime
import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.utils import timezone

from django_redis.cache import RedisCache

from core.models import RateCounter


class Limit:
    def __init__(self, count, seconds):
        self.count = count
        self.seconds = seconds

    def window(self):
        """(index of the current window, seconds until it ends)."""
        now = time.time()
        index = math.floor(now / self.seconds)
        return index, max(1, math.ceil((index + 1) * self.seconds - now))


def hit(key, limit):
    """Counts one attempt; returns 0 while within the limit, else the seconds until it lifts."""
    index, remaining = limit.window()
    # Hashed: keys name addresses and IPs, which must not sit readable in a database dump.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
    window_key = f"rate:{digest}:{limit.seconds}:{index}"
    if isinstance(caches["default"], RedisCache):
        count = _count_in_redis(window_key, remaining)
    else:
        count = _count_in_database(window_key, remaining)
    return 0 if count is None or count <= limit.count else remaining


def _count_in_redis(key, remaining):
    try:
        cache.add(key, 0, timeout=remaining + 1)
        return cache.incr(key)
    except ValueError:
        # The key lapsed between add and incr: this attempt opens the next window.
        return None


def _count_in_database(key, remaining):
    expires_at = timezone.now() + datetime.timedelta(seconds=remaining + 1)
    with transaction.atomic():
        counter, created = RateCounter.objects.select_for_update().get_or_create(
            key=key, defaults={"hits": 1, "expires_at": expires_at}
        )
        if not created:
            counter.hits += 1
            counter.save(update_fields=["hits"])
    if created:
        RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return counter.hits
