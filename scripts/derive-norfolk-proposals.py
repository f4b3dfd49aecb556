#!/usr/bin/env python3
"""Derives the Norfolk pack's three proposals from the pack's own centre events and budget.

Run from the repository root: python3 scripts/derive-norfolk-proposals.py
Nothing is invented: each centre's decision and reason is the pack's event for that date and
stage (with its sources); a centre with no such event is written as 'unknown'.
"""
import csv
import io
import os

PACK = "Data/norfolk"
COLUMNS = ["record", "id", "value", "decision", "reason", "amalgamated_with", "sessions_move_to", "current_gbp", "proposed_gbp"]

centres = [r["id"] for r in csv.DictReader(open(f"{PACK}/centres.csv", encoding="utf-8"))]
events = list(csv.DictReader(open(f"{PACK}/centre_events.csv", encoding="utf-8")))
budget = list(csv.DictReader(open(f"{PACK}/budget_lines.csv", encoding="utf-8")))


def event(centre, date, stage):
    found = [e for e in events if e["centre_id"] == centre and e["date"] == date and e["stage"] == stage]
    assert len(found) <= 1, (centre, date, stage)
    return found[0] if found else None


def reason(e):
    return f"{e['note']} [sources: {e['source_ids'].replace(';', ', ')}]"


def write(fields, decisions, budget_rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for key, value in fields:
        w.writerow(["proposal", key, value, "", "", "", "", "", ""])
    for centre, decision, why in decisions:
        w.writerow(["decision", centre, "", decision, why, "", "", "", ""])
    for line_id, name, current, proposed in budget_rows:
        w.writerow(["budget", line_id, name, "", "", "", "", current, proposed])
    ident = dict(fields)["id"]
    with open(f"{PACK}/proposals/{ident}.csv", "w", encoding="utf-8") as f:
        f.write(out.getvalue())


def decisions(date, stage, mapping):
    rows = []
    for c in centres:
        e = event(c, date, stage)
        status = e["status"] if e else "unknown"
        rows.append((c, mapping.get(status, status), reason(e) if e else "No event for this date in the pack's sources."))
    return rows


status_quo_budget = [(b["id"], b["name"], b["current_gbp"], b["current_gbp"]) for b in budget]
decided_budget = [(b["id"], b["name"], b["current_gbp"], b["proposed_gbp"]) for b in budget]

write(
    [
        ("id", "network-2018"),
        ("title", "Network as of 2018"),
        ("author", "Norfolk County Council"),
        ("organisation", "Norfolk County Council"),
        ("version", "1"),
        ("status", "decided"),
        ("summary", "The status quo before the redesign: all 53 designated children's centres open as bases, "
         "spending today's budget (£10,232,177 a year, the 'current' column of the January 2019 budget)."),
        ("sources", "U2 S20"),
    ],
    decisions("2018-09-17", "reported", {"designated": "base"}),
    status_quo_budget,
)
write(
    [
        ("id", "proposal-2018-09"),
        ("title", "September 2018 consultation proposal: 7 bases"),
        ("author", "Norfolk County Council"),
        ("organisation", "Norfolk County Council"),
        ("version", "1"),
        ("status", "under-consultation"),
        ("published_on", "2018-09-17"),
        ("consultation_opens", "2018-09-17"),
        ("consultation_closes", "2018-11-12"),
        ("summary", "Keep 7 centres as bases (one per district) and de-designate the other 46, moving services into "
         "libraries, village halls and outreach. The pack holds no budget lines sourced to this proposal's "
         "own documents, so none are given here; the January 2019 decision carries the budget."),
        ("sources", "U1 U2 S18"),
    ],
    decisions("2018-09-17", "proposed", {}),
    [],
)
write(
    [
        ("id", "decision-2019-01"),
        ("title", "January 2019 decision: 15 bases"),
        ("author", "Norfolk County Council, Children's Services Committee"),
        ("organisation", "Norfolk County Council"),
        ("version", "2"),
        ("revises", "proposal-2018-09"),
        ("change_note", "After the consultation (1,576 responses) the revised proposal kept 15 bases instead of 7 "
         "(two per district, three in Norwich) and de-designated 38 centres instead of 46."),
        ("status", "decided"),
        ("published_on", "2019-01-14"),
        ("decided_on", "2019-01-22"),
        ("summary", "15 bases and 38 de-designated centres, approved on 22 January 2019, with the budget cut from "
         "£10,232,177 to £5,232,177. The sources name 10 of the 15 bases and 24 of the 38 closures; the other "
         "19 centres' decisions are not known (5 of them are bases, 14 close), so they are counted apart."),
        ("sources", "U17 U5 U16 S20"),
    ],
    decisions("2019-01-22", "decided", {}),
    decided_budget,
)
