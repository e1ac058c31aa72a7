"""New posts by email: a double opt-in that tells nobody who subscribed, and each new post exactly once
to every confirmed address — by the author's click or by the worker's scheduled publishing."""

import datetime
import io
import json
import re

from django.core import mail
from django.core.files.images import ImageFile
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.images.models import Image
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import PIL.Image
import pytest
import time_machine

from accounts.models import User
from blog.models import BlogPostPage
from home.demo.newsletter import ensure_subscribers as demo_subscribers
from home.management.commands.run_worker import publish_due_pages
from newsletter import mail as newsletter_mail
from newsletter import services, tasks
from newsletter.models import Delivery, Dispatch, Subscriber
from tests.factories import READER_PASSWORD, BlogPostPageFactory
from tests.helpers import DATABASE_QUEUE, run_due_tasks

pytestmark = pytest.mark.django_db

CONFIRMED = ["clara@example.org", "conrad@example.org"]


def subscriber(email, status=Subscriber.Status.CONFIRMED, *, at=None):
    at = at or timezone.now() - datetime.timedelta(days=1)
    return Subscriber.objects.create(
        email=email,
        status=status,
        requested_at=at,
        confirmed_at=at if status == Subscriber.Status.CONFIRMED else None,
        unsubscribed_at=at if status == Subscriber.Status.UNSUBSCRIBED else None,
    )


@pytest.fixture
def subscribers(db):
    """Two confirmed readers, one who never confirmed, one who left."""
    confirmed = [subscriber(email) for email in CONFIRMED]
    subscriber("paula@example.org", Subscriber.Status.PENDING)
    subscriber("uwe@example.org", Subscriber.Status.UNSUBSCRIBED)
    return confirmed


def sign_up(client, email, **extra):
    return client.post("/neue-beitraege/", {"email": email}, **extra)


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def post_mails():
    return [message for message in mail.outbox if message.extra_headers.get("List-Unsubscribe")]


def link_in(message, path):
    return re.search(rf"http://testserver({path}[^\s]+)", message.body).group(1)


