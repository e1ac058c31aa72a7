"""Columns for the apps' Wagtail admin listings that every app shares."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column


def yes_no(value):
    """German yes/no for a boolean; unknown (None) stays empty."""
    if value is None:
        return ""
    return _("ja") if value else _("nein")


class YesNoColumn(Column):
    """A boolean as "ja"/"nein": Wagtail's default listing prints Python's True/False."""

    def get_value(self, instance):
        return yes_no(super().get_value(instance))
