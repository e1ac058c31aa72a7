"""The moderators' desk in the Wagtail admin: why a comment waits, blocking with confirmation and for a time,
the list of blocks, ratings in German with the pattern of many ratings in minutes, and what a moderator sees."""

import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.admin.menu import admin_menu
from wagtail.models import ModelLogEntry

import pytest
import time_machine

from accounts.services import account_delete
from discussion.models import Block, Comment, Report
from discussion.services.moderation import comment_block_author
from discussion.services.posting import comment_delete, comment_post
from discussion.services.rules import held_back, is_blocked
from formats.models import Rating
from formats.wagtail_hooks import in_a_burst
from tests.factories import BlogPostPageFactory, FormatPageFactory, RatingFactory, ReaderFactory, a_comment
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db

QUEUE = "/admin/kommentare/"
BLOCKS = "/admin/sperren/"
THREE_LINKS = "Siehe https://a.example https://b.example https://c.example"


@pytest.fixture
def desk_post(a_blog):
    return BlogPostPageFactory(parent=a_blog, title="Die Fachmesse")


@pytest.fixture
def a_moderator():
    moderator = ReaderFactory(display_name="Mona Moderation")
    moderator.groups.add(Group.objects.get(name="Moderatoren"))
    return moderator


@pytest.fixture
def moderator_client(client, a_moderator):
    return log_in_with_second_factor(client, a_moderator)


@pytest.fixture
def a_writer():
    return ReaderFactory(email="wilma@example.org", display_name="Wilma")


def block_form(**fields):
    return {"reason": "Werbung", "duration": "7", **fields}


# Why a comment waits


def test_held_back_names_the_rule_that_matched(settings):
    settings.COMMENT_BLOCKLIST = ["online-casino", "viagra"]

    assert held_back(THREE_LINKS) == "3 Links (höchstens 2 erlaubt)"
    assert held_back("Jetzt im Online Casino gewinnen") == "Wort der Sperrliste: „Online Casino“"
    assert held_back("VIAGRA billig") == "Wort der Sperrliste: „VIAGRA“"
    assert held_back("Ganz harmlos, mit https://a.example") == ""


def test_the_blocklist_matches_whole_words_so_a_venue_passes(settings):
    settings.COMMENT_BLOCKLIST = ["casino"]

    assert held_back("Das Casino Baden-Baden richtet den Abend aus") == "Wort der Sperrliste: „Casino“"
    assert held_back("Die Casinobetriebe der Region") == ""


def test_the_default_blocklist_lets_casino_baden_baden_pass():
    assert held_back("Der Neujahrsempfang im Casino Baden-Baden war ein Erlebnis.") == ""
    assert held_back("Bestes Online-Casino mit Casino-Bonus") != ""


def test_the_queue_says_which_rule_held_a_comment(moderator_client, desk_post, a_writer, settings):
    settings.COMMENT_BLOCKLIST = ["wundermittel"]
    by_links = a_comment(desk_post, user=a_writer, text=THREE_LINKS)
    by_word = a_comment(desk_post, user=a_writer, text="Ein Wundermittel für Kontakte")

    html = moderator_client.get(QUEUE).content.decode()

    assert Comment.objects.get(pk=by_links.pk).held_reason == "3 Links (höchstens 2 erlaubt)"
    assert "Grund: 3 Links (höchstens 2 erlaubt)" in html
    assert "Grund: Wort der Sperrliste: „Wundermittel“" in html
    assert Comment.objects.get(pk=by_word.pk).held_for_moderation


def test_a_registered_readers_clean_comment_is_public_and_has_no_reason(desk_post, a_writer):
    comment = comment_post(target=desk_post, text="Danke für den Bericht", user=a_writer)

    assert comment.is_public and not comment.held_for_moderation and comment.held_reason == ""


# The queue


def test_the_queue_opens_on_the_first_tab_with_work(moderator_client, desk_post, a_writer):
    assert 'aria-current="page">Alle' in moderator_client.get(QUEUE).content.decode()

    reported = a_comment(desk_post, text="Kaufen Sie jetzt!")
    Report.objects.create(comment=reported, reporter=ReaderFactory(), reason="spam", note="Eigenwerbung")
    html = moderator_client.get(QUEUE).content.decode()
    assert 'aria-current="page">Gemeldet (1)' in html
    assert "Spam oder Werbung – „Eigenwerbung“" in html

    a_comment(desk_post, user=a_writer, text=THREE_LINKS)
    assert 'aria-current="page">Wartet auf Freischaltung (1)' in moderator_client.get(QUEUE).content.decode()


