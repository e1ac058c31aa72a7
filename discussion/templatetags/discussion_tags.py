from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from discussion.forms import CommentForm
from discussion.rendering import threads_html
from discussion.selectors import DEFAULT_SORT, SORTS, comments_by, for_reader, thread_page
from discussion.services import notifications
from discussion.text import links
from pagecache.cache import plain_number, remember, scope_of

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
    return threads_html(context["request"], threads)


@register.inclusion_tag("discussion/includes/section.html", takes_context=True)
def discussion(context, page):
    """A commentable page's discussion: one page of threads (or, with ?faden=, one thread alone, a
    page of its replies at a time), the follow button and the comment form.

    A page whose commenters carry a badge (a format: their rating) says so with
    `commenter_badge_columns()` and `commenter_badge(comment)` (see thread_page). A view that refuses a comment renders the page with the bound
    form as `comment_form`, so the writer sees the errors beside the text.
    """
    request = context["request"]
    sort = request.GET.get("kommentare")
    sort = sort if sort in SORTS else DEFAULT_SORT
    number = request.GET.get("kommentarseite", "1")
    replies = request.GET.get("antwortenseite", "1")
    thread = request.GET.get("faden", "")
    # At most 18 digits: anything longer is no comment id, and too large for the database's integers.
    thread = int(thread) if thread.isdecimal() and len(thread) <= 18 else None

    def threads():
        return thread_page(
            target=page,
            sort=sort,
            page_number=number,
            author_id=page.owner_id,
            badges=page if hasattr(page, "commenter_badge_columns") else None,
            thread=thread,
            replies_page=replies,
        )

    # The same for every reader until the page's discussion changes.
    if plain_number(number) and plain_number(replies):
        name = f"threads:{page.pk}:{sort}:{int(number)}:{thread or 0}:{int(replies)}"
        section = remember(request, name, threads, scope=scope_of(page, request))
    else:
        section = threads()
    return {
        "page": page,
        "request": request,
        "user": request.user,
        "discussion": for_reader(section, target=page, user=request.user),
        "comment_form": context.get("comment_form") or CommentForm(page, user=request.user),
        # The outcome of the reader's last step is shown beside the form (views.STATUS_ANCHOR).
        "messages": context.get("messages", ()),
    }


@register.inclusion_tag("discussion/includes/my_comments.html", takes_context=True)
def my_comments(context, limit=50):
    """The signed-in reader's own comments, newest first, for her account page."""
    request = context["request"]
    return {"request": request, "comments": comments_by(user=request.user)[:limit]}


@register.inclusion_tag("discussion/includes/my_subscriptions.html", takes_context=True)
def my_subscriptions(context):
    """The emails the signed-in reader gets about pages and her threads, each with a way to end it."""
    user = context["request"].user
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "followed_pages": notifications.followed_pages(user=user),
        "followed_threads": notifications.followed_threads(user=user),
    }
