"""The follow-up: with a recorded consent, the site asks 90 days after a rating "Hat sich aus dem
Unternehmerfrühstück Geschäft ergeben?" — once, on a weekday, at most one mail a week per reader —
and the answer, confirmed by POST on our site, completes that rating (DESIGN.md, "Looking back")."""

import datetime
import email
import email.policy
import json
import re
import time
import zoneinfo
from html import unescape

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Site

import pytest
import time_machine

from formats.models import FOLLOW_UP_CONSENT_VERSION, FollowUp, Rating
from formats.services import rating_hide
from home.models import LegalPages
from tests.factories import FormatPageFactory, RatingFactory, ReaderFactory, StandardPageFactory
from tests.helpers import DATABASE_QUEUE, deliveries, run_concurrently, verified
from tests.processes import Inbox, prepare_database_cache, smtp_server, wait_until, worker_processes

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# A Monday, 10:00 in Berlin: 91 days (13 weeks) later is again a Monday.
CONSENTED = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=BERLIN)
DAY_91 = CONSENTED + datetime.timedelta(days=91)
VALID = {"contacts": "4", "information": "3", "fun": "5"}
CONSENT = "In drei Monaten per E-Mail nachfragen, ob sich Geschäft ergeben hat"


def at(moment):
    return time_machine.travel(moment, tick=False)


def rate(reader, page, *, when=CONSENTED, **fields):
    """The reader's rating through the page's own form, as her browser sends it."""
    client = Client()
    client.force_login(reader)
    with at(when):
        response = client.post(f"/bewertung/{page.pk}/", {**VALID, **fields})
    assert response.status_code == 302
    return Rating.objects.get(reader=reader, format_page=page)


def send(when):
    """One run of `manage.py send_followups` at `when`; the mails queued by it, for the worker."""
    before = set(deliveries().values_list("pk", flat=True))
    with at(when), override_settings(TASKS=DATABASE_QUEUE):
        call_command("send_followups")
    return [row.args_kwargs["args"][0] for row in deliveries().exclude(pk__in=before).order_by("enqueued_at")]


def links(text):
    return re.findall(r"https?://\S+", text)


def answer_link(mail, label="Ja"):
    return next(url for url in links(mail["text"]) if f"{label}:" in mail["text"].split(url)[0].splitlines()[-1])


def path_of(url):
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def anna(a_reader):
    return a_reader


@pytest.fixture
def consented(anna, a_format_page):
    """Anna rated the Unternehmerfrühstück with "Geschäft: noch nicht" and ticked the consent."""
    return rate(anna, a_format_page, led_to_business="not_yet", follow_up="on")


# The consent on the rating form


def test_the_form_offers_a_separate_unticked_consent(client, anna, a_format_page):
    client.force_login(anna)

    html = client.get(a_format_page.url).content.decode()

    checkbox = re.search(r'<input type="checkbox" name="follow_up"[^>]*>', html).group(0)
    assert "checked" not in checkbox
    assert CONSENT in html


def test_the_consent_is_stored_with_its_time_and_wording_version(consented):
    follow_up = consented.follow_up
    assert follow_up.consented_at == CONSENTED
    assert follow_up.consent_version == FOLLOW_UP_CONSENT_VERSION
    assert follow_up.consent_text == CONSENT
    assert follow_up.due_at - follow_up.consented_at == datetime.timedelta(days=90)


def test_without_the_tick_there_is_no_consent(anna, a_format_page):
    rate(anna, a_format_page, led_to_business="no")

    assert not FollowUp.objects.exists()
    assert send(DAY_91) == []


def test_a_consent_beside_business_yes_is_ignored(anna, a_format_page):
    rate(anna, a_format_page, led_to_business="yes", follow_up="on")

    assert not FollowUp.objects.exists()


