from django.conf import settings
from django.urls import include, path, re_path, register_converter

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from core import errors as core_errors
from core import views as core_views
from core.converters import DatabaseIdConverter, TagSlugConverter
from discussion import views as discussion_views
from formats import views as format_views
from search import views as search_views

register_converter(DatabaseIdConverter, "id")
register_converter(TagSlugConverter, "tagslug")

handler400 = core_errors.bad_request
handler403 = core_errors.permission_denied
handler404 = core_errors.page_not_found
handler429 = core_views.too_many_requests
handler500 = core_errors.server_error

urlpatterns = [
    path("healthz/live", core_views.liveness, name="liveness"),
    path("healthz/ready", core_views.readiness, name="readiness"),
    # Before Wagtail's own: its password-only log-in form hands over to allauth's (second factor).
    # Wagtail sends guests here (WAGTAILADMIN_LOGIN_URL unset), so the admin has one way in.
    path("admin/login/", account_views.admin_login),
    path("admin/", include(wagtailadmin_urls)),
    path("konto/", account_views.overview, name="account_overview"),
    path("konto/daten/", account_views.export, name="account_export"),
    path("konto/loeschen/", account_views.delete, name="account_delete"),
    path(
        "konto/abos/seite/<id:subscription_id>/beenden/",
        discussion_views.end_page_follow,
        name="account_end_page_follow",
    ),
    path(
        "konto/abos/antworten/<id:thread_id>/beenden/",
        discussion_views.end_thread_follow,
        name="account_end_thread_follow",
    ),
    # allauth's own address, answered by our subclass that keeps the reader's way back (see there).
    re_path(
        r"^konto/confirm-email/(?P<key>[-:\w]+)/$",
        account_views.ConfirmEmailView.as_view(),
        name="account_confirm_email",
    ),
    path("konto/", include("allauth.urls")),
    path("bewertung/<id:page_id>/", format_views.rate, name="rate_format"),
    path("bewertung/", include("formats.urls")),
    path("bilanz/", include("bilanz.urls")),
    path("kommentare/", include("discussion.urls")),
    path("neue-beitraege/", include("newsletter.urls")),
    path("", include("syndication.urls")),
    path("suche/", search_views.search, name="search"),
    path("dokumente/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving catches every remaining path, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
