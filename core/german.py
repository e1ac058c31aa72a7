"""German search terms: one normalisation for what is indexed, what is asked and what is marked.

Both database backends (SQLite FTS5, PostgreSQL) see the same plain ASCII-ish terms, so a query
finds the same pages on either. Each word becomes:

- folded: lower case, ä/ö/ü/ß spelt ae/oe/ue/ss, other accents dropped, so "Frühstück" and
  "Fruehstueck" are one word;
- stemmed with Snowball's German stemmer, so "Stammtische" and "Frühstücks" meet "Stammtisch"
  and "Frühstück";
- split: the stems of all its endings of at least MIN_PART letters are indexed too. German glues
  nouns into compounds ("Fachmesse", "Unternehmerfrühstück") and no dictionary of parts keeps up
  with authors, so every ending is a candidate part. The search asks for each query term as a
  prefix (Wagtail's autocomplete), and a prefix of an ending is any part of the word: "Messe"
  finds "Fachmesse" without trigram indexes that only PostgreSQL or a rebuilt FTS5 table offer.
  The price is a bigger index and the odd false hit ("Tisch" in "praktisch"); ranking puts
  title matches first.
"""

import functools
import re
import unicodedata

from wagtail.search import index
from wagtail.search.query import And, Or, PlainText

import snowballstemmer

# A compound part is at least this long ("Camp", "Tisch"); shorter endings match too much.
MIN_PART = 4
# ... and leaves at least this much in front ("Bar|camp", "Tee|küche").
MIN_HEAD = 3
# Longer words are codes or links, not compounds; splitting them would only bloat the index.
MAX_SPLIT = 64
# A one-letter prefix finds nearly every page.
MIN_QUERY_WORD = 2
# Longer queries are sentences, not searches; each term costs a full-text condition.
MAX_TERMS = 8

WORD = re.compile(r"[^\W_]+")
FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Words that say nothing about a page; left out of queries (not of the index) unless a query has
# nothing else, so "die Messe" asks for "Messe" alone.
STOPWORDS = frozenset(
    """
    aber alle als am an auch auf aus bei bin bis da das dass dem den der des die doch du ein eine
    einem einen einer eines er es für hat ich ihr im in ist ja mit nach nicht noch nur oder sich sie
    sind so über um und uns vom von vor war was wie wir zu zum zur
    """.split()  # noqa: SIM905 - a word list reads better as text
)

_stemmer = snowballstemmer.stemmer("german")


def fold(word):
    """Lower case, umlauts and ß spelt out, other accents dropped: "Grüße" and "GRUESSE" are one word."""
    word = unicodedata.normalize("NFC", word.lower()).translate(FOLD)
    return "".join(char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char))


def _per_word(maxsize):
    """functools.lru_cache for words of up to MAX_SPLIT letters: longer ones (no German word is) are
    worked out each time, so a hostile text's 20,000-letter "words" never stay in memory."""

    def decorate(function):
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def per_word(word):
            return cached(word) if len(word) <= MAX_SPLIT else function(word)

        per_word.cache_info, per_word.cache_clear = cached.cache_info, cached.cache_clear
        return per_word

    return decorate


@_per_word(maxsize=100_000)
def stem(word):
    return _stemmer.stemWord(fold(word))


# Per word, not per occurrence: a page repeats its words, and every save indexes it anew.
# Bounded lower than stem()'s, as each entry holds up to MAX_SPLIT stems.
@_per_word(maxsize=10_000)
def word_parts(word):
    """(offset, stem) for the whole word and for each ending that may be a compound part."""
    parts = [(0, stem(word))]
    if len(word) <= MAX_SPLIT:
        parts += [(start, stem(word[start:])) for start in range(MIN_HEAD, len(word) - MIN_PART + 1)]
    return tuple(parts)


@_per_word(maxsize=10_000)
def _word_terms(word):
    """The word's distinct stems, whole word first."""
    return tuple(dict.fromkeys(part for _, part in word_parts(word)))


def index_text(*texts):
    """The terms to index for the given texts, as one space-separated string."""
    terms = []
    for text in texts:
        for word in WORD.findall(text):
            terms.extend(_word_terms(word))
    return " ".join(terms)


def query_terms(query):
    """The query's words as tuples of alternative stems, each to be found as a prefix."""
    words = [word.lower() for word in WORD.findall(query or "") if len(word) >= MIN_QUERY_WORD]
    words = [word for word in words if word not in STOPWORDS] or words
    terms = []
    for word in dict.fromkeys(words):
        alternatives = [stem(word)]
        # Snowball keeps the -s of English loanwords ("Barcamps", "Workshops") that German plurals
        # don't have, so the word without it counts too.
        if alternatives[0] == fold(word) and re.search(r"[^s]s$", word) and len(word) > MIN_PART:
            alternatives.append(alternatives[0][:-1])
        terms.append(tuple(alternatives))
    return terms[:MAX_TERMS]


def backend_query(terms):
    """Wagtail's query for the terms: every term, each as a prefix when run with autocomplete()."""
    clauses = [Or([PlainText(alt) for alt in alts]) if len(alts) > 1 else PlainText(alts[0]) for alts in terms]
    return clauses[0] if len(clauses) == 1 else And(clauses)


def match_spans(text, terms):
    """(start, end, term numbers) for each word in the text that query terms find.

    A word found by one of its parts is marked from that part on: "Fach<mark>messe</mark>".
    """
    spans = []
    for match in WORD.finditer(text or ""):
        start, found = None, set()
        for offset, part in word_parts(match.group()):
            hits = {number for number, alternatives in enumerate(terms) if part.startswith(alternatives)}
            if hits and start is None:
                start = match.start() + offset
            found |= hits
        if found:
            spans.append((start, match.end(), found))
    return spans


def terms_found(text, terms):
    """How many of the query terms the text holds."""
    return len(set().union(*(found for _, _, found in match_spans(text, terms))))


def page_texts(page):
    """The plain texts of the page's full-text fields other than the title, in index order."""
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            yield from _flatten(field.get_value(page))


def _flatten(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, dict):
        yield from _flatten(list(value.values()))
    elif value is not None:
        yield str(value)


def search_text(page):
    """Everything the site search should find the page by, as index terms."""
    return index_text(page.title, *page_texts(page))
