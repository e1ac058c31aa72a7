"""Emails of the discussion, sent by the worker, never in the request."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from django_tasks import task


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def send_comment_confirmation(comment_id):
    from discussion.models import Comment

    comment = Comment.objects.filter(pk=comment_id, is_public=False).exclude(confirmation_token="").first()
    if comment is None:
        return
    context = {
        "comment": comment,
        "page": comment.content_object,
        "confirm_url": absolute(reverse("comment_confirm", args=[comment.confirmation_token])),
        "days": settings.COMMENT_CONFIRMATION_DAYS,
    }
    message = EmailMultiAlternatives(
        subject=_("Bitte bestätigen Sie Ihren Kommentar"),
        body=render_to_string("discussion/email/confirm.txt", context),
        to=[comment.user_email],
    )
    message.attach_alternative(render_to_string("discussion/email/confirm.html", context), "text/html")
    message.send()
