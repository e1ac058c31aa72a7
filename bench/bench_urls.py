"""The site's URLs plus the benchmarks' yardstick: the liveness view behind every middleware."""

from django.urls import path

from core import views as core_views
from urls import handler400, handler403, handler404, handler429, handler500
from urls import urlpatterns as site_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler429", "handler500", "urlpatterns"]

urlpatterns = [path("healthz/bench", core_views.liveness), *site_urlpatterns]
