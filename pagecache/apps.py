from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Seiten-Cache"

    def ready(self):
        from pagecache import signals  # noqa: F401 - connects Wagtail's page signals
