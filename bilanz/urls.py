"""/bilanz/: the reader's private journal. Every page needs a log-in and is never stored by any cache
(the page cache skips the prefix too, core/paths.py)."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.decorators.cache import never_cache

from wagtail.utils.urlpatterns import decorate_urlpatterns

from bilanz import views

urlpatterns = [path("", views.dashboard, name="bilanz_dashboard")]
for slug in views.KINDS:
    urlpatterns += [
        path(f"{slug}/", views.entry_list, {"kind": slug}, name=f"bilanz_{slug}"),
        path(f"{slug}/neu/", views.entry_edit, {"kind": slug}, name=f"bilanz_{slug}_new"),
        path(f"{slug}/<id:pk>/", views.entry_edit, {"kind": slug}, name=f"bilanz_{slug}_edit"),
        path(f"{slug}/<id:pk>/loeschen/", views.entry_delete, {"kind": slug}, name=f"bilanz_{slug}_delete"),
    ]
urlpatterns += [path("besuche/<id:pk>/veroeffentlichen/", views.visit_publish, name="bilanz_publish")]

# never_cache: "Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private".
urlpatterns = decorate_urlpatterns(urlpatterns, lambda view: never_cache(login_required(view)))
