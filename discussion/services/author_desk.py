"""What the author hears about the discussion on his pages: the dashboard's figures and the daily digest.

"His pages" are the pages he owns (Wagtail's `owner`, who created them): on a site with one
author all of them, and with a second author each hears about his own.
"""

import datetime
import logging

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import ngettext

from wagtail.models import Page

from discussion.models import AuthorDesk, Comment
from discussion.tasks import absolute
from mailing.messages import queue_email

logger = logging.getLogger(__name__)

# A reader who writes "Autor", "Autorin" or "@autor" asks the author something.
AUTHOR_WORD = "autor"
# The digest goes out with the day's first worker tick after this time (site time, Berlin).
DIGEST_TIME = datetime.time(7, 0)
# Without an earlier digest, the first one looks back this far.
FIRST_DIGEST_SPAN = datetime.timedelta(days=1)
DIGEST_LOCK_KEY = "discussion:author_digests"
# The digest's one-click unsubscribe (RFC 8058) works without log-in, so the link itself is the proof.
DIGEST_STOP_SALT = "discussion.author_digest.stop"
LIST_LIMIT = 10


def comments_on_pages_of(user):
    """Every comment on the user's pages, whatever its state."""
    keys = Page.objects.filter(owner=user).annotate(key=Cast("pk", CharField())).values("key")
    return Comment.objects.filter(object_pk__in=keys)


def _from_readers(comments, user):
    # Guests' comments have no user; `exclude(user=…)` keeps them.
    return comments.exclude(user_id=user.pk)


def _question_q(user):
    """A reply to one of the author's comments, or a comment that names the author."""
    own = Comment.objects.filter(user_id=user.pk).values("pk")
    return Q(parent_id__in=own) | Q(comment__icontains=AUTHOR_WORD)


def _unanswered(user):
    return ~Exists(Comment.objects.filter(parent_id=OuterRef("pk"), user_id=user.pk))


def discussion_overview(*, user, since):
    """The author's dashboard figures and lists, in three queries whatever the number of comments.

    `since`: the previous visit; None counts every comment as new.
    """
    mine = comments_on_pages_of(user)
    visible = Q(is_public=True, is_removed=False, deleted_at__isnull=True)
    from_readers = ~Q(user_id=user.pk) | Q(user_id__isnull=True)
    new = visible & from_readers & (Q(submit_date__gt=since) if since else Q())
    counts = mine.aggregate(
        new=Count("pk", filter=new, distinct=True),
        waiting=Count("pk", filter=Q(held_for_moderation=True, is_removed=False), distinct=True),
        reported=Count("pk", filter=Q(reports__isnull=False, is_removed=False), distinct=True),
    )
    readers = _from_readers(mine.visible(), user).select_related(None).order_by("-submit_date", "-pk")
    newest = list((readers.filter(submit_date__gt=since) if since else readers)[:LIST_LIMIT])
    questions = list(readers.filter(_question_q(user)).filter(_unanswered(user))[:LIST_LIMIT])
    return {**counts, "newest": newest, "questions": questions}


def visit_start(*, user, session):
    """When the author's previous visit began, kept in the session for the whole visit, so the
    list of new comments stays put while he works; the next visit (a new session) starts there."""
    key = "discussion:since"
    if key not in session:
        desk = AuthorDesk.objects.filter(user=user).first()
        previous = desk.dashboard_seen_at if desk else None
        session[key] = previous.isoformat() if previous else ""
        if desk is None:
            AuthorDesk.objects.create(user=user, dashboard_seen_at=timezone.now())
        else:
            AuthorDesk.objects.filter(pk=desk.pk).update(dashboard_seen_at=timezone.now())
    return datetime.datetime.fromisoformat(session[key]) if session[key] else None


def page_links(comments):
    """{comment id: link to the comment on its page}, with one query for all the pages."""
    pages = Page.objects.in_bulk({int(comment.object_pk) for comment in comments})
    links = {}
    for comment in comments:
        page = pages.get(int(comment.object_pk))
        if page is not None:
            links[comment.pk] = (page, reverse("comment_show", args=[comment.pk]) if page.url else "")
    return links


