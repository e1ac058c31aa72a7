"""Redis as the shared cache, built so that a Redis outage costs speed, never the site."""

import logging
import threading
import time

from django.conf import settings

import redis
from django_redis.cache import RedisCache, omit_exception
from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from pagecache.local import forget_all

logger = logging.getLogger(__name__)


class CircuitOpen(RedisConnectionError):
    """Redis failed a moment ago: not asked again until the breaker's interval has passed."""


class Breaker:
    """One per Redis server and process. After a failure every call fails at once for a while,
    so a Redis that accepts connections but never answers costs one socket timeout per interval,
    not one per call; one warning per interval instead of a traceback per call."""

    def __init__(self):
        self._lock = threading.Lock()
        self.open_since = None
        self.open_until = 0.0

    def is_open(self):
        now = time.time()
        # A clock set back must not keep the breaker open for longer than its interval.
        return self.open_since is not None and self.open_since <= now < self.open_until

    def trip(self, error):
        with self._lock:
            now = time.time()
            if self.is_open():
                return
            self.open_since, self.open_until = now, now + settings.CACHE_CIRCUIT_BREAKER_SECONDS
        logger.warning(
            "Redis cache failed (%s); using the database only for the next %s s",
            error.__cause__ or error,
            settings.CACHE_CIRCUIT_BREAKER_SECONDS,
        )

    def close(self):
        if self.open_since is not None:
            with self._lock:
                self.open_since = None
            logger.warning("Redis cache answers again")


_breakers = {}


def breaker_for(server):
    return _breakers.setdefault(server, Breaker())


class _GuardedClient:
    """django-redis's client, with every call passing the breaker first."""

    def __init__(self, client, breaker):
        self._client = client
        self._breaker = breaker

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute) or name.startswith("_"):
            return attribute

        def guarded(*args, **kwargs):
            if self._breaker.is_open():
                raise ConnectionInterrupted(connection=None) from CircuitOpen("circuit open")
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                self._breaker.trip(error)
                raise
            except (RedisConnectionError, RedisTimeoutError, OSError) as error:
                self._breaker.trip(error)
                raise ConnectionInterrupted(connection=None) from error
            self._breaker.close()
            return result

        return guarded


# Where every web process hears that the cached pages changed (pagecache.local).
CHANGES = "pagecache:changes"


class AnnouncingClient(DefaultClient):
    """django-redis's client, telling every web process on CHANGES when the pages changed.

    Each write and its message go in one transaction: whoever reads the new state can rely on the
    message having gone out.
    """

    def set_and_publish(self, key, value):
        with self.get_client(write=True).pipeline(transaction=True) as pipe:
            pipe.set(self.make_key(key), self.encode(value))
            pipe.publish(self.make_key(CHANGES), b"")
            pipe.execute()

    def clear(self, client=None):
        with (client or self.get_client(write=True)).pipeline(transaction=True) as pipe:
            pipe.flushdb()
            pipe.publish(self.make_key(CHANGES), b"")
            pipe.execute()


class FailOpenRedisCache(RedisCache):
    """django-redis with IGNORE_EXCEPTIONS: reads miss and writes are dropped while Redis is down,
    and a circuit breaker stops asking a Redis that hangs (see Breaker)."""

    @property
    def client(self):
        if getattr(self, "_guarded", None) is None:
            self._guarded = _GuardedClient(super().client, breaker_for(self.server))
        return self._guarded

    @property
    def server(self):
        return str(self._server)

    @property
    def degraded(self):
        return breaker_for(self.server).is_open()

    @omit_exception
    def set_and_publish(self, key, value):
        """Sets `key` for good and tells every web process, in one transaction."""
        return self.client.set_and_publish(key, value)

    @omit_exception
    def clear(self):
        # Every process's copies of the pages go with it: the others' by message, this one's here.
        try:
            return self.client.clear()
        finally:
            forget_all()

    def subscribe(self, on_reconnect):
        """A subscription to CHANGES on a connection of its own, or None while Redis fails.

        Its connection never retries (django-redis's do, with pauses): a lost subscription costs its
        reader one error, not seconds. `on_reconnect` hears of any reconnect redis-py makes on its
        own, as messages may have been missed meanwhile.
        """
        breaker = breaker_for(self.server)
        if breaker.is_open():
            return None
        options = self._params.get("OPTIONS", {})
        client = redis.Redis.from_url(
            self.client._server[0],
            socket_timeout=options.get("SOCKET_TIMEOUT"),
            socket_connect_timeout=options.get("SOCKET_CONNECT_TIMEOUT"),
            retry=Retry(NoBackoff(), 0),
        )
        subscription = client.pubsub()
        try:
            subscription.subscribe(self.make_key(CHANGES))
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            subscription.close()
            # Redis refused or hung: the calls that follow would too. Left alone for the interval.
            breaker.trip(error)
            return None
        subscription.connection.register_connect_callback(on_reconnect)
        return subscription

    # Out of the box add() answers None in an outage, which lock loops such as allauth's rate
    # limiter read as "taken": they wait a second and refuse the log-in. Answering True opens
    # them, as every other rate limit of the site opens in an outage.
    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)
