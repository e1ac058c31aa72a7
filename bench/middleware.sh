#!/usr/bin/env bash
# What each middleware costs: the trivial view (liveness, mounted at /healthz/bench behind the whole
# stack) under gunicorn (2 sync workers, production settings) with the full stack, with no
# middleware at all, and with each middleware removed in turn; plus the health probe, answered at
# the top of the stack. Configurations alternate in rounds, so machine noise hits all alike.
# Prints req/s (median of the rounds) and what removing each one gains, in microseconds a request.
# The view touches no database and no cache, so an empty database will do.
# Usage: bash bench/middleware.sh [seconds per configuration and round, default 4] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-4}
rounds=${2:-3}
command -v wrk >/dev/null || { echo "wrk fehlt: apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export DJANGO_SETTINGS_MODULE=bench.bench_settings SECRET_KEY="bench-$(date +%s)-not-secret-at-all-0123456789abcdef"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_COOKIES=false
export DATABASE_URL="sqlite:///$work/bench.sqlite3" STATIC_ROOT="$work/static" PYTHONPATH="$PWD:$PWD/site"
export LOG_LEVEL=WARNING CLIENT_REQUEST_LIMITS="" WAGTAILADMIN_BASE_URL="http://127.0.0.1"
mkdir -p "$work/static"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

mapfile -t stack < <(.venv/bin/python -c "import django; django.setup(); from django.conf import settings; print(*settings.MIDDLEWARE, sep='\n')")
configs=("full" "bare" "probe" $(printf -- "-%s " "${stack[@]}"))

measure() {  # $1: BENCH_MIDDLEWARE, $2: path
    local port
    port=$(free_port)
    BENCH_MIDDLEWARE="$1" WAGTAILADMIN_BASE_URL="http://127.0.0.1:$port" .venv/bin/gunicorn --pythonpath site \
        wsgi:application --bind "127.0.0.1:$port" --workers 2 --log-level warning >>"$work/gunicorn.log" 2>&1 &
    pid=$!
    local status=000
    for _ in $(seq 100); do
        status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$2") && [ "$status" != 000 ] && break
        sleep 0.1
    done
    # A stack that cannot answer without this one (authentication needs sessions) measures its error page.
    if [ "$status" = 200 ]; then
        wrk -t1 -c2 -d"${seconds}s" "http://127.0.0.1:$port$2" | awk '/Requests\/sec/ {print $2}'
    else
        echo "status$status"
    fi
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

declare -A rps
for round in $(seq "$rounds"); do
    for config in "${configs[@]}"; do
        case "$config" in
            full) rps[$config]+="$(measure "" /healthz/bench) " ;;
            bare) rps[$config]+="$(measure bare /healthz/bench) " ;;
            probe) rps[$config]+="$(measure "" /healthz/live) " ;;
            *) rps[$config]+="$(measure "$config" /healthz/bench) " ;;
        esac
    done
done

median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" $1; }
full=$(median "${rps[full]}")
echo
echo "Rechner: $(nproc) Kerne; gunicorn 2 sync workers; wrk 2 Verbindungen, ${rounds}x${seconds}s je Konfiguration (Median)"
echo "Gewinn: Zeit je Anfrage gegenüber dem ganzen Stapel (2 Worker: 2/req/s), in Mikrosekunden"
printf "%-62s %9s %10s %9s\n" "Konfiguration (Trivial-Ansicht /healthz/bench)" "req/s" "x ganzer" "Gewinn µs"
for config in "${configs[@]}"; do
    case "$config" in
        full) name="ganzer Stapel (${#stack[@]} Middleware)" ;;
        bare) name="ohne jede Middleware (nacktes Django)" ;;
        probe) name="Health-Probe /healthz/live (oben beantwortet)" ;;
        *) name="ohne ${config#-}" ;;
    esac
    if [[ "${rps[$config]}" == *status* ]]; then
        printf "%-62s %9s   (antwortet %s: andere Middleware braucht sie)\n" "$name" "–" \
            "$(grep -o 'status[0-9]*' <<<"${rps[$config]}" | head -1 | cut -c7-)"
        continue
    fi
    r=$(median "${rps[$config]}")
    printf "%-62s %9.0f %10.2f %9.0f\n" "$name" "$r" "$(python3 -c "print($full / $r)")" \
        "$(python3 -c "print(2e6 / $full - 2e6 / $r)")"
done