def publish_by_click(client, blog, title="Das Unternehmerfrühstück", slug="unternehmerfruehstueck"):
    """What the author does: a new post in the admin, „Veröffentlichen“ clicked."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2026-11-30",
            "intro": "Teil 2 der Serie.",
            "body": streamfield(
                [
                    ("heading", {"text": "Wie es abläuft", "level": "h2"}),
                    ("paragraph", rich_text('<p>Um 7:00 Uhr geht es <a href="https://example.com/x">los</a>.</p>')),
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = client.post(f"/admin/pages/add/blog/blogpostpage/{blog.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return BlogPostPage.objects.get(slug=slug)


# Sign-up


def test_the_sign_up_answers_alike_for_new_pending_confirmed_and_unsubscribed_addresses(client, a_home_page):
    subscriber("clara@example.org")
    subscriber("paula@example.org", Subscriber.Status.PENDING)
    subscriber("uwe@example.org", Subscriber.Status.UNSUBSCRIBED)
    answers, queries = {}, {}
    with override_settings(TASKS=DATABASE_QUEUE):
        sign_up(client, "erste@example.org")  # the first request of a process warms its caches
        for email in ["neu@example.org", "paula@example.org", "clara@example.org", "uwe@example.org"]:
            with CaptureQueriesContext(connection) as captured:
                response = sign_up(client, email)
            answers[email] = (response.status_code, without_tokens(response.content.decode()))
            queries[email] = len(captured)

    assert len(set(answers.values())) == 1
    status, html = answers["neu@example.org"]
    assert status == 200
    assert "Bitte prüfen Sie Ihr Postfach." in html
    # The same work in the request for every address: its time tells nothing either.
    assert len(set(queries.values())) == 1, queries

    run_due_tasks()  # the worker: a link to the new, the pending and the returning address; nothing to the confirmed
    assert sorted(message.to[0] for message in mail.outbox) == [
        "erste@example.org",
        "neu@example.org",
        "paula@example.org",
        "uwe@example.org",
    ]
    assert Subscriber.objects.get(email="clara@example.org").status == Subscriber.Status.CONFIRMED
    assert Subscriber.objects.get(email="uwe@example.org").status == Subscriber.Status.PENDING


def test_the_confirmation_mail_holds_only_the_link(client, a_home_page):
    sign_up(client, "neu@example.org", REMOTE_ADDR="203.0.113.7")

    (message,) = mail.outbox
    assert message.subject == "Bitte bestätigen Sie Ihre Anmeldung"
    assert re.findall(r"https?://\S+", message.body) == [
        f"http://testserver{link_in(message, '/neue-beitraege/bestaetigen/')}",
        "http://testserver/impressum/",
        "http://testserver/datenschutz/",
    ]
    pending = Subscriber.objects.get(email="neu@example.org")
    assert (pending.status, pending.ip_address, pending.wording_version) == ("pending", "203.0.113.7", "2026-11")


def test_a_wrong_address_gets_a_german_error_and_changes_nothing(client, a_home_page):
    response = sign_up(client, "keine-adresse")

    assert response.status_code == 400
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an." in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


@pytest.mark.usefixtures("a_fresh_rate_window")
def test_sign_ups_are_limited_per_address_and_per_client(client, a_home_page):
    for _ in range(3):
        assert sign_up(client, "ziel@example.org").status_code == 200
    refused = sign_up(client, "ziel@example.org", REMOTE_ADDR="198.51.100.1")  # another client, the same address
    assert refused.status_code == 429
    assert "Bitte versuchen Sie es in" in refused.content.decode()
    assert len(mail.outbox) == 3

    for number in range(7):
        sign_up(client, f"adresse{number}@example.org")
    assert sign_up(client, "noch-eine@example.org").status_code == 429  # the 11th from this client within the hour


def test_the_form_is_in_every_footer_and_on_the_blog_with_the_promise_and_the_privacy_link(client, a_post, a_blog):
    home = client.get("/").content.decode()
    assert home.count('action="/neue-beitraege/"') == 1
    assert "Sie erhalten jeden neuen Teil der Serie, sonst nichts." in home
    assert 'href="/datenschutz/"' in home
    assert client.get(a_blog.url).content.decode().count('action="/neue-beitraege/"') == 2
    assert 'action="/neue-beitraege/"' in client.get(a_post.url).content.decode()


@override_settings(PAGE_CACHE_ENABLED=True)
def test_a_cached_page_gives_each_visitor_a_form_that_works_for_them(a_post):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(a_post.url)
    html = second.get(a_post.url).content.decode()  # from the cache
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = second.post("/neue-beitraege/", {"email": "neu@example.org", "csrfmiddlewaretoken": token})

    assert response.status_code == 200
    assert Subscriber.objects.filter(email="neu@example.org").exists()


# Double opt-in


def test_the_link_only_asks_on_get_and_confirms_on_post(client, a_home_page):
    sign_up(client, "neu@example.org", REMOTE_ADDR="203.0.113.7")
    link = link_in(mail.outbox[0], "/neue-beitraege/bestaetigen/")

    asked = client.get(link)
    assert asked.status_code == 200
    assert "Ja, Anmeldung bestätigen" in asked.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    confirmed = client.post(link, REMOTE_ADDR="198.51.100.9")
    assert "Ihre Anmeldung ist bestätigt" in confirmed.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert subscriber.ip_address == "198.51.100.9"

    # Signing up again asks for nothing new, with the same answer, and sends nothing.
    assert "Bitte prüfen Sie Ihr Postfach." in sign_up(client, "NEU@example.org").content.decode()
    assert len(mail.outbox) == 1


def test_a_confirmation_link_expires_after_seven_days(client, a_home_page):
    sign_up(client, "neu@example.org")
    link = link_in(mail.outbox[0], "/neue-beitraege/bestaetigen/")

    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        assert client.get(link).status_code == 400
        expired = client.post(link)

    assert expired.status_code == 400
    assert "ungültig oder abgelaufen" in expired.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_an_altered_link_confirms_nothing(client, a_home_page):
    sign_up(client, "neu@example.org")
    link = link_in(mail.outbox[0], "/neue-beitraege/bestaetigen/")

    assert client.post(link[:-3] + "xx/").status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_unconfirmed_sign_ups_go_after_seven_days_and_ip_addresses_after_thirty(a_home_page):
    now = timezone.now()
    subscriber("paula@example.org", Subscriber.Status.PENDING, at=now)
    kept = Subscriber.objects.create(
        email="clara@example.org", status="confirmed", requested_at=now, confirmed_at=now, ip_address="203.0.113.7",
        ip_recorded_at=now,
    )  # fmt: skip

    with time_machine.travel(now + datetime.timedelta(days=6)):
        assert services.subscribers_purge_pending() == 0
    with time_machine.travel(now + datetime.timedelta(days=7, minutes=1)):
        assert services.subscribers_purge_pending() == 1
        assert services.subscribers_forget_ip_addresses() == 0
    with time_machine.travel(now + datetime.timedelta(days=30, minutes=1)):
        assert services.subscribers_forget_ip_addresses() == 1

    assert list(Subscriber.objects.values_list("email", "ip_address")) == [("clara@example.org", None)]
    kept.refresh_from_db()
    assert kept.confirmed_at == now  # the consent itself stays as proof


# Sending


def test_a_post_published_by_the_authors_click_goes_once_to_each_confirmed_address(
    admin_client, a_blog, subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = publish_by_click(admin_client, a_blog)

    dispatch = Dispatch.objects.get(page=post)
    assert dispatch.total == 2
    assert set(dispatch.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert sorted(message.to[0] for message in post_mails()) == CONFIRMED

    # Publishing the edited post again sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        post.title = "Das Unternehmerfrühstück (ergänzt)"
        post.save_revision().publish()
    assert len(post_mails()) == 2
    assert Delivery.objects.count() == 2


def test_the_mail_holds_the_whole_post_with_full_links_no_tracking_and_a_one_click_unsubscribe(
    admin_client, a_blog, subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_by_click(admin_client, a_blog)

    message = post_mails()[0]
    html = message.alternatives[0][0]
    assert message.subject == "Das Unternehmerfrühstück"
    for part in (message.body, html):
        assert "Wie es abläuft" in part and "Um 7:00 Uhr geht es" in part
        assert "http://testserver/impressum/" in part
    assert "los <https://example.com/x>" in message.body
    assert 'href="https://example.com/x"' in html  # straight to the target: no redirect that counts clicks
    assert 'href="http://testserver/blog/unternehmerfruehstueck/"' in html
    assert "<img" not in html  # no pixel
    assert not re.search(r'(?:href|src)="/', html)
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body and unsubscribe in html
    assert message.to[0] not in unsubscribe


def test_a_scheduled_post_goes_out_when_the_worker_publishes_it(
    a_blog, subscribers, django_capture_on_commit_callbacks
):
    monday_7am = timezone.now() + datetime.timedelta(days=3)
    post = BlogPostPageFactory(parent=a_blog, title="Teil 3", live=False)
    post.go_live_at = monday_7am
    post.save_revision().publish()
    assert not Dispatch.objects.exists()

    with time_machine.travel(monday_7am + datetime.timedelta(minutes=1)):
        with django_capture_on_commit_callbacks(execute=True):
            assert publish_due_pages(lock_seconds=5)
        with django_capture_on_commit_callbacks(execute=True):
            publish_due_pages(lock_seconds=0)  # the next run finds nothing due

    assert BlogPostPage.objects.get(pk=post.pk).live
    assert Delivery.objects.filter(dispatch__page=post).count() == 2
    assert sorted(message.to[0] for message in post_mails()) == CONFIRMED


def test_a_private_post_is_never_sent(a_blog, subscribers, django_capture_on_commit_callbacks):
    post = BlogPostPageFactory(parent=a_blog, title="Nur für Mitglieder", live=False)
    PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)

    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()

    assert not Dispatch.objects.exists()
    assert post_mails() == []


def test_an_address_that_unsubscribed_meanwhile_gets_nothing(a_post, subscribers):
    with override_settings(TASKS=DATABASE_QUEUE):
        tasks.dispatch_post.call(a_post.pk)  # the deliveries exist; their batch waits in the queue
        assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == 2
        url = newsletter_mail.unsubscribe_url(subscribers[0]).removeprefix("http://testserver")
        Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
        run_due_tasks()

    assert [message.to[0] for message in post_mails()] == [CONFIRMED[1]]
    assert Delivery.objects.get(subscriber=subscribers[0]).status == Delivery.Status.SKIPPED


def test_one_click_unsubscribe_by_post_without_a_csrf_token(
    admin_client, a_blog, subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_by_click(admin_client, a_blog)
    url = post_mails()[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    mail_client = Client(enforce_csrf_checks=True)

    assert mail_client.get(url).status_code == 200
    assert Subscriber.objects.filter(status="confirmed").count() == 2  # a GET (a link scanner) changes nothing
    response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert response.content.decode() == "Abgemeldet."
    assert Subscriber.objects.get(email=post_mails()[0].to[0]).status == Subscriber.Status.UNSUBSCRIBED
    assert mail_client.post(url[:-4] + "abc/").status_code == 400


def test_two_workers_claim_disjoint_batches_and_a_dead_ones_rows_return_after_the_lease(a_post, subscribers):
    dispatch = Dispatch.objects.create(page=a_post, total=2)
    for subscriber_row in subscribers:
        Delivery.objects.create(dispatch=dispatch, subscriber=subscriber_row)

    _first, taken = tasks.deliveries_claim(dispatch.pk, limit=1)
    _second, also_taken = tasks.deliveries_claim(dispatch.pk, limit=5)
    _third, nothing = tasks.deliveries_claim(dispatch.pk, limit=5)

    assert len(taken) == len(also_taken) == 1
    assert taken[0].pk != also_taken[0].pk
    assert nothing == []
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        _after, again = tasks.deliveries_claim(dispatch.pk, limit=5)
    assert len(again) == 2  # both holders died: after the lease the rows are free again


# Author and admins


def test_the_author_previews_the_mail_and_sends_herself_a_test(admin_client, a_post, subscribers):
    edit = admin_client.get(f"/admin/pages/{a_post.pk}/edit/").content.decode()
    assert "Testmail an mich" in edit and "Mail-Vorschau" in edit

    preview = admin_client.get(f"/admin/neue-beitraege/{a_post.pk}/vorschau/")
    assert preview.status_code == 200
    assert "Der Stammtisch" in preview.content.decode()
    assert admin_client.get(f"/admin/neue-beitraege/{a_post.pk}/testmail/").status_code == 200
    admin_client.post(f"/admin/neue-beitraege/{a_post.pk}/testmail/")

    (message,) = mail.outbox
    assert message.to == [User.objects.get(username="admin").email]
    assert message.subject == "Der Stammtisch"
    assert not Dispatch.objects.exists()


def test_the_dashboard_shows_the_subscribers_and_the_last_dispatch(admin_client, a_post, subscribers):
    dispatch = Dispatch.objects.create(page=a_post, total=2)
    Delivery.objects.create(dispatch=dispatch, subscriber=subscribers[0], status=Delivery.Status.SENT)
    Delivery.objects.create(dispatch=dispatch, subscriber=subscribers[1])

    html = " ".join(admin_client.get("/admin/").content.decode().split())

    assert "2 Abonnenten per E-Mail" in html
    assert "„Der Stammtisch“: 1 von 2 versandt" in html


def test_a_post_that_went_to_nobody_says_so_on_the_dashboard(admin_client, a_post):
    Dispatch.objects.create(page=a_post, total=0)

    html = " ".join(admin_client.get("/admin/").content.decode().split())

    assert "„Der Stammtisch“: an niemanden versandt, es gab noch keine Abonnenten" in html


def test_the_subscribers_list_is_for_admins_and_not_for_moderators(admin_client, moderator_client, subscribers):
    # Wagtail's admin answers a refusal with its redirect and message rather than a bare 403 page.
    refused = moderator_client.get("/admin/abonnenten/", follow=True)
    assert refused.redirect_chain[0][1] in (302, 403)
    assert "clara@example.org" not in refused.content.decode()
    assert moderator_client.get(f"/admin/abonnenten/inspect/{subscribers[0].pk}/").status_code in (302, 403)
    listing = admin_client.get("/admin/abonnenten/")
    assert listing.status_code == 200
    assert "clara@example.org" in listing.content.decode()
    assert admin_client.get(f"/admin/abonnenten/edit/{subscribers[0].pk}/").status_code in (302, 403)


# Privacy


def test_her_subscription_is_in_her_export_and_goes_with_her_account(client, a_reader, a_home_page):
    subscriber("Anna@Example.org")
    client.force_login(a_reader)

    exported = json.loads(client.get("/konto/daten/").content)["neue_beiträge_per_e_mail"]
    assert [(row["adresse"], row["status"]) for row in exported] == [("Anna@Example.org", "bestätigt")]
    assert exported[0]["einwilligungstext"] == "Sie erhalten jeden neuen Teil der Serie, sonst nichts."

    client.post("/konto/loeschen/", {"password": READER_PASSWORD})
    assert not Subscriber.objects.exists()


def test_a_sign_up_costs_the_request_a_few_queries_whatever_the_address(
    client, a_home_page, django_assert_max_num_queries
):
    subscriber("clara@example.org")
    with override_settings(TASKS=DATABASE_QUEUE):
        sign_up(client, "erste@example.org")
        with django_assert_max_num_queries(15):
            sign_up(client, "clara@example.org")


def test_the_demo_has_a_few_confirmed_subscribers_at_example_org_and_loading_twice_adds_none(db):
    assert demo_subscribers(now=timezone.now()) >= 3
    assert demo_subscribers(now=timezone.now()) == 0

    assert {row.email.rsplit("@", 1)[1] for row in Subscriber.objects.all()} == {"example.org"}
    assert set(Subscriber.objects.values_list("status", flat=True)) == {Subscriber.Status.CONFIRMED}


# Wagtail leaves the temporary file of a new rendition for the garbage collector; not ours to close.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_mail_shows_our_own_images_by_full_address_and_drops_any_other(a_blog, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    png = io.BytesIO()
    PIL.Image.new("RGB", (40, 30), "white").save(png, "PNG")
    image = Image.objects.create(title="Frühstück", file=ImageFile(png, name="fruehstueck.png"))
    post = BlogPostPageFactory(
        parent=a_blog,
        title="Mit Bild",
        body=[
            ("image", {"image": image, "alt_text": "Ein gedeckter Tisch", "decorative": False}),
            ("paragraph", RichText('<p>Text</p><img src="https://tracker.example.com/pixel.gif">')),
        ],
    )

    _subject, text, html = newsletter_mail.post(post)

    sources = re.findall(r'<img[^>]* src="([^"]+)"', html)
    assert len(sources) == 1
    assert sources[0].startswith("http://testserver/")
    assert "tracker.example.com" not in html
    assert "[Bild: Ein gedeckter Tisch]" in text
