#!/usr/bin/env python3
"""CI check: the engine's street matrices (`centres matrix --osm`) against the Python peer, cell by cell.

    python3 Tests/peer/check_streets.py --centres .build/debug/centres \
        --pbf Tests/Fixtures/helsinki/helsinki_centre.osm.pbf

Seeded random points (random.Random(21)) over the extract's box, plus a few points outside it
(unreachable at the default 500 m snap radius, reachable at 2,000 m). For walk, cycle and car:

1. the engine with its defaults (`--precision seconds` where the build has it) against the peer
   with matched rules: every cell must agree (both unreachable, or within 0.01 min = 0.6 s;
   0.05 min if the engine only writes tenths);
2. the engine with `--no-walk-snap --no-straight-across --snap-radius 2000` against the peer with
   the same options, the same way (skipped, and said so, if the build lacks the options);
3. the engine and the peer with a `--max-time` short enough to bind (walk 5, cycle 2, car 2 min),
   so that cells at the limit are checked too;
4. for walk on the given extract, informational only (never fails): how far the peer under
   "peer-default" rules (OSMnx-style) is from the engine's default matrix.

The same runs (but 4) are repeated on two extracts this script generates (seeded): a grid with
every tag rule the Helsinki fixture lacks, missing nodes, repeated refs and zero-length segments;
and the same grid twice side by side, so that the largest strongly connected components tie.

Exits 1 on any disagreement under matched rules, 2 if the engine fails to run.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # leave no __pycache__ beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import streets_peer as peer  # noqa: E402

# The extract's box (Tests/Fixtures/helsinki/README.md): 24.9352–24.9534 E, 60.1642–60.1791 N.
BOX = (60.1642, 24.9352, 60.1791, 24.9534)  # min lat, min lon, max lat, max lon
MODES = ("walk", "cycle", "car")
OPTION_RUN = ["--no-walk-snap", "--no-straight-across", "--snap-radius", "2000"]
# A limit that binds (90 min never does over this 1.6 km box), so cells at the cut-off are checked too.
SHORT_LIMIT = {"walk": 5.0, "cycle": 2.0, "car": 2.0}


def make_points(rng: random.Random, n: int, prefix: str, far: int) -> list[tuple[str, float, float]]:
    """n points uniform in the box, then `far` points 0.6 to 1.5 km outside it."""
    min_lat, min_lon, max_lat, max_lon = BOX
    pts = []
    for i in range(n):
        lat = round(rng.uniform(min_lat, max_lat), 6)
        lon = round(rng.uniform(min_lon, max_lon), 6)
        pts.append((f"{prefix}{i}", lat, lon))
    for i in range(far):
        out_m = rng.uniform(600, 1500)
        side = i % 4
        if side == 0:  # north
            lat, lon = max_lat + out_m / 111_195, rng.uniform(min_lon, max_lon)
        elif side == 1:  # south
            lat, lon = min_lat - out_m / 111_195, rng.uniform(min_lon, max_lon)
        elif side == 2:  # east
            lat, lon = rng.uniform(min_lat, max_lat), max_lon + out_m / (111_195 * math.cos(math.radians(60.17)))
        else:  # west
            lat, lon = rng.uniform(min_lat, max_lat), min_lon - out_m / (111_195 * math.cos(math.radians(60.17)))
        pts.append((f"{prefix}far{i}", round(lat, 6), round(lon, 6)))
    return pts


# ---------------------------------------------------------------------------------------------
# A synthetic extract: every tag rule the Helsinki fixture lacks (mph, roundabouts, contraflow,
# hex and listed maxspeeds, …), missing nodes, repeated refs, zero-length segments (two nodes at
# one position: a snapping tie), and, in the "twin" variant, two identical grids so that the
# largest strongly connected components tie and the engine's tie-break is exercised.
# ---------------------------------------------------------------------------------------------

SYN_HIGHWAY = ["residential", "residential", "primary", "secondary", "tertiary", "service", "footway", "cycleway",
               "path", "track", "steps", "pedestrian", "motorway", "motorway_link", "trunk", "trunk_link",
               "living_street", "unclassified", "bridleway", "platform", "construction", "proposed", "corridor",
               "elevator", "busway", "road", "disused", "no", "crossing"]
SYN_OPTIONAL = {
    "oneway": ["yes", "1", "true", "-1", "reverse", "no", "0", "false", "alternating"],
    "junction": ["roundabout", "circular", "yes"],
    "oneway:bicycle": ["no", "yes", "-1"],
    "cycleway": ["opposite", "opposite_lane", "lane", "track"],
    "foot": ["yes", "designated", "no", "private", "use_sidepath", "permissive"],
    "bicycle": ["yes", "no", "dismount", "designated", "private"],
    "vehicle": ["no", "yes", "destination", "agricultural"],
    "motorcar": ["no", "yes", "customers", "delivery"],
    "motor_vehicle": ["no", "yes", "permit", "forestry"],
    "access": ["no", "private", "yes", "permissive", "emergency", "military", "official", "unknown"],
    "area": ["yes", "no"],
    "service": ["private", "driveway", "parking_aisle"],
    "sidewalk": ["separate", "both"],
    "maxspeed": ["30", "50 km/h", "20 mph", "20mph", "GB:nsl_single", "GB:nsl_dual", "UK:motorway", "50;30", "none",
                 "signals", "walk", "RU:urban", " 40 ", "0", "500", "30;", "5.5", "1e1", "+20", "0x14", "abc",
                 "15 kph", "60kmh", "30;abc", "70 km/h;50", "-30", ""],
}


def write_synthetic_pbf(path: str, rng: random.Random, twin: bool) -> tuple[float, float, float, float]:
    """A seeded grid network (20 x 20 nodes, about 50 m apart) as .osm.pbf; returns its box."""
    import osmium

    rows, cols, step = 20, 20, 0.00045  # about 50 m north-south at 51.5 N
    lat0, lon0 = 51.5, -0.12
    lon_step = step / math.cos(math.radians(lat0))
    copies = 2 if twin else 1
    ids = rng.sample(range(1, 5_000_000), copies * rows * cols + 200)
    nodes: dict[int, tuple[float, float]] = {}
    grid: list[list[list[int]]] = []
    jitter = [[(rng.uniform(-0.15, 0.15), rng.uniform(-0.15, 0.15)) for _ in range(cols)] for _ in range(rows)]
    for c in range(copies):
        g = []
        for r in range(rows):
            row = []
            for k in range(cols):
                nid = ids.pop()
                lat = lat0 + (r + jitter[r][k][0]) * step
                lon = lon0 + (k + jitter[r][k][1] + c * (cols + 12)) * lon_step
                nodes[nid] = (round(lat, 7), round(lon, 7))
                row.append(nid)
            g.append(row)
        grid.append(g)
    # Way layouts are drawn once and applied to every copy, so the copies are identical.
    layouts = []

    def runs(length, at):
        """Ways of 1–4 segments along one grid line, each sharing its end node with the next."""
        i = 0
        while i < length - 1:
            n = rng.randint(1, 4)
            layouts.append([at(x) for x in range(i, min(length, i + n + 1))])
            i += n

    for r in range(rows):
        runs(cols, lambda x, r=r: (r, x))
    for k in range(cols):
        runs(rows, lambda y, k=k: (y, k))
    for _ in range(30):  # diagonals
        r, k = rng.randrange(rows - 1), rng.randrange(cols - 1)
        layouts.append([(r, k), (r + 1, k + 1)])
    plans = []
    for cells in layouts:
        if rng.random() < 0.5:
            cells = cells[::-1]
        tags = {"highway": rng.choice(SYN_HIGHWAY)} if rng.random() < 0.97 else {"building": "yes"}
        for key, values in SYN_OPTIONAL.items():
            if rng.random() < 0.12:
                tags[key] = rng.choice(values)
        quirk = rng.random()
        plans.append((cells, tags, quirk, rng.randrange(len(cells))))
    ways = []
    twins: list[tuple[int, int]] = []
    for c in range(copies):
        for cells, tags, quirk, at in plans:
            refs = [grid[c][r][k] for r, k in cells]
            if quirk < 0.03:
                refs.insert(at, 9_000_000 + at)  # a node the extract lacks
            elif quirk < 0.06:
                refs.insert(at, refs[at])  # a repeated ref
            ways.append((refs, tags))
        for t in range(6):  # zero-length segments: a second node at a grid node's position
            r, k = (t * 7) % rows, (t * 11) % cols
            base = grid[c][r][k]
            other = ids.pop()
            nodes[other] = nodes[base]
            twins.append((base, other))
            ways.append(([base, other], {"highway": "footway" if t % 2 else "residential"}))
    w = osmium.SimpleWriter(path)
    try:
        for nid in sorted(nodes):
            lat, lon = nodes[nid]
            w.add_node(osmium.osm.mutable.Node(id=nid, location=(lon, lat)))
        for i, (refs, tags) in enumerate(ways):
            w.add_way(osmium.osm.mutable.Way(id=i + 1, nodes=refs, tags=tags))
    finally:
        w.close()
    lats = [p[0] for p in nodes.values()]
    lons = [p[1] for p in nodes.values()]
    return min(lats), min(lons), max(lats), max(lons)


def synthetic_points(rng: random.Random, box, n: int, prefix: str, pbf: str) -> list[tuple[str, float, float]]:
    """Points over the box and 300 m around it, a tenth of them exactly on nodes (zero-length ties)."""
    min_lat, min_lon, max_lat, max_lon = box
    pad_lat, pad_lon = 0.0027, 0.0027 / math.cos(math.radians(min_lat))
    ways, positions = peer.read_extract(pbf)
    on_nodes = sorted(positions)
    pts = []
    for i in range(n):
        if i % 10 == 0:
            lat, lon = positions[rng.choice(on_nodes)]
        else:
            lat = rng.uniform(min_lat - pad_lat, max_lat + pad_lat)
            lon = rng.uniform(min_lon - pad_lon, max_lon + pad_lon)
        pts.append((f"{prefix}{i}", round(lat, 7), round(lon, 7)))
    return pts


def write_points(path: str, pts) -> list[tuple[str, float, float]]:
    """Writes id,lat,lon with 6 decimals and returns the points as the file holds them."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write("id,lat,lon\n")
        for pid, lat, lon in pts:
            f.write(f"{pid},{lat:.7f},{lon:.7f}\n")
    return peer.read_points(path)


