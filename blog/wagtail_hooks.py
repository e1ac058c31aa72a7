from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from blog.models import Series


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
