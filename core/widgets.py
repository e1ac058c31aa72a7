"""Django's own <input>, radio and checkbox options and <textarea> drawn in Python.

Each of Django's widget templates nests two or three more (text.html includes input.html, which
includes attrs.html), and every form field renders its own: a reader's format page drew over a
hundred of them, a third of its time (bench/RESULTS.md, session 7). The renderer below writes the
very same HTML those templates write (tests/test_widget_rendering.py compares every field of our
forms) and leaves every other template, Wagtail's admin widgets included, to Django.
"""

import functools
from pathlib import Path

import django
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
# The templates that only include input.html.
INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "checkbox", "color", "date", "datetime", "email", "file", "hidden", "input", "number",
        "password", "search", "tel", "text", "time", "url",
    )
)  # fmt: skip
OPTIONS = frozenset(f"{WIDGETS}{name}.html" for name in ("checkbox_option", "input_option", "radio_option"))
TEXTAREA = f"{WIDGETS}textarea.html"
DJANGOS_OWN = Path(django.__file__).resolve().parent / "forms" / "templates"


def _shown(value):
    """{{ value }}: localized, escaped unless safe."""
    return conditional_escape(localize(value))


def _formatted(value):
    """{{ value|stringformat:'s' }}: the filter's plain string, always escaped."""
    return escape(str(value))


def _attrs(attrs):
    """attrs.html: in the widget's order, True as a bare name, False left out."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget):
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(widget):
    # input.html's own line break stays inside the label, as the template include leaves it.
    if not widget.get("wrap_label"):
        return _input(widget)
    target = f' for="{_shown(widget["attrs"]["id"])}"' if widget["attrs"].get("id") else ""
    return f"<label{target}>{_input(widget)}\n {_shown(widget['label'])}</label>"


def _textarea(widget):
    value = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


DRAWN = {**dict.fromkeys(INPUTS, _input), **dict.fromkeys(OPTIONS, _option), TEXTAREA: _textarea}


class WidgetRenderer(DjangoTemplates):
    """FORM_RENDERER: Django's template renderer, with its plainest widgets written in Python."""

    @functools.cache  # noqa: B019 - one renderer per process (django.forms.renderers.get_default_renderer)
    def drawn_here(self, template_name):
        """Only while the template is Django's own: a project that overrides one keeps its version."""
        if template_name not in DRAWN:
            return False
        origin = Path(self.get_template(template_name).origin.name).resolve()
        return origin.is_relative_to(DJANGOS_OWN)

    def render(self, template_name, context, request=None):
        if self.drawn_here(template_name):
            return mark_safe(DRAWN[template_name](context["widget"]))  # noqa: S308 - every value escaped above
        return super().render(template_name, context, request=request)
