"""The demo loader builds the German site from the founding text: the series, formats with reader
ratings, a living discussion and complete legal pages. Running it twice changes nothing, and the
demo readers never get mail.

Loading takes seconds, so the specs that only read the demo (or change it inside their own
transaction) share one load per class; the ones about loading itself load afresh.
"""

import datetime
import io
import zoneinfo
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils import timezone

from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, Revision, Site

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG
from django_tasks_db.models import DBTaskResult

from blog.models import BlogPostPage, Series
from discussion.models import Comment, PageSubscription, Report
from discussion.services.posting import comment_post
from formats.models import FormatPage, Rating
from formats.selectors import MIN_RATINGS_FOR_MEAN, rating_summary
from home.demo.author import AUTHOR_TOTP_SECRET
from home.demo.series import part_monday
from home.management.commands.run_worker import publish_due_pages
from home.models import HomePage, LegalPages, StandardPage
from mailing.tasks import deliver
from tests.factories import ReaderFactory
from tests.helpers import log_in_with_second_factor, totp_code_for

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
AUTHOR_PASSWORD = "ein-langes-demo-passwort"


def load_demo():
    call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture(scope="class")
def demo_site(request, django_db_setup, django_db_blocker):
    """The demo loaded once for a class of specs, inside a transaction rolled back after it.

    Each spec runs in a savepoint within (pytest-django's own transaction), so what one
    changes the next never sees. `loaded_at` is the clock the loader read: a Monday 07:00
    that passes while the specs run changes nothing they expect.
    """
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEMO_AUTHOR_PASSWORD", AUTHOR_PASSWORD)
        with transaction.atomic():
            request.cls.loaded_at = timezone.now()
            load_demo()
            yield Site.objects.get(is_default_site=True)
            transaction.set_rollback(True)


def part(number):
    return BlogPostPage.objects.get(series__slug="richtig-netzwerken", series_part=number)


def local(moment):
    return timezone.localtime(moment, BERLIN)


def demo_readers():
    return get_user_model().objects.filter(username__startswith="demo-")


def text_of(response):
    return response.content.decode()