def test_the_form_shows_the_consent_ticked_and_unticking_it_withdraws(client, consented, anna, a_format_page):
    client.force_login(anna)
    checkbox = re.search(
        r'<input type="checkbox" name="follow_up"[^>]*>', client.get(a_format_page.url).content.decode()
    )
    assert "checked" in checkbox.group(0)

    rate(anna, a_format_page, when=CONSENTED + datetime.timedelta(days=5), led_to_business="not_yet")

    assert FollowUp.objects.get().withdrawn_at is not None
    assert send(DAY_91) == []


# Sending: when, how often, to whom


def test_91_days_later_two_runs_queue_exactly_one_mail(consented, anna):
    assert send(DAY_91 - datetime.timedelta(days=2)) == []  # not yet due

    first, second = send(DAY_91), send(DAY_91 + datetime.timedelta(minutes=1))

    assert second == []
    [mail] = first
    assert mail["to"] == ["anna@example.org"]
    assert mail["subject"] == "Hat sich aus dem Unternehmerfrühstück Geschäft ergeben?"
    for label in ("Ja", "Noch nicht", "Nein"):
        assert f"- {label}: http://testserver/bewertung/nachfrage/" in mail["text"]
        assert f">{label}</a>" in mail["html"]
    assert "zweiten oder dritten Grad" in mail["text"] and "zweiten oder dritten Grad" in mail["html"]
    unsubscribe = mail["headers"]["List-Unsubscribe"]
    assert re.fullmatch(r"<http://testserver/bewertung/nachfrage/[^>]+/abbestellen/>", unsubscribe)
    assert mail["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert FollowUp.objects.get().round == 1


def test_the_mail_names_the_impressum(consented, a_home_page):
    imprint = StandardPageFactory(parent=a_home_page, title="Impressum", slug="impressum")
    LegalPages.objects.create(site=Site.objects.get(is_default_site=True), imprint=imprint)

    [mail] = send(DAY_91)

    assert re.search(r"Impressum: http://\S+/impressum/", mail["text"])
    assert re.search(r'<a href="http://[^"]+/impressum/">Impressum</a>', mail["html"])


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2026, 6, 6, 10, 0, tzinfo=BERLIN),  # Saturday
        datetime.datetime(2026, 6, 7, 12, 0, tzinfo=BERLIN),  # Sunday
        datetime.datetime(2026, 6, 5, 20, 0, tzinfo=BERLIN),  # Friday evening
        datetime.datetime(2026, 6, 8, 8, 59, tzinfo=BERLIN),  # Monday before nine
    ],
)
def test_outside_weekday_office_hours_nothing_is_sent_until_monday_nine(anna, a_format_page, moment):
    # Due on Friday 5 June 2026, 10:00 Uhr; the mail waits for the next office hours.
    rate(anna, a_format_page, when=datetime.datetime(2026, 3, 7, 10, 0, tzinfo=BERLIN), follow_up="on")

    assert send(moment) == []
    assert len(send(datetime.datetime(2026, 6, 8, 9, 0, tzinfo=BERLIN))) == 1


def test_two_due_ratings_of_one_reader_share_one_mail(anna, a_format_page, a_format_index):
    stammtisch = FormatPageFactory(parent=a_format_index, title="Stammtisch")
    rate(anna, a_format_page, follow_up="on")
    rate(anna, stammtisch, when=CONSENTED + datetime.timedelta(hours=2), follow_up="on")

    [mail] = send(DAY_91 + datetime.timedelta(hours=3))

    assert mail["subject"] == "Hat sich aus Ihren Besuchen Geschäft ergeben?"
    assert "Unternehmerfrühstück" in mail["text"] and "Stammtisch" in mail["text"]
    assert len([url for url in links(mail["text"]) if "/nachfrage/" in url and "?geschaeft=" in url]) == 6
    assert set(FollowUp.objects.values_list("round", flat=True)) == {1}


