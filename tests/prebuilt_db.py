"""One migrated test database per run, cloned for each xdist worker.

Migrating costs some 20 s of CPU, nearly all of it Django rendering migration states, and every
worker used to pay it. The controller now migrates once, before it starts the workers, and clones
the result with Django's own `clone_test_db` (what `manage.py test --parallel` does) under the
name each worker's pytest-django looks for (`<test name>_gw0`, …). The workers keep that database
as `--reuse-db` would, and their `migrate` finds nothing to do. A clone holds the schema and the
migrations' data, nothing more: each spec still builds its own data. The controller drops the
clones and the template when the run ends.

`make test` migrates the PostgreSQL template even earlier, beside the SQLite run, whose start leaves a
core idle (`python -m tests.prebuilt_db`); it then tells the controller so (MIGRATED), which keeps that
database as it is.

A plain `pytest` or `-n 0` builds its database as pytest-django always did.
"""

import os

from django.db import connection

import pytest
from pytest_django.plugin import blocking_manager_key

from tests.garbage import fewer_collections

# Set by the controller before it starts the workers, who inherit its environment.
PREBUILT = "NETZWERK_PREBUILT_TEST_DB"
# Set by `make test` for a run whose template database it has migrated already.
MIGRATED = "NETZWERK_TEST_DB_MIGRATED"


def _workers(config):
    if hasattr(config, "workerinput") or getattr(config.option, "dist", "no") == "no":
        return []
    return [f"gw{number}" for number in range(getattr(config.option, "numprocesses", 0) or 0)]


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    """In the controller, before xdist starts the workers (its own sessionstart runs last)."""
    workers = _workers(session.config)
    if not workers:
        return
    original = connection.settings_dict["NAME"]
    with session.config.stash[blocking_manager_key].unblock():
        migrate_template(keep=bool(os.environ.get(MIGRATED)))
        connection.close()  # SQLite folds its write-ahead log into the file before the copy
        for worker in workers:
            connection.creation.clone_test_db(suffix=worker, verbosity=0)
    session.config._prebuilt_test_db = (original, workers)
    os.environ[PREBUILT] = "1"


def migrate_template(*, keep=False):
    """The test database every worker's is cloned from; `keep` takes the one already there (its `migrate` finds
    nothing to do)."""
    with fewer_collections():
        connection.creation.create_test_db(verbosity=0, autoclobber=not keep, serialize=False, keepdb=keep)


def pytest_sessionfinish(session):
    original, workers = getattr(session.config, "_prebuilt_test_db", (None, []))
    if original is None:
        return
    with session.config.stash[blocking_manager_key].unblock():
        for worker in workers:
            connection.creation.destroy_test_db(verbosity=0, suffix=worker)
        connection.creation.destroy_test_db(original, verbosity=0)


@pytest.fixture(scope="session")
def django_db_keepdb(request):
    """pytest-django's own, and true in a worker whose database the controller cloned for it."""
    return bool(request.config.getvalue("reuse_db") or os.environ.get(PREBUILT))


if __name__ == "__main__":
    import django

    django.setup()
    migrate_template()
