"""The suite runs on the database DATABASE_URL names, configured as the design says."""

import os

from django.db import connection

import pytest

pytestmark = pytest.mark.django_db


def test_suite_runs_on_the_database_that_database_url_names():
    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"

    assert connection.vendor == expected


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings; this run is on PostgreSQL")
    with connection.cursor() as cursor:
        journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        busy_timeout = cursor.execute("PRAGMA busy_timeout").fetchone()[0]

    assert journal_mode == "wal"
    assert busy_timeout >= 5000
    assert connection.transaction_mode == "IMMEDIATE"


def test_postgresql_connections_are_reused_and_health_checked():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL settings; this run is on SQLite")

    assert connection.settings_dict["CONN_MAX_AGE"] == 600
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.pg_version >= 150000


def test_postgresql_never_jit_compiles_a_web_requests_queries():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL settings; this run is on SQLite")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")

        assert cursor.fetchone()[0] == "off"
