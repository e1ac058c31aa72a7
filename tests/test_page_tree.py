"""The page tree of DESIGN.md: an author cannot put a page in the wrong place."""

import datetime

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from blog.models import BlogIndexPage, BlogPostPage
from formats.models import FormatIndexPage, FormatPage
from home.models import HomePage, StandardPage
from tests.factories import BlogIndexPageFactory, FormatIndexPageFactory, HomePageFactory
from tests.helpers import log_in_with_second_factor


class PageTypeRules(WagtailPageTestCase):
    def test_home_page_holds_blog_formats_and_text_pages(self):
        self.assertAllowedSubpageTypes(HomePage, {BlogIndexPage, FormatIndexPage, StandardPage})

    def test_home_page_sits_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_blog_index_holds_only_posts(self):
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPostPage})
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})

    def test_post_lives_only_in_the_blog_and_has_no_children(self):
        self.assertAllowedParentPageTypes(BlogPostPage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogPostPage, set())

    def test_format_index_holds_only_formats(self):
        self.assertAllowedSubpageTypes(FormatIndexPage, {FormatPage})
        self.assertAllowedParentPageTypes(FormatIndexPage, {HomePage})

    def test_format_lives_only_in_the_format_index(self):
        self.assertAllowedParentPageTypes(FormatPage, {FormatIndexPage})
        self.assertAllowedSubpageTypes(FormatPage, set())

    def test_text_page_lives_below_home(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage})

    def test_post_cannot_be_created_outside_the_blog(self):
        home = HomePageFactory(parent=Page.get_first_root_node())
        formats = FormatIndexPageFactory(parent=home)
        self.assertCanNotCreateAt(HomePage, BlogPostPage)
        self.assertCanNotCreateAt(FormatIndexPage, BlogPostPage)
        self.assertFalse(BlogPostPage.can_create_at(formats))

    def test_only_one_blog_and_one_format_index(self):
        home = HomePageFactory(parent=Page.get_first_root_node())
        BlogIndexPageFactory(parent=home)
        FormatIndexPageFactory(parent=home)
        self.assertFalse(BlogIndexPage.can_create_at(home))
        self.assertFalse(FormatIndexPage.can_create_at(home))
        self.assertTrue(StandardPage.can_create_at(home))


class AuthorCreatesPagesInTheAdmin(WagtailPageTestCase):
    def setUp(self):
        # Wagtail's own log-in of a superuser, who also needs the second factor for the admin.
        log_in_with_second_factor(self.client, self.login())
        self.home = HomePageFactory(parent=Page.get_first_root_node())
        self.blog = BlogIndexPageFactory(parent=self.home)

    def test_author_creates_a_post_with_body_blocks(self):
        data = nested_form_data(
            {
                "title": "Das Unternehmerfrühstück",
                "slug": "unternehmerfruehstueck",
                "date": "2026-11-30",
                "intro": "Teil 2 der Serie.",
                "body": streamfield(
                    [
                        ("heading", {"text": "Wie es abläuft", "level": "h2"}),
                        ("paragraph", rich_text("<p>Um 7:00 Uhr geht es los.</p>")),
                    ]
                ),
                "tags": "Frühstück",
            }
        )
        self.assertCanCreate(self.blog, BlogPostPage, data)
        post = BlogPostPage.objects.get(slug="unternehmerfruehstueck")
        self.assertEqual(post.date, datetime.date(2026, 11, 30))
        self.assertEqual([block.block_type for block in post.body], ["heading", "paragraph"])
