from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DiscussionConfig(AppConfig):
    name = "discussion"
    verbose_name = "Diskussion"

    def ready(self):
        from discussion.groups import ensure_moderators_group

        post_migrate.connect(ensure_moderators_group, sender=self)
