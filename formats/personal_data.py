"""The ratings' share of a reader's data (registered in wagtail_hooks.py); they go with the account."""

from core.personal_data import label, when, yes_no
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
                "spaß": rating.fun,
                "kontakte_zweiten_dritten_grades": yes_no(rating.second_degree),
                "geschäft": label(rating.get_led_to_business_display() if rating.led_to_business else ""),
                "besuche": label(rating.get_attendance_display() if rating.attendance else ""),
                "bewertet_am": when(rating.created_at),
                "geändert_am": when(rating.updated_at),
                "ausgeblendet": yes_no(rating.is_hidden),
                "grund_ausgeblendet": rating.hidden_reason or None,
            }
            for rating in ratings
        ]
    }
