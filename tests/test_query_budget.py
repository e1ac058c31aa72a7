"""Every page renders cold (nothing remembered, as right after a change) within its own SQL query
budget, the count it takes today: a new query anywhere shows up here. A signed-in reader costs her
user row and two queries more than a guest (her rating; her likes, reports and follow in one)."""

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Site

import pytest
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from discussion.models import Comment, PageSubscription, Report
from discussion.selectors import SORTS, thread_page
from formats.models import FormatPage
from home.models import LegalPages, StandardPage
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    FormatIndexPageFactory,
    FormatPageFactory,
    HomePageFactory,
    RatingFactory,
    ReaderFactory,
    SeriesFactory,
    StandardPageFactory,
    a_comment,
)

pytestmark = pytest.mark.django_db

# Cold, as measured with the site below (bench/RESULTS.md has the production figures).
BUDGETS = {
    "/": 10,
    "/blog/": 7,
    "/blog/teil-2/": 8,
    "/blog/serie/richtig-netzwerken/": 8,
    "/blog/schlagwort/vertrieb/": 8,
    "/formate/": 5,
    "/formate/?sortierung=lohnt-sich": 5,
    "/formate/barcamp/": 7,
    "/formate/vergleichen/?format=barcamp&format=messe": 6,
    "/suche/?q=Barcamp": 6,
    "/impressum/": 3,
}
# The format page for a signed-in reader who rated it, likes and reported comments and follows it;
# her session comes from the database here (production reads it from Redis: one query fewer).
SIGNED_IN_BUDGET = 11


@pytest.fixture(scope="module")
def a_full_site(django_db_setup, django_db_blocker):
    """The site below, built once per module (and xdist worker) inside a transaction rolled back after
    the module's specs: each spec runs in a savepoint within (pytest-django's own transaction), so what
    one changes the next never sees. Home, blog and format index as conftest's fixtures make them."""
    with django_db_blocker.unblock(), transaction.atomic():
        home = HomePageFactory(parent=Page.get_first_root_node())
        site = Site.objects.get(is_default_site=True)
        site.root_page = home
        site.save()
        _build_full_site(home, BlogIndexPageFactory(parent=home), FormatIndexPageFactory(parent=home))
        yield
        transaction.set_rollback(True)


def _build_full_site(a_home_page, a_blog, a_format_index):
    series = SeriesFactory(title="Richtig netzwerken", slug="richtig-netzwerken")
    barcamp = FormatPageFactory(parent=a_format_index, title="Barcamp", slug="barcamp")
    messe = FormatPageFactory(parent=a_format_index, title="Messe", slug="messe")
    for part in (1, 2, 3):
        post = BlogPostPageFactory(
            parent=a_blog, title=f"Teil {part}", slug=f"teil-{part}", series=series, series_part=part
        )
        post.tags.add("Vertrieb", "Messe", f"Teil{part}")
        post.related_formats.add(barcamp, messe)
        post.save_revision().publish()
        thread = a_comment(post, text="Guter Beitrag", user=ReaderFactory())
        a_comment(post, text="Finde ich auch", parent=thread)
    for reader in ReaderFactory.create_batch(4):
        RatingFactory(format_page=barcamp, reader=reader)
        thread = a_comment(barcamp, text="Mein Barcamp", user=reader)
        a_comment(barcamp, text="Antwort", user=ReaderFactory(), parent=thread)
    StandardPageFactory(parent=a_home_page, title="Impressum", slug="impressum")


@pytest.mark.parametrize("url", BUDGETS)
def test_every_page_stays_within_the_query_budget(client, a_full_site, url):
    client.get(url)  # Wagtail's own per-process caches (site root paths) are warm on a running server
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= BUDGETS[url], "\n".join(query["sql"][:120] for query in queries.captured_queries)


