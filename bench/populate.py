"""Fills a fresh database for the benchmark: the demo site plus one format page with 1,000 ratings
and 1,000 comments in nested threads. Prints a signed-in reader's session (she rated the format,
likes two comments on its first page and follows it) and the SQL query count of every benchmarked
page: cold (nothing remembered) and, for the format page, warm (its sections from the cache)."""

import io
import random

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from django_comments.models import CommentFlag  # noqa: E402
from django_comments_xtd.models import LIKEDIT_FLAG  # noqa: E402

from accounts.models import User  # noqa: E402
from discussion.models import Comment, PageSubscription  # noqa: E402
from discussion.services.posting import comment_post  # noqa: E402
from formats.models import FormatPage, Rating  # noqa: E402

call_command("load_demo_content", stdout=io.StringIO())
page = FormatPage.objects.get(slug="barcamp")
rng = random.Random(2026)  # noqa: S311 - repeatable benchmark data, not security

readers = User.objects.bulk_create(
    User(username=f"bench{n}", email=f"bench{n}@example.org", display_name=f"Leser {n}") for n in range(1000)
)
Rating.objects.bulk_create(
    Rating(
        format_page=page,
        reader=reader,
        contacts=rng.randint(1, 5),
        information=rng.randint(1, 5),
        fun=rng.randint(1, 5),
        led_to_business=rng.choice(["", "yes", "no", "not_yet"]),
    )
    for reader in readers
)
comments = 0
while comments < 1000:
    root = comment_post(target=page, text="Meine Erfahrung mit dem Barcamp …", user=rng.choice(readers))
    reply = comment_post(target=page, text="Das sehe ich auch so.", user=rng.choice(readers), parent=root)
    comment_post(target=page, text="Danke für den Hinweis!", user=rng.choice(readers), parent=reply)
    comment_post(target=page, text="Bei mir war es anders.", user=rng.choice(readers), parent=root)
    comments += 4

# A reader's session, for the rows that bypass the page cache as every signed-in reader does.
for comment in Comment.objects.on(page).filter(level=0).order_by("submit_date", "pk")[:2]:
    CommentFlag.objects.create(comment=comment, user=readers[0], flag=LIKEDIT_FLAG)
PageSubscription.objects.create(page=page, email=readers[0].email, user=readers[0])
reader_client = Client(HTTP_HOST="127.0.0.1")
reader_client.force_login(readers[0])
print(f"SESSION {reader_client.cookies['sessionid'].value}")

# Query counts of a cold render: nothing remembered, as right after a change to the site.
settings.PAGE_CACHE_ENABLED = False
client = Client(HTTP_HOST="127.0.0.1")
for url in ["/", "/blog/", "/blog/richtig-netzwerken/", "/formate/", page.url, "/feeds/beitraege/rss/"]:
    client.get(url)  # warm per-process caches, as a running server has them
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    print(f"QUERIES {url} {len(queries)} {status}")
reader_client.get(page.url)
with CaptureQueriesContext(connection) as queries:
    status = reader_client.get(page.url).status_code
print(f"QUERIES_SIGNED_IN {page.url} {len(queries)} {status}")

# Warm: the sections every reader shares come from the cache, as in the measured run.
settings.PAGE_CACHE_ENABLED = True
guest_client = Client(HTTP_HOST="127.0.0.1")
guest_client.cookies["sessionid"] = "bench"
for kind, some_client in [("WARM_QUERIES", guest_client), ("WARM_QUERIES_SIGNED_IN", reader_client)]:
    some_client.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        status = some_client.get(page.url).status_code
    print(f"{kind} {page.url} {len(queries)} {status}")
