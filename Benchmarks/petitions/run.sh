#!/usr/bin/env bash
# The petition load benchmark (issue 7 §5): signing over loopback against the production setup —
# a release build of `centres serve` on PostgreSQL with fsync and synchronous commit on — while
# other clients read the petition's page and JSON feed. Results go to docs/benchmarks.md by hand.
#   Benchmarks/petitions/run.sh [seconds=60] [signing connections=64] [readers=8] [reader pause ms=40]
# Needs wrk (Debian's `wrk`, installed if missing) and python3; run from anywhere in the clone.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}" connections="${2:-64}" readers="${3:-8}" pause="${4:-40}"
port=18097
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

swift build -c release --product centres >&2
work="$(mktemp -d)"
eval "$(CENTRES_PG_PORT=55439 CENTRES_PG_FSYNC=on CENTRES_PG_OPTIONS="-c log_autovacuum_min_duration=0 ${BENCH_PG_OPTIONS:-}" \
  scripts/postgres-cluster.sh start)"
: "${DATABASE_URL:?PostgreSQL did not start (is another cluster on port 55439?)}"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  scripts/postgres-cluster.sh stop "$CENTRES_PG_DIR"
  rm -rf "$work"
}
trap cleanup EXIT
export CENTRES_ENV=production LOG_LEVEL=warning CENTRES_TRUSTED_PROXIES=127.0.0.1 CENTRES_MAIL=log
export CENTRES_DB_CONNECTIONS="${CENTRES_DB_CONNECTIONS:-8}"
source scripts/petition-helpers.sh
petition_accounts .build/release/centres
start_server .build/release/centres "$port" "$work/server.log"
base="http://127.0.0.1:$port"
open_petition "$base"
# Real Norfolk postcodes from the pack, spread over the county.
awk -F, 'NR > 1 && NR % 50 == 0 { print $1 }' Data/norfolk/postcodes.csv >"$work/postcodes.txt"

echo "petition $petition; $(wc -l <"$work/postcodes.txt") postcodes; ${seconds}s; $connections signing connections; $readers readers pausing ${pause} ms" >&2
# Warm-up, not measured: the first requests open database connections and load the postcode
# index, the areas' outlines and the templates; a server meeting a surge has done all of that.
wrk -t2 -c"$connections" -d10s -s Benchmarks/petitions/sign.lua "$base" -- "$petition" "$token" "$work/postcodes.txt" 1 "$privacy" >/dev/null
wrk -t2 -c"$readers" -d"${seconds}s" --latency -s Benchmarks/petitions/read.lua "$base" -- "$petition" "$pause" >"$work/read.txt" &
reads=$!
wrk -t2 -c"$connections" -d"${seconds}s" --latency --timeout 10s -s Benchmarks/petitions/sign.lua "$base" \
  -- "$petition" "$token" "$work/postcodes.txt" 2 "$privacy" >"$work/sign.txt"
wait "$reads"

echo "== signing"; cat "$work/sign.txt"
echo "== reading the count"; cat "$work/read.txt"
echo "== in the database"
psql "$DATABASE_URL" -At -c "SELECT state, count(*) FROM signatures WHERE petition_id = '$petition' GROUP BY state"
psql "$DATABASE_URL" -At -c "SELECT 'duplicate people: ' || count(*) FROM (SELECT canonical_email, name_key FROM signatures GROUP BY 1, 2 HAVING count(*) > 1) d"
psql "$DATABASE_URL" -At -c "SELECT 'confirmation mails queued: ' || count(*) FROM outbox"
echo "== PostgreSQL's log (checkpoints, autovacuum)"
grep -E "checkpoint|automatic" "$CENTRES_PG_DIR/server.log" | tail -5 || true
psql "$DATABASE_URL" -At -c "SELECT 'mails sent during the run: ' || count(*) FROM outbox WHERE sent_at IS NOT NULL"
echo "== machine"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(free -g | awk '/Mem/ { print $2 }') GB"
psql "$DATABASE_URL" -At -c "SELECT version()"; psql "$DATABASE_URL" -At -c "SHOW fsync" -c "SHOW synchronous_commit"
grep -v "^\s*$" "$work/server.log" | grep -iv "mail (log)" | tail -5 || true
