from django.db.models import F

from wagtail.models import Page

from blog.models import BlogPostPage
from core import german
from formats.models import FormatPage

# Ranking re-orders this many best hits in Python (title matches first); a small site's search
# never needs to page further than that.
MAX_HITS = 200


def _searchable_pages():
    # public() reads the view restrictions once, here: reuse the queryset rather than call it again.
    return Page.objects.live().public().type(BlogPostPage, FormatPage)


def _hits(pages, terms):
    """The pages the backend finds for the terms (each a prefix of a German index term), best first."""
    if not terms:
        return pages.none()
    return pages.autocomplete(german.backend_query(terms))


def page_search(*, query):
    """Ids of the published posts and formats the query finds: title matches first, then by score."""
    terms = german.query_terms(query)
    hits = list(_hits(_searchable_pages(), terms)[:MAX_HITS])
    # sort() is stable, so within each group the backend's relevance order stands.
    hits.sort(key=lambda page: german.terms_found(page.title, terms), reverse=True)
    return [page.pk for page in hits]


def pages_in_order(ids):
    """The specific pages for the ids, in that order."""
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    return [pages[pk] for pk in ids if pk in pages]


def hint_terms(*, limit=2):
    """Names of the newest formats to suggest after a search without hits, each checked to find something."""
    pages = _searchable_pages()
    names = (
        pages.type(FormatPage)
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")
        .values_list("title", flat=True)[: limit * 2]
    )
    hints = []
    for name in names:
        if len(hints) < limit and list(_hits(pages, german.query_terms(name))[:1]):
            hints.append(name)
    return hints
