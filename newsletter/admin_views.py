"""The author's two looks at a post's mail from its editor: the preview, and a test mail to herself."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from blog.models import BlogPostPage
from newsletter import mail, services


def _draft(request, page_id):
    """The post as last saved in the editor (a draft too), if this user may edit it."""
    page = get_object_or_404(BlogPostPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page.get_latest_revision_as_object()


def preview(request, page_id):
    _subject, _text, html = mail.post(_draft(request, page_id), unsubscribe=mail.absolute("/"))
    return HttpResponse(html)


@require_http_methods(["GET", "POST"])
def test_mail(request, page_id):
    page = _draft(request, page_id)
    if request.method == "POST":
        services.test_mail_send(page=page, user=request.user)
        messages.success(request, _("Die Testmail an %(email)s ist unterwegs.") % {"email": request.user.email})
        return redirect("wagtailadmin_pages:edit", page_id)
    return TemplateResponse(
        request,
        "newsletter/admin/test_mail.html",
        {"page": page, "email": request.user.email, "edit_url": reverse("wagtailadmin_pages:edit", args=[page_id])},
    )