def test_the_queue_shows_date_and_page_and_a_self_deleted_comment_as_such(moderator_client, desk_post, a_writer):
    comment = a_comment(desk_post, user=a_writer, text="Bald weg")
    comment_delete(comment=comment, user=a_writer)
    comment.refresh_from_db()

    html = moderator_client.get(QUEUE + "?queue=alle").content.decode()

    assert "vom Verfasser gelöscht" in html and "(ohne Text)" not in html
    row = html[html.index(f'value="{comment.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "öffentlich" not in row
    assert timezone.localtime(comment.submit_date).strftime("%H:%M Uhr") in row
    assert "Die Fachmesse" in row


def test_the_commenters_address_lists_their_other_comments(moderator_client, desk_post, a_writer):
    a_comment(desk_post, user=a_writer, text="Erster von Wilma")
    a_comment(desk_post, user=a_writer, text="Zweiter von Wilma")
    a_comment(desk_post, text="Von jemand anderem")

    html = moderator_client.get(QUEUE, {"queue": "alle", "email": "wilma@example.org"}).content.decode()

    assert "Erster von Wilma" in html and "Zweiter von Wilma" in html and "Von jemand anderem" not in html


def test_the_queue_narrows_to_public_comments_a_page_or_words_and_sorts_by_date(
    moderator_client, desk_post, a_blog, a_writer
):
    other_post = BlogPostPageFactory(parent=a_blog, title="Der Stammtisch")
    old = a_comment(desk_post, text="Alter Kommentar zur Messe")
    Comment.objects.filter(pk=old.pk).update(submit_date=timezone.now() - datetime.timedelta(days=3))
    a_comment(desk_post, text="Neuer Kommentar zur Messe")
    a_comment(other_post, text="Kommentar zum Stammtisch")
    a_comment(desk_post, user=a_writer, text=THREE_LINKS)

    public = moderator_client.get(QUEUE, {"queue": "oeffentlich"}).content.decode()
    one_page = moderator_client.get(QUEUE, {"queue": "alle", "seite": other_post.pk}).content.decode()
    found = moderator_client.get(QUEUE, {"queue": "alle", "q": "messe"}).content.decode()
    oldest = moderator_client.get(QUEUE, {"queue": "oeffentlich", "sortierung": "aelteste"}).content.decode()

    assert "Öffentlich (3)" in public and "https://c.example" not in public
    assert "Kommentar zum Stammtisch" in one_page and "zur Messe" not in one_page
    assert "Alter Kommentar zur Messe" in found and "Stammtisch" not in found.split("<tbody>")[1]
    assert public.index("Neuer Kommentar") < public.index("Alter Kommentar")
    assert oldest.index("Alter Kommentar") < oldest.index("Neuer Kommentar")


def test_blocking_is_no_longer_a_bulk_action_without_confirmation(moderator_client, desk_post, a_writer):
    comment = a_comment(desk_post, user=a_writer, text="Werbung")

    moderator_client.post(QUEUE + "?queue=alle", {"action": "sperren", "comment": [comment.pk]})

    assert not Block.objects.exists()
    assert not Comment.objects.get(pk=comment.pk).is_removed


# Blocking with confirmation


def test_blocking_asks_first_and_changes_nothing_on_get(moderator_client, desk_post, a_writer):
    comment = a_comment(desk_post, user=a_writer, text="Werbung")
    a_comment(desk_post, user=a_writer, text="Früher")

    html = moderator_client.get(f"{QUEUE}{comment.pk}/sperren/").content.decode()

    assert "Sie sperren" in html and "wilma@example.org" in html
    assert "Grund" in html and "1 Tag" in html and "7 Tage" in html and "30 Tage" in html and "unbefristet" in html
    assert "Auch alle früheren Kommentare dieser Adresse entfernen" in html and "1 weiterer Kommentar" in html
    assert 'name="remove_earlier"' in html and "checked" not in html.split('name="remove_earlier"')[1][:40]
    assert not Block.objects.exists()


def test_blocking_needs_a_reason(moderator_client, desk_post, a_writer):
    comment = a_comment(desk_post, user=a_writer, text="Werbung")

    response = moderator_client.post(f"{QUEUE}{comment.pk}/sperren/", block_form(reason="  "))

    assert response.status_code == 400
    assert "Bitte geben Sie einen Grund an." in response.content.decode()
    assert not Block.objects.exists()


def test_a_block_for_seven_days_removes_only_this_comment_by_default(
    moderator_client, a_moderator, desk_post, a_writer
):
    earlier = a_comment(desk_post, user=a_writer, text="Früher, harmlos")
    comment = a_comment(desk_post, user=a_writer, text="Werbung")

    response = moderator_client.post(f"{QUEUE}{comment.pk}/sperren/", block_form(reason="Werbung für ein Casino"))

    assert response.status_code == 302 and response.url == BLOCKS
    block = Block.objects.get()
    assert (block.email, block.reason, block.created_by, block.user) == (
        "wilma@example.org",
        "Werbung für ein Casino",
        a_moderator,
        a_writer,
    )
    assert abs(block.expires_at - (timezone.now() + datetime.timedelta(days=7))) < datetime.timedelta(minutes=1)
    assert Comment.objects.get(pk=comment.pk).is_removed
    assert not Comment.objects.get(pk=earlier.pk).is_removed
    assert is_blocked(email="wilma@example.org")


def test_earlier_comments_go_too_when_the_moderator_says_so(moderator_client, desk_post, a_writer):
    earlier = a_comment(desk_post, user=a_writer, text="Früher")
    comment = a_comment(desk_post, user=a_writer, text="Werbung")
    other = a_comment(desk_post, text="Von jemand anderem")

    moderator_client.post(f"{QUEUE}{comment.pk}/sperren/", block_form(duration="", remove_earlier="on"))

    assert Block.objects.get().expires_at is None
    assert Comment.objects.get(pk=earlier.pk).is_removed and Comment.objects.get(pk=comment.pk).is_removed
    assert not Comment.objects.get(pk=other.pk).is_removed


def test_a_blocked_writer_is_refused_until_the_block_expires(desk_post, a_writer):
    comment = a_comment(desk_post, user=a_writer, text="Werbung")
    comment_block_author(comment=comment, reason="Werbung", duration=datetime.timedelta(days=1))

    with pytest.raises(ValidationError, match="keine Kommentare mehr annehmen"):
        comment_post(target=desk_post, text="Noch mehr", user=a_writer)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=23)):
        assert is_blocked(email="WILMA@example.org")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        assert not is_blocked(email="wilma@example.org", user=a_writer)
        assert comment_post(target=desk_post, text="Wieder da", user=a_writer).is_public


