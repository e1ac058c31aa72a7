"""Write-side of ratings: the only way a rating is created, changed or hidden."""

from django.utils import timezone

from formats.followups import follow_up_consent
from formats.models import FACT_FIELDS, QUESTIONS, Rating
from pagecache.cache import invalidate_on_commit


def rating_submit(*, reader, format_page, scores, facts=None, follow_up=None):
    """Create the reader's rating of this format, or update it: returns (rating, created).

    `follow_up`: the form's consent to be asked later whether business came of it (True/False);
    None leaves any consent as it is (a rating written from elsewhere says nothing about it).

    The unique constraint on (format, reader) decides races: of two concurrent first
    submissions one inserts, the other's insert fails and update_or_create updates instead.
    """
    values = {name: scores[name] for name in QUESTIONS}
    values.update({name: (facts or {}).get(name, Rating._meta.get_field(name).get_default()) for name in FACT_FIELDS})
    result = Rating.objects.update_or_create(reader=reader, format_page=format_page, defaults=values)
    if follow_up is not None:
        follow_up_consent(rating=result[0], consented=follow_up)
    invalidate_on_commit()
    return result


def rating_hide(*, rating, reason):
    rating.is_hidden = True
    rating.hidden_reason = reason
    rating.hidden_at = timezone.now()
    rating.save(update_fields=["is_hidden", "hidden_reason", "hidden_at"])
    invalidate_on_commit()
    return rating


def rating_unhide(*, rating):
    rating.is_hidden = False
    rating.hidden_reason = ""
    rating.hidden_at = None
    rating.save(update_fields=["is_hidden", "hidden_reason", "hidden_at"])
    invalidate_on_commit()
    return rating
