#!/usr/bin/env bash
# Proves the production settings boot against PostgreSQL and Redis: run inside with_postgres.sh,
# it starts a throw-away Redis on loopback, then runs the Procfile's release step, the deploy
# checks, collectstatic and gunicorn, and asks the running site for pages.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?run me through scripts/with_postgres.sh}"
command -v redis-server >/dev/null || { echo "redis-server fehlt: apt-get install redis-server" >&2; exit 1; }

work=$(mktemp -d)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
redis_port=$(free_port)
web_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
redis=$!
trap 'kill $redis ${web:-} 2>/dev/null || true; rm -rf "$work"' EXIT

export DJANGO_SETTINGS_MODULE=settings.production
export SECRET_KEY="smoke-$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1 WAGTAILADMIN_BASE_URL="http://127.0.0.1:$web_port"
export REDIS_URL="redis://127.0.0.1:$redis_port/0" STATIC_ROOT="$work/static"
export SECURE_SSL_REDIRECT=false PYTHONPATH="$PWD:$PWD/site" PATH="$PWD/.venv/bin:$PATH"
py=.venv/bin/python

for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
# The Procfile's release step, as written there.
release=$(sed -n 's/^release: //p' Procfile)
bash -c "$release" >"$work/release.log"
SECURE_SSL_REDIRECT=true $py manage.py check --deploy --fail-level WARNING
$py manage.py collectstatic --noinput -v0
DEMO_SITE_PORT="$web_port" $py manage.py load_demo_content >/dev/null
$py manage.py shell -c "
from django.core.cache import cache
from django.db import connection
assert connection.vendor == 'postgresql', connection.vendor
from django.core.cache import caches; from django_redis.cache import RedisCache
assert isinstance(caches['default'], RedisCache), type(caches['default'])
cache.set('smoke', 'ok'); assert cache.get('smoke') == 'ok'
print('PostgreSQL', connection.pg_version, '· Redis-Cache ok')
"
.venv/bin/gunicorn --pythonpath site wsgi:application --bind "127.0.0.1:$web_port" --workers 2 >"$work/web.log" 2>&1 &
web=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$web_port/healthz/live" >/dev/null && break; sleep 0.2; done
for path in / /blog/richtig-netzwerken/ /formate/barcamp/ /feeds/beitraege/atom/ /sitemap.xml; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$web_port$path")
    [ "$status" = 200 ] || { echo "FEHLER: $path antwortet $status"; cat "$work/web.log"; exit 1; }
done
cache_state=$(curl -s -D - -o /dev/null "http://127.0.0.1:$web_port/formate/barcamp/" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-page-cache" {print $2}')
[ "$cache_state" = hit ] || { echo "FEHLER: zweiter Abruf nicht aus dem Redis-Cache ($cache_state)"; exit 1; }
echo "Produktions-Smoke-Test: 5 Seiten 200, Seiten-Cache in Redis, check --deploy sauber"