def test_a_block_for_good_never_expires(desk_post, a_writer):
    comment_block_author(comment=a_comment(desk_post, user=a_writer, text="x"), reason="Beleidigung")

    with time_machine.travel(timezone.now() + datetime.timedelta(days=3650)):
        assert is_blocked(email="wilma@example.org", user=a_writer)


def test_a_block_row_deleted_midway_bars_nobody(desk_post, a_writer):
    comment_block_author(comment=a_comment(desk_post, user=a_writer, text="x"), reason="Spam")
    assert is_blocked(email="wilma@example.org", user=a_writer)

    Block.objects.all().delete()

    assert not is_blocked(email="wilma@example.org", user=a_writer)
    assert comment_post(target=desk_post, text="Wieder da", user=a_writer).is_public


def test_blocking_an_anonymised_comment_only_removes_it(moderator_client, desk_post):
    leaving = ReaderFactory()
    comment = a_comment(desk_post, user=leaving, text="Erster")
    account_delete(user=leaving)

    moderator_client.post(f"{QUEUE}{comment.pk}/sperren/", block_form())

    assert not Block.objects.exists()
    assert Comment.objects.get(pk=comment.pk).is_removed


# The list of blocks


def test_the_block_list_shows_blocks_and_lifting_needs_a_confirmation(moderator_client, desk_post, a_writer):
    comment = a_comment(desk_post, user=a_writer, text="Werbung")
    moderator_client.post(f"{QUEUE}{comment.pk}/sperren/", block_form(reason="Eigenwerbung"))
    block = Block.objects.get()

    listing = moderator_client.get(BLOCKS).content.decode()
    assert "wilma@example.org" in listing and "Eigenwerbung" in listing and "Mona Moderation" in listing
    assert "Sperre aufheben" in listing

    asked = moderator_client.get(f"{BLOCKS}aufheben/{block.pk}/")
    assert asked.status_code == 200 and "wieder kommentieren" in asked.content.decode()
    assert is_blocked(email="wilma@example.org")

    lifted = moderator_client.post(f"{BLOCKS}aufheben/{block.pk}/", follow=True)
    assert "Die Sperre für wilma@example.org ist aufgehoben." in lifted.content.decode()
    assert not is_blocked(email="wilma@example.org", user=a_writer)
    assert "beendet" in moderator_client.get(BLOCKS).content.decode()


