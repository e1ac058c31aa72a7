"""Write-side of the Netzwerk-Bilanz: every rule about what a reader may store, with German errors.

The forms call the checks so a reader sees the error beside the field; the save functions call
them again, so no other caller can store a fourth degree, a cycle or another reader's row.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from bilanz.models import MAX_DEGREE, Auftrag, Besuch, Jahreszahlen, Kontakt
from bilanz.selectors import chain_roots
from formats.models import FACT_FIELDS, FormatPage, Rating
from formats.services import rating_submit


def check_visit(*, owner, besuch):
    if besuch.format_page_id is None and not besuch.format_name.strip():
        raise ValidationError({"format_name": _("Bitte wählen Sie ein Format aus oder tragen Sie seinen Namen ein.")})
    if besuch.date and besuch.date > timezone.localdate():
        raise ValidationError({"date": _("Ein Besuch liegt heute oder in der Vergangenheit.")})


def check_contact(*, owner, kontakt):
    """The introducer must be the reader's own, must not lead back to this contact, and the
    degree of this contact and of everyone it introduced must stay within MAX_DEGREE."""
    introducer = kontakt.introduced_by
    if kontakt.besuch_id and kontakt.besuch.owner_id != owner.pk:
        raise ValidationError({"besuch": _("Diesen Besuch gibt es in Ihrer Bilanz nicht.")})
    if introducer is None:
        return
    if kontakt.besuch_id:
        raise ValidationError(
            _(
                "Ein Kontakt entsteht entweder bei einem Besuch (1. Grad) oder durch eine Vorstellung "
                "(2. oder 3. Grad). Bitte geben Sie nur eines an."
            )
        )
    if introducer.owner_id != owner.pk:
        raise ValidationError({"introduced_by": _("Diesen Kontakt gibt es in Ihrer Bilanz nicht.")})
    introducers = dict(Kontakt.objects.of(owner).values_list("pk", "introduced_by_id"))
    if kontakt.pk is not None:
        introducers[kontakt.pk] = introducer.pk
        # Walking up from the introducer must not reach this contact.
        step, seen = introducer.pk, set()
        while step is not None and step not in seen:
            if step == kontakt.pk:
                raise ValidationError(
                    {
                        "introduced_by": _("„%(label)s“ wurde selbst über diesen Kontakt vorgestellt.")
                        % {"label": introducer.label}
                    }
                )
            seen.add(step)
            step = introducers.get(step)
    degree = chain_roots(introducers)[introducer.pk][0] + 1
    depth_below = _depth_below(kontakt.pk, introducers) if kontakt.pk is not None else 0
    if degree + depth_below > MAX_DEGREE:
        raise ValidationError(
            {
                "introduced_by": _(
                    "Die Bilanz zählt Kontakte bis zum %(max)s. Grad; über „%(label)s“ wäre es der %(degree)s. Grad."
                )
                % {"max": MAX_DEGREE, "label": introducer.label, "degree": degree + depth_below}
            }
        )


def _depth_below(pk, introducers):
    """How many generations of contacts this one has introduced (0: nobody)."""
    children = [child for child, parent in introducers.items() if parent == pk]
    return 1 + max((_depth_below(child, introducers) for child in children), default=0) if children else 0


def check_order(*, owner, auftrag):
    if auftrag.besuch_id and auftrag.kontakt_id:
        raise ValidationError(
            _("Ein Auftrag kommt aus einem Besuch oder über einen Kontakt. Bitte geben Sie nur eines an.")
        )
    if auftrag.besuch_id and auftrag.besuch.owner_id != owner.pk:
        raise ValidationError({"besuch": _("Diesen Besuch gibt es in Ihrer Bilanz nicht.")})
    if auftrag.kontakt_id and auftrag.kontakt.owner_id != owner.pk:
        raise ValidationError({"kontakt": _("Diesen Kontakt gibt es in Ihrer Bilanz nicht.")})


def check_year(*, owner, jahreszahlen):
    others = Jahreszahlen.objects.of(owner).filter(year=jahreszahlen.year).exclude(pk=jahreszahlen.pk)
    if others.exists():
        raise ValidationError(
            {"year": _("Für %(year)s haben Sie schon Zahlen eingetragen.") % {"year": jahreszahlen.year}}
        )
    logged = Auftrag.objects.of(owner).filter(date__year=jahreszahlen.year).count()
    if jahreszahlen.orders_total is not None and jahreszahlen.orders_total < logged:
        raise ValidationError(
            {
                "orders_total": _(
                    "Sie haben für %(year)s schon %(logged)s Aufträge erfasst; insgesamt können es nicht weniger sein."
                )
                % {"year": jahreszahlen.year, "logged": logged}
            }
        )


CHECKS = {Besuch: check_visit, Kontakt: check_contact, Auftrag: check_order, Jahreszahlen: check_year}
ARGUMENT = {Besuch: "besuch", Kontakt: "kontakt", Auftrag: "auftrag", Jahreszahlen: "jahreszahlen"}


def check(*, owner, instance):
    CHECKS[type(instance)](owner=owner, **{ARGUMENT[type(instance)]: instance})


@transaction.atomic
def entry_save(*, owner, instance):
    """Stores a visit, contact, order or year of this reader, after the same checks the forms make."""
    instance.owner = owner
    if isinstance(instance, Besuch) and instance.format_page_id:
        # Kept beside the link: if the author ever removes the format, the visit keeps its name.
        instance.format_name = instance.format_page.title
    if isinstance(instance, Kontakt) and instance.introduced_by_id:
        # Serialised per reader: two introductions saved at once cannot build a fourth degree together.
        list(Kontakt.objects.of(owner).select_for_update().values_list("pk"))
    check(owner=owner, instance=instance)
    instance.save()
    return instance


def entry_delete(*, owner, instance):
    """Deletes the reader's row; refuses, in German, while other rows still point at it."""
    if instance.owner_id != owner.pk:
        raise ValidationError(_("Diesen Eintrag gibt es in Ihrer Bilanz nicht."))
    try:
        instance.delete()
    except RestrictedError:
        raise ValidationError(
            _("„%(entry)s“ wird noch von Kontakten oder Aufträgen genannt. Ändern oder löschen Sie zuerst diese.")
            % {"entry": instance}
        ) from None


def publishable_format(besuch):
    """The live, public format page a visit can be published on, or None."""
    if besuch.format_page_id is None:
        return None
    return FormatPage.objects.live().public().filter(pk=besuch.format_page_id).first()


def visit_publish(*, owner, besuch):
    """The visit's three answers as the reader's public rating of its format: through the one
    write path of ratings. Facts she gave on the rating form before (business, degree, attendance)
    stay as they were; cost, hours, place and note are never published."""
    format_page = publishable_format(besuch)
    if besuch.owner_id != owner.pk or format_page is None:
        raise ValidationError(
            _("Nur Besuche eines Formats, das auf dieser Website steht, können Sie als Bewertung veröffentlichen.")
        )
    existing = Rating.objects.filter(reader=owner, format_page=format_page).first()
    facts = {name: getattr(existing, name) for name in FACT_FIELDS} if existing else None
    return rating_submit(reader=owner, format_page=format_page, scores=besuch.scores, facts=facts)
