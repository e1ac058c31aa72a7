import re

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from wagtail.models import Page

from blog.models import BlogPostPage
from formats.models import FormatPage

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


@require_safe
def search(request):
    """Full-text search over published posts and formats (Wagtail's database backend)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    # Words only: punctuation means syntax to the full-text engines (SQLite FTS5 fails on "<").
    terms = " ".join(re.findall(r"\w+", query))
    results = None
    if query:
        pages = Page.objects.live().public().type(BlogPostPage, FormatPage).specific()
        found = pages.search(terms) if terms else Page.objects.none()
        results = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("seite"))
    return TemplateResponse(request, "search/search.html", {"query": query, "results": results})
