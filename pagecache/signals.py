from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from pagecache.cache import invalidate, invalidate_on_commit


def _page_changed(sender, **kwargs):
    invalidate()


def _row_changed(sender, **kwargs):
    invalidate_on_commit()


page_published.connect(_page_changed, dispatch_uid="pagecache_published")
page_unpublished.connect(_page_changed, dispatch_uid="pagecache_unpublished")
post_page_move.connect(_page_changed, dispatch_uid="pagecache_moved")
post_delete.connect(_page_changed, sender=Page, dispatch_uid="pagecache_deleted")


def invalidate_on_change(model):
    """Pages show rows of this model (a snippet, a site setting): saving or deleting one makes them stale."""
    post_save.connect(_row_changed, sender=model, dispatch_uid=f"pagecache_saved_{model._meta.label}")
    post_delete.connect(_row_changed, sender=model, dispatch_uid=f"pagecache_deleted_{model._meta.label}")


# Every request's Site is remembered (RememberedSiteMiddleware).
invalidate_on_change(Site)
