"""Read-side of ratings: aggregates computed from the rows by the database, in a constant number of queries.

Computing from the rows (rather than keeping counters) makes the figures exact under
concurrent submissions by construction: there is no second copy to drift.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from formats.models import QUESTIONS, WORTH_IT_SCORE, FormatPage, Rating

# Below this many visible ratings a mean says more about chance than about the format.
MIN_RATINGS_FOR_MEAN = 3


def _worth_it(prefix=""):
    """The author's rule as a filter: some question scored WORTH_IT_SCORE or more."""
    condition = Q()
    for question in QUESTIONS:
        condition |= Q(**{f"{prefix}{question}__gte": WORTH_IT_SCORE})
    return condition


@dataclass
class QuestionSummary:
    key: str
    label: str
    author_score: int
    mean: float | None
    distribution: list = field(default_factory=list)  # [(score, count, percent)] for 5..1


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

    @property
    def has_mean(self):
        return self.count >= MIN_RATINGS_FOR_MEAN


def _visible_ratings(format_page):
    return Rating.objects.filter(format_page=format_page, is_hidden=False)


def rating_summary(*, format_page):
    """Every figure the format page shows about its readers' ratings, in one query."""
    expressions = {"n": Count("pk"), "worth_it": Count("pk", filter=_worth_it())}
    for question in QUESTIONS:
        expressions[f"mean_{question}"] = Avg(question)
        for score in range(1, 6):
            expressions[f"{question}_{score}"] = Count("pk", filter=Q(**{question: score}))
    expressions["business_yes"] = Count("pk", filter=Q(led_to_business=Rating.Business.YES))
    expressions["business_answered"] = Count("pk", filter=~Q(led_to_business=""))
    expressions["second_degree_yes"] = Count("pk", filter=Q(second_degree=True))
    expressions["second_degree_answered"] = Count("pk", filter=Q(second_degree__isnull=False))
    row = _visible_ratings(format_page).aggregate(**expressions)

    n = row["n"]
    has_mean = n >= MIN_RATINGS_FOR_MEAN
    questions = []
    for (label, author_score), question in zip(format_page.verdict_scores, QUESTIONS, strict=True):
        distribution = [
            (score, row[f"{question}_{score}"], round(100 * row[f"{question}_{score}"] / n) if n else 0)
            for score in range(5, 0, -1)
        ]
        questions.append(
            QuestionSummary(
                key=question,
                label=label,
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
        worth_it=Share(row["worth_it"], n),
        business=Share(row["business_yes"], row["business_answered"]),
        second_degree=Share(row["second_degree_yes"], row["second_degree_answered"]),
    )


COUNTS = (
    "rating_count",
    "worth_it_count",
    "business_yes",
    "business_answered",
    "second_degree_yes",
    "second_degree_answered",
)
# The URL's sort key: (the readers' figure, the author's verdict that orders formats without that figure).
SORTS = {
    "kontakte": ("mean_contacts", "verdict_contacts"),
    "informationen": ("mean_information", "verdict_information"),
    "spass": ("mean_fun", "verdict_fun"),
    "lohnt-sich": ("worth_it_share", "verdict_worth_it"),
    "anzahl": ("rating_count", None),
}


def formats_with_ratings(*, queryset=None, sort=None):
    """Formats with their rating figures, ordered by `sort`.

    Formats with too few ratings for a mean (or a share) rank after the rated ones, in the
    order of the author's verdict on the same question: a thin figure must not look like a ranking.

    One grouped query over the visible ratings gives every format's figures. A join with the
    formats would multiply their other annotations (the comment count: 1,000 ratings made the
    format index take 300 ms), and a subquery per figure costs more to build than to run.
    """
    queryset = queryset if queryset is not None else FormatPage.objects.live().public()
    pages = list(queryset.order_by("title"))
    rows = (
        Rating.objects.filter(format_page__in=[page.pk for page in pages], is_hidden=False)
        .order_by()
        .values("format_page")
        .annotate(
            rating_count=Count("pk"),
            worth_it_count=Count("pk", filter=_worth_it()),
            business_yes=Count("pk", filter=Q(led_to_business=Rating.Business.YES)),
            business_answered=Count("pk", filter=~Q(led_to_business="")),
            second_degree_yes=Count("pk", filter=Q(second_degree=True)),
            second_degree_answered=Count("pk", filter=Q(second_degree__isnull=False)),
            **{f"mean_{question}": Avg(question) for question in QUESTIONS},
        )
    )
    figures = {row.pop("format_page"): row for row in rows}
    for page in pages:
        row = figures.get(page.pk, {})
        for name in COUNTS:
            setattr(page, name, row.get(name, 0))
        page.has_mean = page.rating_count >= MIN_RATINGS_FOR_MEAN
        page.worth_it_share = page.worth_it_count / page.rating_count if page.has_mean else None
        for question in QUESTIONS:
            setattr(page, f"mean_{question}", row[f"mean_{question}"] if page.has_mean else None)

    figure, verdict = SORTS.get(sort, (None, None))
    if verdict is not None:
        # Rated formats first, best first; then the rest, best by the author; ties stay in title order.
        pages.sort(key=lambda page: (0, -getattr(page, figure)) if page.has_mean else (1, -getattr(page, verdict)))
    elif figure is not None:
        pages.sort(key=lambda page: -getattr(page, figure))  # a count says something at any size
    return pages


def best_rated_formats(*, queryset, limit):
    """The formats most readers found worth it, among those with enough ratings to say so."""
    return [page for page in formats_with_ratings(queryset=queryset, sort="lohnt-sich") if page.has_mean][:limit]


def reader_rating(*, reader, format_page):
    if not reader.is_authenticated:
        return None
    return Rating.objects.filter(reader=reader, format_page=format_page).first()


def newest_ratings(*, limit):
    return Rating.objects.select_related("format_page", "reader").order_by("-updated_at")[:limit]


def rating_badges(*, format_page):
    """For the discussion: each commenter's visible rating of this format as "K4 · I3 · S5"."""

    def badges(user_ids):
        rows = _visible_ratings(format_page).filter(reader_id__in=user_ids)
        return {
            row.reader_id: f"K{row.contacts} · I{row.information} · S{row.fun}"
            for row in rows.only("reader_id", "contacts", "information", "fun")
        }

    return badges
