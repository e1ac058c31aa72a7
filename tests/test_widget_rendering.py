"""The site's form renderer (core.widgets) writes the very HTML Django's own widget templates write:
for every field of every form readers, the author and visitors fill in, empty, refused with errors
and filled in, as a whole field and as each of its radio buttons or checkboxes."""

import datetime
import decimal

from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.test import RequestFactory

import pytest
import time_machine
from allauth.account.forms import LoginForm, ResetPasswordForm

from accounts.forms import DeleteAccountForm, DisplayNameForm, SignupForm
from bilanz.forms import AuftragForm, BesuchForm, JahreszahlenForm, KontaktForm
from bilanz.models import Auftrag
from core.widgets import WidgetRenderer
from discussion.forms import CommentForm, EditCommentForm, ReportForm
from formats.forms import FollowUpAnswerForm, RatingForm
from newsletter.forms import SignUpForm
from tests.factories import RatingFactory, ReaderFactory

pytestmark = pytest.mark.django_db

REFUSED = {"comment": "", "email": "keine-adresse", "name": "x" * 500, "contacts": "9", "amount": "viel"}


def forms(page, reader):
    """Each form as a maker, so that both renderers draw forms of their own (fields keep their renderer)."""
    rating = RatingFactory(format_page=page, reader=reader, second_degree=True, led_to_business="no")
    order = Auftrag(owner=reader, date=datetime.date(2026, 11, 2), amount=decimal.Decimal("1800.50"), channel="")
    request = RequestFactory().get("/")
    return {
        "comment, guest": lambda: CommentForm(page),
        "comment, refused": lambda: CommentForm(page, data=REFUSED),
        "comment, reader": lambda: CommentForm(page, user=reader),
        "comment edit": lambda: EditCommentForm(initial={"comment": "Text mit <b>Zeichen</b> & mehr"}),
        "report": lambda: ReportForm(data={"reason": "spam"}),
        "rating": lambda: RatingForm(),
        "rating, refused": lambda: RatingForm(data=REFUSED),
        "rating, her earlier answers": lambda: RatingForm(instance=rating),
        "follow-up answer": lambda: FollowUpAnswerForm(data={}),
        "newsletter": lambda: SignUpForm(),
        "newsletter, refused": lambda: SignUpForm(data=REFUSED),
        "sign-up": lambda: SignupForm(),
        "display name": lambda: DisplayNameForm(instance=reader),
        "delete account": lambda: DeleteAccountForm(user=reader),
        "log-in": lambda: LoginForm(request=request),
        "password reset": lambda: ResetPasswordForm(data=REFUSED),
        "visit": lambda: BesuchForm(owner=reader),
        "visit, refused": lambda: BesuchForm(data=REFUSED, owner=reader),
        "contact": lambda: KontaktForm(owner=reader),
        "order": lambda: AuftragForm(instance=order, owner=reader),
        "order, refused": lambda: AuftragForm(data=REFUSED, owner=reader),
        "year": lambda: JahreszahlenForm(owner=reader),
    }


def drawn(form, renderer):
    form.renderer = renderer
    if form.is_bound:
        form.full_clean()
    parts = []
    for field in form:
        parts.append(str(field))
        if hasattr(field.field.widget, "option_template_name"):
            parts.extend(str(option) for option in field)
            parts.extend(option.tag(wrap_label=False) for option in field)
    return parts


def test_every_field_of_our_forms_is_drawn_as_djangos_templates_draw_it(a_format_page):
    reader = ReaderFactory(display_name="Anna <Müller>")

    # The comment form signs a timestamp: both drawings must happen in the same second.
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, 0, tzinfo=datetime.UTC), tick=False):
        for name, make in forms(a_format_page, reader).items():
            ours, djangos = drawn(make(), WidgetRenderer()), drawn(make(), DjangoTemplates())
            assert ours == djangos, name


def test_the_site_draws_its_forms_with_it_and_leaves_other_templates_to_django():
    renderer = get_default_renderer()

    assert isinstance(renderer, WidgetRenderer)
    assert renderer.drawn_here("django/forms/widgets/text.html")
    assert renderer.drawn_here("django/forms/widgets/radio_option.html")
    assert not renderer.drawn_here("django/forms/widgets/select.html")
    assert not renderer.drawn_here("wagtailadmin/widgets/switch.html")
