"""Receivers the discussion connects in DiscussionConfig.ready(); they import no model, so apps.py can import them."""

from django.apps import apps


def delete_comments_of_page(sender, instance, **kwargs):
    """A deleted page takes its discussion with it; nothing may point at a page that is gone."""
    apps.get_model("discussion", "Comment").objects.filter(object_pk=str(instance.pk)).delete()
