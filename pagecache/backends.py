from django_redis.cache import RedisCache, omit_exception


class FailOpenRedisCache(RedisCache):
    """django-redis whose add() counts as done while Redis is down (IGNORE_EXCEPTIONS on).

    Out of the box add() then answers None, which lock loops such as allauth's rate limiter
    read as "taken": they wait a second and refuse the log-in. Answering True opens them, as
    every other rate limit of the site opens in an outage.
    """

    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)
