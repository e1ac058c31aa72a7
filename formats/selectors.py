"""Read-side of ratings: aggregates computed from the rows by the database, in a constant number of queries.

Computing from the rows (rather than keeping counters) makes the figures exact under
concurrent submissions by construction: there is no second copy to drift.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from formats.models import FormatPage, Rating
from formats.questions import MIN_RATINGS_FOR_MEAN, QUESTIONS, WORTH_IT_SCORE, Question


def _worth_it():
    """The author's rule as a filter: some question scored WORTH_IT_SCORE or more."""
    condition = Q()
    for question in QUESTIONS:
        condition |= Q(**{f"{question}__gte": WORTH_IT_SCORE})
    return condition


def _figures():
    """The one set of aggregate expressions over visible ratings, for a format's summary and for listings."""
    return {
        "rating_count": Count("pk"),
        "worth_it_count": Count("pk", filter=_worth_it()),
        "business_yes": Count("pk", filter=Q(led_to_business=Rating.Business.YES)),
        "business_answered": Count("pk", filter=~Q(led_to_business="")),
        "second_degree_yes": Count("pk", filter=Q(second_degree=True)),
        "second_degree_answered": Count("pk", filter=Q(second_degree__isnull=False)),
        # The follow-up's answers, months later, apart from the day-one ones (one row per rating at most).
        "outcome_yes": Count("pk", filter=Q(follow_up__answer=Rating.Business.YES)),
        "outcome_answered": Count("pk", filter=Q(follow_up__answered_at__isnull=False)),
        **{f"mean_{question}": Avg(question) for question in QUESTIONS},
    }


@dataclass
class QuestionSummary:
    # The Question itself, not copies of its texts: remembered summaries pickle it by its key, while a
    # copied lazy label is rebuilt as a new class whenever it is unpickled (some 100 µs each).
    question: Question
    author_score: int
    mean: float | None
    distribution: list = field(default_factory=list)  # [(score, count, percent)] for 5..1

    @property
    def key(self):
        return str(self.question)

    @property
    def label(self):
        return self.question.label


@dataclass
class Share:
    count: int
    of: int

    @property
    def percent(self):
        return round(100 * self.count / self.of) if self.of else None


@dataclass
class RatingSummary:
    count: int
    overall_mean: float | None
    questions: list
    worth_it: Share
    business: Share
    second_degree: Share
    outcome: Share  # "Nach drei Monaten": the follow-up's answers

    @property
    def has_mean(self):
        return self.count >= MIN_RATINGS_FOR_MEAN

    @property
    def has_outcome(self):
        return self.outcome.of >= MIN_RATINGS_FOR_MEAN


def rating_summary(*, format_page):
    """Every figure the format page shows about its readers' ratings, in one query."""
    expressions = _figures()
    for question in QUESTIONS:
        for score in range(1, 6):
            expressions[f"{question}_{score}"] = Count("pk", filter=Q(**{question: score}))
    row = Rating.objects.visible().filter(format_page=format_page).aggregate(**expressions)

    n = row["rating_count"]
    has_mean = n >= MIN_RATINGS_FOR_MEAN
    questions = []
    for question, author_score in format_page.verdict_scores:
        distribution = [
            (score, row[f"{question}_{score}"], round(100 * row[f"{question}_{score}"] / n) if n else 0)
            for score in range(5, 0, -1)
        ]
        questions.append(
            QuestionSummary(
                question=question,
                author_score=author_score,
                mean=row[f"mean_{question}"] if has_mean else None,
                distribution=distribution,
            )
        )
    overall = sum(q.mean for q in questions) / len(questions) if has_mean else None
    return RatingSummary(
        count=n,
        overall_mean=overall,
        questions=questions,
        worth_it=Share(row["worth_it_count"], n),
        business=Share(row["business_yes"], row["business_answered"]),
        second_degree=Share(row["second_degree_yes"], row["second_degree_answered"]),
        outcome=Share(row["outcome_yes"], row["outcome_answered"]),
    )


@dataclass(frozen=True)
class Sort:
    label: str
    figure: str  # the readers' figure, set on each page by formats_with_ratings
    verdict: str | None  # the author's, ordering formats too thin for the figure; None: the figure counts at any size


# The format index's orders, by their URL key (?sortierung=).
SORTS = {
    **{question.sort_key: Sort(question.label, f"mean_{question}", f"verdict_{question}") for question in QUESTIONS},
    "lohnt-sich": Sort(_("Lohnt sich"), "worth_it_share", "verdict_worth_it"),
    "anzahl": Sort(_("Anzahl Bewertungen"), "rating_count", None),
}
COUNTS = tuple(name for name in _figures() if not name.startswith("mean_"))


def formats_with_ratings(*, pages=None, sort=None):
    """Formats with their rating figures, ordered by `sort`.

    `pages` is a queryset (ordered by title here) or a list (kept in its order); by default every
    live, public format. Formats with too few ratings for a mean (or a share) rank after the rated
    ones, in the order of the author's verdict on the same question: a thin figure must not look
    like a ranking.

    One grouped query over the visible ratings gives every format's figures. A join with the
    formats would multiply their other annotations (the comment count: 1,000 ratings made the
    format index take 300 ms), and a subquery per figure costs more to build than to run.
    """
    pages = FormatPage.objects.live().public() if pages is None else pages
    pages = list(pages.order_by("title") if isinstance(pages, QuerySet) else pages)
    rows = (
        Rating.objects.visible()
        .filter(format_page__in=[page.pk for page in pages])
        .order_by()
        .values("format_page")
        .annotate(**_figures())
    )
    figures = {row.pop("format_page"): row for row in rows}
    for page in pages:
        row = figures.get(page.pk, {})
        for name in COUNTS:
            setattr(page, name, row.get(name, 0))
        page.has_mean = page.rating_count >= MIN_RATINGS_FOR_MEAN
        page.worth_it_share = page.worth_it_count / page.rating_count if page.has_mean else None
        # From as many follow-up answers as a mean needs ratings: below that, chance speaks.
        page.has_outcome = page.outcome_answered >= MIN_RATINGS_FOR_MEAN
        for question in QUESTIONS:
            setattr(page, f"mean_{question}", row[f"mean_{question}"] if page.has_mean else None)
        page.mean_scores = [(question, getattr(page, f"mean_{question}")) for question in QUESTIONS]

    order = SORTS.get(sort)
    if order is not None and order.verdict is not None:
        # Rated formats first, best first; then the rest, best by the author; ties stay in title order.
        pages.sort(
            key=lambda page: (0, -getattr(page, order.figure)) if page.has_mean else (1, -getattr(page, order.verdict))
        )
    elif order is not None:
        pages.sort(key=lambda page: -getattr(page, order.figure))  # a count says something at any size
    return pages


def best_rated_formats(*, pages, limit):
    """The formats most readers found worth it, among those with enough ratings to say so."""
    return [page for page in formats_with_ratings(pages=pages, sort="lohnt-sich") if page.has_mean][:limit]


def reader_rating(*, reader, format_page):
    if not reader.is_authenticated:
        return None
    # With its follow-up consent, which the form shows ticked or not.
    return Rating.objects.filter(reader=reader, format_page=format_page).select_related("follow_up").first()


def ratings_by(*, reader):
    """A reader's own ratings, hidden ones too (she sees why), for her account page."""
    return (
        Rating.objects.filter(reader=reader).select_related("format_page", "follow_up").order_by("format_page__title")
    )


def newest_ratings(*, limit):
    return Rating.objects.select_related("format_page", "reader").order_by("-updated_at")[:limit]
