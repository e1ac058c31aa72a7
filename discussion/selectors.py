"""Read-side of the discussion: one page of whole threads in a constant number of queries."""

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG, max_thread_level_for_content_type

from discussion.models import Comment, PageSubscription, Report
from pagecache.cache import digest, page_to_remember

THREADS_PER_PAGE = 10
# A thread shows this many replies on its page; the rest are a link away, on pages of that thread
# alone of the same size (so the link's page 2 goes on where the page stopped). However long a
# thread grows, the page stays about the same size and takes the same queries.
REPLIES_PER_PAGE = 20
SORTS = {
    "aelteste": ("submit_date", "pk"),
    "neueste": ("-submit_date", "-pk"),
    "beliebteste": ("-like_count", "submit_date", "pk"),
}
DEFAULT_SORT = "aelteste"


@dataclass
class Node:
    """One comment exactly as the thread template shows it.

    The template reads nothing but these fields (and whether the visitor is signed in), so
    fingerprint() covers all the HTML depends on: rendered threads are cached by it.
    """

    pk: int
    level: int
    name: str
    submitted: datetime.datetime
    text: str
    state: str  # "visible", "deleted" (by its writer) or "removed" (by a moderator)
    edited: bool
    like_count: int
    can_reply: bool
    writer_id: int | None = None
    badge: tuple = ()  # (text, what it means), from the page's commenter_badge()
    by_author: bool = False
    mine: bool = False
    can_edit: bool = False
    edit_minutes_left: int = 0  # shown beside "Bearbeiten"; part of the fingerprint, so never stale
    liked: bool = False
    reported: bool = False  # by this reader; how often others reported it is for moderators only
    children: list = field(default_factory=list)
    more_replies: int = 0  # of a thread's root: replies not shown, on the thread's own pages

    @property
    def fingerprint(self):
        """A digest of this comment and its replies as shown; any visible change gives a new one."""
        return digest(repr(self))


@dataclass
class CommentSection:
    count: int
    threads: list
    page: object  # the Paginator page of top-level threads
    sort: str
    following: bool = False
    thread: int | None = None  # shown alone: its root's id
    replies: object = None  # shown alone: the Paginator page of its replies


def _with_likes(queryset):
    # A subquery, not a join: a GROUP BY would keep the window functions below from filtering.
    likes = CommentFlag.objects.filter(comment=OuterRef("pk"), flag=LIKEDIT_FLAG).order_by()
    return queryset.annotate(
        like_count=Coalesce(Subquery(likes.values("comment").annotate(n=Count("pk")).values("n")), 0)
    )


def _by_position(queryset):
    """Each comment's place in its thread (the root is 1, its replies follow in reading order), and
    how many of the thread's replies are not deleted by their writers."""
    thread = {"partition_by": F("thread_id")}
    return queryset.annotate(
        position=Window(RowNumber(), order_by=F("order").asc(), **thread),
        live_replies=Window(Count("pk", filter=Q(level__gt=0, deleted_at__isnull=True)), **thread),
    )


def _in_order(roots, sort):
    """`roots` ordered as SORTS[sort] orders them in the database."""
    if sort == "beliebteste":
        return sorted(roots, key=lambda comment: (-comment.like_count, comment.submit_date, comment.pk))
    return sorted(roots, key=lambda comment: (comment.submit_date, comment.pk), reverse=sort == "neueste")


