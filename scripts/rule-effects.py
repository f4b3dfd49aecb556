#!/usr/bin/env python3
"""What each street and transfer rule does to the times, on the public Helsinki fixtures.

Runs `centres matrix` with the default rules and with each option changed, on 200 × 50 seeded
points (random.Random(21)) in the extract, and prints per variant: cells compared, the share whose
time changed by more than a minute, the mean change, and how many cells became (un)reachable.
docs/travel-times.md quotes its output. Usage: scripts/rule-effects.py [.build/release/centres]
"""
import csv
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CENTRES = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/centres")
PBF = os.path.join(ROOT, "Tests/Fixtures/helsinki/helsinki_centre.osm.pbf")
GTFS = os.path.join(ROOT, "Tests/Fixtures/helsinki/hsl_gtfs_2022-02-22.zip")
TRANSIT = ["--mode", "transit", "--gtfs", GTFS, "--date", "2022-02-22", "--window", "09:00-09:10"]


def points(path, prefix, n, rng):
    with open(path, "w") as f:
        f.write("id,lat,lon\n")
        for i in range(n):
            f.write(f"{prefix}{i},{rng.uniform(60.1642, 60.1791):.6f},{rng.uniform(24.9352, 24.9534):.6f}\n")


def run(work, name, args, origins="o.csv"):
    out = os.path.join(work, name + ".csv")
    subprocess.run(
        [CENTRES, "matrix", "--origins", os.path.join(work, origins), "--destinations", os.path.join(work, "d.csv"),
         "--osm", PBF, "--precision", "seconds", "--out", out] + args,
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        rows = list(csv.reader(f))
    return [None if r[2] == "" else float(r[2]) for r in rows[1:]]


def compare(label, base, other):
    both = [(a, b) for a, b in zip(base, other) if a is not None and b is not None]
    over = sum(1 for a, b in both if abs(a - b) > 1)
    mean = sum(b - a for a, b in both) / len(both) if both else 0
    lost = sum(1 for a, b in zip(base, other) if a is not None and b is None)
    gained = sum(1 for a, b in zip(base, other) if a is None and b is not None)
    print(f"| {label} | {len(both)} | {100 * over / max(1, len(both)):.1f} % | {mean:+.2f} | {lost} | {gained} |")


def main():
    rng = random.Random(21)
    with tempfile.TemporaryDirectory() as work:
        points(os.path.join(work, "o.csv"), "o", 200, rng)
        points(os.path.join(work, "d.csv"), "d", 50, rng)
        points(os.path.join(work, "t.csv"), "t", 60, rng)
        print("| variant (against the defaults) | cells timed by both | changed > 1 min | mean change (min) | became unreachable | became reachable |")
        print("|---|---|---|---|---|---|")
        walk = run(work, "walk", ["--mode", "walk"])
        compare("walk: snap distance not walked (`--no-walk-snap`)", walk, run(work, "w1", ["--mode", "walk", "--no-walk-snap"]))
        compare("walk: no straight across (`--no-straight-across`)", walk, run(work, "w2", ["--mode", "walk", "--no-straight-across"]))
        compare("walk: snap radius 25 m (`--snap-radius 25`)", walk, run(work, "w3", ["--mode", "walk", "--snap-radius", "25"]))
        car = run(work, "car", ["--mode", "car"])
        compare("car: snap distance not walked", car, run(work, "c1", ["--mode", "car", "--no-walk-snap"]))
        transit = run(work, "transit", TRANSIT, origins="t.csv")
        compare("transit: transfers within 1,000 m (`--transfer-radius 1000`)", transit,
                run(work, "t1", TRANSIT + ["--transfer-radius", "1000"], origins="t.csv"))
        compare("transit: snap distance not walked", transit, run(work, "t2", TRANSIT + ["--no-walk-snap"], origins="t.csv"))
        compare("transit: walk limit 400 m (`--max-walk 400`)", transit,
                run(work, "t3", TRANSIT + ["--max-walk", "400"], origins="t.csv"))


if __name__ == "__main__":
    main()