@pytest.mark.usefixtures("demo_site")
class TestTheSite:
    def test_loader_replaces_the_welcome_page_with_our_home_page(self, demo_site):
        assert isinstance(demo_site.root_page.specific, HomePage)
        assert not Page.objects.filter(depth=2).exclude(pk=demo_site.root_page.pk).exists()
        assert Site.objects.count() == 1

    def test_founding_post_is_part_one_of_the_series(self):
        post = BlogPostPage.objects.get(slug="richtig-netzwerken")

        assert post.live
        assert post.title == "Richtig Netzwerken?"
        assert post.series == Series.objects.get(slug="richtig-netzwerken")
        assert post.series_part == 1
        assert post.intro.startswith("Netzwerken ist seit vielen Jahren ein relevanter Vertriebskanal")
        questions = next(block.value for block in post.body if block.block_type == "list")
        assert list(questions["items"]) == [
            "Habe ich für mein Geschäft spannende Kontakte generieren können?",
            "Habe ich durch die Veranstaltung für mich relevante Informationen gewinnen können?",
            "Hatte ich Spaß?",
        ]
        assert any(block.block_type == "heading" and block.value["text"] == "Fazit" for block in post.body)

    def test_at_least_eight_formats_with_facts_and_verdicts(self):
        formats = FormatPage.objects.live()

        assert formats.count() >= 8
        titles = set(formats.values_list("title", flat=True))
        assert {"Unternehmerfrühstück", "Business-Speed-Dating", "Barcamp", "Serviceclub"} <= titles
        for page in formats:
            assert page.typical_cost and page.duration and page.group_size and page.region
            assert all(1 <= score <= 5 for _, score in page.verdict_scores)
            assert len(page.verdict_text) > 50

    # The series

    def test_seven_parts_came_out_on_consecutive_mondays_the_newest_on_the_last_one(self):
        now = self.loaded_at
        live = [part(n) for n in range(1, 8)]

        assert all(post.live for post in live)
        for post in live:
            published = local(post.first_published_at)
            assert published.weekday() == 0 and published.time() == datetime.time(7, 0)
            assert post.date == published.date()
        assert [post.date for post in live] == [live[0].date + datetime.timedelta(weeks=n) for n in range(7)]
        # The newest part is the last Monday 07:00 that has passed: the next is still to come.
        assert live[-1].first_published_at <= now < live[-1].first_published_at + datetime.timedelta(weeks=1)

    def test_two_parts_wait_for_the_coming_mondays_at_seven_in_berlin(self):
        now = self.loaded_at
        newest_live = local(part(7).first_published_at)

        for number, weeks in ((8, 1), (9, 2)):
            post = part(number)
            revision = Revision.objects.get(object_id=str(post.pk), approved_go_live_at__isnull=False)
            go_live = local(revision.approved_go_live_at)
            assert not post.live and post.first_published_at is None
            assert go_live > now
            assert go_live.weekday() == 0 and go_live.time() == datetime.time(7, 0)
            assert go_live.date() == newest_live.date() + datetime.timedelta(weeks=weeks)
            assert post.date == go_live.date()

    def test_each_part_presents_a_format_in_several_paragraphs_with_tags(self):
        for number in range(2, 10):
            post = part(number)
            paragraphs = [block for block in post.body if block.block_type == "paragraph"]
            assert len(paragraphs) >= 4, post.title
            assert sum(len(block.value.source) for block in paragraphs) > 1200, post.title
            assert post.related_formats.exists(), post.title
            assert post.tags.count() >= 2, post.title
            assert any(block.block_type == "list" for block in post.body), "his three questions, answered"

    def test_the_worker_publishes_part_eight_once_monday_seven_has_passed(self):
        go_live = Revision.objects.get(object_id=str(part(8).pk), approved_go_live_at__isnull=False)
        go_live = go_live.approved_go_live_at

        with time_machine.travel(go_live - datetime.timedelta(minutes=1), tick=False):
            assert publish_due_pages(lock_seconds=1)
            assert not part(8).live

        with time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=False):
            assert publish_due_pages(lock_seconds=1)

        assert part(8).live
        assert part(8).first_published_at == go_live + datetime.timedelta(minutes=1)
        assert not part(9).live

    # Ratings

    def test_six_formats_have_five_or_more_ratings_and_some_too_few_for_a_mean(self):
        counts = dict(FormatPage.objects.annotate(n=Count("ratings")).values_list("slug", "n"))

        assert len([slug for slug, n in counts.items() if n >= 5]) >= 6
        assert len([slug for slug, n in counts.items() if 0 < n < MIN_RATINGS_FOR_MEAN]) >= 2

    def test_each_well_rated_format_has_its_own_profile_with_facts(self):
        rated = FormatPage.objects.annotate(n=Count("ratings")).filter(n__gte=5)
        summaries = {page.slug: rating_summary(format_page=page) for page in rated}

        profiles = {slug: tuple(round(q.mean, 1) for q in s.questions) for slug, s in summaries.items()}
        assert len(set(profiles.values())) == len(profiles)
        best = {key: max(profiles, key=lambda slug, i=i: profiles[slug][i]) for i, key in enumerate("KIS")}
        assert len(set(best.values())) == 3, "contacts, information and fun each have another leader"
        for summary in summaries.values():
            assert sum(count > 0 for _, count, _ in summary.questions[0].distribution) >= 2, "scores spread"
            assert summary.business.of and summary.second_degree.of
        assert {"1", "2-5", "5+"} <= set(Rating.objects.values_list("attendance", flat=True))

    def test_ratings_are_dated_between_the_launch_and_now(self):
        launch = part(1).first_published_at
        span = Rating.objects.aggregate(first=Min("created_at"), last=Max("created_at"))

        assert launch < span["first"] and span["last"] <= timezone.now()
        assert span["last"] - span["first"] > datetime.timedelta(weeks=3)

    # Discussion

    def test_thirty_comments_in_threads_three_levels_deep_with_likes(self):
        comments = Comment.objects.all()

        assert comments.count() >= 30
        assert comments.filter(level=2, is_public=True).count() >= 5
        pages = set(comments.values_list("content_type__model", flat=True))
        assert pages == {"blogpostpage", "formatpage"}
        likes = CommentFlag.objects.filter(flag=LIKEDIT_FLAG)
        assert likes.count() >= 50
        assert likes.values("comment").distinct().count() >= 20

    def test_comments_come_after_their_page_and_their_parent_and_spread_over_weeks(self):
        now = timezone.now()
        comments = list(Comment.objects.all())
        published = dict(Page.objects.values_list("pk", "first_published_at"))
        by_pk = {comment.pk: comment for comment in comments}

        for comment in comments:
            assert published[int(comment.object_pk)] < comment.submit_date <= now
            if comment.level:
                assert by_pk[comment.parent_id].submit_date < comment.submit_date
        dates = [comment.submit_date for comment in comments]
        assert max(dates) - min(dates) > datetime.timedelta(weeks=3)

    def test_the_author_answers_with_his_badge_and_readers_show_their_ratings(self, client):
        author = get_user_model().objects.get(username="autor")
        replies = Comment.objects.filter(user=author, level__gt=0)
        assert replies.count() >= 5

        post = Page.objects.get(pk=replies.filter(content_type__model="blogpostpage").first().object_pk)
        assert 'class="badge badge--author"' in text_of(client.get(post.url))

        barcamp = FormatPage.objects.get(slug="barcamp")
        commenters = Comment.objects.filter(content_type__model="formatpage", object_pk=str(barcamp.pk)).values("user")
        ratings = Rating.objects.filter(format_page=barcamp, reader__in=commenters)
        html = text_of(client.get(barcamp.url))
        assert ratings.exists()
        for rating in ratings:
            assert f"K{rating.contacts} · I{rating.information} · S{rating.fun}" in html

    def test_the_author_can_open_every_demo_page_in_the_editor(self, client):
        log_in_with_second_factor(client, get_user_model().objects.get(username="autor"))

        for page in Page.objects.filter(depth__gt=1):
            assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200, page.url_path

    def test_the_moderators_find_one_comment_waiting_and_one_reported(self, client):
        held = Comment.objects.get(held_for_moderation=True)
        reported = Report.objects.select_related("comment").get().comment
        assert not held.is_public and reported.is_public

        log_in_with_second_factor(client, get_user_model().objects.get(username="autor"))
        waiting = text_of(client.get(reverse("discussion_moderation")))
        assert held.comment[:40] in waiting
        flagged = text_of(client.get(reverse("discussion_moderation") + "?queue=gemeldet"))
        assert reported.comment[:40] in flagged

    # Readers and mail

    def test_forty_demo_readers_at_example_org_who_cannot_sign_in(self, client):
        readers = list(demo_readers())

        assert len(readers) >= 40
        for reader in readers:
            assert reader.email.endswith("@example.org")
            assert reader.display_name
            assert not reader.has_usable_password()
        assert not client.login(username=readers[0].username, password="")

    def test_demo_readers_follow_nothing_and_have_no_verified_address(self):
        readers = demo_readers()

        assert not PageSubscription.objects.filter(user__in=readers).exists()
        assert not Comment.objects.filter(user__in=readers, followup=True).exists()
        assert not EmailAddress.objects.filter(user__in=readers).exists()

    # Pages

    def test_home_post_and_format_pages_show_the_figures(self, client):
        home = client.get("/")
        assert home.status_code == 200
        assert len(home.context["formats"]) >= 3, "Am besten bewertete Formate: only formats with a mean"
        assert len(home.context["latest_comments"]) == 5

        barcamp = client.get(FormatPage.objects.get(slug="barcamp").url)
        assert barcamp.status_code == 200
        html = text_of(barcamp)
        assert "11 Bewertungen" in html and "Gesamt:" in html and "Lohnt sich" in html

        thin = client.get(FormatPage.objects.get(slug="business-club").url)
        assert thin.status_code == 200
        assert "noch zu wenige Bewertungen für einen Durchschnitt" in text_of(thin)

        post = client.get(part(7).url)
        assert post.status_code == 200
        assert "Teil 7 von 7" in text_of(post)
        assert "Autor" in text_of(post)

    def test_sorting_the_formats_by_a_question_changes_their_order(self, client):
        def order(sort):
            return [page.slug for page in client.get(f"/formate/?sortierung={sort}").context["formats"]]

        assert len({tuple(order(sort)) for sort in ("kontakte", "informationen", "spass")}) == 3

    def test_legal_pages_are_complete_texts_linked_from_every_footer(self, client, demo_site):
        legal = LegalPages.for_site(demo_site)
        assert {legal.imprint.slug, legal.privacy.slug} == {"impressum", "datenschutz"}
        for page in StandardPage.objects.all():
            assert "Platzhalter" not in page.body and "[" not in page.body
        imprint, privacy = legal.imprint.specific.body, legal.privacy.specific.body
        for required in ("§ 5 DDG", "§ 18 Abs. 2 MStV", "Musterstraße 1", "12345 Musterstadt", "@example.org"):
            assert required in imprint
        for required in ("Verantwortlich", "Server", "Cookies", "csrftoken", "Double-Opt-in", "Bewertungen"):
            assert required in privacy
        for article in ("Art. 15", "Art. 16", "Art. 17", "Art. 18", "Art. 20", "Art. 21", "Art. 77"):
            assert article in privacy
        assert "Aufsichtsbehörde" in privacy and "Gravatar" in privacy

        for page in Page.objects.live().specific():
            if page.depth < 2:
                continue
            html = client.get(page.url).content.decode()
            assert f'href="{legal.imprint.url}"' in html and f'href="{legal.privacy.url}"' in html

    def test_about_page_tells_the_authors_method(self):
        about = StandardPage.objects.get(slug="ueber-mich").body

        assert "Andreas Pieters" in about and "Berater" in about
        assert "Hälfte meiner Aufträge" in about
        assert "Habe ich für mein Geschäft spannende Kontakte generieren können?" in about
        assert "zweiten oder dritten Instanz" in about and "jeden Montag" in about

    def test_author_can_log_in_to_the_admin(self, client):
        author = get_user_model().objects.get(username="autor")

        # With his address and password, then the code of an app set up with the published demo secret.
        response = client.post(
            "/konto/login/", {"login": "autor@example.org", "password": AUTHOR_PASSWORD, "next": "/admin/"}
        )
        assert response.url == "/konto/2fa/authenticate/"
        assert client.post(response.url, {"code": totp_code_for(AUTHOR_TOTP_SECRET)}).url == "/admin/"
        assert client.get("/admin/").status_code == 200
        assert author.get_full_name() == "Andreas Pieters"

    # Loading again

    def test_running_the_loader_twice_changes_nothing(self):
        def snapshot():
            return {
                "pages": list(
                    Page.objects.order_by("path").values_list("path", "title", "live", "latest_revision_id")
                ),
                "revisions": Revision.objects.count(),
                "log_entries": PageLogEntry.objects.count(),
                "series": Series.objects.count(),
                "tags": Tag.objects.count(),
                "users": get_user_model().objects.count(),
                "sites": list(Site.objects.values_list("hostname", "port", "root_page_id")),
                "ratings": list(Rating.objects.order_by("pk").values_list("pk", "contacts", "updated_at")),
                "comments": list(
                    Comment.objects.order_by("pk").values_list("pk", "submit_date", "order", "is_public")
                ),
                "likes": CommentFlag.objects.filter(flag=LIKEDIT_FLAG).count(),
                "flags": CommentFlag.objects.count(),
                "reports": Report.objects.count(),
            }

        before = snapshot()
        load_demo()

        assert snapshot() == before

    def test_a_legal_page_still_showing_the_old_placeholder_gets_the_new_text_and_no_other(self):
        author = get_user_model().objects.get(username="autor")
        old_imprint = (
            "<p><b>Platzhalter – dieser Text ist ein Muster und muss vor dem Livegang durch die echten, "
            "rechtlich geprüften Angaben ersetzt werden.</b></p><h2>Angaben gemäß § 5 DDG</h2><p>[Vorname Nachname]</p>"
        )
        edited_about = "<p>Mein eigener Text über mich.</p>"
        for slug, body in (("impressum", old_imprint), ("ueber-mich", edited_about)):
            page = StandardPage.objects.get(slug=slug)
            page.body = body
            page.save_revision(user=author).publish(user=author)
        revisions = Revision.objects.count()

        load_demo()

        imprint = StandardPage.objects.get(slug="impressum")
        assert imprint.live and "Platzhalter" not in imprint.body and "Musterstraße 1" in imprint.body
        assert imprint.live_revision == imprint.latest_revision
        assert StandardPage.objects.get(slug="ueber-mich").body == edited_about
        assert Revision.objects.count() == revisions + 1

    # Privacy

    def test_no_page_loads_anything_from_another_host(self, client, settings):
        settings.ALLOWED_HOSTS = ["127.0.0.1"]
        own_host = "127.0.0.1:8000"
        urls = [page.url for page in Page.objects.live().specific() if page.depth >= 2]
        urls += ["/gibt-es-nicht/", "/konto/login/"]

        fetched = []
        for url in urls:
            collector = _ResourceCollector()
            collector.feed(client.get(url, headers={"host": own_host}).content.decode())
            fetched += collector.urls

        assert fetched, "the pages load at least their stylesheet"
        foreign = [url for url in fetched if urlsplit(url).netloc not in ("", own_host) or url.startswith("//")]
        assert foreign == []