def test_each_reader_gets_her_own_mail(consented, a_format_page):
    bert = verified(ReaderFactory(email="bert@example.org"))
    rate(bert, a_format_page, follow_up="on")

    mails = send(DAY_91)

    assert sorted(mail["to"][0] for mail in mails) == ["anna@example.org", "bert@example.org"]


def test_at_most_one_mail_a_week_per_reader(anna, a_format_page, a_format_index):
    stammtisch = FormatPageFactory(parent=a_format_index, title="Stammtisch")
    rate(anna, a_format_page, follow_up="on")
    rate(anna, stammtisch, when=CONSENTED + datetime.timedelta(days=3), follow_up="on")  # due on Thursday

    assert len(send(DAY_91)) == 1
    thursday = DAY_91 + datetime.timedelta(days=3)
    assert send(thursday) == []
    assert send(DAY_91 + datetime.timedelta(days=6, hours=7)) == []  # Sunday: a week is not over, nor office hours
    [mail] = send(DAY_91 + datetime.timedelta(days=7))
    assert mail["subject"] == "Hat sich aus dem Stammtisch Geschäft ergeben?"


def test_round_two_after_180_days_when_the_first_got_no_answer(consented):
    assert len(send(DAY_91)) == 1
    assert send(CONSENTED + datetime.timedelta(days=150)) == []

    day_182 = CONSENTED + datetime.timedelta(days=182)  # a Monday
    assert len(send(day_182)) == 1
    assert send(day_182 + datetime.timedelta(days=7)) == []
    assert send(CONSENTED + datetime.timedelta(days=364)) == []  # two rounds, then never again
    assert FollowUp.objects.get().round == 2


@pytest.mark.parametrize(("answer", "second_round"), [("not_yet", True), ("no", False)])
def test_round_two_only_if_the_first_answer_was_noch_nicht(consented, answer, second_round):
    [mail] = send(DAY_91)
    client = Client()
    with at(DAY_91 + datetime.timedelta(hours=1)):
        client.post(path_of(answer_link(mail)), {"led_to_business": answer})

    assert bool(send(CONSENTED + datetime.timedelta(days=182))) is second_round


def withdraw_in_my_account(rating):
    client = Client()
    client.force_login(rating.reader)
    response = client.post(f"/bewertung/{rating.pk}/nachfrage-beenden/", follow=True)
    assert "nicht mehr per E-Mail nach" in response.content.decode()


def unpublish(rating):
    rating.format_page.unpublish()


def answer_yes_on_the_site(rating):
    rate(rating.reader, rating.format_page, when=CONSENTED + datetime.timedelta(days=30), led_to_business="yes")


@pytest.mark.parametrize(
    "cancel",
    [
        withdraw_in_my_account,
        lambda rating: rating_hide(rating=rating, reason="Werbung"),
        lambda rating: rating.delete(),
        unpublish,
        answer_yes_on_the_site,
    ],
    ids=["withdrawn", "hidden", "deleted", "unpublished", "business-yes"],
)
def test_cancelled_follow_ups_send_nothing(consented, cancel):
    cancel(consented)

    assert send(DAY_91) == []


def test_an_answer_ja_ends_the_follow_up(consented):
    [mail] = send(DAY_91)
    with at(DAY_91):
        Client().post(path_of(answer_link(mail, "Ja")), {"led_to_business": "yes"})

    assert send(CONSENTED + datetime.timedelta(days=182)) == []
    assert FollowUp.objects.get().due_at is None


# Answering from the mail


def test_opening_an_answer_link_changes_nothing(consented):
    [mail] = send(DAY_91)
    before = Rating.objects.values().get()

    with at(DAY_91 + datetime.timedelta(hours=1)):
        response = Client().get(path_of(answer_link(mail, "Ja")))

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Hat sich aus dem Unternehmerfrühstück Geschäft ergeben?" in html
    assert re.search(r'<input type="radio" name="led_to_business" value="yes"[^>]*checked', html)
    assert "zweiten oder dritten Grad" in html
    assert "no-cache" in response["Cache-Control"]
    assert Rating.objects.values().get() == before
    assert FollowUp.objects.get().answered_at is None


