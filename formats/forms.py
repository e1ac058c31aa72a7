from django import forms
from django.utils.translation import gettext_lazy as _

from formats.models import FACT_FIELDS, Rating
from formats.questions import CONTACTS, FUN, INFORMATION, QUESTIONS, SCORE_CHOICES


class ScoreField(forms.TypedChoiceField):
    """1 to 5 points for one question; the form shows the question's anchors for 1 and 5 beside it."""

    def __init__(self, *, question, **kwargs):
        super().__init__(**kwargs)
        self.question = question


def _score_field(question):
    message = _("Bitte vergeben Sie für „%(label)s“ 1 bis 5 Punkte.") % {"label": question.label}
    return ScoreField(
        question=question,
        label=question.label,
        help_text=question.reader_text,
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class RatingForm(forms.ModelForm):
    """The reader's answers to the author's three questions, plus three optional facts.

    Only these fields are read from the POST: reader, format, hidden flag and dates
    can never be set by a submission.
    """

    contacts = _score_field(CONTACTS)
    information = _score_field(INFORMATION)
    fun = _score_field(FUN)
    # Choice values are str(True)/str(False), so a stored answer preselects its radio button.
    second_degree = forms.TypedChoiceField(
        label=_("Haben Sie darüber Menschen im zweiten oder dritten Grad kennengelernt?"),
        required=False,
        choices=[("", _("keine Angabe")), ("True", _("ja")), ("False", _("nein"))],
        coerce=lambda value: value == "True",
        empty_value=None,
        widget=forms.RadioSelect,
    )
    led_to_business = forms.ChoiceField(
        label=_("Ist daraus Geschäft entstanden?"),
        required=False,
        choices=[("", _("keine Angabe")), *Rating.Business.choices],
        widget=forms.RadioSelect,
    )
    attendance = forms.ChoiceField(
        label=_("Wie oft waren Sie dort?"),
        required=False,
        choices=[("", _("keine Angabe")), *Rating.Attendance.choices],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Rating
        fields = [*QUESTIONS, *FACT_FIELDS]

    def scores(self):
        return {question: self.cleaned_data[question] for question in QUESTIONS}

    def facts(self):
        return {name: self.cleaned_data[name] for name in FACT_FIELDS}
