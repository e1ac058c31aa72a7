"""The ratings' share of a reader's data (registered in wagtail_hooks.py); they go with the account."""

from formats.models import Rating


def export(*, user, addresses, request=None):
    ratings = Rating.objects.filter(reader=user).select_related("format_page").order_by("created_at")
    return {
        "bewertungen": [
            {
                "format": rating.format_page.title,
                "url": rating.format_page.get_full_url(request),
                "kontakte": rating.contacts,
                "informationen": rating.information,
                "spass": rating.fun,
                "kontakte_zweiten_dritten_grades": rating.second_degree,
                "geschaeft": rating.led_to_business or None,
                "besuche": rating.attendance or None,
                "bewertet_am": rating.created_at.isoformat(),
                "geaendert_am": rating.updated_at.isoformat(),
                "ausgeblendet": rating.is_hidden,
                "grund_ausgeblendet": rating.hidden_reason or None,
            }
            for rating in ratings
        ]
    }
