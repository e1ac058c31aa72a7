#!/usr/bin/env bash
# Runs the given command against a throw-away PostgreSQL server: a fresh cluster in a
# temp folder, listening on its Unix socket there and on a free loopback port, owned by an
# unprivileged user (PostgreSQL refuses to run as root), stopped and removed on exit.
# DATABASE_URL points at it.
set -euo pipefail

# Inside another run of this script (`make test` keeps one cluster for all its steps): that cluster.
if [ -n "${NETZWERK_TEST_CLUSTER:-}" ]; then
    exec "$@"
fi

bindir=""
if command -v pg_ctl >/dev/null 2>&1; then
    bindir=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
else
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "PostgreSQL-Server nicht gefunden. Installieren Sie ihn, z. B.: apt-get install postgresql" >&2
    exit 1
fi

tmp=$(mktemp -d)
here=$(pwd)
# The unprivileged owner may not enter the caller's folder (e.g. /root).
cd "$tmp"
as_owner=()
if [ "$(id -u)" = 0 ]; then
    owner=postgres
    id "$owner" >/dev/null 2>&1 || owner=nobody
    chown "$owner" "$tmp"
    as_owner=(runuser -u "$owner" --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Durability off: this cluster lives for one test run. No autovacuum and no WAL beyond crash recovery: the
# specs' rolled-back rows kept its workers busy with three test databases at once (some 13 % of the server's CPU).
"${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w start \
    -o "-h 127.0.0.1 -p $port -k $tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 \
        -c autovacuum=off -c wal_level=minimal -c max_wal_senders=0" >/dev/null

# Through the cluster's Unix socket, not TCP: the suite's queries round-trip some 15 % faster.
socket_dir=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$tmp")
export DATABASE_URL="postgres://postgres@$socket_dir:$port/postgres" NETZWERK_TEST_CLUSTER=$tmp
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') in $tmp (Port $port)"
cd "$here"
"$@"
