#!/usr/bin/env bash
# Benchmark: gunicorn (2 sync workers, production settings) on 127.0.0.1, load from wrk in a second
# process, 2 connections, URLs alternated in rounds so machine noise hits all alike. Prints requests
# per second, p50/p99 latency and the time ratio to a trivial view measured in the same run: the
# liveness view behind the whole middleware stack (/healthz/bench, bench/bench_settings.py), as the probe
# itself was before core.middleware.HealthProbeMiddleware answered it at the top.
# Usage: bash bench/run.sh [seconds per URL and round, default 5] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
rounds=${2:-3}
command -v wrk >/dev/null || { echo "wrk fehlt: apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
export DJANGO_SETTINGS_MODULE=bench.bench_settings SECRET_KEY="bench-$(date +%s)-not-secret-at-all-0123456789abcdef"
export ALLOWED_HOSTS=127.0.0.1 WAGTAILADMIN_BASE_URL="http://127.0.0.1:$port" SECURE_SSL_REDIRECT=false
export SECURE_COOKIES=false DATABASE_URL="sqlite:///$work/bench.sqlite3" STATIC_ROOT="$work/static"
export PYTHONPATH="$PWD:$PWD/site" DEMO_SITE_PORT="$port" LOG_LEVEL=WARNING
# wrk sends everything from one loopback address: the per-client ceiling would answer 429.
export CLIENT_REQUEST_LIMITS=""
py=.venv/bin/python
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT

# Redis as in production (REDIS_URL); without redis-server the database cache stands in.
if command -v redis-server >/dev/null; then
    redis_port=$(free_port)
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
    pids+=($!)
    export REDIS_URL="redis://127.0.0.1:$redis_port/0"
    for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    cache="Redis"
else
    cache="Datenbank-Cache (redis-server fehlt)"
fi

$py manage.py migrate --noinput -v0
$py manage.py createcachetable
$py manage.py collectstatic --noinput -v0
echo "Baue Daten: Demo-Inhalte, 1.000 Bewertungen, 1.000 Kommentare …"
$py bench/populate.py > "$work/queries.txt"
css=$(python3 -c "import json,sys; print(json.load(open('$work/static/staticfiles.json'))['paths']['css/site.css'])")

session=$(awk '$1=="SESSION" {print $2}' "$work/queries.txt")
.venv/bin/gunicorn --pythonpath site wsgi:application --bind "127.0.0.1:$port" --workers 2 \
    --log-level warning > "$work/gunicorn.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz/live" >/dev/null && break; sleep 0.2; done

base="http://127.0.0.1:$port"
# name|url|extra header. "uncached": a session cookie bypasses the page cache, as for every
# signed-in reader (figures and unchanged threads still come from the cache); "signed in": a reader.
guest="Cookie: sessionid=bench"
reader="Cookie: sessionid=$session"
targets=(
    "trivial (/healthz/bench)|$base/healthz/bench|"
    "health probe (/healthz/live)|$base/healthz/live|"
    "home|$base/|"
    "home, uncached|$base/|$guest"
    "blog index|$base/blog/|"
    "blog index, uncached|$base/blog/|$guest"
    "blog post|$base/blog/richtig-netzwerken/|"
    "blog post, uncached|$base/blog/richtig-netzwerken/|$guest"
    "format index|$base/formate/|"
    "format index, uncached|$base/formate/|$guest"
    "format 1000/1000, cached|$base/formate/barcamp/|"
    "format 1000/1000, uncached|$base/formate/barcamp/|$guest"
    "format 1000/1000, signed in|$base/formate/barcamp/|$reader"
    "feed (RSS)|$base/feeds/beitraege/rss/|"
    "static file (whitenoise)|$base/static/$css|"
)
declare -A rps p50 p99
to_ms() { python3 -c "import re,sys; v,u=re.match(r'([\d.]+)(\w+)','$1').groups(); print(float(v)*{'us':0.001,'ms':1,'s':1000}[u])"; }
for round in $(seq "$rounds"); do
    for target in "${targets[@]}"; do
        IFS='|' read -r name url header <<<"$target"
        args=(-t1 -c2 -d"${seconds}s" --latency)
        [ -n "$header" ] && args+=(-H "$header")
        out=$(wrk "${args[@]}" "$url")
        rps[$name]+="$(awk '/Requests\/sec/ {print $2}' <<<"$out") "
        p50[$name]+="$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")") "
        p99[$name]+="$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")") "
    done
done

median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" $1; }
trivial=$(median "${rps[trivial (/healthz/bench)]}")
echo
echo "Rechner: $(nproc) Kerne; gunicorn 2 sync workers; Cache: $cache; wrk 2 Verbindungen, ${rounds}x${seconds}s je URL (Median)"
echo "queries: SQL-Abfragen beim kalten Rendern (nichts gemerkt, wie direkt nach einer Änderung)"
echo "         / warm (Seitenteile aus dem Cache, wie im Lauf gemessen); 'signed in': Leserin mit Bewertung, Likes, Abo"
printf "%-34s %10s %9s %9s %9s %8s\n" "URL" "req/s" "p50 ms" "p99 ms" "x trivial" "queries"
for target in "${targets[@]}"; do
    IFS='|' read -r name url header <<<"$target"
    r=$(median "${rps[$name]}")
    path=${url#"$base"}
    kind=QUERIES
    [[ "$name" == *"signed in" ]] && kind=QUERIES_SIGNED_IN
    q=$(awk -v k="$kind" -v p="$path" '$1==k && $2==p {print $3}' "$work/queries.txt")
    warm=$(awk -v k="WARM_$kind" -v p="$path" '$1==k && $2==p {print $3}' "$work/queries.txt")
    [ -n "$warm" ] && q="$q/$warm"
    [[ -z "$header" && "$name" != trivial* && "$name" != health* && "$name" != feed* && "$name" != static* ]] && q="0 (Cache)"
    printf "%-34s %10.0f %9.2f %9.2f %9.1f %8s\n" "$name" "$r" "$(median "${p50[$name]}")" "$(median "${p99[$name]}")" \
        "$(python3 -c "print($trivial / $r)")" "${q:--}"
done
