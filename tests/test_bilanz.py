"""The Netzwerk-Bilanz: a reader's private journal of visits, contacts, orders and yearly totals,
and the dashboard that tells her which format pays off for her (issue 16, DESIGN.md "Looking back")."""

import datetime
import io
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

import pytest
import time_machine

from bilanz import selectors, services
from bilanz.models import Auftrag, Besuch, Channel, Jahreszahlen, Kontakt
from formats.models import Rating
from pagecache.middleware import AnonymousPageCacheMiddleware
from tests.factories import READER_PASSWORD, FormatPageFactory, RatingFactory, ReaderFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)


def a_visit(owner, format_page=None, *, name="", date=TODAY, scores=(4, 3, 5), cost="30.00", **fields):
    contacts, information, fun = scores
    besuch = Besuch(
        format_page=format_page,
        format_name=name,
        date=date,
        cost=Decimal(cost),
        contacts=contacts,
        information=information,
        fun=fun,
        **fields,
    )
    return services.entry_save(owner=owner, instance=besuch)


def a_contact(owner, label, *, besuch=None, introduced_by=None):
    return services.entry_save(owner=owner, instance=Kontakt(label=label, besuch=besuch, introduced_by=introduced_by))


def an_order(owner, *, date=TODAY, channel=Channel.NETWORK, **fields):
    return services.entry_save(owner=owner, instance=Auftrag(date=date, channel=channel, **fields))


# Degrees


def test_a_contact_met_at_a_visit_is_first_degree_and_introductions_give_second_and_third(a_reader, a_format_page):
    visit = a_visit(a_reader, a_format_page)
    first = a_contact(a_reader, "Steuerberaterin", besuch=visit)
    second = a_contact(a_reader, "ihr Kollege", introduced_by=first)
    third = a_contact(a_reader, "dessen Kundin", introduced_by=second)

    degrees = {contact.pk: contact.degree for contact in selectors.contacts_with_degree(a_reader)}

    assert degrees == {first.pk: 1, second.pk: 2, third.pk: 3}


def test_a_fourth_degree_is_refused_in_german_and_nothing_is_stored(reader_client, a_reader, a_format_page):
    visit = a_visit(a_reader, a_format_page)
    first = a_contact(a_reader, "A", besuch=visit)
    third = a_contact(a_reader, "C", introduced_by=a_contact(a_reader, "B", introduced_by=first))

    response = reader_client.post(reverse("bilanz_kontakte_new"), {"label": "D", "introduced_by": third.pk})

    assert response.status_code == 400
    assert "bis zum 3. Grad" in response.content.decode()
    assert not Kontakt.objects.filter(label="D").exists()
    with pytest.raises(ValidationError):
        a_contact(a_reader, "D", introduced_by=third)


def test_moving_a_contact_under_another_may_not_push_those_it_introduced_past_the_third_degree(a_reader):
    first = a_contact(a_reader, "A")
    second = a_contact(a_reader, "B", introduced_by=first)
    other = a_contact(a_reader, "X")
    a_contact(a_reader, "Y", introduced_by=other)
    other.introduced_by = second  # X would be 3rd, Y 4th

    with pytest.raises(ValidationError, match="4. Grad"):
        services.entry_save(owner=a_reader, instance=other)


def test_a_cycle_of_introductions_is_refused(reader_client, a_reader):
    first = a_contact(a_reader, "A")
    second = a_contact(a_reader, "B", introduced_by=first)

    response = reader_client.post(
        reverse("bilanz_kontakte_edit", args=[first.pk]), {"label": "A", "introduced_by": second.pk}
    )

    assert response.status_code == 400
    assert "wurde selbst über diesen Kontakt vorgestellt" in response.content.decode()
    first.refresh_from_db()
    assert first.introduced_by is None


