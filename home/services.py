"""The site's identity: its public address and name, kept in Wagtail's and django.contrib.sites' Site records."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site as ContribSite
from django.core.exceptions import ImproperlyConfigured

from wagtail.models import Site


def public_address(base_url):
    """(hostname, port) of a base URL such as https://netzwerk-formate.de.

    Wagtail's Site keeps no scheme: it reads 443 as https, 80 as http and any other port as
    http, so an https address on another port cannot be represented.
    """
    url = urlsplit(base_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ImproperlyConfigured(f"WAGTAILADMIN_BASE_URL must be an http(s) address, not {base_url!r}.")
    return url.hostname, url.port or (443 if url.scheme == "https" else 80)


def site_configure(*, base_url, site_name):
    """Gives the default Wagtail Site and the current django.contrib.sites Site the public
    address and name; returns the labels of the records it changed (none on a second run)."""
    hostname, port = public_address(base_url)
    changed = []

    # Sitemaps and absolute page URLs come from the default Site, also for requests to other hosts.
    wagtail_site = Site.objects.filter(is_default_site=True).first()
    if wagtail_site is not None and (wagtail_site.hostname, wagtail_site.port, wagtail_site.site_name) != (
        hostname,
        port,
        site_name,
    ):
        wagtail_site.hostname, wagtail_site.port, wagtail_site.site_name = hostname, port, site_name
        # save(), not update(): the page cache forgets pages and remembered sites on post_save.
        wagtail_site.save()
        changed.append("Wagtail-Site")

    # allauth names this one in its mails ("current_site"); the port only when it is not the default.
    domain = hostname if port in (80, 443) else f"{hostname}:{port}"
    contrib_site, created = ContribSite.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": site_name}
    )
    if created or (contrib_site.domain, contrib_site.name) != (domain, site_name):
        contrib_site.domain, contrib_site.name = domain, site_name
        contrib_site.save()  # also empties django.contrib.sites' per-process SITE_CACHE
        changed.append("Django-Site")
    return changed
