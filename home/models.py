from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from blog.models import BlogPostPage
from core.pages import ViewRestrictionMixin, first_specific, mark_restriction, private_q
from core.slugs import GermanSlugMixin
from discussion.models import Comment
from discussion.selectors import latest_comments
from formats.models import FormatIndexPage, FormatPage
from formats.selectors import MIN_RATINGS_FOR_MEAN, best_rated_formats
from pagecache.cache import digest, remember


class HomePage(ViewRestrictionMixin, GermanSlugMixin, Page):
    """The site's root: what this place is, the newest posts and the formats to explore."""

    intro = RichTextField(_("Einleitung"), features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage", "formats.FormatIndexPage", "home.StandardPage"]
    max_count = 1
    newest_posts_count = 3
    best_formats_count = 5
    latest_comments_count = 5

    class Meta:
        verbose_name = _("Startseite")
        verbose_name_plural = _("Startseiten")

    def route(self, request, path_components):
        """Finds the deepest real page on the path, as its specific page, in one query (none while
        the site's version stands), where Wagtail asks twice per level.

        The rest of the path (a routable page's sub-route, or nothing) is left to that page's
        own route(), which also refuses pages that are not live. Relies on Wagtail routing every
        request from the site root with the whole path, and on url_path and depth growing by one
        slug per level; checked against Wagtail 8.0.1 (tests/test_wagtail_internals.py).
        """
        if not path_components:
            # The home page itself: one query for its restrictions, not two, and none while remembered.
            name = f"restricted:{self.pk}"
            self.may_be_restricted = remember(request, name, lambda: mark_restriction(self).may_be_restricted)
            return super().route(request, path_components)
        url_paths = [f"{self.url_path}{'/'.join(path_components[:n])}/" for n in range(1, len(path_components) + 1)]

        def deepest_page():
            return first_specific(Page.objects.descendant_of(self).filter(url_path__in=url_paths).order_by("-depth"))

        # The query joins every page table and took a quarter of an uncached page (bench/RESULTS.md,
        # session 7). Its answer only changes with the site's version (publishing, moving, unpublishing,
        # privacy); only a page found at the whole path is kept, so made-up paths leave no keys.
        whole_path = url_paths[-1]
        name = f"route:{self.pk}:{digest(whole_path)}"
        deepest = remember(
            request, name, deepest_page, keep=lambda page: page is not None and page.url_path == whole_path
        )
        if deepest is None:
            raise Http404
        return deepest.route(request, path_components[deepest.depth - self.depth :])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(remember(request, f"home:{self.pk}", self.listings))
        context["min_ratings"] = MIN_RATINGS_FOR_MEAN
        return context

    def listings(self):
        """What the home page lists; the same for every reader until the site changes."""
        visible = Comment.objects.visible()
        newest_posts = (
            BlogPostPage.objects.descendant_of(self)
            .live()
            .public()
            .select_related("series")
            .annotate(comment_count=visible.count_per_page(BlogPostPage))
            .order_by("-date", "-first_published_at")[: self.newest_posts_count]
        )
        formats = (
            FormatPage.objects.descendant_of(self)
            .live()
            .public()
            .annotate(comment_count=visible.count_per_page(FormatPage))
        )
        return {
            "newest_posts": list(newest_posts),
            "formats": best_rated_formats(pages=formats, limit=self.best_formats_count),
            # Not .public(): the index page's manager is Wagtail's, whose public() asks for every restriction first.
            "format_index": FormatIndexPage.objects.descendant_of(self).live().exclude(private_q()).first(),
            "latest_comments": latest_comments(limit=self.latest_comments_count),
        }


class StandardPage(ViewRestrictionMixin, GermanSlugMixin, Page):
    """A plain page of text: Impressum, Datenschutz, Über mich."""

    body = RichTextField(_("Inhalt"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Textseite")
        verbose_name_plural = _("Textseiten")


@register_setting(icon="doc-full")
class LegalPages(BaseSiteSetting):
    """Which pages every footer links to, as German law requires (Impressum, Datenschutz)."""

    imprint = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Impressum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Datenschutz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("imprint"), FieldPanel("privacy")]
    # Loaded on every page; one query with the two pages joined keeps it cheap.
    select_related = ["imprint", "privacy"]

    class Meta:
        verbose_name = _("Rechtliche Seiten")
