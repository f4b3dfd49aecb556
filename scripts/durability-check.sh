#!/usr/bin/env bash
# Issue 7 §5, the durability check: the built server signs on PostgreSQL under load from eight
# threads, is killed with SIGKILL once at least 300 signatures have been acknowledged, and is
# restarted. Every acknowledged signature must be stored once with its confirmation mail queued;
# everyone then signs again and nobody may be stored twice. Uses its own PostgreSQL cluster.
#   scripts/durability-check.sh [binary=.build/debug/centres]
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-.build/debug/centres}"
port=18096
work="$(mktemp -d)"
eval "$(CENTRES_PG_PORT=55438 CENTRES_PG_FSYNC=on scripts/postgres-cluster.sh start)"
server=""
signers=""
# Every step may fail (a process already gone) without stopping the rest: under `set -e` a failed
# kill used to end the clean-up early and leave the server and the cluster running.
cleanup() {
  if [ -n "$signers" ]; then kill "$signers" 2>/dev/null || true; fi
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  scripts/postgres-cluster.sh stop "$CENTRES_PG_DIR" || true
  rm -rf "$work"
}
trap cleanup EXIT
export LOG_LEVEL=warning CENTRES_TRUSTED_PROXIES=127.0.0.1 CENTRES_MAIL=log CENTRES_BCRYPT_COST=10
base="http://127.0.0.1:$port"

source scripts/petition-helpers.sh
start_server "$binary" "$port" "$work/server.log"
petition_accounts "$binary"
open_petition "$base"
touch "$work/acked" "$work/attempted"

python3 Tests/durability/kill_during_signing.py sign "$base" "$petition" "$token" "$work/acked" "$work/attempted" &
signers=$!
for _ in $(seq 1 600); do
  [ "$(wc -l <"$work/acked")" -ge 300 ] && break
  kill -0 "$signers" 2>/dev/null || { echo "the signers stopped before the kill" >&2; exit 1; }
  sleep 0.1
done
kill -9 "$server"
status=0; wait "$server" || status=$?
[ "$status" -eq 137 ] || { echo "the server ended with $status, not by SIGKILL" >&2; exit 1; }
wait "$signers" || { echo "the signers failed" >&2; exit 1; }
signers=""
echo "killed with SIGKILL after $(wc -l <"$work/acked") acknowledged of $(wc -l <"$work/attempted") attempted signatures"

start_server "$binary" "$port" "$work/server.log"
python3 Tests/durability/kill_during_signing.py check-acked "$DATABASE_URL" "$petition" "$work/acked"
# The check can fail: with one acknowledged signature deleted it must (the retry restores it).
one=$(head -1 "$work/acked")
psql "$DATABASE_URL" -q -c "DELETE FROM signatures WHERE email = 'durable$one@outlook.com'"
if python3 Tests/durability/kill_during_signing.py check-acked "$DATABASE_URL" "$petition" "$work/acked" >/dev/null 2>&1; then
  echo "the check did not notice a deleted signature" >&2; exit 1
fi
python3 Tests/durability/kill_during_signing.py retry "$base" "$petition" "$token" "$work/attempted"
python3 Tests/durability/kill_during_signing.py check-final "$DATABASE_URL" "$petition" "$work/attempted"
echo "durability check: passed"
