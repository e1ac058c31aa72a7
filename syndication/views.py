from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from taggit.models import Tag

from blog.models import BlogPostPage, Series
from core import paths
from formats.models import FormatPage


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        *(f"Disallow: {prefix}" for prefix in paths.PRIVATE),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _feed(name, title, *args):
    """One feed as the page lists it: its title and both addresses."""
    return {"title": title, "rss": reverse(f"{name}_rss", args=args), "atom": reverse(f"{name}_atom", args=args)}


@require_safe
def feeds_overview(request):
    """„Feeds abonnieren“: what a feed is, how to subscribe, and every feed the site offers."""
    posts = BlogPostPage.objects.live().public()
    formats = FormatPage.objects.live().public()
    context = {
        "series": [
            _feed("feed_series", series.title, series.slug)
            for series in Series.objects.filter(posts__in=posts).distinct().order_by("title")
        ],
        "tags": [
            _feed("feed_tag", tag.name, tag.slug)
            for tag in Tag.objects.filter(blog_blogposttag_items__content_object__in=posts).distinct().order_by("name")
        ],
        "months": [
            _feed("feed_month", month, month.year, month.month)
            for month in posts.annotate(month=TruncMonth("date"))
            .values_list("month", flat=True)
            .distinct()
            .order_by("-month")
        ],
        "post_comments": [
            _feed("feed_page_comments", title, pk)
            for pk, title in posts.order_by("-date", "-first_published_at").values_list("pk", "title")
        ],
        "format_comments": [
            _feed("feed_page_comments", title, pk)
            for pk, title in formats.order_by("title").values_list("pk", "title")
        ],
    }
    return TemplateResponse(request, "syndication/feeds.html", context)