def test_the_confirmed_answer_updates_exactly_that_rating(consented, anna, a_format_page, a_format_index):
    stammtisch = FormatPageFactory(parent=a_format_index, title="Stammtisch")
    other_of_hers = rate(anna, stammtisch, led_to_business="not_yet", follow_up="on")
    someone_else = rate(verified(ReaderFactory()), a_format_page, led_to_business="not_yet", follow_up="on")
    [mail, *_others] = [m for m in send(DAY_91 + datetime.timedelta(days=7)) if m["to"] == ["anna@example.org"]]
    # Her mail holds both her ratings: the "Ja" in the block about the Unternehmerfrühstück.
    url = path_of(answer_link_for(mail, "Unternehmerfrühstück", "Ja"))
    untouched = Rating.objects.values().filter(pk__in=[other_of_hers.pk, someone_else.pk]).order_by("pk")
    before = list(untouched)

    with at(DAY_91 + datetime.timedelta(days=7, hours=1)):
        response = Client(enforce_csrf_checks=False).post(url, {"led_to_business": "yes", "second_degree": "True"})

    assert response.status_code == 200 and "Danke für Ihre Antwort" in response.content.decode()
    consented.refresh_from_db()
    assert consented.led_to_business == "yes" and consented.second_degree is True
    follow_up = consented.follow_up
    assert follow_up.answer == "yes" and follow_up.answered_at == DAY_91 + datetime.timedelta(days=7, hours=1)
    assert list(untouched) == before
    assert FollowUp.objects.exclude(pk=follow_up.pk).filter(answered_at__isnull=False).count() == 0


def answer_link_for(mail, title, label):
    """In a mail about several formats, the `label` link in the block about `title`."""
    block = mail["text"].split(f"Hat sich aus dem {title} Geschäft ergeben?")[1].split("Hat sich aus dem")[0]
    return next(line.split(": ", 1)[1] for line in block.splitlines() if line.startswith(f"- {label}: "))


def test_an_invalid_answer_changes_nothing(consented):
    [mail] = send(DAY_91)
    before = Rating.objects.values().get()

    with at(DAY_91):
        response = Client().post(path_of(answer_link(mail)), {"led_to_business": "vielleicht"})

    assert response.status_code == 400
    assert "Bitte wählen Sie „ja“, „noch nicht“ oder „nein“." in unescape(response.content.decode())
    assert Rating.objects.values().get() == before


def test_the_link_expires_after_60_days(consented):
    [mail] = send(DAY_91)
    url = path_of(answer_link(mail))
    before = Rating.objects.values().get()

    with at(DAY_91 + datetime.timedelta(days=61)):
        shown = Client().get(url)
        posted = Client().post(url, {"led_to_business": "yes"})

    assert shown.status_code == posted.status_code == 410
    assert "Dieser Link gilt nicht mehr" in posted.content.decode()
    assert "Es wurde nichts geändert." in posted.content.decode()
    assert Rating.objects.values().get() == before


def test_a_tampered_token_is_refused(consented, a_format_page):
    bert_rating = rate(verified(ReaderFactory()), a_format_page, follow_up="on")
    [mail, _bert_mail] = sorted(send(DAY_91), key=lambda m: m["to"][0] != "anna@example.org")
    token = re.search(r"/nachfrage/([^/]+)/", answer_link(mail)).group(1)
    # Anna's signed value with Bert's rating put in: the signature no longer matches.
    forged = token.replace(token.split(":")[0], str(bert_rating.follow_up.pk))
    before = list(Rating.objects.values().order_by("pk"))

    response = Client().post(f"/bewertung/nachfrage/{forged}/", {"led_to_business": "yes"})

    assert response.status_code == 400
    assert "Dieser Link ist ungültig" in response.content.decode()
    assert list(Rating.objects.values().order_by("pk")) == before


