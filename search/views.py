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
    results = None
    if query:
        pages = Page.objects.live().public().type(BlogPostPage, FormatPage).specific()
        results = Paginator(pages.search(query), RESULTS_PER_PAGE).get_page(request.GET.get("seite"))
    return TemplateResponse(request, "search/search.html", {"query": query, "results": results})
