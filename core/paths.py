"""URL prefixes the middleware and robots.txt treat apart, named once (site/urls.py mounts them)."""

# Files and health probes: answered without a page, a Wagtail site or a rate limit.
NOT_PAGES = ("/static/", "/media/", "/healthz/")
# Answers that depend on the visitor or change state: never cached, and no business of crawlers.
PRIVATE = ("/admin/", "/konto/", "/kommentare/", "/bewertung/", "/bilanz/")
# Documents are files served by Wagtail, with their own headers.
DOCUMENTS = "/dokumente/"
