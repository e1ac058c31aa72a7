from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate

from discussion.groups import ensure_moderators_group
from discussion.signals import delete_comments_of_page


class DiscussionConfig(AppConfig):
    name = "discussion"
    verbose_name = "Diskussion"

    def ready(self):
        post_migrate.connect(ensure_moderators_group, sender=self)
        post_delete.connect(delete_comments_of_page, sender="wagtailcore.Page")
