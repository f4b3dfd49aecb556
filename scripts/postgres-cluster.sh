#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback (no systemd needed) and prints the
# DATABASE_URL to use. Installs PostgreSQL from Debian's packages if it is missing.
#   eval "$(scripts/postgres-cluster.sh start)"   # sets DATABASE_URL and CENTRES_PG_DIR
#   scripts/postgres-cluster.sh stop "$CENTRES_PG_DIR"
# Tests run with fsync off (speed; the cluster is thrown away); CENTRES_PG_FSYNC=on gives the
# durable production setting, as the petition load benchmark uses; CENTRES_PG_OPTIONS adds
# server settings ("-c name=value …").
set -euo pipefail
port="${CENTRES_PG_PORT:-55432}"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

case "${1:-}" in
start)
  if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
    echo "Installing PostgreSQL from Debian's packages…" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
  bin="$(pg_bin)"
  dir="$(mktemp -d /tmp/centres-pg.XXXXXX)"
  chown postgres:postgres "$dir"
  runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${CENTRES_PG_FSYNC:-off} ${CENTRES_PG_OPTIONS:-}" start >/dev/null
  psql -q -h "$dir" -p "$port" -U postgres \
    -c "CREATE ROLE centres LOGIN PASSWORD 'centres'" -c "CREATE DATABASE centres OWNER centres" >/dev/null
  echo "export CENTRES_PG_DIR='$dir'"
  echo "export DATABASE_URL='postgres://centres:centres@127.0.0.1:$port/centres?sslmode=disable'"
  ;;
stop)
  dir="${2:?usage: $0 stop DIR}"
  if [ -f "$dir/data/postmaster.pid" ]; then
    runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start | stop DIR" >&2
  exit 2
  ;;
esac