def thread_page(*, target, sort=None, page_number=None, author_id=None, badges=None, thread=None, replies_page=None):
    """One page of the discussion, the same for every reader: its threads, each with its first
    replies, in two queries (the counts; the comments with their likes and badges).

    With `thread` (a root comment's id) that thread alone, `replies_page` of its replies at a time;
    an id that is no thread of this page gets the whole discussion instead.
    `badges` marks some commenters, as (text, what it means): an object with
    commenter_badge_columns() (annotations of a comment, fetched with it) and
    commenter_badge(comment) (the badge, or ()); a format page is one, the badges are the
    commenters' ratings of it.
    """
    sort = sort if sort in SORTS else DEFAULT_SORT
    thread = thread if isinstance(thread, int) and 0 < thread < 2**63 else 0
    public = Comment.objects.on(target).filter(is_public=True)
    # The counts in one query. The paginators only do the page arithmetic over them: they ask
    # nothing again, and they pickle (the section is remembered), as ones holding a queryset would not.
    counts = public.aggregate(
        threads=Count("pk", filter=Q(level=0)),
        visible=Count("pk", filter=Q(deleted_at__isnull=True, is_removed=False)),
        thread=Count("pk", filter=Q(pk=thread, level=0)),
        replies=Count("pk", filter=Q(thread_id=thread, level__gt=0)),
    )
    page = page_to_remember(Paginator(range(counts["threads"]), THREADS_PER_PAGE).get_page(page_number))
    replies = None
    if counts["thread"]:
        replies = page_to_remember(Paginator(range(counts["replies"]), REPLIES_PER_PAGE).get_page(replies_page))
        roots = [thread]
        # Replies are 1-based, the root is position 1: reply n is at n + 1.
        shown = Q(position=1) | Q(position__range=(replies.start_index() + 1, replies.end_index() + 1))
    else:
        roots = public.filter(level=0)
        if sort == "beliebteste":
            # Counting likes over every thread costs a subquery each; only this order needs it.
            roots = _with_likes(roots)
        # The page's roots as a subquery of the comments' query (a LIMIT inside IN, which
        # PostgreSQL and SQLite allow), ordered again below from the roots fetched.
        roots = roots.order_by(*SORTS[sort]).values("pk")[max(page.start_index() - 1, 0) : page.end_index()]
        shown = Q(position__lte=REPLIES_PER_PAGE + 1)

    comments = []
    if counts["threads"]:
        comments = _by_position(_with_likes(public.filter(thread_id__in=roots)))
        if badges is not None:
            comments = comments.annotate(**badges.commenter_badge_columns())
        comments = list(comments.filter(shown).select_related("user").order_by("thread_id", "order"))
    if replies is None:
        root_ids = [comment.pk for comment in _in_order([c for c in comments if c.level == 0], sort)]
    else:
        root_ids = roots
    max_level = max_thread_level_for_content_type(ContentType.objects.get_for_model(target))

    nodes = {}
    for comment in comments:
        state = "deleted" if comment.is_deleted else "removed" if comment.is_removed else "visible"
        nodes[comment.pk] = Node(
            pk=comment.pk,
            level=comment.level,
            name=comment.user.public_name if comment.user_id else comment.user_name,
            submitted=comment.submit_date,
            text=comment.comment if state == "visible" else "",
            state=state,
            edited=comment.edited_at is not None,
            like_count=comment.like_count,
            can_reply=comment.level < max_level,
            badge=badges.commenter_badge(comment) if (badges is not None and comment.user_id) else (),
            by_author=author_id is not None and comment.user_id == author_id,
            writer_id=comment.user_id,
        )
    shown_live = Counter(c.thread_id for c in comments if c.level > 0 and not c.is_deleted)
    for comment in comments:
        if comment.pk == comment.thread_id:
            if replies is None:
                # What the link to the thread's own pages counts: its replies not shown here.
                nodes[comment.pk].more_replies = comment.live_replies - shown_live[comment.pk]
            continue
        # A reply whose parent is on an earlier page of the thread goes under the root.
        parent = nodes.get(comment.parent_id) or nodes.get(comment.thread_id)
        if parent is not None:
            parent.children.append(nodes[comment.pk])
    return CommentSection(
        count=counts["visible"],
        threads=[nodes[pk] for pk in root_ids if pk in nodes],
        page=page,
        sort=sort,
        thread=thread if replies is not None else None,
        replies=replies,
    )