def engine_help(centres: str) -> str:
    r = subprocess.run([centres, "matrix", "--help"], capture_output=True, text=True)
    return r.stdout + r.stderr


def run_engine(centres, pbf, origins_csv, destinations_csv, mode, out, max_time, extra) -> dict:
    cmd = [centres, "matrix", "--origins", origins_csv, "--destinations", destinations_csv, "--mode", mode,
           "--osm", pbf, "--out", out, "--max-time", str(max_time)] + extra
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        print(f"ENGINE FAILED ({r.returncode}): {' '.join(cmd)}\n{r.stdout}{r.stderr}", file=sys.stderr)
        sys.exit(2)
    cells: dict[tuple[str, str], float | None] = {}
    with open(out, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            v = row["minutes"].strip()
            cells[(row["origin_id"], row["destination_id"])] = float(v) if v else None
    snaps: dict[tuple[str, str], int | None] = {}
    with open(out + ".snaps.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            snaps[(row["role"], row["id"])] = int(row["osm_node"]) if row["osm_node"] else None
    return {"cells": cells, "snaps": snaps}


def compare(label, engine, peer_seconds, origins, destinations, tol_min, seconds_precision, max_minutes):
    """Every cell: both unreachable, or |engine − peer| ≤ tol_min. Returns the number disagreeing."""
    diffs = []  # (abs diff seconds, origin, destination, engine minutes, peer seconds)
    bad = exact = 0
    for i, (oid, _, _) in enumerate(origins):
        for j, (did, _, _) in enumerate(destinations):
            e = engine["cells"][(oid, did)]
            p = peer_seconds[i][j]
            if e is None and p is None:
                continue
            if e is None or p is None:
                bad += 1
                diffs.append((math.inf, oid, did, e, p))
                continue
            e_sec = round(e * 60) if seconds_precision else e * 60
            d = abs(e_sec - p)
            if seconds_precision:
                exact += e_sec == math.floor(p + 0.5)  # the peer's time rounded half up (times are >= 0)
            else:
                exact += math.isclose(e, math.floor(p / 6 + 0.5) / 10, abs_tol=1e-9)
            if abs(e_sec / 60 - p / 60) > tol_min + 1e-9:
                bad += 1
            diffs.append((d, oid, did, e, p))
    cells = len(origins) * len(destinations)
    finite = [d[0] for d in diffs if math.isfinite(d[0])]
    reachable = sum(1 for v in engine["cells"].values() if v is not None)
    print(f"  {label}: {cells} cells ({reachable} reachable in the engine), {cells - bad} agree, "
          f"{bad} disagree; max |diff| {max(finite, default=0.0):.3f} s; {exact} of {len(finite)} reachable cells "
          f"equal to the peer's time rounded as the engine rounds")
    def disagrees(t):
        d, _, _, e, p = t
        if not math.isfinite(d):
            return True
        e_sec = round(e * 60) if seconds_precision else e * 60
        return abs(e_sec / 60 - p / 60) > tol_min + 1e-9

    worst = sorted(diffs, key=lambda t: -t[0])
    failing = [t for t in worst if disagrees(t)][:5]
    for d, oid, did, e, p in failing:
        ptxt = "unreachable" if p is None else f"{p:.2f} s ({p / 60:.4f} min)"
        etxt = "unreachable" if e is None else f"{e} min"
        print(f"      DISAGREE {oid} -> {did}: engine {etxt}, peer {ptxt}, |diff| {d:.3f} s")
    over = sum(1 for t in worst if disagrees(t) and t[3] is not None and t[4] is None
               and t[3] * 60 >= max_minutes * 60 - 0.5)
    if over:
        print(f"      {over} of the {bad} disagreeing cells: the engine gives a time over --max-time {max_minutes:g} "
              f"(to the second; the peer holds every cell to the limit, as `--max-time` says: slower cells are "
              f"unreachable)")
    agreeing = [t for t in worst if not disagrees(t) and t[3] is not None][:5]
    if agreeing:
        print("      worst agreeing: " + "; ".join(
            f"{oid}->{did} engine {e} min, peer {p / 60:.4f} min ({d:.3f} s)" for d, oid, did, e, p in agreeing))
    return bad


def compare_snaps(label, engine, graph, origins, destinations, radius):
    """Informational: does the peer join each point to the same OSM node?"""
    same = total = 0
    mismatches = []
    for role, pts in (("origin", origins), ("destination", destinations)):
        for pid, lat, lon in pts:
            s = graph.snap(lat, lon, radius)
            mine = int(graph.osm_ids[s[0]]) if s else None
            theirs = engine["snaps"].get((role, pid))
            total += 1
            if mine == theirs:
                same += 1
            else:
                mismatches.append(f"{role} {pid}: engine node {theirs}, peer node {mine}")
    print(f"  {label}: snaps {same}/{total} to the same OSM node" + ("" if not mismatches else
                                                                     " — " + "; ".join(mismatches[:5])))


def peer_default_report(pbf, engine, origins, destinations, max_time):
    """Informational: the OSMnx-style walk peer against the engine's default walk matrix."""
    pd_graph = peer.StreetGraph(pbf, "walk", "peer-default")
    pd = peer.street_matrix(pd_graph, origins, destinations, max_time, snap_metres=None,
                            walk_snap=False, straight_across=False)
    within = both_none = reach_mismatch = 0
    diffs = []
    for i, (oid, _, _) in enumerate(origins):
        for j, (did, _, _) in enumerate(destinations):
            e, p = engine["cells"][(oid, did)], pd[i][j]
            if e is None and p is None:
                both_none += 1
                within += 1
            elif e is None or p is None:
                reach_mismatch += 1
            else:
                d = p / 60 - e
                diffs.append(d)
                within += abs(d) <= 1.0
    cells = len(origins) * len(destinations)
    inside = sum(1 for k, (oid, _, _) in enumerate(origins) for (did, _, _) in destinations
                 if engine["cells"][(oid, did)] is not None)
    within_inside = sum(1 for d in diffs if abs(d) <= 1.0)
    print(f"  peer-default (OSMnx-style walk; informational, never fails): {pd_graph.node_count} nodes, "
          f"{int(pd_graph.snappable.sum())} snappable")
    print(f"      {within}/{cells} cells ({100 * within / cells:.1f}%) within 1 min of the engine's default matrix "
          f"({reach_mismatch} reachable in one only: the peer-default has no snap radius); of the {inside} cells "
          f"the engine reaches, {within_inside} ({100 * within_inside / max(1, inside):.1f}%) within 1 min")
    print(f"      peer-default − engine: median {statistics.median(diffs):+.2f} min, "
          f"mean {statistics.fmean(diffs):+.2f} min, max |diff| {max(abs(d) for d in diffs):.2f} min")


def check_extract(name, centres, pbf, origins, destinations, folder, max_time, precision_args, tol, has_precision,
                  has_rules, with_peer_default):
    """Every mode and run over one extract; returns [(mode, run, cells, disagreeing)]."""
    o_csv, d_csv = os.path.join(folder, f"{name}_origins.csv"), os.path.join(folder, f"{name}_destinations.csv")
    origins = write_points(o_csv, origins)
    destinations = write_points(d_csv, destinations)
    cells = len(origins) * len(destinations)
    print(f"\n== {name}: {os.path.basename(pbf)}, {len(origins)} origins x {len(destinations)} destinations, "
          f"max {max_time:g} min")
    summary = []
    for mode in MODES:
        print(f"{mode}")
        graph = peer.StreetGraph(pbf, mode, "matched")
        sizes = sorted(graph.component_sizes)[-2:][::-1]
        tie = "; a TIE, broken as the engine's Kosaraju search does" if len(sizes) > 1 and sizes[0] == sizes[1] else ""
        print(f"  peer graph: {graph.node_count} nodes, {graph.edge_count} edges, "
              f"{int(graph.snappable.sum())} in the largest strongly connected component "
              f"(largest two: {', '.join(str(int(x)) for x in sizes)}{tie})")

        out = os.path.join(folder, f"{name}_{mode}.csv")
        engine = run_engine(centres, pbf, o_csv, d_csv, mode, out, max_time, precision_args)
        mine = peer.street_matrix(graph, origins, destinations, max_time)
        compare_snaps("defaults", engine, graph, origins, destinations, 500.0)
        bad = compare("defaults", engine, mine, origins, destinations, tol, has_precision, max_time)
        summary.append((name, mode, "defaults", cells, bad))

        if has_rules:
            out2 = os.path.join(folder, f"{name}_{mode}_options.csv")
            engine2 = run_engine(centres, pbf, o_csv, d_csv, mode, out2, max_time, precision_args + OPTION_RUN)
            mine2 = peer.street_matrix(graph, origins, destinations, max_time, snap_metres=2000.0,
                                       walk_snap=False, straight_across=False)
            compare_snaps(" ".join(OPTION_RUN), engine2, graph, origins, destinations, 2000.0)
            bad2 = compare(" ".join(OPTION_RUN), engine2, mine2, origins, destinations, tol, has_precision, max_time)
            changed = sum(1 for k, v in engine2["cells"].items() if v != engine["cells"][k])
            print(f"      (the options changed {changed} of the engine's cells)")
            if changed == 0:
                print("      FAIL: the options changed nothing: they are not honoured")
                bad2 += 1
            summary.append((name, mode, "options", cells, bad2))

        limit = SHORT_LIMIT[mode]
        out3 = os.path.join(folder, f"{name}_{mode}_limit.csv")
        engine3 = run_engine(centres, pbf, o_csv, d_csv, mode, out3, limit, precision_args)
        mine3 = peer.street_matrix(graph, origins, destinations, limit)
        bad3 = compare(f"--max-time {limit:g}", engine3, mine3, origins, destinations, tol, has_precision, limit)
        summary.append((name, mode, f"max {limit:g}", cells, bad3))

        if with_peer_default and mode == "walk":
            peer_default_report(pbf, engine, origins, destinations, max_time)
    return summary


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--centres", default=".build/debug/centres", help="the centres binary")
    ap.add_argument("--pbf", default="Tests/Fixtures/helsinki/helsinki_centre.osm.pbf")
    ap.add_argument("--origins", type=int, default=200)
    ap.add_argument("--destinations", type=int, default=50)
    ap.add_argument("--far", type=int, default=4, help="extra points outside the box (and half as many destinations)")
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--max-time", type=float, default=90)
    ap.add_argument("--no-synthetic", action="store_true", help="skip the two generated extracts")
    ap.add_argument("--precision", choices=("auto", "seconds", "tenths"), default="auto",
                    help="auto: seconds if the engine's `matrix --help` lists --precision, else tenths")
    ap.add_argument("--keep", help="write the points and matrices here instead of a temporary folder")
    args = ap.parse_args()
    started = time.monotonic()

    if not os.access(args.centres, os.X_OK):
        print(f"no executable engine at {args.centres}: build it first (swift build)", file=sys.stderr)
        return 2
    help_text = engine_help(args.centres)
    has_precision = "--precision" in help_text if args.precision == "auto" else args.precision == "seconds"
    has_rules = all(f in help_text for f in ("--snap-radius", "--no-walk-snap", "--no-straight-across"))
    precision_args = ["--precision", "seconds"] if has_precision else []
    tol = 0.01 if has_precision else 0.05
    print(f"engine {args.centres}; precision {'seconds' if has_precision else 'tenths'}; "
          f"tolerance {tol} min; rule options {'present' if has_rules else 'ABSENT (option runs skipped)'}")

    tmp = None
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        folder = args.keep
    else:
        tmp = tempfile.TemporaryDirectory(prefix="check_streets_")
        folder = tmp.name
    common = dict(centres=args.centres, folder=folder, max_time=args.max_time, precision_args=precision_args,
                  tol=tol, has_precision=has_precision, has_rules=has_rules)

    rng = random.Random(args.seed)
    origins = make_points(rng, args.origins, "o", args.far)
    destinations = make_points(rng, args.destinations, "d", max(1, args.far // 2))
    summary = check_extract("helsinki", pbf=args.pbf, origins=origins, destinations=destinations,
                            with_peer_default=True, **common)

    if not args.no_synthetic:
        for twin in (False, True):
            name = "synthetic_twin" if twin else "synthetic"
            srng = random.Random(f"{args.seed}-{name}")
            pbf = os.path.join(folder, f"{name}.osm.pbf")
            box = write_synthetic_pbf(pbf, srng, twin)
            so = synthetic_points(srng, box, 80, "o", pbf)
            sd = synthetic_points(srng, box, 40, "d", pbf)
            summary += check_extract(name, pbf=pbf, origins=so, destinations=sd, with_peer_default=False, **common)

    failures = sum(bad for *_, bad in summary)
    elapsed = time.monotonic() - started
    print("\nsummary (matched rules)")
    for name, mode, run, cells, bad in summary:
        print(f"  {name:15} {mode:5} {run:8} {cells - bad}/{cells} agree" + (f"  <- {bad} DISAGREE" if bad else ""))
    print(f"{'FAIL' if failures else 'OK'}: {failures} disagreeing cells; {elapsed:.1f} s")
    if tmp:
        tmp.cleanup()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
