#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#   scripts/with-postgres.sh CMD [ARGS...]
# Starts a fresh cluster in a temporary directory (unix socket + loopback port), exports
# DATABASE_URL for CMD, and always stops and removes the cluster afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

bindir=$(pg_bindir)
if [ -z "$bindir" ]; then
    apt_install postgresql
    bindir=$(pg_bindir)
fi

tmp=$(mktemp -d /tmp/weerbaar-pg.XXXXXX)
chmod 755 "$tmp"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses to run as root: use the 'postgres' system user (created if absent).
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$tmp"
    run_as=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
    "${run_as[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"${run_as[@]}" "$bindir/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log" >&2; exit 1; }
"${run_as[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -s \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c track_commit_timestamp=on" \
    start || { cat "$tmp/server.log" >&2; exit 1; }
"${run_as[@]}" "$bindir/createdb" -h "$tmp" -p "$port" -U postgres weerbaar

export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/weerbaar"
echo "weerbaar: throwaway PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
set +e
"$@"
rc=$?
set -e
exit $rc
