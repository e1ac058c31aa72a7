from discussion.models import Comment


def delete_comments_of_page(sender, instance, **kwargs):
    """A deleted page takes its discussion with it; nothing may point at a page that is gone."""
    Comment.objects.filter(object_pk=str(instance.pk)).delete()
