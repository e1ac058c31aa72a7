from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from pagecache.signals import invalidate_on_change

        # Every post of a series shows its title.
        invalidate_on_change(self.get_model("Series"))
