"""The discussion's share of a reader's data: comments (also those written as a guest under one of
her addresses), likes, reports and page subscriptions (registered in wagtail_hooks.py)."""

from django.db.models import Q

from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from core.personal_data import when, yes_no
from discussion.models import Comment, PageSubscription

# What a deleted reader's comments show instead of their name.
ANONYMOUS_NAME = "ehemaliges Mitglied"


def any_address(field, addresses):
    """Matches `field` against any of the addresses, case-insensitively; matches nothing for none."""
    matches = Q(pk__in=[])
    for address in addresses:
        matches |= Q(**{f"{field}__iexact": address})
    return matches


def comments_of(user, addresses):
    """The reader's comments: under the account, and as a guest under one of her addresses."""
    return Comment.objects.filter(Q(user=user) | (Q(user__isnull=True) & any_address("user_email", addresses)))


def subscriptions_of(user, addresses):
    return PageSubscription.objects.filter(Q(user=user) | any_address("email", addresses))


def export(*, user, addresses, request=None):
    return {
        "kommentare": [
            {
                "seite": comment.content_object.title if comment.content_object else None,
                "url": comment.content_object.get_full_url(request) if comment.content_object else None,
                "text": comment.comment,
                "geschrieben_am": when(comment.submit_date),
                "bearbeitet_am": when(comment.edited_at),
                "gelöscht_am": when(comment.deleted_at),
                "öffentlich": yes_no(comment.is_public and not comment.is_removed),
                "benachrichtigung_bei_antworten": yes_no(comment.followup),
                "ip_adresse": comment.ip_address,
            }
            for comment in comments_of(user, addresses).prefetch_related("content_object").order_by("submit_date")
        ],
        "gefällt_mir": [
            {"kommentar_id": flag.comment_id, "am": when(flag.flag_date)}
            for flag in CommentFlag.objects.filter(user=user, flag=LIKEDIT_FLAG).order_by("flag_date")
        ],
        "meldungen": [
            {
                "kommentar_id": report.comment_id,
                "grund": report.get_reason_display(),
                "anmerkung": report.note,
                "am": when(report.created_at),
            }
            for report in user.comment_reports.order_by("created_at")
        ],
        "seiten_abos": [
            {
                "seite": subscription.page.title,
                "url": subscription.page.get_full_url(request),
                "seit": when(subscription.created_at),
            }
            for subscription in subscriptions_of(user, addresses).select_related("page").order_by("created_at")
        ],
    }


def erase(*, user, addresses):
    """Comments stay, anonymised, so threads keep their replies; guest comments she never
    confirmed were never shown and go entirely. Likes and reports go with the account."""
    comments = comments_of(user, addresses)
    for unconfirmed in comments.filter(user__isnull=True, confirmed_at__isnull=True, is_public=False):
        unconfirmed.delete()
    comments.update(user=None, user_name=ANONYMOUS_NAME, user_email="", user_url="", ip_address=None, followup=False)
    subscriptions_of(user, addresses).delete()
