"""RSS 2.0 and Atom 1.0 feeds: posts (all, per series, per tag, per month), new formats, comments.

Every feed exists twice: the RSS class, and its Atom subclass with feed_type swapped.
"""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SimplerXMLGenerator, Stylesheet
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from taggit.models import Tag
from wagtail.models import Page, Site

from blog.models import BlogPostPage, Series, archive_month
from discussion.models import Comment
from formats.models import FormatPage
from syndication.html import absolutize

FEED_LENGTH = 20
# The date of a feed with nothing dated in it: fixed, so its ETag and Last-Modified hold and a
# conditional GET gets its 304 (Django would take the time of the request). Not the epoch:
# Django reads an If-Modified-Since of 0 as absent.
NOTHING_YET = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


# What XML 1.0 has no place for (https://www.w3.org/TR/xml/#charsets): C0 controls but tab and line
# breaks, lone surrogates, U+FFFE and U+FFFF. Django's XML writer refuses the controls with an error.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value):
    """Text as XML can hold it; anything else (dates, enclosures) as it is, lists item by item."""
    if isinstance(value, str | Promise):
        return NOT_XML.sub("", str(value))
    if isinstance(value, list | tuple):
        return [xml_safe(item) for item in value]
    return value


class XmlSafe:
    """Every text a feed emits passes xml_safe: one stored character the forms did not yet refuse
    (a comment, a name, a title pasted into the admin) must not take the whole feed down."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_safe, args), **{name: xml_safe(value) for name, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_safe, args), **{name: xml_safe(value) for name, value in kwargs.items()})


class DatedByItems:
    """The feed's date (lastBuildDate, Atom <updated>, Last-Modified) is its newest item's, never the request's."""

    def latest_post_date(self):
        if any(item["updateddate"] or item["pubdate"] for item in self.items):
            return super().latest_post_date()
        return self.feed.get("undated_since", NOTHING_YET)


class German(XmlSafe, DatedByItems, Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"

    def rss_attributes(self):
        return {**super().rss_attributes(), "xml:lang": "de-DE"}


class GermanAtom(XmlSafe, DatedByItems, Atom1Feed):
    content_type = "application/atom+xml; charset=utf-8"

    def write(self, outfile, encoding):
        # Atom1Feed.write, plus the stylesheet instruction Django writes only into RSS: before the
        # first tag, as https://www.w3.org/TR/xml-stylesheet/ requires.
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class SiteFeed(Feed):
    feed_type = German
    language = "de"
    author_name = "Netzwerk-Formate"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        # Chromium shows application/rss+xml and atom+xml as plain text and never runs their
        # stylesheet; a browser (it asks for HTML first) gets the same document as XML. Feed
        # readers ask for feeds or anything, and keep the feed's own type.
        feed_type = self.feed_type.content_type.split(";")[0]
        if request.get_preferred_type([feed_type, "text/html"]) == "text/html":
            response["Content-Type"] = "application/xml; charset=utf-8"
        patch_vary_headers(response, ["Accept"])
        return response

    def stylesheets(self, obj=None):
        """Opened in a browser, the feed is shown as a German page (static/xsl/feed.xsl); feed
        readers ignore it. A method: the static URL is only known once the storage's manifest is."""
        return [Stylesheet(static("xsl/feed.xsl"), mimetype="text/xsl")]

    def base_url(self):
        """The Wagtail site's own root URL, the same host the canonical page URLs use."""
        site = Site.find_for_request(self.request)
        return site.root_url if site else self.request.build_absolute_uri("/").rstrip("/")

    # Absolute from the request, not from django.contrib.sites' example.com (add_domain keeps full URLs).
    def feed_url(self, obj=None):
        return self.request.build_absolute_uri(self.request.path)

    def link(self, obj=None):
        return self.base_url() + "/"

    def feed_guid(self, obj=None):
        return self.feed_url(obj)

    def item_guid_is_permalink(self, item):
        return False

    def feed_extra_kwargs(self, obj):
        return {"undated_since": self.undated_since(obj)}

    def undated_since(self, obj):
        """The feed's date while no item has one."""
        return NOTHING_YET


class PageFeed(SiteFeed):
    """Items are Wagtail pages: rendered in full from `content_template`, under a guid from `guid_prefix`."""

    content_template = None
    guid_prefix = None

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        # Stable whatever happens to the slug: the page id under our own host.
        return f"{self.base_url()}/{self.guid_prefix}/{item.pk}"

    def item_description(self, item):
        html = render_to_string(self.content_template, {"page": item, "request": self.request})
        return absolutize(html, self.base_url())

    def item_author_name(self, item):
        return (item.owner.get_full_name() if item.owner else "") or self.author_name

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)


