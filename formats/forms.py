from django import forms
from django.utils.translation import gettext_lazy as _

from formats.models import FACT_FIELDS, FOLLOW_UP_CONSENT_VERSION, FOLLOW_UP_CONSENTS, Rating
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

    # Separate and unticked: asking for feedback by mail needs its own, express consent.
    follow_up = forms.BooleanField(
        label=FOLLOW_UP_CONSENTS[FOLLOW_UP_CONSENT_VERSION],
        help_text=_(
            "Einmal, an einem Werktag; Ihre Antwort ergänzt diese Bewertung. "
            "Sie können das jederzeit unter „Mein Konto“ oder mit dem Link in der E-Mail widerrufen."
        ),
        required=False,
    )

    class Meta:
        model = Rating
        fields = [*QUESTIONS, *FACT_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            # The reader's current consent, so that unticking it is how she withdraws it here.
            follow_up = self.instance.follow_up_or_none
            self.fields["follow_up"].initial = follow_up is not None and follow_up.is_active

    def wants_follow_up(self):
        """The consent counts only while business is open: after "ja" there is nothing to ask."""
        return self.cleaned_data["follow_up"] and self.cleaned_data["led_to_business"] != Rating.Business.YES

    def scores(self):
        return {question: self.cleaned_data[question] for question in QUESTIONS}

    def facts(self):
        return {name: self.cleaned_data[name] for name in FACT_FIELDS}


class FollowUpAnswerForm(forms.Form):
    """The follow-up's two questions, on the page a mail's link opens; only its POST changes the rating."""

    led_to_business = forms.ChoiceField(
        label=_("Hat sich daraus Geschäft ergeben?"),
        choices=Rating.Business.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie „ja“, „noch nicht“ oder „nein“."),
            "invalid_choice": _("Bitte wählen Sie „ja“, „noch nicht“ oder „nein“."),
        },
    )
    second_degree = forms.TypedChoiceField(
        label=_("Haben Sie darüber Menschen im zweiten oder dritten Grad kennengelernt?"),
        help_text=_("Also Menschen, die Ihnen jemand von dort vorgestellt oder empfohlen hat."),
        required=False,
        choices=[("", _("keine Angabe")), ("True", _("ja")), ("False", _("nein"))],
        coerce=lambda value: value == "True",
        empty_value=None,
        widget=forms.RadioSelect,
    )
