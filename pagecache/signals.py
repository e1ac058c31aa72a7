"""The writes no service of ours makes: Wagtail publishing, moving and deleting pages, making them
private or public, and rows the admin edits (sites, snippets, settings). They reach the page cache
through these receivers, which make the same call the services make (see pagecache/__init__.py).

Nothing here imports a model, so any app's AppConfig can import it: senders are named by label.
"""

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished, post_page_move

from pagecache.cache import invalidate_on_commit


def _changed(sender, **kwargs):
    invalidate_on_commit()


def invalidate_on_change(model):
    """Pages show rows of this model (given as "app_label.Model"): saving or deleting one makes them stale."""
    post_save.connect(_changed, sender=model, dispatch_uid=f"pagecache_saved_{model}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"pagecache_deleted_{model}")


def connect_wagtail():
    page_published.connect(_changed, dispatch_uid="pagecache_published")
    page_unpublished.connect(_changed, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(_changed, dispatch_uid="pagecache_moved")
    post_delete.connect(_changed, sender="wagtailcore.Page", dispatch_uid="pagecache_deleted")
    # Wagtail's privacy dialog saves or deletes a restriction and publishes nothing: without this, the
    # cached public copy of a page just made private would still be served.
    invalidate_on_change("wagtailcore.PageViewRestriction")
    # Every request's Site is remembered (RememberedSiteMiddleware).
    invalidate_on_change("wagtailcore.Site")
