"""The ratings' share of a reader's data (registered in wagtail_hooks.py); they go with the account."""

from core.personal_data import label, when, yes_no
from formats.models import Rating


def export(*, user, addresses, request=None):
    ratings = Rating.objects.filter(reader=user).select_related("format_page", "follow_up").order_by("created_at")
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
                "nachfrage_per_e_mail": _follow_up(rating.follow_up_or_none),
            }
            for rating in ratings
        ]
    }


def _follow_up(follow_up):
    """The consent to the follow-up mail as given (time and wording), and what became of it."""
    if follow_up is None:
        return None
    return {
        "eingewilligt_am": when(follow_up.consented_at),
        "wortlaut": str(follow_up.consent_text),
        "fassung": follow_up.consent_version,
        "gesendete_nachfragen": follow_up.round,
        "zuletzt_gesendet_am": when(follow_up.sent_at),
        "antwort": label(follow_up.get_answer_display() if follow_up.answer else ""),
        "beantwortet_am": when(follow_up.answered_at),
        "widerrufen_am": when(follow_up.withdrawn_at),
    }