def test_a_deleted_rating_answers_with_a_clear_page(consented):
    [mail] = send(DAY_91)
    consented.delete()

    with at(DAY_91):
        response = Client().get(path_of(answer_link(mail)))

    assert response.status_code == 410
    assert "oder die Bewertung gibt es nicht mehr" in response.content.decode()


# Withdrawing


def test_one_click_unsubscribe_withdraws_only_this_consent(consented, a_format_page):
    bert_rating = rate(verified(ReaderFactory()), a_format_page, follow_up="on")
    mail = next(m for m in send(DAY_91) if m["to"] == ["anna@example.org"])
    url = path_of(mail["headers"]["List-Unsubscribe"].strip("<>"))

    # A link scanner's GET only asks.
    assert "Ja, abbestellen" in Client().get(url).content.decode()
    assert FollowUp.objects.get(rating=consented).withdrawn_at is None
    # The mail client's one-click POST (RFC 8058) carries no CSRF token.
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert FollowUp.objects.get(rating=consented).withdrawn_at is not None
    assert FollowUp.objects.get(rating=bert_rating).withdrawn_at is None
    assert [m["to"] for m in send(CONSENTED + datetime.timedelta(days=182))] == [[bert_rating.reader.email]]


def test_a_forged_unsubscribe_link_changes_nothing(consented):
    response = Client(enforce_csrf_checks=True).post("/bewertung/nachfrage/unsinn/abbestellen/")

    assert response.status_code == 400
    assert FollowUp.objects.get().withdrawn_at is None


def test_my_account_lists_the_consent_and_withdraws_only_my_own(client, consented, anna, a_format_page):
    bert_rating = rate(verified(ReaderFactory()), a_format_page, follow_up="on")
    client.force_login(anna)

    html = client.get("/konto/").content.decode()
    assert "Wir fragen ab dem 31. Mai 2026 per E-Mail nach" in html
    assert "Nachfrage widerrufen" in html

    client.post(f"/bewertung/{bert_rating.pk}/nachfrage-beenden/")
    assert FollowUp.objects.get(rating=bert_rating).withdrawn_at is None


def test_the_data_export_holds_the_consent(client, consented, anna):
    client.force_login(anna)

    data = json.loads(client.get("/konto/daten/").content)

    [rating] = data["bewertungen"]
    follow_up = rating["nachfrage_per_e_mail"]
    assert follow_up["eingewilligt_am"] == "2. März 2026, 10:00 Uhr"
    assert follow_up["wortlaut"] == CONSENT
    assert follow_up["fassung"] == FOLLOW_UP_CONSENT_VERSION
    assert follow_up["widerrufen_am"] is None


# The outcome on the format page and in the comparison


def answered(page, answers):
    for answer in answers:
        rating = RatingFactory(format_page=page, led_to_business=answer)
        FollowUp.objects.create(
            rating=rating,
            consented_at=timezone.now(),
            consent_version=FOLLOW_UP_CONSENT_VERSION,
            answer=answer,
            answered_at=timezone.now(),
        )


def test_the_format_page_shows_the_three_month_outcome_from_the_minimum_on(client, a_format_page):
    answered(a_format_page, ["yes", "no"])
    assert "Nach drei Monaten" not in client.get(a_format_page.url).content.decode()

    answered(a_format_page, ["not_yet", "yes", "no"])
    html = client.get(a_format_page.url).content.decode()

    assert "Nach drei Monaten:</strong> 40 % Geschäft (bei 5 Bewertungen)" in html


def test_a_confirmed_answer_shows_on_the_cached_format_page(client, consented, a_format_page):
    answered(a_format_page, ["yes", "no"])
    assert "Nach drei Monaten" not in client.get(a_format_page.url).content.decode()  # now in the page cache
    [mail] = send(DAY_91)

    with at(DAY_91):
        Client().post(path_of(answer_link(mail)), {"led_to_business": "yes"})

    assert "67 % Geschäft (bei 3 Bewertungen)" in client.get(a_format_page.url).content.decode()