def _sql_for(client, url, **cookies):
    """The SQL of one cold render of `url`, read at once: Django empties its query log when the
    next request starts, so a capture read after another request holds nothing."""
    client.get(url)  # warm Wagtail's per-process caches, as above
    for name, value in cookies.items():
        client.cookies[name] = value  # again: the warm-up's answer may have dropped it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_a_signed_in_reader_costs_her_row_and_two_queries_more_than_a_guest(client, a_full_site):
    url = "/formate/barcamp/"
    page = FormatPage.objects.get(slug="barcamp")
    reader = ReaderFactory()
    RatingFactory(format_page=page, reader=reader)
    first, second = Comment.objects.on(page).filter(level=0).order_by("pk")[:2]
    CommentFlag.objects.create(comment=first, user=reader, flag=LIKEDIT_FLAG)
    Report.objects.create(comment=second, reporter=reader, reason=Report.Reason.SPAM)
    PageSubscription.objects.create(page=page, email=reader.email, user=reader)
    # A guest past the page cache, as the reader is: her session cookie is looked up as the reader's is.
    guest = _sql_for(client, url, sessionid="no-such-session")

    client.force_login(reader)
    signed_in = _sql_for(client, url)
    html = client.get(url).content.decode()

    sql = "\n".join(query[:120] for query in signed_in)
    assert len(signed_in) <= SIGNED_IN_BUDGET, sql
    # Her user row, her rating, and her likes, reports and follow together; no permission queries
    # for Wagtail's user bar, which only staff get.
    assert len(signed_in) - len(guest) <= 3, sql
    assert "auth_permission" not in sql
    # Each mark still reaches the page.
    assert "Gefällt mir nicht mehr" in html and "bereits gemeldet" in html and "Abbestellen" in html


def test_staff_still_get_wagtails_user_bar(client, a_full_site):
    client.force_login(ReaderFactory(is_staff=True, is_superuser=True))

    assert "w-userbar" in client.get("/formate/barcamp/").content.decode()


@pytest.mark.parametrize("sort", SORTS)
def test_a_page_of_threads_with_the_commenters_badges_takes_two_queries(a_full_site, sort, django_assert_num_queries):
    """The counts, then the comments with their likes and their writers' ratings; the page's roots
    are a subquery of the second, and come in the order the sort names."""
    page = FormatPage.objects.get(slug="barcamp")
    first, second = Comment.objects.on(page).filter(level=0).order_by("pk")[:2]
    CommentFlag.objects.create(comment=second, user=ReaderFactory(), flag=LIKEDIT_FLAG)
    thread_page(target=page)  # Django's per-process content type cache, warm on a running server

    with django_assert_num_queries(2):
        section = thread_page(target=page, sort=sort, badges=page)

    roots = Comment.objects.on(page).filter(level=0, is_public=True)
    if sort == "beliebteste":
        likes = CommentFlag.objects.filter(comment=OuterRef("pk"), flag=LIKEDIT_FLAG).values("comment")
        roots = roots.annotate(like_count=Coalesce(Subquery(likes.annotate(n=Count("pk")).values("n")), 0))
    expected = roots.order_by(*SORTS[sort]).values_list("pk", flat=True)
    assert [thread.pk for thread in section.threads] == list(expected)
    assert all(thread.badge and thread.children and not thread.children[0].badge for thread in section.threads)


def test_the_main_menu_and_the_legal_links_take_one_query(rf, a_full_site, django_assert_num_queries):
    site = Site.objects.select_related("root_page").get(is_default_site=True)
    LegalPages.objects.create(site=site, imprint=StandardPage.objects.get(slug="impressum"))
    Page.objects.filter(depth=site.root_page.depth + 1).exclude(slug="impressum").update(show_in_menus=True)
    request = rf.get("/")
    request._wagtail_site = site
    Site.get_site_root_paths()  # Wagtail's per-process cache, warm on a running server

    with django_assert_num_queries(1):
        html = Template("{% load home_tags %}{% main_menu %}{% legal_links %}").render(Context({"request": request}))

    assert 'href="/impressum/"' in html and 'href="/formate/"' in html and 'href="/blog/"' in html
