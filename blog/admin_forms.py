import json

from wagtail.admin.forms import WagtailAdminPageForm


class BlogPostForm(WagtailAdminPageForm):
    """A new post starts as the next part of the series the author wrote in last.

    The date defaults to today on the model. The series select carries each series' next free
    part, so the part follows when the author picks another series (blog/js/series_part.js).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page class, not imported: the model names this form as its base.
        model = type(self.instance)
        if "slug" in self.fields:
            # Left empty, the slug is made from the title on save, German as the editor makes it
            # (core.slugs.GermanSlugMixin); the editor fills it in as the title is typed anyway.
            self.fields["slug"].required = False
        next_parts = model.next_free_parts()
        if "series" in self.fields:
            self.fields["series"].widget.attrs["data-next-parts"] = json.dumps(next_parts)
        if self.instance.pk is None and not self.is_bound:
            latest = model.objects.filter(series__isnull=False).order_by("-date", "-pk").first()
            if latest is not None:
                self.initial["series"] = latest.series_id
                self.initial["series_part"] = next_parts[str(latest.series_id)]
                self.fields["series"].widget.attrs["data-suggested-part"] = self.initial["series_part"]