def queue_url():
    """The moderation queue, if this installation has it under its usual name."""
    try:
        return reverse("discussion_moderation")
    except NoReverseMatch:
        return ""


def digest_stop_token(user):
    return signing.dumps(user.pk, salt=DIGEST_STOP_SALT)


def digest_stop(*, token):
    """Ends the digest a signed link names; False for a bad link. Stopping twice is no error."""
    try:
        user_id = signing.loads(token, salt=DIGEST_STOP_SALT)
    except signing.BadSignature:
        return False
    AuthorDesk.objects.filter(user_id=user_id).update(daily_digest=False)
    return True


def digest_due(now):
    """The moment today's digest is due (07:00 Berlin), or None before it."""
    local = timezone.localtime(now)
    due = timezone.make_aware(datetime.datetime.combine(local.date(), DIGEST_TIME))
    return due if now >= due else None


def author_digests_send(*, lock_seconds=60):
    """Mails each author who asked for it the comments on his pages since his last digest, once a
    day; returns how many mails were queued.

    Two workers, or two runs, send one mail: the cache lock keeps them from working at the same
    time, and each author's digest is claimed by a conditional update of `digest_sent_at` in the
    same transaction as the queued mail, so even without the cache only one claim succeeds.
    """
    now = timezone.now()
    due = digest_due(now)
    if due is None:
        return 0
    try:
        if not cache.add(DIGEST_LOCK_KEY, "locked", timeout=lock_seconds):
            return 0
    except Exception:
        logger.warning("Cache unavailable; sending digests without the lock", exc_info=True)
    sent = 0
    desks = AuthorDesk.objects.filter(daily_digest=True, user__is_active=True).exclude(user__email="")
    for desk in desks.filter(Q(digest_sent_at__isnull=True) | Q(digest_sent_at__lt=due)).select_related("user"):
        with transaction.atomic():
            claimed = AuthorDesk.objects.filter(pk=desk.pk, digest_sent_at=desk.digest_sent_at)
            if desk.digest_sent_at is None:
                claimed = AuthorDesk.objects.filter(pk=desk.pk, digest_sent_at__isnull=True)
            if not claimed.update(digest_sent_at=now):
                continue  # another worker sent it
            since = desk.digest_sent_at or now - FIRST_DIGEST_SPAN
            if _send_digest(user=desk.user, since=since, until=now):
                sent += 1
    return sent


def _send_digest(*, user, since, until):
    comments = list(
        _from_readers(comments_on_pages_of(user).visible(), user)
        .filter(submit_date__gt=since, submit_date__lte=until)
        .select_related(None)
        .order_by("submit_date", "pk")
    )
    if not comments:
        return False  # nothing new: no mail
    links = page_links(comments)
    pages = {}
    for comment in comments:
        page, url = links.get(comment.pk, (None, ""))
        if page is not None:
            pages.setdefault(page.pk, {"page": page, "comments": []})["comments"].append(
                {"comment": comment, "url": absolute(url)}
            )
    account_url = absolute(reverse("wagtailadmin_account"))
    stop_url = absolute(reverse("author_digest_stop", args=[digest_stop_token(user)]))
    queue_email(
        to=[user.email],
        subject=ngettext(
            "Ein neuer Kommentar auf Ihren Seiten",
            "%(n)s neue Kommentare auf Ihren Seiten",
            len(comments),
        )
        % {"n": len(comments)},
        template="discussion/email/author_digest",
        context={
            "user": user,
            "pages": list(pages.values()),
            "count": len(comments),
            "since": timezone.localtime(since),
            "dashboard_url": absolute(reverse("wagtailadmin_home")),
            "account_url": account_url,
            "stop_url": stop_url,
        },
        headers={"List-Unsubscribe": f"<{stop_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    return True