def test_blocks_and_lifts_show_in_the_writers_moderation_history(moderator_client, a_moderator, desk_post, a_writer):
    comment = a_comment(desk_post, user=a_writer, text="Werbung")
    moderator_client.post(f"{QUEUE}{comment.pk}/sperren/", block_form(reason="Eigenwerbung"))
    block = Block.objects.get()
    moderator_client.post(f"{BLOCKS}aufheben/{block.pk}/")

    actions = list(ModelLogEntry.objects.for_instance(block).order_by("pk").values_list("action", "user"))
    assert actions == [("discussion.block", a_moderator.pk), ("discussion.unblock", a_moderator.pk)]
    assert ModelLogEntry.objects.for_instance(comment).get(action="discussion.block_author").data["reason"] == (
        "Eigenwerbung"
    )
    history = moderator_client.get(f"{BLOCKS}history/{block.pk}/").content.decode()
    assert "Gesperrt bis " in history and "(wilma@example.org). Grund: Eigenwerbung" in history
    assert "Sperre aufgehoben" in history


def test_blocking_again_renews_the_one_row_of_that_address(desk_post, a_writer):
    comment_block_author(comment=a_comment(desk_post, user=a_writer, text="x"), reason="erstes Mal")
    Block.objects.update(expires_at=timezone.now())

    comment_block_author(comment=a_comment(desk_post, text="y", email="WILMA@example.org"), reason="zweites Mal")

    block = Block.objects.get()
    assert block.reason == "zweites Mal" and block.expires_at is None
    assert is_blocked(email="wilma@example.org")


def test_nobody_adds_or_deletes_blocks_in_the_admin(moderator_client, admin_client, desk_post, a_writer):
    comment_block_author(comment=a_comment(desk_post, user=a_writer, text="x"), reason="Spam")
    block = Block.objects.get()

    for client in (moderator_client, admin_client):
        assert client.get(f"{BLOCKS}new/").status_code in (302, 403)
        assert client.post(f"{BLOCKS}delete/{block.pk}/").status_code in (302, 403)
    assert Block.objects.exists()


# Ratings


def test_the_ratings_list_says_ja_and_nein(moderator_client, a_format_index):
    page = FormatPageFactory(parent=a_format_index, title="Barcamp")
    RatingFactory(format_page=page)
    RatingFactory(format_page=page, is_hidden=True, hidden_reason="Werbung")

    html = moderator_client.get("/admin/ratings/").content.decode()

    assert ">ja<" in html.replace("\n", "").replace(" ", "") and ">nein<" in html.replace("\n", "").replace(" ", "")
    assert "True" not in html and "False" not in html


def test_many_ratings_within_minutes_are_flagged(moderator_client, a_format_index):
    hasty, calm = ReaderFactory(display_name="Hastig"), ReaderFactory(display_name="Gelassen")
    pages = [FormatPageFactory(parent=a_format_index) for _n in range(5)]
    start = timezone.now() - datetime.timedelta(days=1)
    for n, page in enumerate(pages[:4]):
        with time_machine.travel(start + datetime.timedelta(minutes=2 * n), tick=False):
            RatingFactory(format_page=page, reader=hasty)
    # Four ratings too, but never four within ten minutes.
    for n, page in enumerate(pages[:4]):
        with time_machine.travel(start + datetime.timedelta(minutes=7 * n), tick=False):
            RatingFactory(format_page=page, reader=calm)

    flagged = dict(Rating.objects.annotate(burst=in_a_burst()).values_list("pk", "burst"))
    assert all(flagged[pk] for pk in Rating.objects.filter(reader=hasty).values_list("pk", flat=True))
    assert not any(flagged[pk] for pk in Rating.objects.filter(reader=calm).values_list("pk", flat=True))
    html = moderator_client.get("/admin/ratings/").content.decode()
    assert "viele Bewertungen in kurzer Zeit" in html


# What each role sees


MODERATOR_MAY = [QUEUE, "/admin/ratings/", BLOCKS, "/admin/"]
MODERATOR_MAY_NOT = [
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/settings/home/legalpages/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/sites/",
    "/admin/snippets/",
    "/admin/workflows/list/",
]


def test_a_moderator_reaches_comments_ratings_and_blocks_and_nothing_else(moderator_client, desk_post):
    for url in MODERATOR_MAY:
        assert moderator_client.get(url).status_code == 200, url
    for url in MODERATOR_MAY_NOT + [f"/admin/pages/{desk_post.pk}/", f"/admin/pages/{desk_post.pk}/edit/"]:
        assert moderator_client.get(url).status_code in (302, 403), url


def test_a_moderators_menu_shows_only_the_moderation(rf, a_moderator, a_home_page):
    request = rf.get("/admin/")
    request.user = a_moderator

    menu = [item.url for item in admin_menu.menu_items_for_request(request) if item.name != "help"]

    assert menu == ["/admin/kommentare/", "/admin/ratings/", "/admin/sperren/"]


def test_a_reader_reaches_no_part_of_the_admin(client, a_home_page):
    client.force_login(ReaderFactory())

    for url in [*MODERATOR_MAY, "/admin/pages/"]:
        assert client.get(url).status_code in (302, 403), url
