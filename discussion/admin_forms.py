"""The moderator's confirmation before a writer is blocked."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

DURATIONS = {
    "1": datetime.timedelta(days=1),
    "7": datetime.timedelta(days=7),
    "30": datetime.timedelta(days=30),
    "": None,
}


class BlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund"),
        max_length=300,
        help_text=_("Nur für die Moderation sichtbar."),
        error_messages={"required": _("Bitte geben Sie einen Grund an.")},
    )
    duration = forms.ChoiceField(
        label=_("Dauer"),
        choices=[("1", _("1 Tag")), ("7", _("7 Tage")), ("30", _("30 Tage")), ("", _("unbefristet"))],
        required=False,
        initial="7",
        widget=forms.RadioSelect,
    )
    remove_earlier = forms.BooleanField(
        label=_("Auch alle früheren Kommentare dieser Adresse entfernen"),
        required=False,
        help_text=_("Sonst wird nur dieser Kommentar entfernt."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Bitte geben Sie einen Grund an."))
        return reason

    @property
    def timedelta(self):
        return DURATIONS[self.cleaned_data.get("duration") or ""]
