"""The Bilanz forms: only the reader's own visits and contacts are offered, and only her fields are read."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bilanz import services
from bilanz.models import Auftrag, Besuch, Bundesland, Jahreszahlen, Kontakt
from formats.models import FormatPage
from formats.questions import QUESTIONS, SCORE_CHOICES


class GermanDecimalField(forms.DecimalField):
    """An amount as Germans write it: "1.800,50 €", "1.800" and "1800,5" are 1800.50, 1800 and 1800.5.

    Django reads only the decimal comma; without thousands separators switched on site-wide, "1.800"
    fails as three decimal places and "1.800,00" as no number at all. A point followed by groups of
    three digits is a thousands separator here (no amount or hour count has three decimal places).
    """

    THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"\s|€|EUR", "", value, flags=re.IGNORECASE)
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            elif self.THOUSANDS.fullmatch(value):
                value = value.replace(".", "")
        return super().to_python(value)


class EntryForm(forms.ModelForm):
    """Binds the entry to its owner before the checks run, and runs the services' checks as the form's own."""

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.instance.owner = owner

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                services.check(owner=self.owner, instance=self.instance)
            except ValidationError as error:
                self.add_error(None, error)


def _score_field(question):
    message = _("Bitte vergeben Sie für „%(label)s“ 1 bis 5 Punkte.") % {"label": question.label}
    return forms.TypedChoiceField(
        label=question.label,
        help_text=f"{question.reader_text} (1 = {question.low}, 5 = {question.high})",
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class BesuchForm(EntryForm):
    format_page = forms.ModelChoiceField(
        label=_("Format auf dieser Website"),
        queryset=FormatPage.objects.none(),
        required=False,
        empty_label=_("– nicht auf dieser Website –"),
    )
    contacts, information, fun = (_score_field(question) for question in QUESTIONS)

    class Meta:
        model = Besuch
        fields = ["format_page", "format_name", "date", "place", "state", "cost", "hours", *QUESTIONS, "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"note": _("Nur für Sie sichtbar; wird nie veröffentlicht.")}
        localized_fields = ["cost", "hours"]
        field_classes = {"cost": GermanDecimalField, "hours": GermanDecimalField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format_page"].queryset = FormatPage.objects.live().public().order_by("title")
        self.fields["format_name"].required = False
        self.fields["format_name"].label = _("oder: Name des Formats")
        self.fields["state"].choices = [("", _("– keine Angabe –")), *Bundesland.choices]


class KontaktForm(EntryForm):
    class Meta:
        model = Kontakt
        fields = ["label", "besuch", "introduced_by"]
        help_texts = {
            "besuch": _("bei Kontakten 1. Grades: die Veranstaltung, bei der Sie sich kennengelernt haben"),
            "introduced_by": _("bei Kontakten 2. und 3. Grades: wer Sie miteinander bekannt gemacht hat"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["besuch"].queryset = Besuch.objects.of(self.owner).select_related("format_page")
        introducers = Kontakt.objects.of(self.owner)
        if self.instance.pk:
            introducers = introducers.exclude(pk=self.instance.pk)
        self.fields["introduced_by"].queryset = introducers


class AuftragForm(EntryForm):
    class Meta:
        model = Auftrag
        fields = ["date", "amount", "channel", "besuch", "kontakt", "description"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        localized_fields = ["amount"]
        field_classes = {"amount": GermanDecimalField}
        help_texts = {
            "besuch": _("wenn der Auftrag direkt aus einer Veranstaltung kam"),
            "kontakt": _(
                "wenn er über einen Kontakt kam; die Bilanz rechnet ihn dem Besuch zu, bei dem die Kette begann"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["besuch"].queryset = Besuch.objects.of(self.owner).select_related("format_page")
        self.fields["kontakt"].queryset = Kontakt.objects.of(self.owner)


class JahreszahlenForm(EntryForm):
    class Meta:
        model = Jahreszahlen
        fields = ["year", "orders_total", "revenue"]
        localized_fields = ["revenue"]
        field_classes = {"revenue": GermanDecimalField}
        help_texts = {"orders_total": _("alle Aufträge des Jahres, auch die nicht aus dem Netzwerk")}
