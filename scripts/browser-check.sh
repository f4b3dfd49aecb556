#!/usr/bin/env bash
# Starts the built server on a temporary SQLite file with the Norfolk pack, runs the real-browser
# checks in Tests/browser (axe-core accessibility, the near-me form without JavaScript, phone
# width), and stops the server. Installs Chromium, its driver and the Python packages if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi
python3 -c "import selenium, axe_selenium_python" 2>/dev/null ||
  python3 -m pip install -q --root-user-action=ignore "selenium==4.51.0" "axe-selenium-python==2.1.6"

work="$(mktemp -d)"
port="${CENTRES_BROWSER_PORT:-18099}"
CENTRES_SQLITE_PATH="$work/browser.sqlite" DATABASE_URL= LOG_LEVEL=warning \
  .build/debug/centres serve --port "$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 150); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.2
done
# A staff account for the sign-in checks (the server has migrated the database by now).
printf '%s\n' "correct horse battery staple" | CENTRES_SQLITE_PATH="$work/browser.sqlite" DATABASE_URL= LOG_LEVEL=warning \
  .build/debug/centres admin create-user --email browser@example.org --name "Browser Check" --role planner >/dev/null
printf '%s\n' "correct horse battery staple" | CENTRES_SQLITE_PATH="$work/browser.sqlite" DATABASE_URL= LOG_LEVEL=warning \
  .build/debug/centres admin create-user --email admin@example.org --name "Admin Check" --role administrator >/dev/null
printf '%s\n' "correct horse battery staple" | CENTRES_SQLITE_PATH="$work/browser.sqlite" DATABASE_URL= LOG_LEVEL=warning \
  .build/debug/centres admin create-user --email editor@example.org --name "Editor Check" --role network-editor >/dev/null
printf '%s\n' "correct horse battery staple" | CENTRES_SQLITE_PATH="$work/browser.sqlite" DATABASE_URL= LOG_LEVEL=warning \
  .build/debug/centres admin create-user --email organiser@example.org --name "Organiser Check" --role petition-organiser \
  --organisation "Save Our Centres" >/dev/null
printf '%s\n' "correct horse battery staple" | CENTRES_SQLITE_PATH="$work/browser.sqlite" DATABASE_URL= LOG_LEVEL=warning \
  .build/debug/centres admin create-user --email moderator@example.org --name "Moderator Check" --role moderator >/dev/null
printf '%s\n' "correct horse battery staple" | CENTRES_SQLITE_PATH="$work/browser.sqlite" DATABASE_URL= LOG_LEVEL=warning \
  .build/debug/centres admin create-user --email consultation@example.org --name "Consultation Check" \
  --role consultation-manager >/dev/null
command -v pdftotext >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils
python3 Tests/browser/check_pages.py "http://127.0.0.1:$port"
