# Shell functions shared by the petition load benchmark and the durability check (source it).
# Each runs a built `centres` against the DATABASE_URL already exported.

# start_server BINARY PORT LOG: starts `serve`, sets $server, waits for /health (or fails).
start_server() {
  "$1" serve --port "$2" >>"$3" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$2/health" >/dev/null && return; sleep 0.2; done
  echo "the server did not start:" >&2; tail -20 "$3" >&2; exit 1
}

# petition_accounts BINARY: an organiser (of "Save Our Centres") and a moderator, sharing
# centres_client.py's password.
petition_accounts() {
  printf '%s\n' "correct horse battery staple" | "$1" admin create-user --email organiser@example.org \
    --name "Organiser" --role petition-organiser --organisation "Save Our Centres" >/dev/null
  printf '%s\n' "correct horse battery staple" | "$1" admin create-user --email moderator@example.org \
    --name "Moderator" --role moderator >/dev/null
}

# open_petition BASE: drafts, sends and approves a petition through the staff pages; sets
# $petition, $token (a CSRF cookie value the signing clients send back) and $privacy (the privacy
# notice's version, which the signing form's box must carry), and exports CENTRES_PRIVACY_VERSION.
open_petition() {
  petition=$(python3 -c "import sys; sys.path.insert(0, 'scripts'); import centres_client as c; print(c.open_petition('$1'))")
  token=$(curl -s -c - "$1/petitions/$petition" -o /dev/null | awk '$6 == "centres-csrf" { print $7 }')
  privacy=$(curl -s "$1/petitions/$petition" | sed -n 's/.*name="privacy" value="\([^"]*\)".*/\1/p' | head -1)
  [ -n "$privacy" ] || { echo "open_petition: no privacy box on the petition page" >&2; exit 1; }
  export CENTRES_PRIVACY_VERSION="$privacy"
}
