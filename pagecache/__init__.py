"""The site's own page cache: anonymous page views and shared figures from the shared cache.

Why our own: every page carries forms (comments, ratings, search), and each form holds the
visitor's CSRF token. Django's cache middleware would store one visitor's token and serve it to
all; a CDN or a proxy would too. This cache stores the page with a placeholder and puts each
visitor's own token in on the way out (middleware.py), and it knows who is signed in from the
cookies alone, before any session is read.

One invalidation mechanism: whoever makes a change readers could see calls
`cache.invalidate_on_commit()` (every page) or `cache.invalidate_scope_on_commit(path)` (only
the page at `path`, for a like) in the same function, and the version is bumped once the
transaction commits, so no request re-caches the old state under the new version.
- Our own writes do it in their services (formats.services, discussion.services.*,
  accounts.services): they are the only way those rows change, queryset updates included.
- Writes no service of ours makes (Wagtail publishing, unpublishing, moving and deleting pages,
  making them private; sites, snippets and settings edited in the admin) reach it through the
  receivers in signals.py, which make the same call; an app registers such a model with
  `signals.invalidate_on_change("app_label.Model")` in its AppConfig.ready().

With Redis the same call also reaches each web process's own copies of the pages (local.py):
the new version is announced in the same transaction, and a copy is never served once its
process could have missed a change.
"""
