from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.site_summary import SummaryItem

from core import personal_data
from newsletter import admin_views, selectors
from newsletter import personal_data as newsletter_data
from newsletter.admin_viewsets import SubscriberViewSet


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [
        path("neue-beitraege/<int:page_id>/vorschau/", admin_views.preview, name="newsletter_preview"),
        path("neue-beitraege/<int:page_id>/testmail/", admin_views.test_mail, name="newsletter_test_mail"),
    ]


class PostMailMenuItem(ActionMenuItem):
    """Shown in a saved blog post's editor; the post's mail is built from its latest revision."""

    url_name = None

    def is_shown(self, context):
        page = context.get("page")
        return context["view"] == "edit" and page is not None and page._meta.label == "blog.BlogPostPage"

    def get_url(self, parent_context):
        return reverse(self.url_name, args=[parent_context["page"].pk])


class TestMailMenuItem(PostMailMenuItem):
    label = _("Testmail an mich")
    name = "action-newsletter-test-mail"
    icon_name = "mail"
    url_name = "newsletter_test_mail"


class PreviewMenuItem(PostMailMenuItem):
    label = _("Mail-Vorschau")
    name = "action-newsletter-preview"
    icon_name = "view"
    url_name = "newsletter_preview"


@hooks.register("register_page_action_menu_item")
def register_test_mail_menu_item():
    return TestMailMenuItem(order=60)


@hooks.register("register_page_action_menu_item")
def register_preview_menu_item():
    return PreviewMenuItem(order=61)


class NewsletterSummaryItem(SummaryItem):
    """How many read along by email, and how far the newest post has gone out."""

    order = 40
    template_name = "newsletter/admin/summary.html"

    def get_context_data(self, parent_context):
        return {"confirmed": selectors.confirmed_count(), "last": selectors.last_dispatch_progress()}


@hooks.register("construct_homepage_summary_items")
def add_newsletter_summary_item(request, items):
    items.append(NewsletterSummaryItem(request))


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet("newsletter_subscribers", url_prefix="abonnenten")


@hooks.register(personal_data.HOOK)
def register_newsletter_personal_data():
    return personal_data.Part(export=newsletter_data.export, erase=newsletter_data.erase)
