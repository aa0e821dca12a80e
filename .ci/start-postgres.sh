#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the store tests and print the line to eval:
#   eval "$(bash .ci/start-postgres.sh)"   ->  export CLIENTKIT_TEST_PG_URL=postgresql+psycopg://...
# Installs nothing (.ci/run apt-installs `postgresql`). The cluster lives in a temp dir, runs as
# user `postgres` when started by root, listens on 127.0.0.1 on a free port with a random
# password (scram-sha-256), and holds an empty database `clientkit_test`. Everything except
# the export lines goes to stderr. Stop it with: pg_ctl -D "$CLIENTKIT_TEST_PG_DATA" stop
set -euo pipefail

say() { echo "start-postgres: $*" >&2; }

bindir=""
if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
  bindir=$(pg_config --bindir)
fi
if [ -z "$bindir" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1; then
  bindir=$(dirname "$(command -v initdb)")
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
  say "PostgreSQL server binaries (initdb, pg_ctl) not found; install the 'postgresql' package"
  exit 1
fi

if [ "$(id -u)" = 0 ]; then
  owner=postgres
  id "$owner" >/dev/null 2>&1 || { say "user 'postgres' does not exist"; exit 1; }
  as_owner() { runuser -u "$owner" -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/clientkit-pg.XXXXXX")
chmod 700 "$root"
chown "$owner" "$root"
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cd "$root"  # the postgres user must be able to read its working directory
umask 077
printf '%s\n' "$password" > "$root/pwfile"
chown "$owner" "$root/pwfile"

say "initdb ($bindir) in $root as $owner"
as_owner "$bindir/initdb" -D "$root/data" -U postgres -E UTF8 --no-locale \
  --auth-local=trust --auth-host=scram-sha-256 --pwfile="$root/pwfile" >"$root/initdb.log" 2>&1 \
  || { cat "$root/initdb.log" >&2; exit 1; }
rm -f "$root/pwfile"

say "starting on 127.0.0.1:$port"
as_owner "$bindir/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 \
  -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >&2 || { cat "$root/server.log" >&2; exit 1; }

for _ in $(seq 1 60); do
  if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then break; fi
  sleep 0.5
done
"$bindir/pg_isready" -h 127.0.0.1 -p "$port" >&2 || { cat "$root/server.log" >&2; exit 1; }

as_owner "$bindir/createdb" -h "$root" -p "$port" -U postgres clientkit_test
say "ready: database clientkit_test"

echo "export CLIENTKIT_TEST_PG_URL=postgresql+psycopg://postgres:${password}@127.0.0.1:${port}/clientkit_test"
echo "export CLIENTKIT_TEST_PG_DATA=${root}/data"
