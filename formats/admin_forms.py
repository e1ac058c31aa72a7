from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from formats.services import rating_hide, rating_unhide


class RatingModerationForm(WagtailAdminModelForm):
    """A moderator's only levers on a rating: hide it, with a reason the reader will see, or show it again."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("is_hidden") and not (cleaned_data.get("hidden_reason") or "").strip():
            self.add_error("hidden_reason", _("Bitte geben Sie einen Grund an; die Leserin oder der Leser sieht ihn."))
        return cleaned_data

    def save(self, commit=True):
        rating = super().save(commit=False)
        if rating.is_hidden:
            return rating_hide(rating=rating, reason=rating.hidden_reason.strip())
        return rating_unhide(rating=rating)
