from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from django_comments.forms import CommentSecurityForm

from discussion.models import Report


class CommentForm(CommentSecurityForm):
    """A comment as plain text. The inherited fields sign the target and the time the form was shown."""

    name = forms.CharField(
        label=_("Ihr Name"), max_length=50, error_messages={"required": _("Bitte geben Sie Ihren Namen an.")}
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_("Nur für den Bestätigungslink; wird nicht veröffentlicht."),
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an."),
        },
    )
    comment = forms.CharField(
        label=_("Ihr Kommentar"),
        max_length=settings.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Bitte schreiben Sie einen Kommentar.")},
    )
    followup = forms.BooleanField(label=_("Benachrichtigen Sie mich per E-Mail über Antworten."), required=False)
    # Bots fill every field; people never see this one.
    honeypot = forms.CharField(
        required=False,
        label=_("Wenn Sie ein Mensch sind, lassen Sie dieses Feld leer."),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, target_object, data=None, *, user=None, **kwargs):
        super().__init__(target_object, data=data, **kwargs)
        self.user = user
        if user is not None and user.is_authenticated:
            # Registered readers comment under their account's name and address.
            del self.fields["name"]
            del self.fields["email"]

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("honeypot"):
            raise forms.ValidationError(_("Ihr Kommentar konnte nicht angenommen werden."))
        if any(name in self.errors for name in ("content_type", "object_pk", "timestamp", "security_hash")):
            # The signed hidden fields were changed, or the form is older than two hours.
            raise forms.ValidationError(
                _("Das Formular ist abgelaufen oder wurde verändert. Bitte laden Sie die Seite neu.")
            )
        return cleaned_data

    def clean_comment(self):
        text = self.cleaned_data["comment"].strip()
        if not text:
            raise forms.ValidationError(_("Bitte schreiben Sie einen Kommentar."))
        return text


class EditCommentForm(forms.Form):
    """Only the text of an existing comment, with the same rules as when it was written."""

    comment = CommentForm.base_fields["comment"]
    clean_comment = CommentForm.clean_comment


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Warum melden Sie diesen Kommentar?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie einen Grund.")},
    )
    note = forms.CharField(label=_("Anmerkung (freiwillig)"), max_length=300, required=False)