def place_in_discussion(comment):
    """The query string that shows `comment` on its page, in the default order ("" for the first
    page): the page of threads that holds its thread or, for a reply past the ones shown with its
    thread, the thread alone at the page of replies that holds it. One query.

    A link to `page.url#c<id>` alone lands on the first page, where a comment of a long discussion
    is not.
    """
    root_date = Subquery(Comment.objects.filter(pk=comment.thread_id).values("submit_date")[:1])
    earlier_root = Q(submit_date__lt=root_date) | Q(submit_date=root_date, pk__lte=comment.thread_id)
    counts = Comment.objects.filter(
        content_type_id=comment.content_type_id, object_pk=comment.object_pk, is_public=True
    ).aggregate(
        # As thread_page numbers them: the root is 1, its replies follow in reading order.
        position=Count("pk", filter=Q(thread_id=comment.thread_id, order__lte=comment.order)),
        rank=Count("pk", filter=Q(level=0) & earlier_root),
    )
    if comment.level and counts["position"] > REPLIES_PER_PAGE + 1:
        replies_page = math.ceil((counts["position"] - 1) / REPLIES_PER_PAGE)
        return f"?faden={comment.thread_id}&antwortenseite={replies_page}"
    threads_page = math.ceil(counts["rank"] / THREADS_PER_PAGE)
    return f"?kommentarseite={threads_page}" if threads_page > 1 else ""


def comment_by_submission(key):
    """The comment a form submission stored, or None (also for no key)."""
    return Comment.objects.filter(submission_key=key).first() if key else None


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def for_reader(section, *, target, user):
    """Marks what is this reader's own, liked or reported, and whether she follows the page, in place;
    one query for a signed-in reader.

    Guests get the section untouched. Every mark is a Node field, so it is part of the
    fingerprint that keys the rendered thread: one reader's marks never reach another's page.
    """
    if user is None or not user.is_authenticated:
        return section
    nodes = list(_walk(section.threads))
    ids = [node.pk for node in nodes]
    # Likes, reports and the page's subscription in one round trip: (comment id, what this reader
    # did to it), and (0, "following") if she follows the page. By the shown comments' ids, which
    # her indexes find directly (by the page, the database would gather every comment of its kind).
    likes = CommentFlag.objects.filter(user_id=user.pk, flag=LIKEDIT_FLAG, comment_id__in=ids)
    reports = Report.objects.filter(reporter_id=user.pk, comment_id__in=ids)
    following = PageSubscription.objects.filter(page_id=target.pk, email__iexact=user.email)
    marks = set(
        likes.annotate(mark=Value("liked"))
        .values_list("comment_id", "mark")
        .union(
            reports.annotate(mark=Value("reported")).values_list("comment_id", "mark"),
            following.annotate(none=Value(0), mark=Value("following")).values_list("none", "mark"),
            all=True,
        )
    )
    now = timezone.now()
    for node in nodes:
        node.mine = node.writer_id == user.pk
        left = node.submitted + settings.COMMENT_EDIT_WINDOW - now
        node.can_edit = node.mine and node.state == "visible" and left > datetime.timedelta(0)
        # Whole minutes, rounded up: "noch 1 Minute" until the very end, never "noch 0 Minuten".
        node.edit_minutes_left = math.ceil(left.total_seconds() / 60) if node.can_edit else 0
        node.liked = (node.pk, "liked") in marks
        node.reported = (node.pk, "reported") in marks
    section.following = (0, "following") in marks
    return section


def latest_comments(*, limit):
    """The newest visible comments site-wide, each with its page, for "Neueste Diskussion"."""
    return list(
        Comment.objects.visible()
        .on_live_pages()
        .select_related(None)
        .prefetch_related("content_object")
        .order_by("-submit_date")[:limit]
    )


def comments_by(*, user):
    return (
        Comment.objects.filter(user=user, deleted_at__isnull=True)
        .select_related(None)
        .prefetch_related("content_object")
        .order_by("-submit_date")
    )
