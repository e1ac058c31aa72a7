"""The demo readers' ratings, written out so every load gives the same figures.

Six formats have enough ratings for means and shares, each with its own profile (the
breakfast wins on contacts, speed dating on fun, the trade fair on information); three
stay below the minimum, so the site shows "noch zu wenige Bewertungen" too. Readers who
comment on a format rated it in line with what they write (comments.py).

One line per rating: reader, Kontakte, Informationen, Spaß, then the optional facts –
2nd/3rd-degree contacts (ja/nein), business (ja/nein/noch), attendance (1, 2-5, 5+);
"-" where the reader left a fact out.
"""

RATINGS = {
    "unternehmerfruehstueck": """
        anna      5 3 3  ja    ja    5+
        joerg     4 3 2  ja    ja    2-5
        katrin    4 2 3  ja    noch  2-5
        michael   3 3 3  nein  nein  1
        claudia   5 4 3  ja    ja    5+
        holger    4 3 4  ja    ja    5+
        birgit    2 2 1  nein  nein  2-5
        andrea    4 4 3  -     noch  2-5
        uwe       5 3 4  ja    ja    5+
    """,
    "business-speed-dating": """
        thomas    3 1 5  nein  nein  1
        julia     4 2 5  ja    noch  1
        sven      2 1 4  nein  nein  1
        tobias    3 1 4  -     nein  2-5
        tanja     4 2 5  ja    ja    2-5
        lena      3 2 4  nein  noch  1
        patrick   1 1 2  nein  nein  1
    """,
    "fachmesse": """
        michael   4 5 2  ja    ja    5+
        dirk      4 5 3  ja    ja    5+
        markus    3 5 2  nein  noch  2-5
        jan       2 4 1  nein  nein  1
        christian 4 4 3  ja    ja    2-5
        matthias  5 5 2  ja    ja    5+
        oliver    3 4 2  -     noch  2-5
        stefan    3 5 3  nein  -     2-5
    """,
    "unternehmerstammtisch": """
        frank     4 2 5  ja    ja    5+
        sabine    3 2 5  ja    noch  2-5
        nicole    3 1 4  ja    noch  2-5
        petra     2 2 4  nein  nein  2-5
        melanie   4 3 5  ja    ja    5+
        monika    3 2 5  -     -     5+
        ralf      2 1 3  nein  nein  1
        heike     3 2 4  ja    noch  2-5
        kai       4 2 5  ja    ja    5+
        ines      2 1 4  nein  nein  1
    """,
    "barcamp": """
        sabine    4 5 5  ja    ja    2-5
        julia     5 5 5  ja    ja    2-5
        jan       3 5 4  ja    noch  1
        melanie   4 4 5  ja    noch  1
        tobias    4 5 5  ja    ja    5+
        susanne   3 4 4  nein  nein  1
        oliver    5 5 4  ja    ja    5+
        daniela   4 5 5  ja    noch  2-5
        miriam    4 4 5  ja    -     2-5
        lena      3 5 5  ja    noch  1
        alexander 2 3 2  nein  nein  1
    """,
    "serviceclub": """
        claudia   5 3 4  ja    ja    5+
        holger    5 2 4  ja    ja    5+
        christian 4 3 3  ja    ja    5+
        karin     5 3 5  ja    ja    5+
        uwe       4 2 3  ja    noch  5+
        stefan    3 2 2  nein  nein  2-5
    """,
    "ihk-netzwerkabend": """
        dirk      3 4 2  nein  noch  2-5
        birgit    2 4 2  -     -     1
    """,
    "online-netzwerkevent": """
        tanja     2 3 3  nein  nein  2-5
        ines      3 3 2  -     -     1
    """,
    "business-club": """
        matthias  4 3 3  ja    ja    5+
    """,
}

_SECOND_DEGREE = {"ja": True, "nein": False, "-": None}
_BUSINESS = {"ja": "yes", "nein": "no", "noch": "not_yet", "-": ""}
_ATTENDANCE = {"1": "1", "2-5": "2-5", "5+": "5+", "-": ""}


def rating_rows():
    """(format slug, reader key, scores, facts) for every rating above, in a fixed order."""
    for slug, table in RATINGS.items():
        for line in table.strip().splitlines():
            reader, contacts, information, fun, second_degree, business, attendance = line.split()
            scores = {"contacts": int(contacts), "information": int(information), "fun": int(fun)}
            facts = {
                "second_degree": _SECOND_DEGREE[second_degree],
                "led_to_business": _BUSINESS[business],
                "attendance": _ATTENDANCE[attendance],
            }
            yield slug, reader, scores, facts
