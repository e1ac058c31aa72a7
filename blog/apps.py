from django.apps import AppConfig
from django.db.models.signals import post_save

from pagecache.cache import invalidate_on_commit
from pagecache.signals import invalidate_on_change

# Wagtail logs scheduling and cancelling a go-live time; neither sends page_published, and the
# series page announces the scheduled part ("Nächster Teil am …").
SCHEDULE_ACTIONS = {"wagtail.publish.schedule", "wagtail.schedule.cancel"}


def schedule_changed(sender, instance, created, **kwargs):
    if created and instance.action in SCHEDULE_ACTIONS:
        invalidate_on_commit()


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        # Every post of a series shows its title; series are edited in the admin (a snippet).
        invalidate_on_change("blog.Series")
        post_save.connect(schedule_changed, sender="wagtailcore.PageLogEntry", dispatch_uid="blog_schedule_changed")
