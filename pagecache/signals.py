from django.db.models.signals import post_delete

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from pagecache.cache import invalidate


def _page_changed(sender, **kwargs):
    invalidate()


page_published.connect(_page_changed, dispatch_uid="pagecache_published")
page_unpublished.connect(_page_changed, dispatch_uid="pagecache_unpublished")
post_page_move.connect(_page_changed, dispatch_uid="pagecache_moved")
post_delete.connect(_page_changed, sender=Page, dispatch_uid="pagecache_deleted")
