#!/usr/bin/env bash
# Runs a command with TEST_DATABASE_URL pointing at a throwaway PostgreSQL cluster on 127.0.0.1, then removes it.
# Usage: scripts/with-throwaway-postgres.sh <command> [args...]
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  if [ "${CI:-}" = "true" ] || [ "${REQUIRE_POSTGRES:-}" = "1" ]; then
    echo "PostgreSQL server binaries not found (apt-get install -y postgresql)." >&2
    exit 1
  fi
  echo "PostgreSQL is not installed: the end-to-end suite runs on SQLite only." >&2
  exec "$@"
fi

dir=$(mktemp -d /tmp/redress-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_pg=()
if [ "$(id -u)" = "0" ]; then
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U redress --auth=trust -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/log" \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null

export TEST_DATABASE_URL="postgres://redress@127.0.0.1:$port/postgres"
set +e
"$@"
status=$?
set -e
exit $status
