import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# Only http(s) becomes a link; the scheme is part of the pattern, so javascript: or data: never can.
URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?)]}"


@register.filter
def comment_text(value):
    """A reader's plain text as HTML: everything escaped, line breaks kept, http(s) URLs linked safely."""
    parts, position = [], 0
    for match in URL.finditer(value):
        url = match.group(0).rstrip(TRAILING)
        end = match.start() + len(url)
        parts.append(escape(value[position : match.start()]))
        parts.append(f'<a href="{escape(url)}" rel="nofollow ugc noopener">{escape(url)}</a>')
        position = end
    parts.append(escape(value[position:]))
    return mark_safe("".join(parts).replace("\r\n", "\n").replace("\n", "<br>"))  # noqa: S308 - every piece is escaped
