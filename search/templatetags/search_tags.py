import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text, query):
    """Escapes the text, then marks each word of the query (three letters or more) in it."""
    words = sorted(set(re.findall(r"\w{3,}", query or "")), key=len, reverse=True)
    html = escape(text or "")
    if not words:
        return mark_safe(html)  # noqa: S308 - escaped above
    pattern = re.compile("|".join(re.escape(escape(word)) for word in words), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", html))  # noqa: S308
