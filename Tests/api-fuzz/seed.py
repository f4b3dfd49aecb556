"""Gives the API fuzzer (scripts/api-fuzz.sh) records that a fresh Norfolk pack lacks, through the
same staff pages a person uses (scripts/centres_client.py): an open petition, a launched
consultation, and a retired centre and venue (whose ids then answer 410 Gone). The ids retired
here are named in Tests/api-fuzz/schemathesis.toml. Standard library only.

    python3 Tests/api-fuzz/seed.py BASE_URL
"""

import datetime
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
import centres_client as client  # noqa: E402

RETIRED = [("centre", "cc-attleborough-children-s-centre"), ("venue", "lib-acle-library")]


def retire(base):
    editor = client.Browser(base)
    editor.sign_in("editor@example.org")
    for kind, record in RETIRED:
        path = f"/staff/directory/{kind}/{record}"
        editor.submit(path, path + "/retire", {"action": "retire"})


def launch_consultation(base):
    manager = client.Browser(base)
    manager.sign_in("consultation@example.org")
    url, _ = manager.submit(
        "/staff/consultations/new", "/staff/consultations/new",
        {"title": "API fuzz: children's centres", "purpose": "Norfolk proposes seven bases and outreach.",
         "who_is_consulted": "Families with children under five", "other_channels": "Freepost CENTRES",
         "opens_on": datetime.date.today().isoformat(), "proposal_id": "proposal-2018-09"})
    staff = url.replace(base, "").split("?")[0].rstrip("/")
    manager.submit(staff + "/questions/new", staff + "/questions/new",
                   {"text": "Do you use a children's centre?", "kind": "single-choice", "options": "Yes\nNo"})
    manager.submit(staff, staff + "/state", {"action": "launch"})
    return staff.split("/")[-1]


def main():
    base = sys.argv[1].rstrip("/")
    retire(base)
    petition = client.open_petition(base, title="API fuzz: keep the children's centres open")
    consultation = launch_consultation(base)
    print(f"seeded: petition {petition}, consultation {consultation}, retired "
          + ", ".join(f"{k} {r}" for k, r in RETIRED))


if __name__ == "__main__":
    main()
