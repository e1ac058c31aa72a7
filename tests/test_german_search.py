"""German search (issue 14): compound parts, inflections and ae/oe/ue spellings find the page,
title matches come first, snippets mark the matches and escape the text, and the no-results hint
only suggests words that find something. Real requests to /suche/ on the real database."""

import re
from html import unescape
from urllib.parse import unquote

import pytest

from core import german
from tests.factories import BlogPostPageFactory, FormatPageFactory

pytestmark = pytest.mark.django_db

TEASER_TITLE = re.compile(r'<h2 class="teaser__title"><a href="[^"]*">(.*?)</a></h2>', re.S)
HINT = re.compile(r'<a href="/suche/\?q=([^"]+)" rel="nofollow">')


@pytest.fixture
def formats(a_format_index):
    # Every factory page mentions "Frühstück" in its description, so ranking has to choose.
    return {
        title: FormatPageFactory(parent=a_format_index, title=title, summary=summary)
        for title, summary in [
            ("Fachmesse", "Aussteller und Besucher einer Branche an einem Ort."),
            ("Unternehmerfrühstück", "Unternehmer treffen sich früh am Morgen."),
            ("Unternehmer-Stammtisch", "Einmal im Monat in der Kneipe."),
            ("Barcamp", "Eine Unkonferenz ohne Programm."),
        ]
    }


def titles(client, query):
    html = client.get("/suche/", {"q": query}).content.decode()
    return [unescape(re.sub(r"<[^>]+>", "", title)) for title in TEASER_TITLE.findall(html)]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("Messe", "Fachmesse"),  # part of a compound
        ("Frühstücks", "Unternehmerfrühstück"),  # inflected part of a compound
        ("Fruehstueck", "Unternehmerfrühstück"),  # ue for ü
        ("Stammtische", "Unternehmer-Stammtisch"),  # plural
        ("Barcamps", "Barcamp"),  # English plural
        ("Unternehmerfruehstueck", "Unternehmerfrühstück"),
        ("Stamm", "Unternehmer-Stammtisch"),  # the start of a word, as typed
    ],
)
def test_word_parts_inflections_and_spellings_find_the_page_first(client, formats, query, title):
    assert titles(client, query)[:1] == [title]


def test_a_query_with_umlauts_finds_a_page_spelt_without(client, a_blog, formats):
    BlogPostPageFactory(parent=a_blog, title="Gruenderabend in Muenchen", intro="Grosse Runde.")

    assert titles(client, "Gründerabend München") == ["Gruenderabend in Muenchen"]
    assert titles(client, "große") == ["Gruenderabend in Muenchen"]


def test_title_matches_come_before_matches_in_the_text(client, a_blog, formats):
    BlogPostPageFactory(parent=a_blog, title="Mein Herbst", intro="Drei Messen, ein Messestand und eine Messe.")

    assert titles(client, "Messe") == ["Fachmesse", "Mein Herbst"]
    assert titles(client, "Frühstück")[0] == "Unternehmerfrühstück"


def test_snippets_mark_the_match_and_escape_the_text(client, a_blog, formats):
    BlogPostPageFactory(
        parent=a_blog, title="Standdienst", intro='Auf der Fachmesse: <script>alert("x")</script> & Visitenkarten.'
    )

    html = client.get("/suche/", {"q": "<b>Messen</b>"}).content.decode()

    assert "Fach<mark>messe</mark>" in html  # the title, and the snippet of the post
    assert (
        "Auf der Fach<mark>messe</mark>: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Visitenkarten."
        in html
    )
    assert "<script>alert" not in html and "<b>Messen</b>" not in html


def test_without_hits_the_hint_only_names_words_that_find_something(client, formats, a_format_index):
    FormatPageFactory(parent=a_format_index, title="Speed-Dating", live=False)

    html = client.get("/suche/", {"q": "xyzzy"}).content.decode()
    hints = [unquote(unescape(hint)) for hint in HINT.findall(html)]

    assert "Keine Treffer für „xyzzy“." in html
    assert hints and "Speed-Dating" not in hints  # a draft finds nothing
    for hint in hints:
        assert titles(client, hint), hint


def test_without_formats_the_hint_names_none(client, a_format_index):
    html = client.get("/suche/", {"q": "Messe"}).content.decode()

    assert "Keine Treffer für „Messe“." in html
    assert not HINT.findall(html) and "Barcamp" not in html


def test_a_hostile_texts_overlong_words_are_stemmed_but_never_kept_in_memory(client):
    """Every process keeps the stems of words it has seen; a query of 20,000-letter "words" must not fill it."""
    for cached in (german.stem, german.word_parts, german._word_terms):
        cached.cache_clear()

    response = client.get("/suche/", {"q": " ".join(("ä" * 20_000)[:-n] for n in range(1, 9))})
    german.index_text("x" * 20_000, "y" * 65)

    assert response.status_code == 200
    assert [cached.cache_info().currsize for cached in (german.stem, german.word_parts, german._word_terms)] == [
        0,
        0,
        0,
    ]
    # Words of a real length are still kept.
    german.index_text("Netzwerkabend")
    assert german.stem.cache_info().currsize > 0 and german.word_parts.cache_info().currsize == 1
