from django.apps import AppConfig

from pagecache.signals import connect_wagtail


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Seiten-Cache"

    def ready(self):
        connect_wagtail()