def test_another_readers_contact_is_refused_as_introducer(reader_client, a_reader):
    stranger = a_contact(ReaderFactory(), "fremd")

    response = reader_client.post(reverse("bilanz_kontakte_new"), {"label": "B", "introduced_by": stranger.pk})

    assert response.status_code == 400
    assert not Kontakt.objects.filter(label="B").exists()
    with pytest.raises(ValidationError, match="gibt es in Ihrer Bilanz nicht"):
        a_contact(a_reader, "B", introduced_by=stranger)


def test_a_contact_comes_from_a_visit_or_an_introduction_not_both(a_reader, a_format_page):
    visit = a_visit(a_reader, a_format_page)
    first = a_contact(a_reader, "A", besuch=visit)

    with pytest.raises(ValidationError, match="nur eines"):
        a_contact(a_reader, "B", besuch=visit, introduced_by=first)


# Attribution


def test_an_order_through_a_third_degree_contact_counts_for_the_visit_where_the_chain_began(
    reader_client, a_reader, a_format_page
):
    breakfast = a_visit(a_reader, a_format_page, date=TODAY - datetime.timedelta(days=60))
    a_visit(a_reader, name="Barcamp Kiel", date=TODAY - datetime.timedelta(days=30))
    first = a_contact(a_reader, "Steuerberaterin", besuch=breakfast)
    third = a_contact(a_reader, "Kundin", introduced_by=a_contact(a_reader, "Kollege", introduced_by=first))
    order = an_order(a_reader, kontakt=third, amount=Decimal("4800"), channel=Channel.REFERRAL)

    assert selectors.order_visits(a_reader) == {order.pk: breakfast.pk}
    figures = {f.name: f for f in selectors.dashboard(a_reader)["formats"]}
    assert figures["Unternehmerfrühstück"].order_count == 1
    assert figures["Unternehmerfrühstück"].contacts_by_degree == {1: 1, 2: 1, 3: 1}
    assert figures["Barcamp Kiel"].order_count == 0


# The dashboard


def test_below_three_visits_of_a_format_the_dashboard_shows_no_pattern(reader_client, a_reader, a_format_page):
    a_visit(a_reader, a_format_page)
    a_visit(a_reader, a_format_page, date=TODAY - datetime.timedelta(days=7))

    html = reader_client.get(reverse("bilanz_dashboard")).content.decode()

    assert "Noch kein Muster" in html
    assert "noch kein Muster" in html
    assert "„Lohnt sich“-Anteil je Format" not in html


def test_from_three_visits_the_dashboard_shows_means_worth_it_share_cost_per_order_and_visits_to_the_first_order(
    reader_client, a_reader, a_format_page
):
    days = [TODAY - datetime.timedelta(days=n) for n in (90, 60, 30)]
    visits = [
        a_visit(a_reader, a_format_page, date=days[0], scores=(2, 2, 3), cost="20"),
        a_visit(a_reader, a_format_page, date=days[1], scores=(4, 3, 3), cost="30"),
        a_visit(a_reader, a_format_page, date=days[2], scores=(5, 4, 4), cost="40"),
    ]
    an_order(a_reader, besuch=visits[1], date=days[1] + datetime.timedelta(days=14))

    response = reader_client.get(reverse("bilanz_dashboard"))
    (figures,) = response.context["formats"]

    assert figures.has_pattern
    assert [round(mean, 2) for _question, mean in figures.means] == [3.67, 3.0, 3.33]
    assert figures.worth_it_percent == 67  # two of three visits answered one question with 4 or 5
    assert figures.cost_per_order == Decimal("90.00")
    assert figures.visits_until_first_order == 2
    html = response.content.decode()
    assert "67 %" in html and "90,00 €" in html
    assert "<svg" in html and "<table" in html


