"""No lost update: concurrent submissions over real database connections leave exact aggregates."""

import pytest

from accounts.services import account_delete
from formats.models import QUESTIONS, Rating
from formats.selectors import rating_summary
from formats.services import rating_submit
from tests.factories import RatingFactory, ReaderFactory
from tests.helpers import run_concurrently

# serialized_rollback: the flush after each test would otherwise drop the data migrations left (locales, site).
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.slow]

SUBMITTERS = 20


def recomputed(format_page):
    rows = list(Rating.objects.filter(format_page=format_page, is_hidden=False).values(*QUESTIONS))
    n = len(rows)
    return {
        "count": n,
        "worth_it": sum(1 for row in rows if max(row.values()) >= 4),
        **{q: [sum(1 for row in rows if row[q] == s) for s in range(5, 0, -1)] for q in QUESTIONS},
        **{f"mean_{q}": sum(row[q] for row in rows) / n if n >= 3 else None for q in QUESTIONS},
    }


def reported(format_page):
    summary = rating_summary(format_page=format_page)
    return {
        "count": summary.count,
        "worth_it": summary.worth_it.count,
        **{q.key: [count for _, count, _ in q.distribution] for q in summary.questions},
        **{f"mean_{q.key}": q.mean for q in summary.questions},
    }


def assert_exact(format_page):
    expected, actual = recomputed(format_page), reported(format_page)
    for key in expected:
        if key.startswith("mean_") and expected[key] is not None:
            assert actual[key] == pytest.approx(expected[key]), key
        else:
            assert actual[key] == expected[key], key


def test_twenty_readers_rating_at_once_each_get_exactly_one_row(a_format_page):
    readers = ReaderFactory.create_batch(SUBMITTERS)
    scores = [
        {"contacts": 1 + i % 5, "information": 1 + (i * 2) % 5, "fun": 1 + (i * 3) % 5} for i in range(SUBMITTERS)
    ]

    run_concurrently(
        [
            (lambda r=r, s=s: rating_submit(reader=r, format_page=a_format_page, scores=s))
            for r, s in zip(readers, scores, strict=True)
        ]
    )

    assert Rating.objects.filter(format_page=a_format_page).count() == SUBMITTERS
    for reader in readers:
        assert Rating.objects.filter(format_page=a_format_page, reader=reader).count() == 1
    assert_exact(a_format_page)


def test_one_reader_submitting_twenty_times_at_once_keeps_one_row(a_format_page):
    reader = ReaderFactory()
    RatingFactory.create_batch(3, format_page=a_format_page)

    run_concurrently(
        [
            (
                lambda i=i: rating_submit(
                    reader=reader,
                    format_page=a_format_page,
                    scores={"contacts": 1 + i % 5, "information": 3, "fun": 3},
                )
            )
            for i in range(SUBMITTERS)
        ]
    )

    assert Rating.objects.filter(format_page=a_format_page, reader=reader).count() == 1
    assert_exact(a_format_page)


def test_reader_flipping_between_one_and_five_ends_on_a_submitted_rating(a_format_page):
    reader = ReaderFactory()
    RatingFactory.create_batch(3, format_page=a_format_page, contacts=3, information=3, fun=3)
    rating_submit(reader=reader, format_page=a_format_page, scores={"contacts": 1, "information": 1, "fun": 1})

    flips = [1 if i % 2 else 5 for i in range(SUBMITTERS)]
    run_concurrently(
        [
            (
                lambda v=v: rating_submit(
                    reader=reader, format_page=a_format_page, scores={"contacts": v, "information": v, "fun": v}
                )
            )
            for v in flips
        ]
    )

    final = Rating.objects.get(format_page=a_format_page, reader=reader)
    assert (final.contacts, final.information, final.fun) in {(1, 1, 1), (5, 5, 5)}
    assert_exact(a_format_page)


def test_deleting_an_account_drops_exactly_that_readers_ratings(a_format_page):
    leaving = ReaderFactory()
    RatingFactory.create_batch(4, format_page=a_format_page, contacts=2, information=2, fun=2)
    rating_submit(reader=leaving, format_page=a_format_page, scores={"contacts": 5, "information": 5, "fun": 5})
    before = reported(a_format_page)

    account_delete(user=leaving)

    after = reported(a_format_page)
    assert after["count"] == before["count"] - 1
    assert after["worth_it"] == before["worth_it"] - 1
    assert after["mean_contacts"] == 2
    assert_exact(a_format_page)
