"""The author's desk in the Wagtail admin: the German roles, German slugs, a new post's defaults, the
next scheduled part for readers, the discussion on the dashboard and the daily digest."""

import datetime
import json
import re
from importlib import import_module
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, Workflow
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest
import time_machine

from blog.models import BlogPostPage
from core.slugs import german_slugify, unicode_slugify
from discussion.admin_panels import AuthorDiscussionPanel
from discussion.models import AuthorDesk
from discussion.services.author_desk import author_digests_send
from discussion.services.reactions import comment_report
from home.demo.formats import FORMATS
from home.demo.series import PARTS, part_text, post_blocks
from home.models import StandardPage
from tests.factories import (
    BlogPostPageFactory,
    CommentFactory,
    FormatPageFactory,
    ReaderFactory,
    SeriesFactory,
    a_comment,
)
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db

BERLIN = datetime.timezone(datetime.timedelta(hours=1))


@pytest.fixture
def an_author():
    """Andreas, a member of the authors' group „Redaktion“ (set up by the site's migrations), not a superuser."""
    author = ReaderFactory(
        display_name="Andreas", first_name="Andreas", last_name="Pieters", email="autor@example.org"
    )
    author.groups.add(Group.objects.get(name="Redaktion"))
    return author


@pytest.fixture
def author_client(client, an_author):
    return log_in_with_second_factor(client, an_author)


@pytest.fixture
def a_series():
    return SeriesFactory(title="Richtig Netzwerken", slug="richtig-netzwerken")


def new_post_url(blog):
    return f"/admin/pages/add/blog/blogpostpage/{blog.pk}/"


