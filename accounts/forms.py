from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.text import line_characters, plain_name


def clean_display_name(form):
    """The name other readers see: no control characters (refused), no bidi controls (dropped)."""
    line_characters(form.cleaned_data["display_name"])
    name = plain_name(form.cleaned_data["display_name"])
    if not name and form.fields["display_name"].required:
        raise forms.ValidationError(form.fields["display_name"].error_messages["required"])
    return name


class DisplayNameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]

    clean_display_name = clean_display_name


class SignupForm(forms.Form):
    """allauth's sign-up plus the name other readers will see (allauth calls signup() when the account exists)."""

    display_name = forms.CharField(
        label=_("Anzeigename"),
        max_length=60,
        help_text=_("So erscheinen Sie bei Kommentaren, z. B. „Anna aus Hamburg“. Ihre E-Mail-Adresse bleibt privat."),
        error_messages={"required": _("Bitte geben Sie einen Anzeigenamen an.")},
    )

    clean_display_name = clean_display_name

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class DeleteAccountForm(forms.Form):
    """Deleting cannot be undone, so the reader confirms with their password."""

    password = forms.CharField(
        label=_("Ihr Passwort zur Bestätigung"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Das Passwort ist nicht korrekt."))
        return password
