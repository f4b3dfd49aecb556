#!/usr/bin/env bash
# Fuzzes the JSON API against its own OpenAPI document with schemathesis (from PyPI). Starts the
# built server (.build/debug/centres) on a temporary SQLite file with the Norfolk pack, adds what a
# fresh pack lacks through the staff pages (Tests/api-fuzz/seed.py: an open petition, a launched
# consultation, a retired centre and venue), runs every operation in /api/v1/openapi.json with
# generated valid and invalid inputs (real ids and edge values mixed in by
# Tests/api-fuzz/schemathesis.toml), and fails on any finding: a 5xx, a status code the document
# does not list, a wrong content type, or a body that does not match the documented schema. Then
# fails too if the server died or /health is not 200. Deterministic (fixed seed, one worker, no
# example database) and bounded (examples per operation, request timeout, a 300 s limit on the run).
# Reports (JUnit XML, NDJSON) go to CENTRES_FUZZ_REPORT_DIR when set.
# Port: CENTRES_FUZZ_PORT (default 18098).
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -c "import schemathesis" 2>/dev/null && [ "$(python3 -m schemathesis.cli --version)" = "schemathesis, version 4.32.5" ] ||
  python3 -m pip install -q --root-user-action=ignore "schemathesis==4.32.5"

[ -x .build/debug/centres ] || { echo "api-fuzz: .build/debug/centres is missing; run swift build first" >&2; exit 1; }

work="$(mktemp -d)"
port="${CENTRES_FUZZ_PORT:-18098}"
base="http://127.0.0.1:$port"
export CENTRES_SQLITE_PATH="$work/fuzz.sqlite" DATABASE_URL= LOG_LEVEL=warning
# shellcheck source=scripts/petition-helpers.sh
source scripts/petition-helpers.sh
start_server .build/debug/centres "$port" "$work/server.log"
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

# Staff accounts for the seeding (the server has migrated the database by now).
account() {
  printf '%s\n' "correct horse battery staple" | CENTRES_BCRYPT_COST=10 .build/debug/centres admin create-user \
    --name "API Fuzz" "$@" >/dev/null
}
account --email editor@example.org --role network-editor
account --email organiser@example.org --role petition-organiser --organisation "Save Our Centres"
account --email moderator@example.org --role moderator
account --email consultation@example.org --role consultation-manager
python3 Tests/api-fuzz/seed.py "$base"

reports="${CENTRES_FUZZ_REPORT_DIR:-$work/report}"
status=0
# examples: the document's own examples; coverage: boundary and invalid values of every parameter;
# fuzzing: --max-examples random cases per operation (positive and negative). No stateful phase:
# the document has no links. One worker, so the order of requests (and the rate limits they meet)
# is the same on every run.
timeout 300 python3 -m schemathesis.cli --config-file Tests/api-fuzz/schemathesis.toml \
  run "$base/api/v1/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing \
  --mode all \
  --max-examples "${CENTRES_FUZZ_MAX_EXAMPLES:-50}" \
  --seed "${CENTRES_FUZZ_SEED:-20190101}" \
  --generation-database none \
  --workers 1 \
  --request-timeout 30 \
  --suppress-health-check all \
  --continue-on-failure \
  --report junit,ndjson --report-dir "$reports" \
  --no-color || status=$?

if ! kill -0 "$server" 2>/dev/null; then
  echo "api-fuzz: the server died during the run; its log follows" >&2
  tail -n 50 "$work/server.log" >&2
  exit 1
fi
health="$(curl -s -o /dev/null -w '%{http_code}' "$base/health" || true)"
if [ "$health" != 200 ]; then
  echo "api-fuzz: /health answered $health after the run" >&2
  exit 1
fi
if [ "$status" != 0 ]; then
  echo "api-fuzz: schemathesis found problems (exit $status)" >&2
  exit "$status"
fi
echo "api-fuzz: no findings; the server is up and healthy"
