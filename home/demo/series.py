"""The series "Richtig Netzwerken" as the author announced it: one networking format a week.

Part 1 is the founding text; the other parts are text files in texts/ in the same plain
format: the first line is the title, the first paragraph the intro, "•" lines a list, "> "
lines a quote (its last line "> — " the source), a short line without a full stop a heading.
"""

import datetime
from pathlib import Path

from django.utils import timezone
from django.utils.html import escape

from wagtail.rich_text import RichText

HERE = Path(__file__).resolve().parent

SERIES = {
    "slug": "richtig-netzwerken",
    "title": "Richtig Netzwerken",
    "description": "Eine wöchentliche Serie: jedes Mal ein Netzwerk-Format, gemessen an drei Fragen.",
}

# A new part every Monday at 07:00 (site time). Parts up to LIVE_PARTS are out when the demo
# is loaded, the newest on the last Monday; the rest wait for the coming Mondays.
PUBLISH_WEEKDAY = 0
PUBLISH_TIME = datetime.time(7, 0)
LIVE_PARTS = 7

PARTS = [
    {
        "part": 1,
        "slug": "richtig-netzwerken",
        "file": "richtig-netzwerken.txt",
        "tags": ["Netzwerken", "Vertrieb", "Erfahrungen"],
        "formats": [],
    },
    {
        "part": 2,
        "slug": "das-unternehmerfruehstueck",
        "file": "texts/teil-2.txt",
        "tags": ["Unternehmerfrühstück", "Empfehlungen", "Netzwerken"],
        "formats": ["unternehmerfruehstueck"],
    },
    {
        "part": 3,
        "slug": "business-speed-dating",
        "file": "texts/teil-3.txt",
        "tags": ["Speed-Dating", "Einstieg", "Netzwerken"],
        "formats": ["business-speed-dating"],
    },
    {
        "part": 4,
        "slug": "die-fachmesse",
        "file": "texts/teil-4.txt",
        "tags": ["Messe", "Informationen", "Vorbereitung"],
        "formats": ["fachmesse"],
    },
    {
        "part": 5,
        "slug": "der-unternehmerstammtisch",
        "file": "texts/teil-5.txt",
        "tags": ["Stammtisch", "Vertrauen", "Netzwerken"],
        "formats": ["unternehmerstammtisch"],
    },
    {
        "part": 6,
        "slug": "der-ihk-netzwerkabend",
        "file": "texts/teil-6.txt",
        "tags": ["IHK", "Informationen", "Vorträge"],
        "formats": ["ihk-netzwerkabend"],
    },
    {
        "part": 7,
        "slug": "das-barcamp",
        "file": "texts/teil-7.txt",
        "tags": ["Barcamp", "Informationen", "Netzwerken"],
        "formats": ["barcamp"],
    },
    {
        "part": 8,
        "slug": "der-serviceclub",
        "file": "texts/teil-8.txt",
        "tags": ["Serviceclub", "Empfehlungen", "Verbindlichkeit"],
        "formats": ["serviceclub", "business-club"],
    },
    {
        "part": 9,
        "slug": "online-netzwerkevents",
        "file": "texts/teil-9.txt",
        "tags": ["Online", "Netzwerken"],
        "formats": ["online-netzwerkevent"],
    },
]


def part_text(part):
    return (HERE / part["file"]).read_text(encoding="utf-8")


def post_blocks(text):
    """Turns a post's text into (title, intro, StreamField data)."""
    lines = text.strip().splitlines()
    title = lines[0].strip()
    paragraphs = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
    intro, rest = paragraphs[0], paragraphs[1:]
    body = []
    for paragraph in rest:
        rows = [row.strip() for row in paragraph.splitlines()]
        if all(row.startswith("•") for row in rows):
            body.append(("list", {"style": "ul", "items": [row.lstrip("• ").strip() for row in rows]}))
        elif all(row.startswith(">") for row in rows):
            rows = [row.lstrip("> ").strip() for row in rows]
            source = rows.pop().lstrip("— ") if rows[-1].startswith("—") else ""
            body.append(("quote", {"text": " ".join(rows), "attribution": source}))
        elif len(rows) == 1 and len(rows[0]) < 40 and not rows[0].endswith((".", "?", "!")):
            body.append(("heading", {"text": rows[0], "level": "h2"}))
        else:
            body.append(("paragraph", RichText("<p>" + "<br/>".join(escape(row) for row in rows) + "</p>")))
    return title, intro, body


def part_monday(part, *, now):
    """When a part is (or will be) published: the newest live part on the last Monday 07:00 that
    has passed, each other part a week before or after its neighbour.

    Counted in calendar days and made aware per date, so a part stays at 07:00 across a change
    to or from summer time.
    """
    local = timezone.localtime(now)
    monday = local.date() - datetime.timedelta(days=(local.weekday() - PUBLISH_WEEKDAY) % 7)
    if monday == local.date() and local.time() < PUBLISH_TIME:
        monday -= datetime.timedelta(weeks=1)
    day = monday + datetime.timedelta(weeks=part - LIVE_PARTS)
    return timezone.make_aware(datetime.datetime.combine(day, PUBLISH_TIME))
