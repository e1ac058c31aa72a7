"""The two ways out of a mail every app offers: the signed link in the mail, and the button in Mein Konto.

The apps' views keep their own decorators (which methods, caching) and pass in what they stop;
what the reader sees and how a mail client's one-click POST is answered is said here once.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _


def one_click_stop(request, token, *, template, stop):
    """A mail's stop link: any other method than POST only asks (link scanners open links), POST stops.

    `stop(token=…)` ends what the signed token names and answers whether the token was good. The
    template shows the question, `invalid` (400) or `done`. A mail client's one-click POST
    (RFC 8058, `List-Unsubscribe=One-Click` in the body) gets a plain answer, as no one reads it.
    The view must be `csrf_exempt`: mail clients send that POST without our token; the signature is the proof.
    """
    if request.method != "POST":
        return TemplateResponse(request, template, {"token": token})
    if not stop(token=token):
        return TemplateResponse(request, template, {"invalid": True}, status=400)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        return HttpResponse(_("Abgemeldet."), content_type="text/plain; charset=utf-8")
    return TemplateResponse(request, template, {"done": True})


def ended_in_account(request, page, *, done, gone, section):
    """Back to the section of Mein Konto a reader ended something from, saying what happened.

    `page` is the page whose mails ended, or None when nothing was left to end (a second click,
    another reader's id): then `gone` says so, as a note, not an error. `done` names the page
    as `%(title)s`.
    """
    if page is None:
        messages.info(request, gone)
    else:
        messages.success(request, done % {"title": page.title})
    return redirect(f"{reverse('account_overview')}#{section}")
