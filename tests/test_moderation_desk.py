"""The moderators' desk in the Wagtail admin: why a comment waits, blocking with confirmation and for a time,
the list of blocks, ratings in German with the pattern of many ratings in minutes, and what a moderator sees."""

import datetime

from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone
from django.utils.http import urlencode

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
from tests.helpers import log_in_with_second_factor, run_due_tasks

pytestmark = pytest.mark.django_db

QUEUE = "/admin/kommentare/"
BLOCKS = "/admin/sperren/"
THREE_LINKS = "Siehe https://a.example https://b.example https://c.example"


@pytest.fixture
def desk_post(a_blog):
    return BlogPostPageFactory(parent=a_blog, title="Die Fachmesse")


@pytest.fixture
def a_writer():
    return ReaderFactory(email="wilma@example.org", display_name="Wilma")


def an_author():
    """A staff member who may open the admin but not moderate (as the author's group allows)."""
    author = ReaderFactory(display_name="Autor", is_staff=True)
    author.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return author


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
    row = html[html.index(f'data-object-id="{comment.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "öffentlich" not in row
    when = timezone.localtime(comment.submit_date)
    assert f"{formats.date_format(when, 'j. F Y')}, {when:%H:%M} Uhr" in row
    assert f'<a href="/kommentare/zeigen/{comment.pk}/">Die Fachmesse</a>' in row


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
    oldest = moderator_client.get(QUEUE, {"queue": "oeffentlich", "ordering": "submit_date"}).content.decode()

    assert "Öffentlich (3)" in public and "https://c.example" not in public
    assert "Kommentar zum Stammtisch" in one_page and "zur Messe" not in one_page
    assert "Alter Kommentar zur Messe" in found and "Stammtisch" not in found.split("<tbody>")[1]
    assert public.index("Neuer Kommentar") < public.index("Alter Kommentar")
    assert oldest.index("Alter Kommentar") < oldest.index("Neuer Kommentar")


def test_the_queue_filters_by_date_range(moderator_client, desk_post):
    old = a_comment(desk_post, text="Aus dem Oktober")
    Comment.objects.filter(pk=old.pk).update(submit_date=datetime.datetime(2026, 10, 5, 9, tzinfo=datetime.UTC))
    a_comment(desk_post, text="Von heute")

    html = moderator_client.get(
        QUEUE, {"queue": "alle", "datum_from": "2026-10-01", "datum_to": "2026-10-31"}
    ).content.decode()

    rows = html.split("<tbody>")[1]
    assert "Aus dem Oktober" in rows and "Von heute" not in rows
    assert "5. Oktober 2026" in rows


def test_many_comments_within_minutes_are_flagged_and_filtered(moderator_client, desk_post, settings):
    settings.COMMENT_RATE_LIMIT = (100, 600)
    hasty, calm = ReaderFactory(email="hastig@example.org"), ReaderFactory(email="ruhig@example.org")
    start = timezone.now() - datetime.timedelta(days=1)
    for n in range(4):
        with time_machine.travel(start + datetime.timedelta(minutes=2 * n), tick=False):
            a_comment(desk_post, user=hasty, text=f"Schnell {n}")
        # Four too, but never four within ten minutes.
        with time_machine.travel(start + datetime.timedelta(minutes=7 * n), tick=False):
            a_comment(desk_post, user=calm, text=f"Gemach {n}")

    flagged = moderator_client.get(QUEUE, {"queue": "alle", "viele": "true"}).content.decode()
    calm_ones = moderator_client.get(QUEUE, {"queue": "alle", "viele": "false"}).content.decode()

    rows = flagged.split("<tbody>")[1]
    assert all(f"Schnell {n}" in rows for n in range(4)) and "Gemach" not in rows
    assert rows.count("viele Kommentare in kurzer Zeit") == 4
    assert "Schnell" not in calm_ones.split("<tbody>")[1]


def test_the_queue_takes_the_same_queries_for_10_and_100_comments(
    moderator_client, desk_post, a_blog, settings, django_assert_max_num_queries
):
    settings.COMMENT_RATE_LIMIT = (1000, 600)
    other_post = BlogPostPageFactory(parent=a_blog, title="Der Stammtisch")
    writers = [ReaderFactory() for _n in range(5)]

    def add(count):
        for n in range(count):
            comment = a_comment(
                (desk_post, other_post)[n % 2], user=writers[n % 5], text=f"{THREE_LINKS} {n}" if n % 3 else f"K {n}"
            )
            if n % 4 == 0:
                Report.objects.create(comment=comment, reporter=ReaderFactory(), reason="spam", note="Werbung")

    add(10)
    moderator_client.get(QUEUE, {"queue": "alle"})  # warms the site's root paths and content types
    with CaptureQueriesContext(connection) as ten:
        moderator_client.get(QUEUE, {"queue": "alle"})
    add(90)
    with django_assert_max_num_queries(len(ten)):
        html = moderator_client.get(QUEUE, {"queue": "alle"}).content.decode()

    assert html.count("data-object-id=") == 50  # one page of the listing


# Bulk actions


def bulk(client, action, comments, **kwargs):
    """One of the queue's bulk actions (Wagtail's bulk action view), with the rows ticked in the address."""
    query = urlencode([*(("id", comment.pk) for comment in comments), ("next", QUEUE)])
    return client.post(f"/admin/bulk/discussion/comment/{action}/?{query}", **kwargs)


def test_a_bulk_action_asks_first_and_changes_nothing_on_get(moderator_client, desk_post, a_writer):
    held = a_comment(desk_post, user=a_writer, text=THREE_LINKS)

    asked = moderator_client.get(f"/admin/bulk/discussion/comment/freigeben/?id={held.pk}&next={QUEUE}")

    html = asked.content.decode()
    assert asked.status_code == 200 and "Diese Kommentare freigeben?" in html and "https://c.example" in html
    assert "Ja, ausführen" in html
    assert Comment.objects.get(pk=held.pk).held_for_moderation
    assert not ModelLogEntry.objects.exists()


def test_bulk_approve_publishes_logs_each_comment_and_refreshes_the_cached_page(
    client, moderator_client, a_moderator, desk_post, a_writer, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    held = [a_comment(desk_post, user=a_writer, text=f"{THREE_LINKS} Nummer {n}") for n in range(2)]
    visitor = Client()
    visitor.get(desk_post.url)
    assert visitor.get(desk_post.url).get("X-Page-Cache") == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        response = bulk(moderator_client, "freigeben", held, follow=True)

    assert "2 Kommentare freigegeben." in response.content.decode()
    assert all(Comment.objects.get(pk=c.pk).is_public for c in held)
    for comment in held:
        entry = ModelLogEntry.objects.for_instance(comment).get()
        assert (entry.action, entry.user, entry.message) == (
            "discussion.approve",
            a_moderator,
            "Kommentar freigegeben",
        )
    page = visitor.get(desk_post.url)
    assert page.get("X-Page-Cache") == "miss" and "Nummer 1" in page.content.decode()


def test_bulk_remove_hides_the_comments_logs_each_and_refreshes_the_cached_page(
    moderator_client, a_moderator, desk_post, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    first, second = a_comment(desk_post, text="Erste Werbung"), a_comment(desk_post, text="Zweite Werbung")
    visitor = Client()
    assert "Erste Werbung" in visitor.get(desk_post.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        bulk(moderator_client, "entfernen", [first, second])

    html = visitor.get(desk_post.url).content.decode()
    assert "Erste Werbung" not in html and "Zweite Werbung" not in html
    assert sorted(
        ModelLogEntry.objects.filter(action="discussion.remove").values_list("object_id", flat=True)
    ) == sorted([str(first.pk), str(second.pk)])
    assert "Entfernt (2)" in moderator_client.get(QUEUE).content.decode()


def test_resolving_reports_keeps_the_comment_and_the_notes_in_its_history(moderator_client, desk_post):
    comment = a_comment(desk_post, text="Streitbar, aber sachlich")
    Report.objects.create(comment=comment, reporter=ReaderFactory(), reason="abuse", note="Klingt gereizt")

    response = bulk(moderator_client, "erledigt", [comment], follow=True)

    assert "Meldungen zu 1 Kommentar erledigt." in response.content.decode()
    assert not Report.objects.exists() and Comment.objects.get(pk=comment.pk).is_public
    assert "Gemeldet (0)" in moderator_client.get(QUEUE).content.decode()
    detail = moderator_client.get(f"{QUEUE}inspect/{comment.pk}/").content.decode()
    assert "Meldungen erledigt, der Kommentar bleibt stehen (beleidigend oder unsachlich – „Klingt gereizt“)" in detail


def test_only_moderators_reach_the_bulk_actions(client, desk_post, a_writer):
    held = a_comment(desk_post, user=a_writer, text=THREE_LINKS)
    log_in_with_second_factor(client, an_author())

    assert bulk(client, "freigeben", [held]).status_code in (302, 403)
    assert Comment.objects.get(pk=held.pk).held_for_moderation


# Kommentar prüfen


def test_the_check_page_shows_comment_reason_reports_other_comments_and_history(
    moderator_client, desk_post, a_blog, a_writer, settings
):
    settings.COMMENT_RATE_LIMIT = (100, 600)
    other_post = BlogPostPageFactory(parent=a_blog, title="Der Stammtisch")
    earlier = a_comment(other_post, user=a_writer, text="Früher <b>fett</b> zum Stammtisch")
    comment = a_comment(desk_post, user=a_writer, text=f"{THREE_LINKS} <script>alert(1)</script>")
    Report.objects.create(comment=comment, reporter=ReaderFactory(), reason="spam", note="Eigenwerbung")
    bulk(moderator_client, "entfernen", [earlier])

    html = moderator_client.get(f"{QUEUE}inspect/{comment.pk}/").content.decode()

    assert "Kommentar prüfen" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "Grund: 3 Links (höchstens 2 erlaubt)" in html
    assert "Spam oder Werbung – „Eigenwerbung“" in html
    assert f'href="/admin/kommentare/inspect/{earlier.pk}/">Früher &lt;b&gt;fett&lt;/b&gt; zum Stammtisch</a>' in html
    assert "entfernt" in html.split("Weitere Kommentare dieser Adresse")[1]
    assert f"/admin/kommentare/{comment.pk}/sperren/" in html and "Verfasser sperren" in html
    assert f"/admin/bulk/discussion/comment/freigeben/?id={comment.pk}" in html
    earlier_history = moderator_client.get(f"{QUEUE}inspect/{earlier.pk}/").content.decode()
    assert "Kommentar entfernt · Mona Moderation" in earlier_history


def test_the_check_page_offers_to_settle_reports_only_where_there_are_some(moderator_client, desk_post):
    quiet = a_comment(desk_post, text="Niemand hat das gemeldet")
    reported = a_comment(desk_post, text="Das wurde gemeldet")
    Report.objects.create(comment=reported, reporter=ReaderFactory(), reason="spam")

    assert "/erledigt/" not in moderator_client.get(f"{QUEUE}inspect/{quiet.pk}/").content.decode()
    assert "/erledigt/" in moderator_client.get(f"{QUEUE}inspect/{reported.pk}/").content.decode()


def test_the_queue_links_each_comment_to_its_check_page(moderator_client, desk_post):
    comment = a_comment(desk_post, text="Ein Kommentar")

    html = moderator_client.get(QUEUE, {"queue": "alle"}).content.decode()

    assert f'href="/admin/kommentare/inspect/{comment.pk}/"' in html


def test_readers_and_authors_without_the_right_reach_neither_queue_nor_check_page(client, desk_post):
    comment = a_comment(desk_post, text="Ein Kommentar")
    # The author passed the second factor: what stops him is the missing right, not the log-in.
    for user in (ReaderFactory(), an_author()):
        if user.is_staff:
            log_in_with_second_factor(client, user)
        else:
            client.force_login(user)
        for url in (QUEUE, f"{QUEUE}inspect/{comment.pk}/", f"{QUEUE}{comment.pk}/sperren/"):
            assert client.get(url).status_code in (302, 403), (user, url)


def test_nobody_edits_a_readers_words_in_the_admin(moderator_client, desk_post):
    comment = a_comment(desk_post, text="Original")

    assert moderator_client.get(f"{QUEUE}edit/{comment.pk}/").status_code in (302, 403)
    assert moderator_client.post(f"{QUEUE}edit/{comment.pk}/", {"held_reason": "x"}).status_code in (302, 403)
    assert moderator_client.get(f"{QUEUE}new/").status_code in (302, 403)


def test_the_moderation_mail_says_why_a_comment_was_held(a_moderator, desk_post, a_writer):
    a_moderator.email = "mona@example.org"
    a_moderator.save()

    comment = a_comment(desk_post, user=a_writer, text=THREE_LINKS)
    run_due_tasks()

    message = next(m for m in mail.outbox if m.to == ["mona@example.org"])
    assert "Zurückgehalten, weil: 3 Links (höchstens 2 erlaubt)" in message.body
    assert f"/admin/kommentare/inspect/{comment.pk}/" in message.body


def test_a_moderators_dashboard_shows_the_queue_and_nothing_of_pages(moderator_client, desk_post, a_writer):
    a_comment(desk_post, user=a_writer, text=THREE_LINKS)

    html = moderator_client.get("/admin/").content.decode()

    assert "Wartet auf Freischaltung: 1" in html and 'href="/admin/kommentare/?queue=wartend"' in html
    assert "Gemeldet: 0" in html and "0 Sperren in Kraft" in html
    assert 'role="search"' not in html.split("<main")[1] and "/admin/pages/" not in html.split("<main")[1]


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
    assert "viele in kurzer Zeit" in html
    # The three scores as the badge, a cell of their own (RatingFactory: 4, 3, 5).
    assert "<td>K4·I3·S5</td>" in html.replace("\n", "").replace(" ", "")


# What each role sees


MODERATOR_MAY = [QUEUE, "/admin/ratings/", BLOCKS, "/admin/", "/admin/reports/site-history/"]
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

    items = sorted(admin_menu.menu_items_for_request(request), key=lambda item: item.order)
    menu = [item.url for item in items if item.name != "help"]

    assert menu == ["/admin/kommentare/", "/admin/sperren/", "/admin/reports/site-history/", "/admin/ratings/"]


def test_a_reader_reaches_no_part_of_the_admin(client, a_home_page):
    client.force_login(ReaderFactory())

    for url in [*MODERATOR_MAY, "/admin/pages/"]:
        assert client.get(url).status_code in (302, 403), url


def test_editing_a_block_is_in_its_history_in_german(moderator_client, a_moderator, desk_post, a_writer):
    comment_block_author(comment=a_comment(desk_post, user=a_writer, text="x"), reason="Spam", by=a_moderator)
    block = Block.objects.get()

    response = moderator_client.post(f"{BLOCKS}edit/{block.pk}/", {"reason": "Spam, wiederholt", "expires_at": ""})

    assert response.status_code == 302
    assert Block.objects.get().reason == "Spam, wiederholt"
    assert ModelLogEntry.objects.for_instance(block).filter(action="wagtail.edit", user=a_moderator).exists()
    history = moderator_client.get(f"{BLOCKS}history/{block.pk}/").content.decode()
    assert "Bearbeitet" in history and "Gesperrt unbefristet (wilma@example.org). Grund: Spam" in history