def post_form(title, *, slug="", action=None, **fields):
    """The editor's create form as a browser sends it."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2026-11-30",
            "intro": "Ein Satz.",
            "body": streamfield([("paragraph", rich_text("<p>Text</p>"))]),
            "series": "",
            "series_part": "",
            "tags": "",
            "comments-TOTAL_FORMS": 0,
            "comments-INITIAL_FORMS": 0,
            "comments-MIN_NUM_FORMS": 0,
            "comments-MAX_NUM_FORMS": 1000,
            **fields,
        }
    )
    if action:
        data[action] = "1"
    return data


# One German set of roles


def test_the_site_has_german_groups_and_no_english_defaults_or_workflow():
    assert set(Group.objects.values_list("name", flat=True)) == {"Redaktion", "Moderatoren"}
    assert not Workflow.objects.filter(active=True).exists()


def test_the_authors_group_may_write_publish_and_handle_media():
    editors = Group.objects.get(name="Redaktion")
    root = Page.get_first_root_node()
    assert set(editors.page_permissions.filter(page=root).values_list("permission__codename", flat=True)) == {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"access_admin", "add_series", "change_series", "view_rating"} <= codenames
    assert "moderate_comment" not in codenames
    media = set(editors.collection_permissions.values_list("permission__codename", flat=True))
    assert {"add_image", "choose_image", "add_document", "choose_document"} <= media


def test_the_roles_migration_can_run_twice():
    # A migration module's name starts with a digit: no import statement reaches it.
    migration = import_module("blog.migrations.0003_german_roles")
    state = MigrationLoader(connection).project_state(("blog", "0003_german_roles")).apps
    migration.set_up_roles(state, SimpleNamespace(connection=connection))
    assert Group.objects.filter(name="Redaktion").count() == 1
    assert Group.objects.get(name="Redaktion").page_permissions.count() == 5


def test_the_author_reaches_pages_images_documents_and_series(author_client, a_post):
    for url in ["/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/", "/admin/snippets/blog/series/"]:
        assert author_client.get(url).status_code == 200, url
    assert author_client.get(f"/admin/pages/{a_post.pk}/edit/").status_code == 200


def test_the_author_does_not_reach_users_groups_or_the_moderation_queue(author_client, a_home_page):
    for url in ["/admin/users/", "/admin/groups/", "/admin/sites/", "/admin/kommentare/"]:
        assert author_client.get(url).status_code in (302, 403), url


def test_the_publish_menu_offers_publishing_and_no_workflow(author_client, a_post):
    html = author_client.get(f"/admin/pages/{a_post.pk}/edit/").content.decode()
    assert "Veröffentlichen" in html
    assert "Moderators approval" not in html
    assert "einreichen" not in html


def test_the_author_publishes_alone(author_client, a_blog):
    response = author_client.post(
        new_post_url(a_blog), post_form("Ganz allein", slug="ganz-allein", action="action-publish")
    )
    assert response.status_code == 302
    post = BlogPostPage.objects.get(title="Ganz allein")
    assert post.live


def test_a_reader_reaches_no_part_of_the_authors_desk(client, a_reader, a_blog):
    client.force_login(a_reader)
    assert client.get(new_post_url(a_blog)).status_code in (302, 403)


# German slugs


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Das Unternehmerfrühstück", "das-unternehmerfruehstueck"),
        ("ÄRGER über Öl und Übermut", "aerger-ueber-oel-und-uebermut"),
        ("Grüße aus der Straße", "gruesse-aus-der-strasse"),
        ("Café Crème", "café-crème"),
        ("Fru\u0308hstu\u0308ck", "fruehstueck"),
    ],
)
def test_slugs_spell_umlauts_and_sharp_s_out(title, slug):
    assert german_slugify(title) == slug


def test_the_demos_slugs_are_what_the_editor_makes():
    # A post's slug is the beginning of its title, up to the colon.
    for part in PARTS:
        title, _intro, _body = post_blocks(part_text(part))
        assert german_slugify(title.split(":")[0]) == part["slug"], title
    for spec in FORMATS:
        assert german_slugify(spec["title"]) == spec["slug"], spec["title"]


def test_the_editors_slug_field_transliterates_german(author_client, a_blog):
    html = author_client.get(new_post_url(a_blog)).content.decode()
    formatters = re.search(r'data-w-slug-formatters-value="([^"]*)"', html).group(1)
    pairs = json.loads(formatters.replace("&quot;", '"'))
    assert [["ü", "gu"], "ue"] in pairs
    assert [["ß", "gu"], "ss"] in pairs


@pytest.mark.parametrize("sent_slug", ["", "das-unternehmerfrühstück"])
def test_a_new_post_without_a_slug_of_its_own_gets_the_german_one(author_client, a_blog, sent_slug):
    author_client.post(new_post_url(a_blog), post_form("Das Unternehmerfrühstück", slug=sent_slug))
    post = BlogPostPage.objects.get(title="Das Unternehmerfrühstück")
    assert post.slug == "das-unternehmerfruehstueck"


def test_a_slug_the_author_chose_is_kept(author_client, a_blog):
    author_client.post(new_post_url(a_blog), post_form("Das Unternehmerfrühstück", slug="fruehstueck-spezial"))
    assert BlogPostPage.objects.get(title="Das Unternehmerfrühstück").slug == "fruehstueck-spezial"


def test_saving_makes_the_german_slug_unique_among_siblings(a_blog):
    BlogPostPageFactory(parent=a_blog, title="Grüße", slug="gruesse")
    second = a_blog.add_child(instance=BlogPostPage(title="Grüße", intro="x", body=[], date=datetime.date(2026, 1, 1)))
    assert second.slug == "gruesse-2"


def test_a_published_pages_address_stays(a_post):
    a_post.title = "Der Stammtisch für Übermütige"
    a_post.slug = unicode_slugify(a_post.title)
    a_post.save()
    assert a_post.slug == "der-stammtisch-für-übermütige"


# A new post's defaults


def test_a_new_post_is_dated_today_in_berlin(author_client, a_blog):
    # 23:30 UTC on 30 November is already 1 December in Berlin.
    with time_machine.travel(datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC), tick=False):
        html = author_client.get(new_post_url(a_blog)).content.decode()
    assert re.search(r'name="date"[^>]*value="2026-12-01"', html)


def test_a_new_post_continues_the_series_written_last(author_client, a_blog, a_series):
    other = SeriesFactory(title="Andere Serie")
    BlogPostPageFactory(parent=a_blog, series=other, series_part=1, date=datetime.date(2026, 1, 1))
    for part in (1, 2, 3):
        BlogPostPageFactory(parent=a_blog, series=a_series, series_part=part, date=datetime.date(2026, 11, part))
    html = author_client.get(new_post_url(a_blog)).content.decode()
    assert re.search(rf'name="series" value="{a_series.pk}"', html)
    assert re.search(r'name="series_part"[^>]*value="4"', html)
    next_parts = json.loads(re.search(r'data-next-parts="([^"]*)"', html).group(1).replace("&quot;", '"'))
    assert next_parts == {str(a_series.pk): 4, str(other.pk): 2}


def test_a_part_left_empty_becomes_the_next_free_one(author_client, a_blog, a_series):
    BlogPostPageFactory(parent=a_blog, series=a_series, series_part=1)
    BlogPostPageFactory(parent=a_blog, series=a_series, series_part=2)
    author_client.post(new_post_url(a_blog), post_form("Teil drei", series=a_series.pk, series_part=""))
    assert BlogPostPage.objects.get(title="Teil drei").series_part == 3


def test_a_part_already_taken_is_refused_in_german(author_client, a_blog, a_series):
    BlogPostPageFactory(parent=a_blog, series=a_series, series_part=1)
    response = author_client.post(
        new_post_url(a_blog), post_form("Noch ein Teil eins", series=a_series.pk, series_part=1)
    )
    assert "Diese Serie hat bereits einen Teil 1." in response.content.decode()
    assert not BlogPostPage.objects.filter(title="Noch ein Teil eins").exists()


# The next scheduled part, for readers


@pytest.fixture
def a_scheduled_part(a_blog, a_series, an_author):
    """Part 1 is out; part 2 is scheduled for Monday 7 December 2026, 07:00, as the author schedules it."""
    BlogPostPageFactory(parent=a_blog, series=a_series, series_part=1, title="Teil eins")
    go_live = datetime.datetime(2026, 12, 7, 7, 0, tzinfo=BERLIN)
    part = a_blog.add_child(
        instance=BlogPostPage(
            title="Teil zwei",
            intro="x",
            body=[],
            series=a_series,
            series_part=2,
            live=False,
            go_live_at=go_live,
            date=datetime.date(2026, 12, 7),
        )
    )
    part.save_revision(user=an_author).publish(user=an_author)
    return part


def series_url(blog, series):
    return blog.url + blog.reverse_subpage("series", args=(series.slug,))


@time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN), tick=False)
def test_the_series_page_announces_the_next_part(client, a_scheduled_part, a_blog, a_series):
    html = client.get(series_url(a_blog, a_series)).content.decode()
    assert "Nächster Teil am 7. Dezember 2026" in html
    assert "Teil zwei" not in html
    blog = client.get(a_blog.url).content.decode()
    assert "Nächster Teil der Serie „Richtig Netzwerken“ am 7. Dezember 2026" in blog


def test_a_draft_with_a_date_but_not_scheduled_is_not_announced(client, a_blog, a_series, an_author):
    draft = a_blog.add_child(
        instance=BlogPostPage(
            title="Entwurf",
            intro="x",
            body=[],
            series=a_series,
            series_part=1,
            live=False,
            go_live_at=timezone.now() + datetime.timedelta(days=3),
            date=datetime.date(2026, 12, 7),
        )
    )
    draft.save_revision(user=an_author)
    assert "Nächster Teil" not in client.get(series_url(a_blog, a_series)).content.decode()


def test_the_announcement_goes_when_the_part_goes_live(
    client, a_scheduled_part, a_blog, a_series, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    url = series_url(a_blog, a_series)
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN), tick=False):
        assert "Nächster Teil am 7. Dezember 2026" in client.get(url).content.decode()
    # The worker's publish_scheduled, a minute after the go-live time.
    with time_machine.travel(datetime.datetime(2026, 12, 7, 7, 1, tzinfo=BERLIN), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_scheduled", verbosity=0)
        html = client.get(url).content.decode()
    assert "Nächster Teil" not in html
    assert "Teil zwei" in html


def test_scheduling_a_part_refreshes_cached_pages(
    client, a_blog, a_series, an_author, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    BlogPostPageFactory(parent=a_blog, series=a_series, series_part=1, title="Teil eins")
    url = series_url(a_blog, a_series)
    assert "Nächster Teil" not in client.get(url).content.decode()
    part = a_blog.add_child(
        instance=BlogPostPage(
            title="Teil zwei",
            intro="x",
            body=[],
            series=a_series,
            series_part=2,
            live=False,
            date=datetime.date(2026, 12, 7),
        )
    )
    part.go_live_at = timezone.now() + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        part.save_revision(user=an_author).publish(user=an_author)
    assert "Nächster Teil am" in client.get(url).content.decode()


# The discussion on the dashboard

THREE_LINKS = "Siehe https://a.example https://b.example https://c.example"


@pytest.fixture
def his_post(a_blog, an_author):
    return BlogPostPageFactory(parent=a_blog, title="Die Fachmesse", owner=an_author)


@pytest.fixture
def a_discussion(his_post, an_author, a_reader):
    """On the author's post: a reader's comment, the author's answer and a reply to it, a question
    naming the author, a comment waiting for moderation and a reported one."""
    first = a_comment(his_post, text="Gute Übersicht.", user=a_reader)
    answer = a_comment(his_post, text="Danke!", user=an_author, parent=first)
    reply = a_comment(his_post, text="Und wie finde ich eine Messe?", user=a_reader, parent=answer)
    question = a_comment(his_post, text="Frage an den @Autor: gilt das auch für Online-Messen?", name="Gustav")
    waiting = a_comment(his_post, text=THREE_LINKS, name="Werber", email="werbung@example.org")
    reported = a_comment(his_post, text="Unsinn.", name="Grantler", email="grantler@example.org")
    comment_report(comment=reported, user=a_reader, reason="abuse")
    return {"reply": reply, "question": question, "waiting": waiting, "reported": reported}


def panel(html):
    start = html.index('id="author-discussion-section"')
    return html[start : html.index("</section>", start)]


def test_the_author_sees_the_discussion_on_his_pages(author_client, a_discussion, his_post):
    html = panel(author_client.get("/admin/").content.decode())
    assert "Diskussion auf Ihren Seiten" in html
    # His first visit: everything from readers counts (not his own answer, not the waiting one).
    assert "4 Kommentare bisher" in html
    assert "1 wartet auf Freischaltung" in html
    assert "1 gemeldet" in html
    assert "Und wie finde ich eine Messe?" in html
    assert "Frage an den @Autor" in html
    assert f"/kommentare/zeigen/{a_discussion['question'].pk}/" in html
    # Without the moderators' right he gets no link into their queue.
    assert "/admin/kommentare/" not in html


def test_questions_he_has_answered_leave_the_list(author_client, a_discussion, his_post, an_author):
    a_comment(his_post, text="Ja, auch online.", user=an_author, parent=a_discussion["question"])
    html = author_client.get("/admin/").content.decode()
    questions = html[html.index("Fragen an Sie") : html.index("Neueste Kommentare")]
    assert "Frage an den @Autor" not in questions
    assert "Und wie finde ich eine Messe?" in questions


def test_new_means_since_his_previous_visit(client, an_author, his_post, a_reader):
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN), tick=False):
        a_comment(his_post, text="Alt.", user=a_reader)
        log_in_with_second_factor(client, an_author)
        client.get("/admin/")
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0, tzinfo=BERLIN), tick=False):
        a_comment(his_post, text="Neu nach dem Besuch.", user=a_reader)
        # The same visit (session): the list stays as it was.
        assert "2 Kommentare bisher" in client.get("/admin/").content.decode()
        client.logout()
        log_in_with_second_factor(client, an_author)
        html = panel(client.get("/admin/").content.decode())
    assert "1 neuer Kommentar seit Ihrem letzten Besuch (30. November 2026, 09:00 Uhr)" in html
    newest = html[html.index("Neu seit Ihrem letzten Besuch") :]
    assert "Neu nach dem Besuch." in newest
    assert "Alt." not in newest


def test_comments_on_pages_of_others_are_not_his(author_client, a_blog, a_reader, his_post):
    other = BlogPostPageFactory(parent=a_blog, title="Fremd")
    a_comment(other, text="Woanders.", user=a_reader)
    html = panel(author_client.get("/admin/").content.decode())
    assert "0 Kommentare bisher" in html
    assert "Woanders." not in html


def test_a_superuser_with_the_moderators_right_gets_queue_links(admin_client, admin_user, a_blog, a_reader):
    post = BlogPostPageFactory(parent=a_blog, owner=admin_user)
    a_comment(post, text=THREE_LINKS, name="Werber", email="werbung@example.org")
    html = panel(admin_client.get("/admin/").content.decode())
    assert '<a href="/admin/kommentare/?queue=wartend">1 wartet auf Freischaltung</a>' in html


def test_moderators_see_the_queue_not_the_authors_panel(moderator_client, a_discussion):
    html = moderator_client.get("/admin/").content.decode()
    assert 'id="author-discussion-section"' not in html
    assert "Wartet auf Freischaltung: 1" in html
    assert "Gemeldet: 1" in html


def test_the_panel_costs_the_same_queries_for_3_or_30_comments(author_client, his_post, a_reader):
    def dashboard_queries():
        with CaptureQueriesContext(connection) as queries:
            assert author_client.get("/admin/").status_code == 200
        return len(queries)

    for _n in range(3):
        CommentFactory(target=his_post, comment="Frage an den Autor")
    author_client.get("/admin/")  # the visit's first request stores the visit
    few = dashboard_queries()
    for _n in range(27):
        CommentFactory(target=his_post, comment="Frage an den Autor")
    assert dashboard_queries() == few


def test_the_panels_queries_are_bounded(rf, an_author, his_post, django_assert_max_num_queries):
    for _n in range(30):
        CommentFactory(target=his_post, comment="Frage an den Autor")
    request = rf.get("/admin/")
    request.user = an_author
    request.session = {}
    # The visit (2), figures and both lists (3), their pages (1), the site (1), permissions (2).
    with django_assert_max_num_queries(9):
        context = AuthorDiscussionPanel().get_context_data({"request": request})
    assert context["new"] == 30
    assert len(context["questions"]) == 10


# The daily digest


def account_form(client, **fields):
    """The admin account settings as the browser sends them back, with `fields` changed."""
    html = client.get("/admin/account/").content.decode()
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="file"' in tag or 'type="submit"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="checkbox"' in tag or 'type="radio"' in tag:
            if "checked" in tag:
                data[name.group(1)] = value.group(1) if value else "on"
        else:
            data[name.group(1)] = value.group(1) if value else ""
    for select in re.finditer(r'<select name="([^"]+)".*?</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(0))
        data[select.group(1)] = chosen.group(1) if chosen else ""
    data.update(fields)
    return data


def test_the_author_chooses_the_digest_in_his_account(author_client, an_author):
    html = author_client.get("/admin/account/").content.decode()
    assert "Einmal täglich eine Zusammenfassung neuer Kommentare auf meinen Seiten" in html
    assert not AuthorDesk.objects.filter(user=an_author).exists()
    response = author_client.post(
        "/admin/account/", account_form(author_client, **{"discussion_digest-daily_digest": "on"})
    )
    assert response.status_code == 302
    assert AuthorDesk.objects.get(user=an_author).daily_digest


def test_readers_and_moderators_are_not_offered_the_digest(moderator_client):
    assert "Zusammenfassung neuer Kommentare" not in moderator_client.get("/admin/account/").content.decode()


@pytest.fixture
def digest_wanted(an_author):
    return AuthorDesk.objects.create(user=an_author, daily_digest=True)


def at(day, hour, minute=0):
    return time_machine.travel(datetime.datetime(2026, 12, day, hour, minute, tzinfo=BERLIN), tick=False)


def digests(mailoutbox):
    return [mail for mail in mailoutbox if "auf Ihren Seiten" in mail.subject]


def test_one_digest_a_day_from_seven_oclock(digest_wanted, his_post, a_reader, mailoutbox):
    with at(1, 6, 0):
        comment = a_comment(his_post, text="Morgens um sechs.", user=a_reader)
    with at(1, 6, 59):
        assert author_digests_send() == 0
    with at(1, 7, 1):
        assert author_digests_send() == 1
    [mail] = digests(mailoutbox)
    assert mail.to == ["autor@example.org"]
    assert mail.subject == "Ein neuer Kommentar auf Ihren Seiten"
    assert "Morgens um sechs." in mail.body
    assert f"http://testserver/kommentare/zeigen/{comment.pk}/" in mail.body
    html = mail.alternatives[0][0]
    assert f'href="http://testserver/kommentare/zeigen/{comment.pk}/"' in html
    assert "Die Fachmesse" in html


def test_two_runs_or_two_workers_send_one_mail(digest_wanted, his_post, a_reader, mailoutbox):
    with at(1, 6, 0):
        a_comment(his_post, text="Einmal.", user=a_reader)
    with at(1, 7, 5):
        author_digests_send()
    with at(1, 7, 6):
        # Another worker, after the lock has lapsed (or without the cache): the stamp stops it.
        cache.clear()
        assert author_digests_send() == 0
    with at(1, 23, 59):
        cache.clear()
        assert author_digests_send() == 0
    assert len(digests(mailoutbox)) == 1


def test_the_next_day_brings_only_what_is_new(digest_wanted, his_post, a_reader, mailoutbox):
    with at(1, 6, 0):
        a_comment(his_post, text="Erster Tag.", user=a_reader)
    with at(1, 7, 0):
        author_digests_send()
    with at(1, 20, 0):
        a_comment(his_post, text="Zweiter Tag.", user=a_reader)
    with at(2, 7, 0):
        cache.clear()
        assert author_digests_send() == 1
    second = digests(mailoutbox)[1]
    assert "Zweiter Tag." in second.body
    assert "Erster Tag." not in second.body


def test_no_new_comments_no_mail(digest_wanted, his_post, an_author, mailoutbox):
    with at(1, 6, 0):
        # His own comment is not news to him.
        a_comment(his_post, text="Mein eigener Kommentar.", user=an_author)
    with at(1, 7, 0):
        assert author_digests_send() == 0
    assert digests(mailoutbox) == []


def test_without_the_choice_no_digest(an_author, his_post, a_reader, mailoutbox):
    AuthorDesk.objects.create(user=an_author, daily_digest=False)
    with at(1, 6, 0):
        a_comment(his_post, text="Hallo.", user=a_reader)
    with at(1, 7, 0):
        assert author_digests_send() == 0
    assert digests(mailoutbox) == []


def test_every_page_type_saves_a_new_page_with_the_german_slug(a_home_page, a_format_index):
    standard = a_home_page.add_child(instance=StandardPage(title="Über uns", body="<p>Wir</p>"))
    format_page = FormatPageFactory(parent=a_format_index, title="Großes Frühstück", slug="")

    assert (standard.slug, format_page.slug) == ("ueber-uns", "grosses-fruehstueck")


def test_the_digest_is_ended_by_one_click_from_the_mail(client, digest_wanted, his_post, a_reader, mailoutbox):
    with at(1, 6, 0):
        a_comment(his_post, text="Morgens um sechs.", user=a_reader)
    with at(1, 7, 1):
        author_digests_send()
    [mail] = digests(mailoutbox)
    stop = mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert stop in mail.body

    # A link scanner's GET asks, and changes nothing; the mail client's POST ends the digest, without log-in.
    assert "Ja, abbestellen" in client.get(stop).content.decode()
    assert AuthorDesk.objects.get(pk=digest_wanted.pk).daily_digest
    assert client.post(stop, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not AuthorDesk.objects.get(pk=digest_wanted.pk).daily_digest
    assert client.post(stop.rstrip("/") + "x/").status_code == 400


def test_the_admin_dashboard_asks_no_other_host(admin_client, a_home_page):
    """Wagtail's dashboard would fetch releases.wagtail.org to offer upgrades: no request leaves our domain."""
    html = admin_client.get("/admin/").content.decode()

    # Wagtail's upgrade panel, whose script asks releases.wagtail.org for the latest version.
    assert 'data-controller="w-upgrade' not in html
