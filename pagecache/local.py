"""Each web process's own copies of the cached pages it served last, so a hit need not ask Redis.

A hit from Redis costs one round trip, on a small machine a third of a whole request
(bench/RESULTS.md). So each process keeps the entries it read, exactly as Redis held them, and
serves them again without asking, under rules that keep the cache's promise (never an older state):

- Every invalidation is published on a channel in the same Redis transaction that replaces the
  version, and so is a flush (backends.AnnouncingClient). Before serving a copy the process reads
  what the channel has brought; any message drops all its copies. A process that invalidates or
  flushes drops its own at once (forget_all), without waiting for its message.
- Copies are kept only while the subscription stands: it must be confirmed before the entry is
  read, and a reconnect (messages may have been lost meanwhile) or any error on it drops them all.
- A copy is served for at most MAX_AGE seconds after it was read: a link that broke without a word
  (no message can arrive, no error shows) leaves a process behind for that long at most.

Only with Redis (a cache that can `subscribe`): the file and database caches have no channel.
"""

import logging
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

MAX_AGE = 1.0
# An idle process's backlog: subscribing afresh is cheaper than reading thousands of messages.
MAX_MESSAGES = 100


class LocalCopies:
    def __init__(self, backend, capacity):
        self.backend = backend
        self.capacity = capacity
        # Reentrant: redis-py calls _reconnected from inside a read made under the lock.
        self.lock = threading.RLock()
        self.copies = OrderedDict()  # key: (read_at, entry, size), least recently served first
        self.size = 0
        self.generation = 0
        self.subscription = None
        self.confirmed = False

    def get(self, key):
        """The copy of `key` if one may be served, else None; and the mark keep() needs."""
        with self.lock:
            now = time.time()
            if not self._listen():
                return None, None
            found = self.copies.get(key)
            if found is not None:
                read_at, entry, _size = found
                # A clock set back must not make a copy young again.
                if read_at <= now < read_at + MAX_AGE:
                    self.copies.move_to_end(key)
                    return entry, None
                self._remove(key)
            return None, (self.generation, now)

    def keep(self, key, entry, mark):
        """Keeps `entry`, read from Redis after get() gave `mark`, unless a change was heard since."""
        size = len(entry[-1])
        if mark is None or size > self.capacity:
            return
        generation, read_at = mark
        with self.lock:
            if not self._listen() or self.generation != generation:
                return
            self._remove(key)
            self.copies[key] = (read_at, entry, size)
            self.size += size
            while self.size > self.capacity:
                _key, (_read_at, _entry, dropped) = self.copies.popitem(last=False)
                self.size -= dropped

    def forget(self):
        with self.lock:
            self._drop()

    def _remove(self, key):
        found = self.copies.pop(key, None)
        if found is not None:
            self.size -= found[2]

    def _drop(self):
        self.copies.clear()
        self.size = 0
        self.generation += 1

    def _reconnected(self, connection):
        self._drop()
        self.confirmed = False

    def _listen(self):
        """Reads what the channel has brought. True while copies may be served and kept."""
        if self.subscription is None:
            # Unconfirmed until its confirmation is read: _close() and _reconnected() left it so.
            self.subscription = self.backend.subscribe(self._reconnected)
            if self.subscription is None:
                return False
        try:
            for _ in range(MAX_MESSAGES):
                message = self.subscription.get_message(timeout=0)
                if message is None:
                    return self.confirmed
                if message["type"] == "subscribe":
                    self.confirmed = True
                else:
                    self._drop()
        except Exception:
            logger.info("Page cache channel lost; subscribing again", exc_info=True)
        self._close()
        return False

    def _close(self):
        self._drop()
        self.confirmed = False
        try:
            self.subscription.close()
        except Exception:
            logger.info("Page cache channel not closed cleanly", exc_info=True)
        self.subscription = None


_instances = {}
_instances_lock = threading.Lock()


def copies():
    """This process's copies for the default cache, or None where none are kept."""
    capacity = settings.PAGE_CACHE_LOCAL_BYTES
    if not capacity or not hasattr(cache, "subscribe"):
        return None
    # Per process: a forked worker must not share its parent's subscription.
    ident = (os.getpid(), cache.server, capacity)
    instance = _instances.get(ident)
    if instance is None:
        with _instances_lock:
            instance = _instances.setdefault(ident, LocalCopies(cache, capacity))
    return instance


def forget_all():
    """Drops every copy this process keeps: it has just changed or flushed the shared cache."""
    for instance in list(_instances.values()):
        instance.forget()
