"""The demo's Bilanz reader: Birgit, a freelance web designer, and a year of her Netzwerk-Bilanz.

Unlike the other demo readers she can sign in (user name "birgit", password from
DEMO_READER_PASSWORD, else made up on the first load and shown once), so the private pages can be
tried. Her journal is written once, when she is created: a second load leaves it as she left it.
Dates count back from today, so the dashboard always shows the last year and the one before.
"""

import datetime
import os
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from allauth.account.models import EmailAddress

from bilanz import services
from bilanz.models import Auftrag, Besuch, Channel, Jahreszahlen, Kontakt

USERNAME = "birgit"
EMAIL = "birgit@example.org"

# (key, format slug or free-text name, days ago, place, Bundesland, cost, hours, (K, I, S), note)
VISITS = [
    (
        "f1",
        "unternehmerfruehstueck",
        350,
        "Hamburg-Altona",
        "HH",
        "28",
        "2.5",
        (4, 3, 4),
        "Erstes Mal, herzliche Runde.",
    ),
    ("f2", "unternehmerfruehstueck", 320, "Hamburg-Altona", "HH", "28", "2.5", (5, 3, 4), ""),
    ("f3", "unternehmerfruehstueck", 290, "Hamburg-Altona", "HH", "28", "2.5", (4, 2, 4), ""),
    (
        "f4",
        "unternehmerfruehstueck",
        230,
        "Hamburg-Altona",
        "HH",
        "28",
        "2.5",
        (3, 3, 4),
        "Vortrag zu Förderprogrammen.",
    ),
    ("f5", "unternehmerfruehstueck", 170, "Hamburg-Altona", "HH", "28", "2.5", (4, 2, 5), ""),
    ("f6", "unternehmerfruehstueck", 110, "Hamburg-Altona", "HH", "28", "2.5", (5, 3, 4), ""),
    ("f7", "unternehmerfruehstueck", 50, "Hamburg-Altona", "HH", "28", "2.5", (4, 3, 4), ""),
    ("m1", "fachmesse", 300, "Hannover", "NI", "420", "11", (3, 5, 2), "Viel gelernt, teure Anreise."),
    ("m2", "fachmesse", 120, "Köln", "NW", "510", "12", (2, 4, 2), ""),
    ("m3", "fachmesse", 20, "Hamburg", "HH", "180", "7", (3, 4, 3), ""),
    ("b1", "barcamp", 280, "Kiel", "SH", "45", "9", (3, 5, 5), "Session über Barrierefreiheit gehalten."),
    ("b2", "barcamp", 150, "Lübeck", "SH", "40", "8", (4, 4, 5), ""),
    ("b3", "barcamp", 40, "Hamburg", "HH", "35", "8", (3, 5, 5), ""),
    ("s1", "unternehmerstammtisch", 260, "Pinneberg", "SH", "15", "3", (2, 1, 3), ""),
    ("s2", "unternehmerstammtisch", 200, "Pinneberg", "SH", "15", "3", (2, 2, 3), "Immer dieselben Gesichter."),
    ("i1", "ihk-netzwerkabend", 240, "Hamburg", "HH", "0", "3", (3, 3, 3), ""),
    ("i2", "ihk-netzwerkabend", 90, "Hamburg", "HH", "0", "3", (4, 2, 3), ""),
    ("o1", "online-netzwerkevent", 180, "", "", "0", "1.5", (2, 3, 2), ""),
    ("g1", "Designer-Treffen im Coworking", 140, "Hamburg-St. Pauli", "HH", "0", "2", (3, 4, 5), ""),
    ("g2", "Designer-Treffen im Coworking", 60, "Hamburg-St. Pauli", "HH", "0", "2", (4, 4, 5), ""),
    ("f8", "unternehmerfruehstueck", 10, "Hamburg-Altona", "HH", "28", "2.5", (4, 3, 4), ""),
]

