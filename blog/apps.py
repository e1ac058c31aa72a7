from django.apps import AppConfig

from pagecache.signals import invalidate_on_change


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        # Every post of a series shows its title; series are edited in the admin (a snippet).
        invalidate_on_change("blog.Series")
