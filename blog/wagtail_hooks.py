from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from blog.models import Series
from core.slugs import GermanSlugInput

# Every slug field in the admin (pages of all kinds, series) spells umlauts out as the author
# would: "Unternehmerfrühstück" → "unternehmerfruehstueck". Replaces Wagtail's own SlugInput
# override; registered here because the blog is where the author writes.
register_form_field_override(models.SlugField, override={"widget": GermanSlugInput})


class SeriesViewSet(SnippetViewSet):
    """Series are shared by many posts and edited apart from any one of them, hence a snippet."""

    model = Series
    icon = "list-ol"
    menu_label = _("Serien")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["title", "slug"]
    search_fields = ["title", "description"]


register_snippet(SeriesViewSet)


@hooks.register("insert_editor_js")
def series_part_js():
    return format_html('<script src="{}"></script>', static("blog/js/series_part.js"))
