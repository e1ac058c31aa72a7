"""Garbage collection on the suite's schedule: once every ten specs, not whenever allocations pile up.

The ORM and the template engine allocate millions of short-lived objects per minute of specs, and
CPython's collector kept walking them, and Django, Wagtail and the collected specs with them. Now the
objects that live for the whole run (loaded before the first spec) are frozen, which no collection walks
again, and a spec's cyclic garbage is collected at most ten specs later. What survives that collection
(templates compiled, modules imported, caches filled on first use) is frozen too, so the next one walks
only what the last ten specs left behind. Reference counting still frees everything else at once.
Measured with `gc.callbacks`: on four heavy modules (2 workers) collecting took 3.5 and 2.6 s of the
workers' 44 s of CPU before, 1.5 and 1.6 s of 42 s after; on the whole SQLite run, freezing the
survivors took it from 4.5 and 5.2 s per worker to 2.0 and 2.0 s, at the same peak memory (221 and 295 MB).

Migrating the template database (tests/prebuilt_db.py) collects less often too: about 15 % less CPU for
some 45 MB more memory. With the collector off altogether, the migration needed 500 MB: what a run
without the template (`-n 0`) still spends, whose migration happens inside pytest-django's session fixture.
"""

import gc
from contextlib import contextmanager

import pytest

EVERY = 10

_specs_run = 0


def pytest_configure(config):
    # What collecting the specs makes lives for the whole run: nothing to collect there.
    gc.disable()


@contextmanager
def fewer_collections():
    """For migrating: Django renders thousands of model states, and most of them live until it ends."""
    was_enabled, before = gc.isenabled(), gc.get_threshold()
    gc.set_threshold(100_000, 50, 1_000)
    gc.enable()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if not was_enabled:
            gc.disable()


def pytest_collection_finish(session):
    gc.collect()
    gc.freeze()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before this spec's fixtures, when the last spec's have been let go: what survives lives for the run.
    global _specs_run
    if _specs_run and _specs_run % EVERY == 0:
        gc.collect()
        gc.freeze()
    _specs_run += 1
