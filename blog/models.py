from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import CharField, Max, OuterRef, Subquery
from django.db.models.functions import Cast, TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page, Revision
from wagtail.search import index

from blog.admin_forms import BlogPostForm
from blog.blocks import BodyBlock
from core import german
from core.converters import TagSlugConverter
from core.pages import PageManager, ViewRestrictionMixin
from core.slugs import GermanSlugMixin
from discussion.models import Comment
from pagecache.cache import digest, page_to_remember, plain_number, remember


def archive_month(year, month):
    """(year, month) of a month archive's address (the blog's and its feed's), or Http404 for a month that cannot be."""
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        raise Http404
    return year, month


class Series(models.Model):
    """A numbered series of posts, such as "Richtig Netzwerken", one format a week."""

    title = models.CharField(_("Titel"), max_length=120)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        verbose_name = _("Serie")
        verbose_name_plural = _("Serien")
        ordering = ["title"]

    def __str__(self):
        return self.title


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey("blog.BlogPostPage", related_name="tagged_items", on_delete=models.CASCADE)


class BlogIndexPage(ViewRestrictionMixin, GermanSlugMixin, RoutablePageMixin, Page):
    """The blog: every post, newest first, filtered by series, tag or month, each with its own URL and feed."""

    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    max_count = 1
    posts_per_page = 10

    class Meta:
        verbose_name = _("Blog-Übersicht")
        verbose_name_plural = _("Blog-Übersichten")

    def posts(self):
        return (
            BlogPostPage.objects.child_of(self)
            .live()
            .public()
            .select_related("series")
            .annotate(comment_count=Comment.objects.visible().count_per_page(BlogPostPage))
            .order_by("-date", "-first_published_at")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        posts = kwargs.get("posts", self.posts())
        number = request.GET.get("seite", "1")

        def listing():
            return self.listing(posts, number)

        # The same for every reader until the site changes (a post published, scheduled or moved);
        # plain page numbers only, so made-up ones add no keys.
        if plain_number(number):
            context.update(remember(request, f"blog:{self.pk}:{digest(request.path)}:{int(number)}", listing))
        else:
            context.update(listing())
        return context

    def listing(self, posts, number):
        """One page of `posts`, every series and every month with posts."""
        page = page_to_remember(Paginator(posts, self.posts_per_page).get_page(number))
        # Each with the go-live time of its next scheduled part, in the same query.
        all_series = list(
            Series.objects.filter(posts__live=True).distinct().annotate(next_part_at=next_part_at()).order_by("title")
        )
        upcoming = [series for series in all_series if series.next_part_at]
        months = (
            BlogPostPage.objects.child_of(self)
            .live()
            .public()
            .annotate(month=TruncMonth("date"))
            .values_list("month", flat=True)
            .distinct()
            .order_by("-month")
        )
        return {
            "posts": page,
            "all_series": all_series,
            "upcoming_series": min(upcoming, key=lambda series: series.next_part_at, default=None),
            "months": list(months),
        }

    @path("")
    def all_posts(self, request):
        return self.render(request)

    @path("serie/<slug:slug>/", name="series")
    def series(self, request, slug):
        series = get_object_or_404(Series.objects.annotate(next_part_at=next_part_at()), slug=slug)
        # A series reads from its first part on.
        posts = self.posts().filter(series=series).order_by("series_part")
        return self.render(request, posts=posts, context_overrides={"filter": ("series", series)})

    @re_path(rf"^schlagwort/(?P<slug>{TagSlugConverter.regex})/$", name="tag")
    def tag(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        posts = self.posts().filter(tags__slug=slug)
        return self.render(request, posts=posts, context_overrides={"filter": ("tag", tag)})

    @path("archiv/<int:year>/<int:month>/", name="month")
    def month(self, request, year, month):
        year, month = archive_month(year, month)
        posts = self.posts().filter(date__year=year, date__month=month)
        label = f"{MONTHS[month]} {year}"
        return self.render(request, posts=posts, context_overrides={"filter": ("month", (year, month, label))})


def next_free_part(series_id, *, exclude=None):
    """The number the next part of the series gets: one after its highest, drafts and scheduled parts included."""
    parts = BlogPostPage.objects.filter(series_id=series_id)
    if exclude is not None:
        parts = parts.exclude(pk=exclude)
    return (parts.aggregate(highest=Max("series_part"))["highest"] or 0) + 1


class BlogPostPage(ViewRestrictionMixin, GermanSlugMixin, Page):
    """One post by the author, usually one part of a series about one networking format."""

    objects = PageManager()

    # Today in the site's time zone (Berlin): a post written after midnight UTC but before
    # 01:00 Berlin is already tomorrow's.
    date = models.DateField(_("Datum"), default=timezone.localdate)
    intro = models.TextField(_("Einleitung"), help_text=_("Ein bis zwei Sätze für Übersichten und Vorschauen."))
    body = StreamField(BodyBlock(), verbose_name=_("Inhalt"))
    series = models.ForeignKey(
        Series,
        verbose_name=_("Serie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    series_part = models.PositiveSmallIntegerField(
        _("Teil"), null=True, blank=True, help_text=_("Leer lassen: der nächste freie Teil der Serie.")
    )
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True, verbose_name=_("Schlagwörter"))
    related_formats = ParentalManyToManyField(
        "formats.FormatPage",
        blank=True,
        verbose_name=_("Besprochene Formate"),
        related_name="blog_posts",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("series"), FieldPanel("series_part")])],
            heading=_("Serie"),
        ),
        FieldPanel("tags"),
        FieldPanel("related_formats", widget=forms.CheckboxSelectMultiple),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
        # Word parts, inflections and ae/oe/ue spellings for the site search (core/german.py).
        index.AutocompleteField("search_text"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    base_form_class = BlogPostForm

    class Meta:
        verbose_name = _("Blogbeitrag")
        verbose_name_plural = _("Blogbeiträge")
        constraints = [
            # clean() explains the rule in German; this holds it when two saves race.
            models.UniqueConstraint(fields=["series", "series_part"], name="one_post_per_series_part"),
        ]

    def search_text(self):
        return german.search_text(self)

    @classmethod
    def next_free_parts(cls):
        """{series id (as text, as a form sends it): the number its next part gets}, in one query."""
        highest = cls.objects.filter(series__isnull=False).values("series").annotate(highest=Max("series_part"))
        parts = {str(row["series"]): (row["highest"] or 0) + 1 for row in highest}
        return {str(pk): parts.get(str(pk), 1) for pk in Series.objects.values_list("pk", flat=True)}

    def clean(self):
        super().clean()
        if self.series_id and not self.series_part:
            self.series_part = next_free_part(self.series_id, exclude=self.pk)
        if self.series_part and not self.series_id:
            raise ValidationError({"series": _("Ein Teil gehört zu einer Serie: bitte wählen Sie die Serie.")})
        if self.series_id:
            taken = BlogPostPage.objects.filter(series_id=self.series_id, series_part=self.series_part)
            if self.pk:
                taken = taken.exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError(
                    {"series_part": _("Diese Serie hat bereits einen Teil %(part)s.") % {"part": self.series_part}}
                )

    def series_parts(self):
        """The live parts of this post's series, in reading order."""
        if not self.series_id:
            return BlogPostPage.objects.none()
        return (
            BlogPostPage.objects.live()
            .public()
            .filter(series_id=self.series_id)
            .select_related("series")
            .order_by("series_part")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(remember(request, f"post:{self.pk}", lambda: self.surroundings(request)))
        parts = context["series_parts"]
        position = next((i for i, part in enumerate(parts) if part.pk == self.pk), None)
        if position is not None:
            context["previous_part"] = parts[position - 1] if position > 0 else None
            context["next_part"] = parts[position + 1] if position + 1 < len(parts) else None
        context["blog_posting"] = self.blog_posting(request, tags=context["tags"], series=context["series"])
        return context

    def surroundings(self, request):
        """Series, formats, tags and the blog around this post; the same for every reader until the site changes."""
        parts = list(self.series_parts())
        if self.series_id and all(part.pk != self.pk for part in parts):
            # A draft in preview counts as the part it will be.
            parts = sorted([*parts, self], key=lambda part: part.series_part or 0)
        url = self.get_url(request)
        return {
            "series_parts": parts,
            # The parts come with their series: no query of its own.
            "series": parts[0].series if parts else None,
            # filter()/order_by() rather than live(): in preview this is an unsaved cluster.
            "related_formats": list(self.related_formats.filter(live=True).order_by("title")),
            "tags": list(self.tags.all()),
            # Tag links lead to the blog's own tag filter. A post's URL is its blog's plus its slug,
            # so the blog needs no query (a preview of a new post has no URL yet).
            "blog_url": url[: -len(self.slug) - 1] if url else self.get_parent().get_url(request),
        }

    @property
    def first_image(self):
        return next((block.value for block in self.body if block.block_type == "image"), None)

    def blog_posting(self, request, *, tags, series):
        """schema.org BlogPosting for search engines."""
        author = self.owner.get_full_name() if self.owner else ""
        # A preview has no publication times yet; the post's own date stands in.
        published = self.first_published_at or self.date
        modified = self.last_published_at or published
        return {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": self.title,
            "description": self.intro,
            "datePublished": published.isoformat(),
            "dateModified": modified.isoformat(),
            "inLanguage": "de-DE",
            "mainEntityOfPage": self.get_full_url(request),
            "author": {"@type": "Person", "name": author or "Netzwerk-Formate"},
            "publisher": {"@type": "Organization", "name": "Netzwerk-Formate"},
            "keywords": ", ".join(tag.name for tag in tags),
            **({"isPartOf": {"@type": "CreativeWorkSeries", "name": series.title}} if series else {}),
        }


def next_part_at():
    """An expression for annotating series: when their next part goes live, or None.

    Scheduled as Wagtail schedules: a page not yet live whose approved revision carries the
    go-live time (`approved_go_live_at`), which the worker's publish_scheduled publishes. An
    annotation, so the series page and the blog ask it in the query that loads their series.
    """
    scheduled = (
        Revision.page_revisions.filter(object_id=Cast(OuterRef("pk"), CharField()), approved_go_live_at__isnull=False)
        .order_by("approved_go_live_at")
        .values("approved_go_live_at")[:1]
    )
    parts = (
        BlogPostPage.objects.filter(series=OuterRef("pk"), live=False)
        .public()
        .annotate(go_live=Subquery(scheduled))
        .filter(go_live__isnull=False)
        .order_by("go_live")
        .values("go_live")[:1]
    )
    return Subquery(parts)