def test_a_year_with_zero_orders_shows_no_share_and_the_authors_line(reader_client, a_reader, a_format_page):
    a_visit(a_reader, a_format_page, date=datetime.date(2025, 5, 6))
    services.entry_save(owner=a_reader, instance=Jahreszahlen(year=2025, orders_total=0))
    an_order(a_reader, date=datetime.date(2026, 3, 1))
    an_order(a_reader, date=datetime.date(2026, 4, 1), channel=Channel.WEBSITE)
    services.entry_save(owner=a_reader, instance=Jahreszahlen(year=2026, orders_total=8))

    response = reader_client.get(reverse("bilanz_dashboard"))

    years = {year.year: year for year in response.context["years"]}
    assert years[2025].share_percent is None
    assert years[2026].share_percent == 12  # one networking order of eight
    html = response.content.decode()
    assert "keine Aufträge" in html
    assert "ca. 50 %" in html


def test_yearly_totals_below_the_logged_orders_are_refused(reader_client, a_reader):
    an_order(a_reader, date=datetime.date(2026, 3, 1))
    an_order(a_reader, date=datetime.date(2026, 4, 1))

    response = reader_client.post(reverse("bilanz_jahreszahlen_new"), {"year": 2026, "orders_total": 1})

    assert response.status_code == 400
    assert "schon 2 Aufträge erfasst" in response.content.decode()
    assert not Jahreszahlen.objects.exists()


