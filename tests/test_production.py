"""Production settings: safe by `check --deploy`, loud when a secret is missing, served by gunicorn with whitenoise."""

import gzip
import json
import re
import subprocess
import sys
import urllib.request

import pytest

from tests.processes import ROOT, free_port, manage, production_env, start_gunicorn, wait_for_http

# Each spec starts the site's own processes, which do not care which database the suite runs on.
pytestmark = pytest.mark.processes


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    del env["SECRET_KEY"]

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _settings_under(env):
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "db = s.DATABASES['default']; "
        "print(json.dumps({'engine': db['ENGINE'], 'name': db['NAME'], 'host': db.get('HOST'), "
        "'conn_max_age': db['CONN_MAX_AGE'], 'options': db.get('OPTIONS', {}), "
        "'cache': s.CACHES['default']['BACKEND'], 'cache_location': s.CACHES['default'].get('LOCATION'), "
        "'email_backend': s.EMAIL_BACKEND, 'email_host': getattr(s, 'EMAIL_HOST', None), "
        "'email_port': getattr(s, 'EMAIL_PORT', None), 'email_tls': getattr(s, 'EMAIL_USE_TLS', None), "
        "'hosts': s.ALLOWED_HOSTS, 'csrf': s.CSRF_TRUSTED_ORIGINS, 'tasks': s.TASKS['default']['BACKEND'], "
        "'static': s.STORAGES['staticfiles']['BACKEND'], 'debug': s.DEBUG}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_settings_come_from_the_environment():
    loaded = _settings_under(
        production_env(
            DATABASE_URL="postgres://netzwerk:geheim@db.internal:5432/netzwerk",
            REDIS_URL="redis://cache.internal:6379/0",
            EMAIL_URL="submission://mailer:geheim@mail.internal:587",
        )
    )

    assert loaded["engine"] == "django.db.backends.postgresql"
    assert (loaded["name"], loaded["host"], loaded["conn_max_age"]) == ("netzwerk", "db.internal", 600)
    assert loaded["cache"] == "pagecache.backends.FailOpenRedisCache"
    assert loaded["cache_location"] == "redis://cache.internal:6379/0"
    assert loaded["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (loaded["email_host"], loaded["email_port"], loaded["email_tls"]) == ("mail.internal", 587, True)
    assert loaded["hosts"] == ["netzwerk-formate.de", "127.0.0.1"]
    assert loaded["csrf"] == ["https://netzwerk-formate.de"]
    assert loaded["tasks"] == "django_tasks_db.DatabaseBackend"
    assert loaded["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert loaded["debug"] is False


def test_production_without_redis_shares_its_cache_through_the_database():
    loaded = _settings_under(production_env(DATABASE_URL="postgres://u@db.internal/netzwerk"))

    assert loaded["cache"] == "django.core.cache.backends.db.DatabaseCache"


def test_embedded_default_is_sqlite_in_wal_mode_with_console_email_and_a_shared_file_cache():
    env = production_env()
    env["DJANGO_SETTINGS_MODULE"] = "settings.dev"

    loaded = _settings_under(env)

    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["name"].endswith("db.sqlite3")
    assert "journal_mode=WAL" in loaded["options"]["init_command"]
    assert loaded["options"]["transaction_mode"] == "IMMEDIATE"
    assert loaded["options"]["timeout"] >= 5
    assert loaded["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert loaded["cache"] == "django.core.cache.backends.filebased.FileBasedCache"
    # make run starts the worker, which only works a database queue.
    assert loaded["tasks"] == "django_tasks_db.DatabaseBackend"


@pytest.mark.slow
def test_gunicorn_serves_the_site_and_compressed_hashed_static_files(tmp_path):
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_SSL_REDIRECT="false",
    )
    assert manage("collectstatic", "--noinput", env=env).returncode == 0
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed_css = manifest["paths"]["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed_css)

    port = free_port()
    # As the Procfile runs it, but from another folder: nothing may depend on the working directory.
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed after the server
    server = start_gunicorn(port, env, log, cwd=tmp_path)
    try:
        live = wait_for_http(f"http://127.0.0.1:{port}/healthz/live")
        assert live.status == 200

        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/static/{hashed_css}", headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
            assert response.headers["Content-Encoding"] == "gzip"
            assert "immutable" in response.headers["Cache-Control"]
            assert b"Netzwerk-Formate" in gzip.decompress(response.read())
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
