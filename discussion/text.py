"""A reader's plain text: what counts as a link (shared by rendering and the spam rules), and which
characters it may hold at all."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Only http(s): the scheme is part of the pattern, so javascript: or data: never become links.
URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?)]}"

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


def links(text):
    """(start, end, url) of each link, trailing punctuation left out."""
    for match in URL.finditer(text):
        url = match.group(0).rstrip(TRAILING)
        yield match.start(), match.start() + len(url), url


def plain_name(name):
    """A name as others will see it: no bidi controls, single spaces."""
    return " ".join(BIDI_CONTROLS.sub("", name).split())
