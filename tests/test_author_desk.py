"""The author's desk in the Wagtail admin: the German roles, German slugs, a new post's defaults, the
next scheduled part for readers, the discussion on the dashboard and the daily digest."""

import datetime
import json
import re
from importlib import import_module
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from wagtail.models import Page, Workflow
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest
import time_machine

from blog.models import BlogPostPage
from blog.selectors import next_scheduled_part
from core.slugs import german_slugify, unicode_slugify
from home.demo.formats import FORMATS
from home.demo.series import PARTS, part_text, post_blocks
from tests.factories import BlogPostPageFactory, ReaderFactory, SeriesFactory

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
    client.force_login(an_author)
    return client


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


def test_a_draft_with_a_date_but_not_scheduled_is_not_announced(a_blog, a_series, an_author):
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
    assert next_scheduled_part(series=a_series) is None


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