def test_dashboard_with_300_visits_500_contacts_100_orders_in_at_most_12_queries(
    client, a_reader, a_format_index, django_assert_max_num_queries
):
    formats = [FormatPageFactory(parent=a_format_index) for _ in range(6)]
    visits = Besuch.objects.bulk_create(
        Besuch(
            owner=a_reader,
            format_page=formats[n % 6],
            format_name=formats[n % 6].title,
            date=TODAY - datetime.timedelta(days=n),
            cost=Decimal(25),
            contacts=1 + n % 5,
            information=1 + (n // 5) % 5,
            fun=3,
        )
        for n in range(300)
    )
    firsts = Kontakt.objects.bulk_create(Kontakt(owner=a_reader, label=f"K{n}", besuch=visits[n]) for n in range(200))
    seconds = Kontakt.objects.bulk_create(
        Kontakt(owner=a_reader, label=f"Z{n}", introduced_by=firsts[n]) for n in range(200)
    )
    Kontakt.objects.bulk_create(Kontakt(owner=a_reader, label=f"D{n}", introduced_by=seconds[n]) for n in range(100))
    Auftrag.objects.bulk_create(
        Auftrag(owner=a_reader, date=TODAY, channel=Channel.NETWORK, **({"besuch": visits[n]} if n % 2 else {}))
        for n in range(100)
    )
    client.force_login(a_reader)
    client.get(reverse("bilanz_dashboard"))  # the site and menu, remembered as for every page

    with django_assert_max_num_queries(12):
        response = client.get(reverse("bilanz_dashboard"))

    assert response.status_code == 200
    assert sum(f.visit_count for f in response.context["formats"]) == 300
    assert response.context["contact_count"] == 500


# Privacy


@pytest.fixture
def someone_elses_journal(a_format_page):
    owner = ReaderFactory()
    visit = a_visit(owner, a_format_page)
    contact = a_contact(owner, "fremd", besuch=visit)
    order = an_order(owner, kontakt=contact)
    year = services.entry_save(owner=owner, instance=Jahreszahlen(year=2026, orders_total=3))
    return {"besuche": visit, "kontakte": contact, "auftraege": order, "jahreszahlen": year}


def test_another_reader_gets_404_for_every_object_url_and_changes_nothing(reader_client, someone_elses_journal):
    for kind, entry in someone_elses_journal.items():
        for name in (f"bilanz_{kind}_edit", f"bilanz_{kind}_delete"):
            url = reverse(name, args=[entry.pk])
            assert reader_client.get(url).status_code == 404, url
            assert reader_client.post(url, {"label": "übernommen"}).status_code == 404, url
    publish = reverse("bilanz_publish", args=[someone_elses_journal["besuche"].pk])
    assert reader_client.get(publish).status_code == 404
    assert reader_client.post(publish).status_code == 404
    assert Besuch.objects.count() == Kontakt.objects.count() == Auftrag.objects.count() == 1
    assert not Rating.objects.exists()


def test_lists_and_dashboard_show_only_the_readers_own_entries(reader_client, a_reader, someone_elses_journal):
    a_contact(a_reader, "meiner")

    for name in ("bilanz_dashboard", "bilanz_besuche", "bilanz_kontakte", "bilanz_auftraege", "bilanz_jahreszahlen"):
        html = reader_client.get(reverse(name)).content.decode()
        assert "fremd" not in html, name
    assert "meiner" in reader_client.get(reverse("bilanz_kontakte")).content.decode()


def test_every_bilanz_page_needs_a_log_in(client, someone_elses_journal):
    response = client.get(reverse("bilanz_dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_bilanz_pages_are_private_no_store_and_never_in_the_page_cache(
    client, reader_client, a_reader, a_format_page, settings
):
    settings.PAGE_CACHE_ENABLED = True
    visit = a_visit(a_reader, a_format_page)
    urls = [
        reverse("bilanz_dashboard"),
        reverse("bilanz_besuche"),
        reverse("bilanz_besuche_new"),
        reverse("bilanz_besuche_edit", args=[visit.pk]),
        reverse("bilanz_publish", args=[visit.pk]),
        reverse("bilanz_kontakte"),
        reverse("bilanz_auftraege"),
        reverse("bilanz_jahreszahlen"),
    ]
    for url in urls:
        response = reader_client.get(url)
        assert response.status_code == 200, url
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control, url
        assert "X-Page-Cache" not in response, url

    client.logout()
    # Without a session cookie the middleware would serve the cache: the prefix keeps it away all the same.
    for _ in range(2):
        anonymous = client.get(reverse("bilanz_dashboard"))
        assert anonymous.status_code == 302
        assert "X-Page-Cache" not in anonymous
    middleware = AnonymousPageCacheMiddleware(lambda request: None)
    assert not any(middleware.cacheable(RequestFactory().get(url)) for url in urls)
    assert middleware.cacheable(RequestFactory().get(a_format_page.url))


# "Ich war da" and "Als Bewertung veröffentlichen"


def test_ich_war_da_on_a_format_page_opens_a_new_visit_with_the_format_and_today(reader_client, a_format_page):
    page = reader_client.get(a_format_page.url).content.decode()
    link = f"{reverse('bilanz_besuche_new')}?format={a_format_page.pk}"
    assert f'href="{link}"' in page and "Ich war da" in page

    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)):
        form = reader_client.get(link).context["form"]

    assert form.initial["format_page"] == a_format_page
    assert form.initial["date"] == datetime.date(2026, 11, 25)


def test_a_visit_saved_through_the_form_belongs_to_the_reader(reader_client, a_reader, a_format_page):
    response = reader_client.post(
        reverse("bilanz_besuche_new"),
        {
            "format_page": a_format_page.pk,
            "date": "2026-11-02",
            "state": "HH",
            "cost": "35,00",
            "hours": "2,5",
            "contacts": 4,
            "information": 3,
            "fun": 5,
            "note": "<script>alert(1)</script>",
        },
    )

    assert response.status_code == 302
    visit = Besuch.objects.of(a_reader).get()
    assert (visit.format_name, visit.cost, visit.hours) == ("Unternehmerfrühstück", Decimal(35), Decimal("2.5"))
    html = reader_client.get(reverse("bilanz_besuche")).content.decode()
    assert "2. November 2026" in html


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1.800,00 €", "1800.00"),
        ("1.800", "1800"),
        ("1800,5", "1800.5"),
        ("1 250 000", "1250000"),
        ("1800.50", "1800.50"),
    ],
)
def test_an_amount_is_read_as_germans_write_it(reader_client, a_reader, typed, stored):
    order = {"date": "2026-11-02", "amount": typed, "channel": Channel.NETWORK, "description": "Workshop"}
    year = {"year": 2025, "orders_total": 12, "revenue": typed}

    assert reader_client.post(reverse("bilanz_auftraege_new"), order).status_code == 302
    assert reader_client.post(reverse("bilanz_jahreszahlen_new"), year).status_code == 302
    assert Auftrag.objects.of(a_reader).get().amount == Decimal(stored)
    assert Jahreszahlen.objects.of(a_reader).get().revenue == Decimal(stored)