# (key, label, visit key or None, introducer key or None): labels, never names of third parties.
CONTACTS = [
    ("steuer", "Steuerberaterin vom Frühstück", "f1", None),
    ("druck", "Druckerei-Inhaber", "f2", None),
    ("bank", "Firmenkundenberater Sparkasse", "f3", None),
    ("kanzlei", "Kanzlei der Steuerberaterin", None, "steuer"),
    ("kanzlei-kunde", "Mandant der Kanzlei (Handwerk)", None, "kanzlei"),
    ("verlag", "Verlag, über die Druckerei", None, "druck"),
    ("messe-agentur", "Agentur vom Messestand", "m1", None),
    ("ux", "UX-Forscherin vom Barcamp", "b1", None),
    ("ux-start-up", "Start-up aus ihrem Netzwerk", None, "ux"),
    ("entwickler", "Entwickler aus der Session", "b2", None),
    ("ihk", "Existenzgründungsberater", "i1", None),
    ("cowork", "Texterin im Coworking", "g1", None),
    ("cowork-kunde", "Kundin der Texterin", None, "cowork"),
]

# (days ago, amount, channel, visit key or None, contact key or None, description)
ORDERS = [
    (330, "1800", Channel.NETWORK, "f2", None, "Logo und Geschäftsausstattung"),
    (250, "6400", Channel.REFERRAL, None, "kanzlei-kunde", "Website-Relaunch"),
    (210, "2900", Channel.NETWORK, None, "verlag", "Buchumschläge"),
    (160, "3500", Channel.REFERRAL, None, "ux-start-up", "App-Oberfläche"),
    (130, "1200", Channel.WEBSITE, None, None, "Landingpage"),
    (100, "4200", Channel.EXISTING, None, None, "Erweiterung Shop"),
    (80, "950", Channel.NETWORK, "b3", None, "Workshop Barrierefreiheit"),
    (45, "2100", Channel.REFERRAL, None, "cowork-kunde", "Broschüre"),
    (30, "800", Channel.COLD, None, None, "Flyer"),
    (12, "5200", Channel.NETWORK, None, "bank", "Website für einen Firmenkunden"),
]


def ensure_bilanz_reader(*, formats, today=None):
    """Birgit and her journal; returns (what was created, her password if it was just set)."""
    today = today or timezone.localdate()
    User = get_user_model()
    password = os.environ.get("DEMO_READER_PASSWORD")
    birgit = User.objects.filter(username=USERNAME).first()
    if birgit is not None:
        if password and not birgit.check_password(password):
            birgit.set_password(password)
            birgit.save(update_fields=["password"])
        return [], password
    if User.objects.filter(email__iexact=EMAIL).exists():
        return [], None  # the address is somebody else's: no Bilanz reader
    password = password or secrets.token_urlsafe(12)
    birgit = User.objects.create_user(
        username=USERNAME,
        email=EMAIL,
        password=password,
        first_name="Birgit",
        last_name="Lange",
        display_name="Birgit L.",
    )
    EmailAddress.objects.create(user=birgit, email=EMAIL, verified=True, primary=True)

    def ago(days):
        return today - datetime.timedelta(days=days)

    visits = {}
    for key, format_ref, days, place, state, cost, hours, (contacts, information, fun), note in VISITS:
        page = formats.get(format_ref)
        visits[key] = services.entry_save(
            owner=birgit,
            instance=Besuch(
                format_page=page,
                format_name="" if page else format_ref,
                date=ago(days),
                place=place,
                state=state,
                cost=Decimal(cost),
                hours=Decimal(hours),
                contacts=contacts,
                information=information,
                fun=fun,
                note=note,
            ),
        )
    contacts = {}
    for key, label, visit, introducer in CONTACTS:
        contacts[key] = services.entry_save(
            owner=birgit,
            instance=Kontakt(label=label, besuch=visits.get(visit), introduced_by=contacts.get(introducer)),
        )
    for days, amount, channel, visit, contact, description in ORDERS:
        services.entry_save(
            owner=birgit,
            instance=Auftrag(
                date=ago(days),
                amount=Decimal(amount),
                channel=channel,
                besuch=visits.get(visit),
                kontakt=contacts.get(contact),
                description=description,
            ),
        )
    for year, total, revenue in ((today.year - 1, 14, "38500"), (today.year, 12, "41200")):
        logged = Auftrag.objects.of(birgit).filter(date__year=year).count()
        services.entry_save(
            owner=birgit,
            instance=Jahreszahlen(year=year, orders_total=max(total, logged), revenue=Decimal(revenue)),
        )
    return ["Bilanz-Leserin"], password
