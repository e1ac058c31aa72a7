"""The StreamField blocks an author writes a post with.

There is deliberately no embed block: an embedded player loads from another
host, which this site never does (DESIGN.md, privacy).
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Überschrift"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Ebene"),
        choices=[("h2", _("Zwischenüberschrift")), ("h3", _("Unterüberschrift"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Überschrift")
        template = "blocks/heading_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Zitat"))
    attribution = blocks.CharBlock(label=_("Quelle"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Zitat")
        template = "blocks/quote_block.html"


class ListBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        label=_("Art"),
        choices=[("ul", _("Aufzählung")), ("ol", _("Nummeriert"))],
        default="ul",
    )
    items = blocks.ListBlock(blocks.CharBlock(label=_("Punkt")), label=_("Punkte"))

    class Meta:
        icon = "list-ul"
        label = _("Liste")
        template = "blocks/list_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Absatz"),
        features=["bold", "italic", "link", "document-link"],
        icon="pilcrow",
        template="blocks/paragraph_block.html",
    )
    quote = QuoteBlock()
    list = ListBlock()
    # Wagtail's ImageBlock requires alt text (or an explicit "decorative" flag).
    image = ImageBlock(label=_("Bild"), template="blocks/image_block.html")