def test_an_amount_that_is_no_number_is_refused_in_german_and_nothing_is_stored(reader_client, a_reader):
    order = {"date": "2026-11-02", "amount": "viel Geld", "channel": Channel.NETWORK}

    response = reader_client.post(reverse("bilanz_auftraege_new"), order)

    assert response.status_code == 400 and "Bitte eine Zahl eingeben." in response.content.decode()
    assert not Auftrag.objects.exists()


def test_a_visit_without_a_format_or_in_the_future_is_refused_in_german(reader_client, a_reader):
    fields = {"date": "2099-01-01", "cost": "0", "hours": "0", "contacts": 4, "information": 3, "fun": 5}

    response = reader_client.post(reverse("bilanz_besuche_new"), fields)

    assert response.status_code == 400
    assert "Bitte wählen Sie ein Format aus" in response.content.decode()
    response = reader_client.post(reverse("bilanz_besuche_new"), {**fields, "format_name": "Barcamp"})
    assert "heute oder in der Vergangenheit" in response.content.decode()
    assert not Besuch.objects.exists()


def test_publishing_a_visit_previews_on_get_and_changes_nothing(reader_client, a_reader, a_format_page):
    visit = a_visit(a_reader, a_format_page, scores=(5, 2, 4))

    response = reader_client.get(reverse("bilanz_publish", args=[visit.pk]))

    assert response.status_code == 200
    assert "Jetzt veröffentlichen" in response.content.decode()
    assert not Rating.objects.exists()


def test_publishing_a_visit_creates_the_rating_then_updates_it_keeping_its_facts(
    reader_client, a_reader, a_format_page
):
    url = reverse("bilanz_publish", args=[a_visit(a_reader, a_format_page, scores=(5, 2, 4)).pk])

    response = reader_client.post(url)

    assert response.status_code == 302
    assert response["Location"] == a_format_page.url + "#bewertung-meldung"
    rating = Rating.objects.get(reader=a_reader, format_page=a_format_page)
    assert (rating.contacts, rating.information, rating.fun) == (5, 2, 4)

    Rating.objects.filter(pk=rating.pk).update(led_to_business=Rating.Business.YES)
    later = a_visit(a_reader, a_format_page, scores=(3, 3, 3))
    reader_client.post(reverse("bilanz_publish", args=[later.pk]))

    rating = Rating.objects.get(reader=a_reader, format_page=a_format_page)
    assert (rating.contacts, rating.information, rating.fun) == (3, 3, 3)
    assert rating.led_to_business == Rating.Business.YES


def test_a_visit_of_a_format_not_on_the_site_cannot_be_published(reader_client, a_reader):
    visit = a_visit(a_reader, name="Golfclub")

    assert (
        "Nur Besuche eines Formats" in reader_client.get(reverse("bilanz_publish", args=[visit.pk])).content.decode()
    )
    assert reader_client.post(reverse("bilanz_publish", args=[visit.pk])).status_code == 400
    assert not Rating.objects.exists()


def test_publishing_overwrites_an_earlier_rating_of_the_same_format_and_no_other(
    reader_client, a_reader, a_format_page
):
    other = RatingFactory(format_page=a_format_page)
    RatingFactory(reader=a_reader, format_page=a_format_page, contacts=1)

    reader_client.post(reverse("bilanz_publish", args=[a_visit(a_reader, a_format_page, scores=(4, 4, 4)).pk]))

    assert Rating.objects.count() == 2
    assert Rating.objects.get(reader=a_reader).contacts == 4
    assert Rating.objects.get(pk=other.pk).contacts == other.contacts


