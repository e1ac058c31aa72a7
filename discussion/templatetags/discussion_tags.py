from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from discussion.text import links

register = template.Library()


@register.filter
def comment_text(value):
    """A reader's plain text as HTML: everything escaped, line breaks kept, http(s) URLs linked safely."""
    parts, position = [], 0
    for start, end, url in links(value):
        parts.append(escape(value[position:start]))
        parts.append(f'<a href="{escape(url)}" rel="nofollow ugc noopener">{escape(url)}</a>')
        position = end
    parts.append(escape(value[position:]))
    return mark_safe("".join(parts).replace("\r\n", "\n").replace("\n", "<br>"))  # noqa: S308 - every piece is escaped


@register.simple_tag(takes_context=True)
def comment_threads(context, threads):
    """One page of threads as list items; see discussion/rendering.py for why they are cached."""
    from discussion.rendering import threads_html

    return threads_html(context["request"], threads)