def test_the_comparison_shows_the_outcome(client, a_format_index, a_format_page):
    stammtisch = FormatPageFactory(parent=a_format_index, title="Stammtisch", slug="stammtisch")
    answered(a_format_page, ["yes", "yes", "no", "not_yet"])
    answered(stammtisch, ["no"])

    html = client.get(
        f"{a_format_index.url}vergleichen/?format={a_format_page.slug}&format=stammtisch"
    ).content.decode()

    row = html[html.index("Geschäft nach drei Monaten") :].split("</tr>")[0]
    assert "50 % (2 von 4)" in row
    assert "noch zu wenige Antworten" in row


def test_the_format_page_query_count_does_not_grow_with_the_answers(client, a_format_page):
    answered(a_format_page, ["yes", "no", "no"])
    client.get(a_format_page.url)  # warm: what a running site has looked up once
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(a_format_page.url)
    answered(a_format_page, ["yes", "no", "not_yet"] * 10)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        html = client.get(a_format_page.url).content.decode()

    assert "(bei 33 Bewertungen)" in html
    assert len(many) == len(few)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_senders_running_at_once_queue_each_mail_once(a_format_page, a_format_index):
    stammtisch = FormatPageFactory(parent=a_format_index, title="Stammtisch")
    readers = [verified(ReaderFactory()) for _ in range(3)]
    for reader in readers:
        rate(reader, a_format_page, follow_up="on")
        rate(reader, stammtisch, follow_up="on")

    with at(DAY_91), override_settings(TASKS=DATABASE_QUEUE):
        run_concurrently([lambda: call_command("send_followups")] * 4)

    mails = [row.args_kwargs["args"][0] for row in deliveries()]
    assert sorted(mail["to"][0] for mail in mails) == sorted(reader.email for reader in readers)
    assert set(FollowUp.objects.values_list("round", flat=True)) == {1}


# The whole way, with the site's own processes


def last_weekday_morning():
    """The latest weekday 10:00 Berlin time before now: the real worker's clock is not ours to move."""
    moment = timezone.now().astimezone(BERLIN).replace(hour=10, minute=0, second=0, microsecond=0)
    while moment > timezone.now() or moment.weekday() >= 5:
        moment -= datetime.timedelta(days=1)
    return moment


@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_delivers_the_follow_up_through_a_real_mail_server(anna, a_format_page, tmp_path):
    due = last_weekday_morning()
    rating = rate(anna, a_format_page, when=due - datetime.timedelta(days=91), follow_up="on")
    [queued] = send(due)
    prepare_database_cache()
    inbox = Inbox(policy=email.policy.default)
    with smtp_server(inbox) as port, worker_processes(tmp_path, lease=15 * 60) as start:
        _worker, log_path = start(port, "worker")
        wait_until(lambda: inbox.messages, timeout=60, log=log_path)
        time.sleep(1)  # time for a second copy, were one on its way

    assert len(inbox.messages) == 1, log_path.read_text()
    message = inbox.messages[0]
    assert message["To"] == "anna@example.org"
    assert message["Subject"].strip() == "Hat sich aus dem Unternehmerfrühstück Geschäft ergeben?"
    assert message["Message-ID"] == queued["message_id"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parts = {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}
    assert "Noch nicht" in parts["text/plain"] and ">Nein</a>" in parts["text/html"]

    url = path_of(answer_link({"text": parts["text/plain"]}, "Noch nicht"))
    assert Client().get(url).status_code == 200
    rating.refresh_from_db()
    assert rating.led_to_business == "" and FollowUp.objects.get().answered_at is None
    Client().post(url, {"led_to_business": "no", "second_degree": "False"})
    rating.refresh_from_db()
    assert (rating.led_to_business, rating.second_degree) == ("no", False)
