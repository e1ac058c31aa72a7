from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core import german

register = template.Library()

# Characters of context shown before the first match, and the snippet's length.
SNIPPET_LEAD = 80
SNIPPET_LENGTH = 280


def _marked(text, spans):
    """The text escaped, with each span wrapped in <mark>; only our own tags are left unescaped."""
    html, position = [], 0
    for start, end, _ in spans:
        html += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    html.append(escape(text[position:]))
    return mark_safe("".join(html))  # noqa: S308 - every piece of text is escaped above


@register.filter
def highlight(text, query):
    """Marks the words of the text that the query finds, compound parts and other forms included."""
    text = text or ""
    return _marked(text, german.match_spans(text, german.query_terms(query)))


@register.simple_tag
def search_snippet(page, query):
    """A passage of the page around the first match, marked; else the start of its first text."""
    terms = german.query_terms(query)
    first = None
    for text in german.page_texts(page):
        text = " ".join(text.split())
        first = first or text
        spans = german.match_spans(text, terms)
        if spans:
            return _window(text, spans)
    return _window(first or "", [])


def _window(text, spans):
    """Up to SNIPPET_LENGTH characters from shortly before the first span, cut between words."""
    begin = 0
    if spans and spans[0][0] > SNIPPET_LEAD:
        lead = spans[0][0] - SNIPPET_LEAD
        space = text.find(" ", lead, spans[0][0])
        begin = space + 1 if space != -1 else lead
    end = len(text)
    if end - begin > SNIPPET_LENGTH:
        end = text.rfind(" ", begin, begin + SNIPPET_LENGTH + 1)
        end = end if end > begin else begin + SNIPPET_LENGTH
    shown = [(start - begin, stop - begin, found) for start, stop, found in spans if begin <= start and stop <= end]
    html = _marked(text[begin:end], shown)
    return mark_safe(("… " if begin else "") + html + (" …" if end < len(text) else ""))  # noqa: S308 - escaped
