"""The Bilanz pages under /bilanz/: thin views over services and selectors.

Every object is looked up among the reader's own (`.of(request.user)`): another reader's id is a
404, whatever the URL. urls.py marks every response private and never cached.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from bilanz import selectors, services
from bilanz.forms import AuftragForm, BesuchForm, JahreszahlenForm, KontaktForm
from bilanz.models import Auftrag, Besuch, Jahreszahlen, Kontakt
from formats.models import FormatPage, Rating


@dataclass(frozen=True)
class Kind:
    """One of the journal's four lists: its model, form, list and the words the pages use."""

    slug: str
    model: type
    form: type
    title: str
    new: str
    saved: str
    deleted: str
    rows: object  # (user) -> the list's rows


KINDS = {
    kind.slug: kind
    for kind in [
        Kind(
            "besuche",
            Besuch,
            BesuchForm,
            gettext_lazy("Besuche"),
            gettext_lazy("Neuer Besuch"),
            gettext_lazy("Der Besuch wurde gespeichert."),
            gettext_lazy("Der Besuch wurde gelöscht."),
            selectors.visits,
        ),
        Kind(
            "kontakte",
            Kontakt,
            KontaktForm,
            gettext_lazy("Kontakte"),
            gettext_lazy("Neuer Kontakt"),
            gettext_lazy("Der Kontakt wurde gespeichert."),
            gettext_lazy("Der Kontakt wurde gelöscht."),
            selectors.contacts_with_degree,
        ),
        Kind(
            "auftraege",
            Auftrag,
            AuftragForm,
            gettext_lazy("Aufträge"),
            gettext_lazy("Neuer Auftrag"),
            gettext_lazy("Der Auftrag wurde gespeichert."),
            gettext_lazy("Der Auftrag wurde gelöscht."),
            selectors.orders,
        ),
        Kind(
            "jahreszahlen",
            Jahreszahlen,
            JahreszahlenForm,
            gettext_lazy("Jahreszahlen"),
            gettext_lazy("Neue Jahreszahlen"),
            gettext_lazy("Die Jahreszahlen wurden gespeichert."),
            gettext_lazy("Die Jahreszahlen wurden gelöscht."),
            selectors.yearly_figures,
        ),
    ]
}


def dashboard(request):
    return TemplateResponse(request, "bilanz/dashboard.html", selectors.dashboard(request.user))


def entry_list(request, kind):
    kind = KINDS[kind]
    return TemplateResponse(request, f"bilanz/{kind.slug}.html", {"kind": kind, "rows": kind.rows(request.user)})


def _prefill(request, kind):
    """A new visit or order happened today; "Ich war da" on a format page also brings its format."""
    if kind.model not in (Besuch, Auftrag):
        return None
    initial = {"date": timezone.localdate()}
    value = request.GET.get("format", "") if kind.model is Besuch else ""
    if value.isascii() and value.isdigit() and len(value) <= 18:  # as the <id:…> converter
        format_page = FormatPage.objects.live().public().filter(pk=int(value)).first()
        if format_page is not None:
            initial["format_page"] = format_page
    return initial


@require_http_methods(["GET", "HEAD", "POST"])
def entry_edit(request, kind, pk=None):
    kind = KINDS[kind]
    instance = get_object_or_404(kind.model.objects.of(request.user), pk=pk) if pk else None
    initial = _prefill(request, kind) if instance is None else None
    form = kind.form(
        request.POST if request.method == "POST" else None, instance=instance, initial=initial, owner=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.entry_save(owner=request.user, instance=form.instance)
        messages.success(request, kind.saved)
        return redirect(f"bilanz_{kind.slug}")
    return TemplateResponse(
        request,
        "bilanz/entry_form.html",
        {"kind": kind, "form": form, "entry": instance},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def entry_delete(request, kind, pk):
    kind = KINDS[kind]
    instance = get_object_or_404(kind.model.objects.of(request.user), pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.entry_delete(owner=request.user, instance=instance)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, kind.deleted)
            return redirect(f"bilanz_{kind.slug}")
    return TemplateResponse(
        request,
        "bilanz/entry_delete.html",
        {"kind": kind, "entry": instance, "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def visit_publish(request, pk):
    """ "Als Bewertung veröffentlichen": GET previews and changes nothing; only the POST publishes."""
    besuch = get_object_or_404(Besuch.objects.of(request.user).select_related("format_page"), pk=pk)
    format_page = services.publishable_format(besuch)
    if request.method == "POST" and format_page is not None:
        _rating, created = services.visit_publish(owner=request.user, besuch=besuch)
        # Shown in the format page's rating panel, where the redirect lands.
        messages.success(
            request,
            _("Ihre Bewertung wurde veröffentlicht.") if created else _("Ihre Bewertung wurde aktualisiert."),
            extra_tags="bewertungen",
        )
        return redirect(format_page.url + "#bewertung-meldung")
    existing = Rating.objects.filter(reader=request.user, format_page=format_page).first() if format_page else None
    return TemplateResponse(
        request,
        "bilanz/publish.html",
        {"besuch": besuch, "format_page": format_page, "existing": existing},
        status=400 if request.method == "POST" else 200,
    )
