from django.apps import AppConfig

from wagtail.signals import page_published


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Neue Beiträge per E-Mail"

    def ready(self):
        # Listens to Wagtail's own signal, so blog knows nothing of the newsletter (README, Architektur).
        # Imported here, as Django's docs connect receivers: newsletter.signals reaches the models.
        from newsletter.signals import post_published  # noqa: PLC0415 - our own module, no arrow upwards

        page_published.connect(
            post_published,
            sender=self.apps.get_model("blog", "BlogPostPage"),
            dispatch_uid="newsletter.post_published",
        )
