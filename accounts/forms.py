from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class DisplayNameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]


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
