"""The author's three questions, defined once: their labels, how readers and the author are asked,
the letter of the "K4 · I3 · S5" badge and the key that sorts by them (DESIGN.md, "Structured ratings").

A Question is its field name ("contacts": Rating.contacts, FormatPage.verdict_contacts), so it
serves wherever a field name does (values(*QUESTIONS), f"mean_{question}").
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

SCORE_CHOICES = [(score, str(score)) for score in range(1, 6)]
SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
# His rule: an event is worth it if at least one question earns a clear "yes".
WORTH_IT_SCORE = 4
# Below this many visible ratings a mean says more about chance than about the format.
MIN_RATINGS_FOR_MEAN = 3


class Question(str):
    def __new__(cls, key, *, label="", letter="", reader_text="", author_text="", sort_key="", low="", high=""):
        question = super().__new__(cls, key)
        question.label = label  # a heading, a column, a field's name
        question.letter = letter  # in the badge "K4 · I3 · S5"
        question.reader_text = reader_text  # the rating form's question
        question.author_text = author_text  # the author's own words, beside his verdict
        question.sort_key = sort_key  # ?sortierung= on the format index
        # What 1 and 5 mean, beside the rating form's scale: without anchors one reader's 3 is another's 5.
        question.low = low
        question.high = high
        return question

    def __reduce__(self):
        # Remembered figures pickle a question by its field name and get the one definition back.
        return by_key, (str(self),)


CONTACTS = Question(
    "contacts",
    label=_("Kontakte"),
    letter="K",
    reader_text=_("Haben Sie für Ihr Geschäft nützliche Kontakte geknüpft?"),
    author_text=_("Habe ich für mein Geschäft spannende Kontakte generieren können?"),
    sort_key="kontakte",
    low=_("keine brauchbaren Kontakte"),
    high=_("mehrere Kontakte, aus denen Geschäft werden kann"),
)
INFORMATION = Question(
    "information",
    label=_("Informationen"),
    letter="I",
    reader_text=_("Haben Sie relevante Informationen gewonnen?"),
    author_text=_("Habe ich durch die Veranstaltung relevante Informationen gewinnen können?"),
    sort_key="informationen",
    low=_("nichts, was ich nicht schon wusste"),
    high=_("viel Neues, das ich für mein Geschäft nutzen kann"),
)
FUN = Question(
    "fun",
    label=_("Spaß"),
    letter="S",
    reader_text=_("Hatten Sie Spaß?"),
    author_text=_("Hatte ich Spaß?"),
    sort_key="spass",
    low=_("eine lästige Pflicht"),
    high=_("großer Spaß, ich gehe gern wieder hin"),
)
# In his order: Kontakte, Informationen, Spaß.
QUESTIONS = (CONTACTS, INFORMATION, FUN)


def by_key(key):
    return next(question for question in QUESTIONS if question == key)


def is_worth_it(*scores):
    return max(scores) >= WORTH_IT_SCORE


def badge(scores):
    """The short form of three scores, "K4 · I3 · S5"; `scores` maps each question to its score."""
    return " · ".join(f"{question.letter}{scores[question]}" for question in QUESTIONS)


def badge_legend():
    """What the badge's letters stand for, said on the page, not only in a tooltip."""
    return " · ".join(f"{question.letter} = {question.label}" for question in QUESTIONS)
