from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from search.selectors import hint_terms, page_search, pages_in_order

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


@require_safe
def search(request):
    """Full-text search over published posts and formats, German-aware (core/german.py)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = hints = None
    if query:
        results = Paginator(page_search(query=query), RESULTS_PER_PAGE).get_page(request.GET.get("seite"))
        results.object_list = pages_in_order(results.object_list)
        hints = [] if results.paginator.count else hint_terms()
    context = {"query": query, "results": results, "hints": hints}
    return TemplateResponse(request, "search/search.html", context)
