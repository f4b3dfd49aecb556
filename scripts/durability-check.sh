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
cleanup() {
  [ -n "$signers" ] && kill "$signers" 2>/dev/null
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  scripts/postgres-cluster.sh stop "$CENTRES_PG_DIR"
  rm -rf "$work"
}
trap cleanup EXIT
export LOG_LEVEL=warning CENTRES_TRUSTED_PROXIES=127.0.0.1 CENTRES_MAIL=log CENTRES_BCRYPT_COST=10
base="http://127.0.0.1:$port"

start_server() {
  "$binary" serve --port "$port" >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -fs "$base/health" >/dev/null && return; sleep 0.2; done
  echo "the server did not start:" >&2; tail -20 "$work/server.log" >&2; exit 1
}

start_server
make_user() {
  printf '%s\n' "correct horse battery staple" | "$binary" admin create-user "$@" >/dev/null
}
make_user --email organiser@example.org --name "Organiser" --role petition-organiser --organisation "Save Our Centres"
make_user --email moderator@example.org --name "Moderator" --role moderator
petition=$(python3 -c "import sys; sys.path.insert(0, 'scripts'); import centres_client as c; print(c.open_petition('$base'))")
token=$(curl -s -c - "$base/petitions/$petition" -o /dev/null | awk '$6 == "centres-csrf" { print $7 }')
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

start_server
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
