"""Comment threads as HTML, each rendered once for every state it is shown in.

A thread is a fragment (pagecache.fragments) keyed by the digest of everything it shows
(selectors.Node, whether the visitor is signed in): a new reply, a like or an edit makes a new
key, and threads nobody touched are reused even after the page cache has dropped the page around them.
"""

import re

from django.template.loader import get_template
from django.utils.safestring import mark_safe

from pagecache.fragments import CSRF_PLACEHOLDER, fragment_key, rendered

TEMPLATE = "discussion/includes/comment.html"
# The template's indentation was over a quarter of a discussion's bytes, sent with every page. The
# thread holds no <pre> or <textarea>, and a reader's line breaks are <br> by then (comment_text).
INDENTATION = re.compile(r"\n\s+")


def _render(node, signed_in):
    html = get_template(TEMPLATE).render({"node": node, "signed_in": signed_in, "csrf_token": CSRF_PLACEHOLDER})
    return INDENTATION.sub("\n", html)


def threads_html(request, threads):
    signed_in = request.user.is_authenticated
    renders = {
        fragment_key("comment-thread", signed_in, node.fingerprint): lambda node=node: _render(node, signed_in)
        for node in threads
    }
    return mark_safe("".join(rendered(request, renders)))  # noqa: S308 - rendered by our template, which escapes every reader's text
