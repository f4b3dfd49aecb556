"""Signs a petition from several threads while the server is killed with SIGKILL and restarted
(the shell script around this does the killing), then checks in PostgreSQL that every signature
acknowledged to a signer is stored, once, with its confirmation mail queued.

  kill_during_signing.py sign BASE PETITION TOKEN ACKED_FILE ATTEMPTED_FILE   # until the server dies
  kill_during_signing.py retry BASE PETITION TOKEN ATTEMPTED_FILE            # everyone tries again
  kill_during_signing.py check-acked DATABASE_URL PETITION ACKED_FILE          # before anyone retries
  kill_during_signing.py check-final DATABASE_URL PETITION ATTEMPTED_FILE
"""

import os
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request


def submit(base, petition, token, n):
    """Posts signature n; True when the server acknowledged it."""
    body = urllib.parse.urlencode({
        "csrf": token, "name": f"Durable Signer {n}", "email": f"durable{n}@outlook.com", "postcode": "NR1 1AA",
        "reason": "live", "privacy": os.environ["CENTRES_PRIVACY_VERSION"]}).encode()
    req = urllib.request.Request(f"{base}/petitions/{petition}/sign", data=body, headers={
        "Cookie": f"centres-csrf={token}", "X-Forwarded-For": f"10.9.{n // 1280 % 256}.{n // 5 % 256}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status == 200 and "Check your email" in r.read().decode()


def sign(base, petition, token, acked_path, attempted_path, threads=8):
    lock, counter, refused = threading.Lock(), iter(range(1, 10_000_000)), []
    acked, attempted = open(acked_path, "a"), open(attempted_path, "a")

    def worker():
        while True:
            with lock:
                n = next(counter)
                attempted.write(f"{n}\n")
                attempted.flush()
            try:
                ok = submit(base, petition, token, n)
            except (urllib.error.URLError, ConnectionError, OSError):
                return  # the server is gone: this one may or may not have been stored
            if not ok:
                refused.append(n)
                return
            with lock:
                acked.write(f"{n}\n")
                acked.flush()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if refused:
        raise SystemExit(f"signatures {refused[:5]} were refused while the server was up")


def retry(base, petition, token, attempted_path):
    numbers = [int(x) for x in open(attempted_path).read().split()]
    refused = [n for n in numbers if not submit(base, petition, token, n)]
    if refused:
        raise SystemExit(f"after the restart, {len(refused)} signatures were refused, e.g. {refused[:5]}")
    print(f"after the restart all {len(numbers)} attempted signatures were sent again and acknowledged")


def rows(url, sql):
    out = subprocess.run(["psql", url, "-At", "-F", "|", "-c", sql], check=True, capture_output=True, text=True).stdout
    return [line.split("|") for line in out.splitlines() if line]


def stored_people(url, petition):
    """Signatory number → rows stored for them."""
    return {int(email.removeprefix("durable").split("@")[0]): int(n) for email, n in rows(
        url, f"SELECT email, count(*) FROM signatures WHERE petition_id = '{petition}' GROUP BY email")}


def check_acked(url, petition, acked_path):
    """Straight after the restart, before anyone signs again (a retry would hide a loss)."""
    acked = {int(x) for x in open(acked_path).read().split()}
    stored = stored_people(url, petition)
    mailed = {int(to.removeprefix("durable").split("@")[0]) for (to,) in rows(url, "SELECT DISTINCT to_address FROM outbox")
              if to.startswith("durable")}
    problems = []
    lost = sorted(acked - stored.keys())
    if lost:
        problems.append(f"{len(lost)} acknowledged signatures are missing, e.g. {lost[:5]}")
    unmailed = sorted(acked - mailed)
    if unmailed:
        problems.append(f"{len(unmailed)} acknowledged signatures have no confirmation mail, e.g. {unmailed[:5]}")
    twice = sorted(n for n, k in stored.items() if k > 1)
    if twice:
        problems.append(f"{len(twice)} signatories are stored more than once, e.g. {twice[:5]}")
    if problems:
        raise SystemExit("\n".join(problems))
    print(f"after the restart all {len(acked)} acknowledged signatures are stored once with their mail queued "
          f"({len(stored) - len(acked)} more were stored but not acknowledged before the kill)")


def check_final(url, petition, attempted_path):
    attempted = {int(x) for x in open(attempted_path).read().split()}
    stored = stored_people(url, petition)
    twice = sorted(n for n, k in stored.items() if k > 1)
    if twice:
        raise SystemExit(f"{len(twice)} signatories are stored more than once, e.g. {twice[:5]}")
    if stored.keys() != attempted:
        raise SystemExit(f"after the retry {len(stored)} people are stored, but {len(attempted)} tried to sign")
    print(f"after everyone signed again: {len(stored)} people, one row each")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"sign": sign, "retry": retry, "check-acked": check_acked, "check-final": check_final}[command](*args)
