"""The parts of a page that show ratings, each fetching its own figures."""

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from discussion.models import Comment
from formats.forms import RatingForm
from formats.models import FormatPage
from formats.questions import MIN_RATINGS_FOR_MEAN, QUESTIONS
from formats.selectors import SORTS, formats_with_ratings, rating_summary, ratings_by, reader_rating
from pagecache.cache import remember
from pagecache.fragments import CSRF_PLACEHOLDER, fragment_key, rendered

register = template.Library()


@register.inclusion_tag("formats/includes/ratings.html", takes_context=True)
def rating_panel(context, page):
    """A format's reader ratings (with their schema.org AggregateRating) and the reader's own form.

    A view that refuses a rating renders the page with the bound form as `rating_form`, so
    the reader sees the errors beside the answers.
    """
    request = context["request"]

    def summary_and_figures():
        # The figures drawn once per site version: three distributions of plural sentences took a
        # fifth of the page. Kept with the summary, in one round trip.
        summary = rating_summary(format_page=page)
        return summary, render_to_string("formats/includes/rating_figures.html", {"summary": summary})

    summary, figures = remember(request, f"rating_panel:{page.pk}", summary_and_figures)
    section = {
        "page": page,
        "request": request,
        "user": request.user,
        "summary": summary,
        "figures": figures,
        "aggregate_rating": page.aggregate_rating(summary, request),
        # "Danke, Ihre Bewertung wurde gespeichert." inside the panel, where the redirect lands.
        "messages": context.get("messages", ()),
    }
    if request.user.is_authenticated:
        # Guests see a log-in link instead of the form.
        my_rating = reader_rating(reader=request.user, format_page=page)
        section["rating_form_html"] = _rating_form_html(request, page, my_rating, refused=context.get("rating_form"))
    return section


RATING_FORM = "formats/includes/rating_form.html"


def _rating_form_html(request, page, my_rating, *, refused):
    """Her form, with her answers: a fragment for each state of her rating (a quarter of her page's
    work otherwise), except a refused one, whose answers and errors are hers alone."""

    def draw(form, token):
        context = {"page": page, "my_rating": my_rating, "rating_form": form, "csrf_token": token}
        return render_to_string(RATING_FORM, context)

    if refused is not None:
        return draw(refused, get_token(request))
    key = fragment_key("rating-form", page.pk, _shown_in_form(my_rating))
    [html] = rendered(request, {key: lambda: draw(RatingForm(instance=my_rating), CSRF_PLACEHOLDER)})
    return html


def _shown_in_form(rating):
    """All of her rating the form shows: its answers, when she gave them, whether it is hidden and
    why, whether she still wants the follow-up."""
    if rating is None:
        return None
    follow_up = rating.follow_up_or_none
    answers = tuple(getattr(rating, name) for name in RatingForm._meta.fields)
    return (
        rating.pk,
        rating.updated_at,
        rating.is_hidden,
        rating.hidden_reason,
        follow_up and follow_up.is_active,
        answers,
    )


@register.inclusion_tag("formats/includes/format_list.html", takes_context=True)
def format_list(context, index):
    """The formats below an index page, in the order the reader chose (?sortierung=)."""
    request = context["request"]
    sort = request.GET.get("sortierung")
    sort = sort if sort in SORTS else None

    def formats():
        pages = index.formats().annotate(comment_count=Comment.objects.visible().count_per_page(FormatPage))
        return formats_with_ratings(pages=pages, sort=sort)

    listed = remember(request, f"format_index:{index.pk}:{sort}", formats)
    # Said beside the list, so nobody reads the author's order of the thin formats as the readers'.
    by_readers = sort is not None and SORTS[sort].verdict is not None
    return {
        "request": request,
        "sort": sort,
        "sorts": SORTS,
        "formats": listed,
        "min_ratings": MIN_RATINGS_FOR_MEAN,
        "verdict_orders_thin": by_readers and any(not page.has_mean for page in listed),
    }


@register.inclusion_tag("formats/includes/compare_table.html", takes_context=True)
def compare_table(context, chosen):
    """The chosen formats side by side: the three questions, the facts and the verdicts."""
    chosen = formats_with_ratings(pages=chosen)
    return {
        "request": context["request"],
        "chosen": chosen,
        # Row by row: each question's (author's score, readers' mean) per format.
        "questions": [
            (question, [(getattr(page, f"verdict_{question}"), getattr(page, f"mean_{question}")) for page in chosen])
            for question in QUESTIONS
        ],
    }


@register.inclusion_tag("formats/includes/my_ratings.html", takes_context=True)
def my_ratings(context):
    """The signed-in reader's own ratings, for her account page."""
    request = context["request"]
    return {"request": request, "ratings": ratings_by(reader=request.user)}
