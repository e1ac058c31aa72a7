"""Wagtail's publishing signal, as NewsletterConfig.ready() connects it for blog posts."""

from newsletter.services import dispatch_on_commit


def post_published(sender, instance, **kwargs):
    """A post published for the first time goes out by email; publishing it again never resends.

    Wagtail sets first_published_at only when it is still empty, to the same moment as
    last_published_at; both the editor's click and publish_scheduled come through here.
    """
    if instance.first_published_at is None or instance.first_published_at != instance.last_published_at:
        return
    dispatch_on_commit(instance)
