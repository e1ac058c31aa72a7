"""Read-side of the Netzwerk-Bilanz: lists and the dashboard, always of one reader.

The dashboard reads each table once (four queries) and aggregates in Python: a reader's journal
is hundreds of rows, not millions, and the attribution through the introducer chain is a walk,
not a join.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from bilanz.models import MAX_DEGREE, NETWORK_CHANNELS, Auftrag, Besuch, Jahreszahlen, Kontakt
from formats.questions import QUESTIONS, is_worth_it

# As on the format pages: below three visits a mean says more about chance than about the format.
MIN_VISITS_FOR_PATTERN = 3
# The author: "Im letzten Jahr waren ca. 50 % unserer Aufträge das Resultat unserer Netzwerkaktivitäten."
AUTHOR_NETWORK_SHARE = 50


def chain_roots(introducers):
    """{contact: (degree, first-degree contact)} from {contact: introducer or None}.

    A chain longer than MAX_DEGREE or a cycle (which the services refuse to store) ends the walk,
    so a damaged row can never hang the dashboard.
    """
    result = {}
    for pk in introducers:
        degree, root, seen = 1, pk, {pk}
        while (parent := introducers.get(root)) is not None and parent not in seen and degree <= MAX_DEGREE:
            seen.add(parent)
            root = parent
            degree += 1
        result[pk] = (degree, root)
    return result


def contacts_with_degree(user):
    """The reader's contacts, each with `.degree` and `.origin` (the visit its first-degree contact came from)."""
    contacts = list(Kontakt.objects.of(user).select_related("besuch__format_page", "introduced_by"))
    visit_of = {contact.pk: contact.besuch for contact in contacts}
    roots = chain_roots({contact.pk: contact.introduced_by_id for contact in contacts})
    for contact in contacts:
        contact.degree, root = roots[contact.pk]
        contact.origin = visit_of.get(root)
    return contacts


def visits(user):
    return Besuch.objects.of(user).select_related("format_page")


def orders(user):
    return Auftrag.objects.of(user).select_related("besuch__format_page", "kontakt")


def yearly_figures(user):
    return Jahreszahlen.objects.of(user)


def order_visits(user):
    """{order: the visit it is attributed to}: its own visit, or through its contact's introducer chain
    (3rd → 2nd → 1st degree) the visit where the first-degree contact started; None for other channels."""
    contacts = dict(Kontakt.objects.of(user).values_list("pk", "besuch_id"))
    roots = chain_roots(dict(Kontakt.objects.of(user).values_list("pk", "introduced_by_id")))
    return {
        pk: besuch_id or (contacts.get(roots[kontakt_id][1]) if kontakt_id in roots else None)
        for pk, besuch_id, kontakt_id in Auftrag.objects.of(user).values_list("pk", "besuch_id", "kontakt_id")
    }


@dataclass
class FormatFigures:
    """What one format brought this reader."""

    name: str
    url: str = ""
    visits: list = field(default_factory=list)
    contacts_by_degree: dict = field(default_factory=lambda: dict.fromkeys(range(1, MAX_DEGREE + 1), 0))
    order_dates: list = field(default_factory=list)  # (date, visit number in this format) per order

    @property
    def visit_count(self):
        return len(self.visits)

    @property
    def has_pattern(self):
        return self.visit_count >= MIN_VISITS_FOR_PATTERN

    @property
    def means(self):
        return [
            (question, sum(getattr(visit, question) for visit in self.visits) / self.visit_count)
            for question in QUESTIONS
        ]

    @property
    def worth_it_percent(self):
        worth = sum(1 for visit in self.visits if is_worth_it(*(getattr(visit, q) for q in QUESTIONS)))
        return round(100 * worth / self.visit_count)

    @property
    def contact_count(self):
        return sum(self.contacts_by_degree.values())

    @property
    def order_count(self):
        return len(self.order_dates)

    @property
    def cost(self):
        return sum((visit.cost for visit in self.visits), Decimal(0))

    @property
    def cost_per_order(self):
        return (self.cost / self.order_count).quantize(Decimal("0.01")) if self.order_count else None

    @property
    def visits_until_first_order(self):
        """How many visits of this format it took: up to and including the one the earliest order came from."""
        return min(self.order_dates)[1] if self.order_dates else None


@dataclass
class YearFigures:
    year: int
    logged: int = 0  # orders in the journal
    networking: int = 0  # of those, from networking (NETWORK_CHANNELS)
    total: int | None = None  # Jahreszahlen: all the year's orders

    @property
    def base(self):
        # Jahreszahlen may lag behind the journal: never fewer orders than are logged.
        return max(self.total or 0, self.logged)

    @property
    def share_percent(self):
        return round(100 * self.networking / self.base) if self.base else None


def _format_key(visit):
    return ("page", visit.format_page_id) if visit.format_page_id else ("name", visit.format_name.casefold())


def dashboard(user):
    """Per format and per year, as the author looks back: four queries, whatever the journal's size."""
    all_visits = list(Besuch.objects.of(user).select_related("format_page").order_by("date", "pk"))
    contacts = list(Kontakt.objects.of(user).values_list("pk", "besuch_id", "introduced_by_id"))
    all_orders = list(Auftrag.objects.of(user).values_list("date", "channel", "besuch_id", "kontakt_id"))
    totals = dict(Jahreszahlen.objects.of(user).values_list("year", "orders_total"))

    formats, visit_format, visit_number = {}, {}, {}
    for visit in all_visits:
        key = _format_key(visit)
        if key not in formats:
            formats[key] = FormatFigures(name=visit.name, url=visit.format_page.url if visit.format_page_id else "")
        figures = formats[key]
        figures.visits.append(visit)
        visit_format[visit.pk] = figures
        visit_number[visit.pk] = figures.visit_count

    contact_visit = {pk: besuch_id for pk, besuch_id, _ in contacts}
    roots = chain_roots({pk: introducer for pk, _, introducer in contacts})
    for degree, root in roots.values():
        if (figures := visit_format.get(contact_visit.get(root))) is not None:
            figures.contacts_by_degree[degree] += 1

    years = {year: YearFigures(year, total=total) for year, total in totals.items()}
    for date, channel, besuch_id, kontakt_id in all_orders:
        if besuch_id is None and kontakt_id in roots:
            besuch_id = contact_visit.get(roots[kontakt_id][1])
        if (figures := visit_format.get(besuch_id)) is not None:
            figures.order_dates.append((date, visit_number[besuch_id]))
        year = years.setdefault(date.year, YearFigures(date.year))
        year.logged += 1
        year.networking += channel in NETWORK_CHANNELS
    for visit in all_visits:
        years.setdefault(visit.date.year, YearFigures(visit.date.year))

    by_format = sorted(formats.values(), key=lambda f: (-f.has_pattern, -f.order_count, -f.visit_count, f.name))
    by_year = sorted(years.values(), key=lambda y: y.year)
    return {
        "visit_count": len(all_visits),
        "contact_count": len(contacts),
        "order_count": len(all_orders),
        "formats": by_format,
        "has_pattern": any(f.has_pattern for f in by_format),
        "years": by_year,
        # The charts' rows; the tables beside them show the same figures.
        "worth_rows": [(f.name, f.worth_it_percent) for f in by_format if f.has_pattern],
        "year_rows": [(str(y.year), y.share_percent) for y in by_year],
        "author_share": AUTHOR_NETWORK_SHARE,
    }
