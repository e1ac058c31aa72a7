from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A reader, the author or a moderator: everyone signs in with an email address."""

    display_name = models.CharField(
        _("Anzeigename"),
        max_length=60,
        blank=True,
        help_text=_("So erscheinen Sie bei Bewertungen und Kommentaren."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")

    def __str__(self):
        return self.public_name

    @property
    def public_name(self):
        """The name other readers see: never the login or anything derived from the email address."""
        return self.display_name or self.get_full_name() or str(_("Mitglied"))


def public_name(user):
    """For allauth's ACCOUNT_USER_DISPLAY: show the public name, never the email address."""
    return user.public_name
