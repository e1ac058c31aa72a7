"""What the site keeps about a reader, gathered from every app for export and erasure (DSGVO Art. 15, 17, 20).

`accounts` owns the reader but imports no app above it. Each app that stores something about a
reader says so itself, in its wagtail_hooks.py:

    @hooks.register(personal_data.HOOK)
    def comments_personal_data():
        return personal_data.Part(export=export_comments, erase=erase_comments)

`export(*, user, addresses, request)` returns sections of the download ({"kommentare": [...]});
`erase(*, user, addresses)` runs inside the deletion's transaction, before the account itself is
deleted (rows with a cascading foreign key to the user go with it and need no eraser).
`addresses` are the reader's own, lower-cased: guest comments under them are hers too.
Parts run in app order (INSTALLED_APPS), so the download's sections keep their order.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from wagtail import hooks

HOOK = "register_personal_data"


@dataclass(frozen=True)
class Part:
    export: Callable | None = None
    erase: Callable | None = None


def _parts():
    return [register() for register in hooks.get_hooks(HOOK)]


def export(*, user, addresses, request=None):
    data = {}
    for part in _parts():
        if part.export is not None:
            data.update(part.export(user=user, addresses=addresses, request=request))
    return data


def erase(*, user, addresses):
    for part in _parts():
        if part.erase is not None:
            part.erase(user=user, addresses=addresses)


# The download is read by people: values as German readers write them, not codes or True/False.


def yes_no(value):
    return _("keine Angabe") if value is None else _("Ja") if value else _("Nein")


def when(moment):
    """A time as German readers write it: "25. November 2026, 07:00 Uhr" (in Berlin time)."""
    if moment is None:
        return None
    moment = timezone.localtime(moment)
    return _("%(date)s, %(time)s Uhr") % {
        "date": formats.date_format(moment, "j. F Y"),
        "time": formats.time_format(moment, "H:i"),
    }


def label(choice_label):
    """A choice's German label as a value of its own ("Noch nicht"); unanswered is "keine Angabe"."""
    return capfirst(choice_label) if choice_label else _("keine Angabe")