# Deleting entries


def test_a_visit_with_contacts_is_not_deleted_and_the_reader_is_told_why(reader_client, a_reader, a_format_page):
    visit = a_visit(a_reader, a_format_page)
    a_contact(a_reader, "A", besuch=visit)

    response = reader_client.post(reverse("bilanz_besuche_delete", args=[visit.pk]))

    assert response.status_code == 400
    assert "Ändern oder löschen Sie zuerst diese" in response.content.decode()
    assert Besuch.objects.filter(pk=visit.pk).exists()


# Export and erasure


def test_the_data_export_holds_the_whole_journal(reader_client, a_reader, a_format_page):
    visit = a_visit(a_reader, a_format_page, note="Nette Runde")
    contact = a_contact(a_reader, "Steuerberaterin", besuch=visit)
    an_order(a_reader, kontakt=contact, amount=Decimal("1250.5"))
    services.entry_save(owner=a_reader, instance=Jahreszahlen(year=2026, orders_total=4))

    data = json.loads(reader_client.get(reverse("account_export")).content)["netzwerk_bilanz"]

    assert data["besuche"][0]["format"] == "Unternehmerfrühstück"
    assert data["besuche"][0]["notiz"] == "Nette Runde"
    assert data["kontakte"][0] == {**data["kontakte"][0], "kürzel": "Steuerberaterin", "grad": 1}
    assert data["aufträge"][0]["betrag"] == "1.250,50 €"
    assert data["aufträge"][0]["zugerechnet_besuch"] == visit.pk
    assert data["jahreszahlen"] == [{"jahr": 2026, "aufträge_insgesamt": 4, "umsatz": None}]


def test_deleting_the_account_deletes_the_whole_journal_and_nobody_elses(
    reader_client, a_reader, someone_elses_journal
):
    visit = a_visit(a_reader, name="Barcamp")
    first = a_contact(a_reader, "A", besuch=visit)
    second = a_contact(a_reader, "B", introduced_by=first)
    an_order(a_reader, kontakt=second)
    an_order(a_reader, besuch=visit)
    services.entry_save(owner=a_reader, instance=Jahreszahlen(year=2026, orders_total=4))

    response = reader_client.post(reverse("account_delete"), {"password": READER_PASSWORD})

    assert response.status_code == 302, response.content.decode()[:2000]
    for model in (Besuch, Kontakt, Auftrag, Jahreszahlen):
        assert model.objects.count() == 1, model


def test_the_demo_has_a_reader_with_a_year_of_bilanz_data_she_can_sign_in_to(client, db, monkeypatch):
    monkeypatch.setenv("DEMO_READER_PASSWORD", "ein-langes-leserinnen-passwort")
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)

    assert "Bilanz-Leserin" in out.getvalue() and "ein-langes-leserinnen-passwort" in out.getvalue()
    assert client.login(username="birgit", password="ein-langes-leserinnen-passwort")
    birgit = Besuch.objects.first().owner
    data = selectors.dashboard(birgit)
    assert data["visit_count"] >= 20 and data["has_pattern"]
    assert {1, 2, 3} <= {contact.degree for contact in selectors.contacts_with_degree(birgit)}
    assert data["order_count"] >= 3
    assert len([year for year in data["years"] if year.total is not None]) == 2
    assert client.get(reverse("bilanz_dashboard")).status_code == 200

    before = [model.objects.count() for model in (Besuch, Kontakt, Auftrag, Jahreszahlen)]
    call_command("load_demo_content", stdout=io.StringIO())
    assert [model.objects.count() for model in (Besuch, Kontakt, Auftrag, Jahreszahlen)] == before