class PostsFeed(PageFeed):
    """Every published post, in full, newest first."""

    content_template = "syndication/post_content.html"
    guid_prefix = "beitraege"

    def title(self, obj=None):
        return _("Netzwerk-Formate: Beiträge")

    def description(self, obj=None):
        return _("Jede Woche ein Netzwerk-Format – Erfahrungen, Bewertungen, Diskussion.")

    def posts(self, obj):
        return BlogPostPage.objects.live().public().select_related("series", "owner").prefetch_related("tags")

    def items(self, obj=None):
        return self.posts(obj).order_by("-first_published_at")[:FEED_LENGTH]

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()] + ([item.series.title] if item.series else [])

    def item_pubdate(self, item):
        # A post made live without being published (an import) has no publication time; its own date stands in.
        return item.first_published_at or timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))


class SeriesFeed(PostsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Series, slug=slug)

    def title(self, obj=None):
        return _("Netzwerk-Formate: Serie „%(title)s“") % {"title": obj.title}

    def description(self, obj=None):
        return obj.description or self.title(obj)

    def items(self, obj=None):
        return self.posts(obj).filter(series=obj).order_by("-series_part")[:FEED_LENGTH]


class TagFeed(PostsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug, blog_blogposttag_items__isnull=False)

    def title(self, obj=None):
        return _("Netzwerk-Formate: Schlagwort „%(name)s“") % {"name": obj.name}

    def items(self, obj=None):
        return self.posts(obj).filter(tags__slug=obj.slug).order_by("-first_published_at")[:FEED_LENGTH]


class MonthFeed(PostsFeed):
    def get_object(self, request, year, month):
        return archive_month(year, month)

    def title(self, obj=None):
        return _("Netzwerk-Formate: Beiträge %(month)02d/%(year)s") % {"month": obj[1], "year": obj[0]}

    def items(self, obj=None):
        year, month = obj
        return self.posts(obj).filter(date__year=year, date__month=month).order_by("-date")[:FEED_LENGTH]


class FormatsFeed(PageFeed):
    """Newly described networking formats."""

    content_template = "syndication/format_content.html"
    guid_prefix = "formate"

    def title(self, obj=None):
        return _("Netzwerk-Formate: neue Formate")

    def description(self, obj=None):
        return _("Neu beschriebene Netzwerk-Formate mit dem Urteil des Autors.")

    def items(self, obj=None):
        return FormatPage.objects.live().public().select_related("owner").order_by("-first_published_at")[:FEED_LENGTH]


class CommentsFeed(SiteFeed):
    """The newest visible comments, site-wide."""

    def title(self, obj=None):
        return _("Netzwerk-Formate: neueste Kommentare")

    def description(self, obj=None):
        return _("Die neuesten Kommentare zu Beiträgen und Formaten.")

    def comments(self):
        return (
            Comment.objects.visible()
            .on_live_pages()
            .select_related(None)
            .prefetch_related("content_object")
            .order_by("-submit_date")
        )

    def items(self, obj=None):
        return [c for c in self.comments()[:FEED_LENGTH] if c.content_object is not None]

    def item_title(self, item):
        return _("%(name)s zu „%(title)s“") % {"name": item.user_name, "title": item.content_object.title}

    def item_link(self, item):
        return self.base_url() + reverse("comment_show", args=[item.pk])

    def item_guid(self, item):
        return f"{self.base_url()}/kommentare/{item.pk}"

    def item_description(self, item):
        # Plain text, escaped and linked exactly as on the page: no reader HTML reaches a feed reader.
        return render_to_string("syndication/comment_content.html", {"comment": item})

    def item_author_name(self, item):
        return item.user_name

    def item_pubdate(self, item):
        return item.submit_date

    def item_updateddate(self, item):
        return item.edited_at or item.submit_date


class PageCommentsFeed(CommentsFeed):
    """The newest comments on one post or format page."""

    def get_object(self, request, page_id):
        page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
        if not isinstance(page, BlogPostPage | FormatPage):
            raise Http404
        return page

    def title(self, obj=None):
        return _("Kommentare zu „%(title)s“") % {"title": obj.title}

    def link(self, obj=None):
        return obj.get_full_url(self.request)

    def undated_since(self, obj):
        # No comments yet: the feed is as old as its page.
        return obj.first_published_at or NOTHING_YET

    def items(self, obj=None):
        comments = Comment.objects.visible().on(obj)
        comments = list(comments.select_related(None).order_by("-submit_date")[:FEED_LENGTH])
        for comment in comments:
            comment.content_object = obj  # known already: no query per comment
        return comments


def atom(feed_class):
    """The Atom twin of an RSS feed class."""
    return type(
        f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": GermanAtom, "subtitle": feed_class.description}
    )


FEEDS = {
    "posts": PostsFeed,
    "series": SeriesFeed,
    "tag": TagFeed,
    "month": MonthFeed,
    "formats": FormatsFeed,
    "comments": CommentsFeed,
    "page_comments": PageCommentsFeed,
}
