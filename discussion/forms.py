import json

from django import forms
from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from django_comments.forms import CommentSecurityForm

from core.text import line_characters, plain_name, text_characters
from discussion.models import Report

SIGNED_FIELDS = ("content_type", "object_pk", "timestamp", "security_hash")


class CommentForm(CommentSecurityForm):
    """A comment as plain text. The inherited fields sign the target and the time the form was shown."""

    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=50,
        validators=[line_characters],
        error_messages={"required": _("Bitte geben Sie Ihren Namen an.")},
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
        validators=[text_characters],
        error_messages={"required": _("Bitte schreiben Sie einen Kommentar.")},
    )
    followup = forms.BooleanField(label=_("Benachrichtigen Sie mich per E-Mail über Antworten."), required=False)
    # Bots fill every field; people never see this one.
    honeypot = forms.CharField(
        required=False,
        label=_("Wenn Sie ein Mensch sind, lassen Sie dieses Feld leer."),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # Bounded: the inherited check subtracts it from a float, and a 310-digit number would raise
    # OverflowError instead of failing validation. Ten digits last until the year 2286.
    timestamp = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=9_999_999_999)

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
        if any(name in self.errors for name in SIGNED_FIELDS) or not self._for_target():
            # The signed hidden fields were changed, belong to another page, or the form is older than two hours.
            raise forms.ValidationError(
                _("Das Formular ist abgelaufen oder wurde verändert. Bitte laden Sie die Seite neu.")
            )
        return cleaned_data

    def _for_target(self):
        target = self.target_object
        signed_for = (self.cleaned_data.get("content_type"), self.cleaned_data.get("object_pk"))
        return signed_for == (str(target._meta), str(target.pk))

    def clean_name(self):
        name = plain_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(self.fields["name"].error_messages["required"])
        return name

    def clean_comment(self):
        text = self.cleaned_data["comment"].strip()
        if not text:
            raise forms.ValidationError(_("Bitte schreiben Sie einen Kommentar."))
        return text

    def submission_key(self, *, parent=None):
        """The same for every time this one form is sent (a double click, a retry, a second tab
        holding the page), different for anything else; comment_post stores each key once.

        The timestamp and its signature tell this showing of the form from any other. Keyed with
        the SECRET_KEY, so the stored key reveals nothing of the address or text it was made from.
        """
        data = self.cleaned_data
        author = ["guest", data["email"].lower(), data["name"]] if "name" in self.fields else ["user", self.user.pk]
        parts = [*(data[name] for name in SIGNED_FIELDS), parent.pk if parent else 0, *author, data["comment"]]
        return salted_hmac("discussion.submission", json.dumps(parts), algorithm="sha256").hexdigest()


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
    note = forms.CharField(
        label=_("Anmerkung (freiwillig)"), max_length=300, required=False, validators=[line_characters]
    )