def test_loading_the_demo_queues_and_sends_no_mail_and_replies_mail_no_demo_reader(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    # The queue as in production: every mail would be a row here first.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    with django_capture_on_commit_callbacks(execute=True):
        load_demo()

    assert mailoutbox == []
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued, "Wagtail's own work went through this queue"
    assert not {path for path in queued if path.split(".")[0] in ("mailing", "discussion", "accounts")}

    # The site at work: a reader answers a demo reader; nobody follows that thread.
    root = Comment.objects.filter(user__in=demo_readers(), level=0, is_public=True).first()
    comment_post(target=root.content_object, text="Sehe ich genauso.", user=ReaderFactory(), parent=root)
    queued = DBTaskResult.objects.filter(task_path=deliver.module_path)
    addresses = set(demo_readers().values_list("email", flat=True))
    assert not [row for row in queued if set(row.args_kwargs["args"][0]["to"]) & addresses]


@pytest.mark.parametrize(
    ("now", "newest_part", "next_part"),
    [
        # Sunday night: last Monday's part is the newest, tomorrow's comes at seven.
        (datetime.datetime(2026, 11, 29, 23, 0), "2026-11-23 07:00+01:00", "2026-11-30 07:00+01:00"),
        (datetime.datetime(2026, 11, 30, 6, 59), "2026-11-23 07:00+01:00", "2026-11-30 07:00+01:00"),
        (datetime.datetime(2026, 11, 30, 7, 0), "2026-11-30 07:00+01:00", "2026-12-07 07:00+01:00"),
        # Across the change to summer time (28 March 2027) the parts stay at seven o'clock.
        (datetime.datetime(2027, 3, 31, 12, 0), "2027-03-29 07:00+02:00", "2027-04-05 07:00+02:00"),
    ],
)
def test_parts_come_out_on_mondays_at_seven_berlin_time_whatever_the_day(now, newest_part, next_part):
    now = now.replace(tzinfo=BERLIN)

    assert part_monday(7, now=now) == datetime.datetime.fromisoformat(newest_part)
    assert part_monday(8, now=now) == datetime.datetime.fromisoformat(next_part)
    assert part_monday(6, now=now) == local(part_monday(7, now=now)) - datetime.timedelta(weeks=1)
    assert local(part_monday(1, now=now)).time() == datetime.time(7, 0)


class _ResourceCollector(HTMLParser):
    """Collects every URL a browser would fetch on its own: scripts, styles, fonts, images, frames."""

    FETCHED = {
        "script": ("src",),
        "img": ("src", "srcset"),
        "source": ("src", "srcset"),
        "iframe": ("src",),
        "video": ("src", "poster"),
        "audio": ("src",),
        "embed": ("src",),
        "object": ("data",),
        "input": ("src",),
    }

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower()
            if any(word in rel for word in ("stylesheet", "icon", "preload", "prefetch", "preconnect", "manifest")):
                self.urls.append(attrs["href"])
        for name in self.FETCHED.get(tag, ()):
            for value in (attrs.get(name) or "").split(","):
                if value.strip():
                    self.urls.append(value.strip().split()[0])


def test_stylesheet_loads_no_fonts_or_images_from_other_hosts():
    css = (Path(__file__).resolve().parent.parent / "static" / "css" / "site.css").read_text()

    assert "@import" not in css
    assert "url(" not in css or all("//" not in part.split(")")[0] for part in css.split("url(")[1:])
    assert "@font-face" not in css
