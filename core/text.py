"""What a reader may type: the characters a text or a one-line field (a name) may hold at all."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS_MESSAGE = _("Bitte entfernen Sie die unsichtbaren Steuerzeichen aus Ihrer Eingabe.")
# C0 and C1 controls and DEL mean nothing in a reader's text, and XML 1.0 forbids most of them: a
# single vertical tab once broke every comment feed. Text keeps tabs and line breaks (a browser
# sends CR LF); a one-line field, such as a name, keeps none of them.
text_characters = RegexValidator(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)",
    CONTROL_CHARACTERS_MESSAGE,
    code="control_characters",
    inverse_match=True,
)
line_characters = RegexValidator(
    r"[\x00-\x1f\x7f-\x9f]", CONTROL_CHARACTERS_MESSAGE, code="control_characters", inverse_match=True
)

# Bidi embeddings, overrides and isolates turn the text after them around: in a name they would
# make "Anna" show as someone else, and spill into the comment next to it.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def plain_name(name):
    """A name as others will see it: no bidi controls, single spaces."""
    return " ".join(BIDI_CONTROLS.sub("", name).split())
