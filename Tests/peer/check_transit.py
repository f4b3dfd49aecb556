#!/usr/bin/env python3
"""CI check: the engine's public-transport matrices (`centres matrix --mode transit`) against the
Python peer (Tests/peer/transit_peer.py, a connection scan), every cell and every percentile.

    python3 Tests/peer/check_transit.py --centres .build/debug/centres \\
        --gtfs Tests/Fixtures/helsinki/hsl_gtfs_2022-02-22.zip \\
        --pbf Tests/Fixtures/helsinki/helsinki_centre.osm.pbf

Seeded points (random.Random(21)): 60 origins and 30 destinations uniform over the extract's box,
plus 4 origins and 2 destinations 0.6-1.5 km outside it (they do not snap to the streets, so
their walks are straight lines). Service day 2022-02-22, departures every minute 09:00-09:10,
percentiles 25, 50, 75. Runs, engine and peer with the same options:

  (a) straight-line walking (no --osm), the engine's defaults;
  (b) on the street network (--osm), the engine's defaults;
  (c) on the street network with every option changed: --max-walk 1200 --max-transfers 1
      --transfer-radius 250 --snap-radius 150 --no-walk-snap --no-straight-across --max-time 45;
  (d) straight-line walking with --max-walk 1200 --max-transfers 1 --transfer-radius 250
      --max-time 45;
  (e) a synthetic feed this script writes (seeded; see `write_synthetic_gtfs`) with the GTFS rules
      the HSL sample never exercises, 40 origins × 20 destinations near its stops, defaults;
  (f) the same with --max-walk 1500 --max-transfers 2 --transfer-radius 600 --max-time 25.

Each cell must agree to the second (`--precision seconds`; if the build lacks it, to the tenth
of a minute the engine writes), and the walk-only count in the metadata must agree too. It prints
the cells, how many agree, the walk-only cells, and up to 5 worst cells; where cells disagree it
re-runs the peer reproducing the engine's known label bookkeeping (transit_peer
`vehicle_arrivals_engine_labels`) to say how many that explains, and prints one such journey with
the engine's own time for that single departure. Finally (informational, never fails) the share
of cells within 1 minute between the engine's default matrix (b) and the peer under its
r5py-style "peer-default" rules.

Exits 1 on any disagreement, 2 if the engine cannot be run.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # leave no __pycache__ beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import transit_peer as peer  # noqa: E402

BOX = (60.1642, 24.9352, 60.1791, 24.9534)  # the extract's box: min lat, min lon, max lat, max lon
PERCENTILES = (25.0, 50.0, 75.0)
CASES = [
    ("a", "straight-line walking, defaults", False, []),
    ("b", "street network, defaults", True, []),
    ("c", "street network, every option changed", True,
     ["--max-walk", "1200", "--max-transfers", "1", "--transfer-radius", "250", "--snap-radius", "150",
      "--no-walk-snap", "--no-straight-across", "--max-time", "45"]),
    ("d", "straight-line walking, options changed", False,
     ["--max-walk", "1200", "--max-transfers", "1", "--transfer-radius", "250", "--max-time", "45"]),
]
SYNTHETIC_CASES = [
    ("e", "synthetic feed, straight-line walking, defaults", False, []),
    ("f", "synthetic feed, straight-line walking, options changed", False,
     ["--max-walk", "1500", "--max-transfers", "2", "--transfer-radius", "600", "--max-time", "25"]),
]


def make_points(rng: random.Random, n: int, prefix: str, far: int) -> list[tuple[str, float, float]]:
    """n points uniform in the box, then `far` points 0.6 to 1.5 km outside it (N, S, E, W in turn)."""
    min_lat, min_lon, max_lat, max_lon = BOX
    pts = [(f"{prefix}{i}", round(rng.uniform(min_lat, max_lat), 6), round(rng.uniform(min_lon, max_lon), 6))
           for i in range(n)]
    per_lon = 111_195 * math.cos(math.radians(60.17))
    for i in range(far):
        out = rng.uniform(600, 1500)
        side = i % 4
        if side == 0:
            lat, lon = max_lat + out / 111_195, rng.uniform(min_lon, max_lon)
        elif side == 1:
            lat, lon = min_lat - out / 111_195, rng.uniform(min_lon, max_lon)
        elif side == 2:
            lat, lon = rng.uniform(min_lat, max_lat), max_lon + out / per_lon
        else:
            lat, lon = rng.uniform(min_lat, max_lat), min_lon - out / per_lon
        pts.append((f"{prefix}far{i}", round(lat, 6), round(lon, 6)))
    return pts


def write_points(path: str, pts) -> None:
    with open(path, "w", newline="") as f:
        f.write("id,lat,lon\n")
        for p in pts:
            f.write("%s,%s,%s\n" % p)


# -------------------------------------------------------------------------------------------------
# A synthetic feed with the rules the HSL sample never exercises
# -------------------------------------------------------------------------------------------------

SYN_CENTRE = (60.17, 24.94)


def write_synthetic_gtfs(path: str, rng: random.Random) -> tuple[float, float, float, float]:
    """A seeded GTFS zip over about 9 km × 9 km around Helsinki centre, with what HSL's sample lacks
    (or has nowhere near 09:00): drop_off_type 1 mid-trip, pickup/drop_off 2 and 3, one of the two
    times missing, H:MM:SS times, dwell times, zero-second hops, loops, overtaking trips on one stop
    sequence, times on a 30 s grid (so arrivals and departures often fall in the same second),
    frequencies (exact_times 0 and 1, an end time on the headway grid), transfers.txt of types 0, 1,
    2 (with and without min_transfer_time, beyond the transfer radius) and 3 (between stops 0 m
    apart), stops 0 m apart, a station, a stop with no position, calendar_dates adding and removing
    services, and trips the loader must reject (time going back, an unknown stop, one stop time).
    Returns the box of the stops (min lat, min lon, max lat, max lon)."""
    clat, clon = SYN_CENTRE
    stops = []  # (id, lat, lon, location_type, parent)
    clusters = []
    for c in range(30):
        lat0, lon0 = clat + rng.uniform(-0.05, 0.05), clon + rng.uniform(-0.1, 0.1)
        members = []
        for k in range(rng.choice([1, 2, 2, 3, 4])):
            sid = f"s{c}_{k}"
            if k == 1 and c % 5 == 0:
                lat, lon = stops[-1][1], stops[-1][2]  # 0 m from its neighbour: a 0-second footpath
            else:
                lat, lon = lat0 + rng.uniform(-0.002, 0.002), lon0 + rng.uniform(-0.004, 0.004)
            stops.append((sid, round(lat, 6), round(lon, 6), "", f"st{c}" if c % 7 == 0 else ""))
            members.append(sid)
        clusters.append(members)
        if c % 7 == 0:
            stops.append((f"st{c}", round(lat0, 6), round(lon0, 6), "1", ""))
    stops.append(("nopos", "", "", "", ""))  # no position: served, but no walk or footpath reaches it
    clusters[3].append("nopos")

    def t(s: int, short: bool = False) -> str:
        h, m, x = s // 3600, s % 3600 // 60, s % 60
        return f"{h}:{m:02d}:{x:02d}" if short and h < 10 else f"{h:02d}:{m:02d}:{x:02d}"

    trips, stop_times, freqs = [], [], []
    services = ["tue", "added", "removed", "monday"]
    for line in range(36):
        route = f"r{line}"
        seq_clusters = rng.sample(range(len(clusters)), rng.randint(4, 10))
        if line % 6 == 0:
            seq_clusters.append(seq_clusters[1])  # a loop: the line comes back to a stop
        seq = [rng.choice(clusters[c]) for c in seq_clusters]
        hops = [rng.choice([0, 30, 60, 90, 120, 180, 240, 300, 420]) for _ in seq[1:]]
        dwell = [rng.choice([0, 0, 0, 30]) for _ in seq]
        flags = []
        for i in range(len(seq)):
            pu = rng.choices(["", "0", "1", "2", "3"], [60, 10, 15, 8, 7])[0]
            do = rng.choices(["", "0", "1", "2", "3"], [60, 10, 15, 8, 7])[0]
            flags.append((pu, do))
        service = services[line % len(services)] if line % 3 == 0 else "tue"
        headway = rng.choice([240, 300, 420, 600])
        first = 8 * 3600 + 50 * 60 + rng.choice(range(0, 600, 30))
        n_trips = (10 * 3600 + 45 * 60 - first) // headway
        for k in range(n_trips):
            tid = f"{route}_{k}"
            start = first + k * headway
            speed = 0.5 if (line % 4 == 1 and k % 3 == 1) else 1.0  # express runs that overtake
            times = []
            clock = start
            for i in range(len(seq)):
                if i:
                    clock += int(hops[i - 1] * speed) // 30 * 30
                arr = clock
                clock += dwell[i]
                times.append((arr, clock))
            trips.append((route, service, tid))
            for i, sid in enumerate(seq):
                a, d = times[i]
                at, dt = t(a, short=(k % 2 == 0)), t(d)
                if i == len(seq) - 1 and k % 4 == 0:
                    dt = ""  # only the arrival time
                elif i == 0 and k % 4 == 1:
                    at = ""  # only the departure time
                stop_times.append((tid, at, dt, sid, str(10 * i + 1), flags[i][0], flags[i][1]))
        if line % 5 == 2:  # a frequency-based line: the template trip is never run itself
            tid = f"{route}_f"
            trips.append((route, "tue", tid))
            for i, sid in enumerate(seq):
                a = 6 * 3600 + sum(hops[:i])
                stop_times.append((tid, t(a), t(a), sid, str(i + 1), "", ""))
            freqs.append((tid, "08:55:00", "09:15:00", "300", "1"))  # 09:15:00 itself not run
            freqs.append((tid, "09:16:30", "10:30:00", "450", "0"))
    # Trips the loader rejects.
    trips += [("r0", "tue", "bad_back"), ("r0", "tue", "bad_stop"), ("r0", "tue", "one_stop")]
    s_a, s_b = clusters[0][0], clusters[1][0]
    stop_times += [("bad_back", "09:10:00", "09:10:00", s_a, "1", "", ""),
                   ("bad_back", "09:05:00", "09:05:00", s_b, "2", "", ""),
                   ("bad_stop", "09:10:00", "09:10:00", s_a, "1", "", ""),
                   ("bad_stop", "09:12:00", "09:12:00", "nowhere", "2", "", ""),
                   ("bad_stop", "09:13:00", "09:13:00", s_b, "3", "", ""),
                   ("one_stop", "09:10:00", "09:10:00", s_a, "1", "", "")]
    rng.shuffle(stop_times)  # stop_sequence, not file order, decides
    transfers = []
    for c in range(0, 28, 4):
        a, b = clusters[c][0], clusters[c + 1][0]
        transfers.append((a, b, "2", str(rng.choice([0, 60, 300]))))  # beyond any radius
        transfers.append((b, a, "1", ""))  # walking time, whatever the distance
        transfers.append((a, a, "2", "120"))  # same stop: ignored
    for members in clusters:
        if len(members) >= 2 and "nopos" not in members[:2]:
            transfers.append((members[0], members[1], "3", ""))  # forbidden, even at 0 m
            if len(members) >= 3:
                transfers.append((members[2], members[1], "0", ""))
    transfers.append((clusters[2][0], clusters[9][0], "2", ""))  # type 2 without a time: walking time

    files = {
        "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nA,Synthetic,http://example.org,Europe/Helsinki\n",
        "stops.txt": "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n"
                     + "".join(f"{s},{s},{la},{lo},{lt},{p}\n" for s, la, lo, lt, p in stops),
        "routes.txt": "route_id,route_type\n" + "".join(f"r{i},3\n" for i in range(36)),
        "trips.txt": "route_id,service_id,trip_id\n" + "".join(f"{r},{s},{t}\n" for r, s, t in trips),
        "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n"
                          + "".join(",".join(x) + "\n" for x in stop_times),
        "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                        "tue,0,1,0,0,0,0,0,20220101,20221231\nremoved,1,1,1,1,1,0,0,20220101,20221231\n"
                        "monday,1,0,0,0,0,0,0,20220101,20221231\n",
        "calendar_dates.txt": "service_id,date,exception_type\nadded,20220222,1\nremoved,20220222,2\n",
        "transfers.txt": "from_stop_id,to_stop_id,transfer_type,min_transfer_time\n"
                         + "".join(",".join(x) + "\n" for x in transfers),
        "frequencies.txt": "trip_id,start_time,end_time,headway_secs,exact_times\n"
                           + "".join(",".join(x) + "\n" for x in freqs),
    }
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    lats = [s[1] for s in stops if s[1] != ""]
    lons = [s[2] for s in stops if s[2] != ""]
    return min(lats), min(lons), max(lats), max(lons)


def synthetic_points(rng: random.Random, feed: peer.Feed, n: int, prefix: str):
    """Points up to about 700 m from a random stop of the feed, so most can walk to a stop."""
    placed = [(la, lo) for la, lo in zip(feed.stop_lat, feed.stop_lon) if math.isfinite(la)]
    pts = []
    for i in range(n):
        la, lo = rng.choice(placed)
        pts.append((f"{prefix}{i}", round(la + rng.uniform(-0.0045, 0.0045), 6),
                    round(lo + rng.uniform(-0.009, 0.009), 6)))
    return pts


# -------------------------------------------------------------------------------------------------
# The engine
# -------------------------------------------------------------------------------------------------


def engine_cmd(centres: str, args: list[str]) -> subprocess.CompletedProcess:
    """Runs the binary; if it is missing (being rebuilt), waits 30 s and tries again (10 times)."""
    for _ in range(10):
        if os.path.exists(centres):
            r = subprocess.run([centres] + args, capture_output=True, text=True)
            if r.returncode == 0 or os.path.exists(centres):
                return r
        print(f"  (waiting 30 s: {centres} is missing, probably being rebuilt)", flush=True)
        time.sleep(30)
    raise SystemExit(2)


def run_engine(centres, gtfs, date, window, origins_csv, destinations_csv, out, pbf, extra, seconds) -> dict:
    args = ["matrix", "--origins", origins_csv, "--destinations", destinations_csv, "--mode", "transit",
            "--gtfs", gtfs, "--date", date, "--window", window,
            "--percentiles", ",".join(str(int(p)) for p in PERCENTILES), "--out", out] + extra
    if pbf:
        args += ["--osm", pbf]
    if seconds:
        args += ["--precision", "seconds"]
    r = engine_cmd(centres, args)
    if r.returncode != 0:
        print(f"engine failed ({' '.join(args)}):\n{r.stdout}\n{r.stderr}")
        raise SystemExit(2)
    with open(out, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(out + ".meta.json") as f:
        meta = json.load(f)
    cells = {}
    for r in rows:
        cells[(r["origin_id"], r["destination_id"])] = [
            None if r[f"p{int(p)}"] == "" else float(r[f"p{int(p)}"]) for p in PERCENTILES]
    return {"cells": cells, "meta": meta}


def engine_seconds(value: float | None, seconds: bool) -> float | None:
    """The engine's value in seconds: exact with --precision seconds (minutes to 4 decimals)."""
    if value is None:
        return None
    return round(value * 60) if seconds else value * 60


def peer_value(s: int | None, seconds: bool):
    """The peer's seconds as the engine writes them: whole seconds, or minutes to a tenth."""
    if s is None:
        return None
    return s if seconds else peer.tenths(s)


def engine_value(v: float | None, seconds: bool):
    if v is None:
        return None
    return round(v * 60) if seconds else v


# -------------------------------------------------------------------------------------------------
# Comparing
# -------------------------------------------------------------------------------------------------


def compare(engine: dict, res: peer.Result, seconds: bool):
    """(cells, agreeing cells, disagreeing [(oi, dj, layer, engine value, peer value)])."""
    cells = agree = 0
    bad = []
    for i, oid in enumerate(res.origins):
        for j, did in enumerate(res.destinations):
            e_row = engine["cells"][(oid, did)]
            ok = True
            for L in range(len(PERCENTILES)):
                e = engine_value(e_row[L], seconds)
                p = peer_value(res.seconds[L][i][j], seconds)
                if e != p:
                    ok = False
                    bad.append((i, j, L, e, p))
            cells += 1
            agree += ok
    return cells, agree, bad


def difference(e, p) -> float:
    if e is None and p is None:
        return 0.0
    if e is None or p is None:
        return math.inf
    return abs(e - p)


def fmt(v, seconds: bool) -> str:
    if v is None:
        return "unreachable"
    return f"{v} s" if seconds else f"{v} min"


def single_departure(centres, gtfs, date, pbf, extra, origin, destination, departure, folder, seconds):
    """The engine's time for one cell and one departure minute (a one-minute window)."""
    o, d = os.path.join(folder, "one_o.csv"), os.path.join(folder, "one_d.csv")
    write_points(o, [origin])
    write_points(d, [destination])
    hhmm = f"{departure // 3600:02d}:{departure % 3600 // 60:02d}"
    r = run_engine(centres, gtfs, date, f"{hhmm}-{hhmm}", o, d, os.path.join(folder, "one.csv"), pbf, extra, seconds)
    return engine_value(r["cells"][(origin[0], destination[0])][0], seconds)


def peer_options(window, extra: list[str]) -> peer.Options:
    o = peer.Options(window=window, percentiles=PERCENTILES)
    it = iter(extra)
    for a in it:
        if a == "--max-walk":
            o.max_walk_metres = float(next(it))
        elif a == "--max-transfers":
            o.max_transfers = int(next(it))
        elif a == "--transfer-radius":
            o.transfer_metres = float(next(it))
        elif a == "--snap-radius":
            o.snap_metres = float(next(it))
        elif a == "--no-walk-snap":
            o.walk_snap = False
        elif a == "--no-straight-across":
            o.straight_across = False
        elif a == "--max-time":
            o.max_minutes = float(next(it))
        else:
            raise ValueError(a)
    return o


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--centres", default=".build/debug/centres")
    ap.add_argument("--gtfs", default="Tests/Fixtures/helsinki/hsl_gtfs_2022-02-22.zip")
    ap.add_argument("--pbf", default="Tests/Fixtures/helsinki/helsinki_centre.osm.pbf")
    ap.add_argument("--date", default="2022-02-22")
    ap.add_argument("--window", default="09:00-09:10")
    ap.add_argument("--origins", type=int, default=60)
    ap.add_argument("--destinations", type=int, default=30)
    ap.add_argument("--far", type=int, default=4, help="origins outside the box (and half as many destinations)")
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--precision", choices=("auto", "seconds", "tenths"), default="auto")
    ap.add_argument("--keep", help="write the points and matrices here instead of a temporary folder")
    a = ap.parse_args()
    t0 = time.time()

    help_text = engine_cmd(a.centres, ["matrix", "--help"]).stdout
    seconds = a.precision == "seconds" or (a.precision == "auto" and "--precision" in help_text)
    has_options = "--transfer-radius" in help_text and "--no-walk-snap" in help_text
    print(f"engine {a.centres}: comparing {'whole seconds' if seconds else 'tenths of a minute (no --precision seconds)'}")

    folder = a.keep or tempfile.mkdtemp(prefix="check_transit_")
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(a.seed)
    origins = make_points(rng, a.origins, "o", a.far)
    destinations = make_points(rng, a.destinations, "d", a.far // 2)
    o_csv, d_csv = os.path.join(folder, "origins.csv"), os.path.join(folder, "destinations.csv")
    write_points(o_csv, origins)
    write_points(d_csv, destinations)
    window = peer.parse_window(a.window)
    date = datetime.date.fromisoformat(a.date)
    feed = peer.load_feed(a.gtfs, date)
    graph = peer.load_graph(a.pbf, "matched")
    print(f"{len(origins)} origins × {len(destinations)} destinations, {a.date} {a.window}, "
          f"percentiles {','.join(str(int(p)) for p in PERCENTILES)}; feed: {len(feed.stop_ids)} stops, "
          f"{len(feed.trips)} trip instances")

    syn_gtfs = os.path.join(folder, "synthetic_gtfs.zip")
    syn_box = write_synthetic_gtfs(syn_gtfs, random.Random(a.seed))
    syn_rng = random.Random(a.seed + 1)
    syn_feed = peer.load_feed(syn_gtfs, date)
    syn_o, syn_d = synthetic_points(syn_rng, syn_feed, 40, "so"), synthetic_points(syn_rng, syn_feed, 20, "sd")
    print(f"synthetic feed: {len(syn_feed.stop_ids)} stops, {len(syn_feed.trips)} trip instances; "
          f"{len(syn_o)} origins × {len(syn_d)} destinations near its stops")
    runs = [(key, label, osm, extra, a.gtfs, feed, origins, destinations, (o_csv, d_csv)) for key, label, osm, extra in CASES]
    so_csv, sd_csv = os.path.join(folder, "syn_origins.csv"), os.path.join(folder, "syn_destinations.csv")
    write_points(so_csv, syn_o)
    write_points(sd_csv, syn_d)
    runs += [(key, label, osm, extra, syn_gtfs, syn_feed, syn_o, syn_d, (so_csv, sd_csv))
             for key, label, osm, extra in SYNTHETIC_CASES]

    failed = False
    default_engine = None
    explained_total = 0
    for key, label, osm, extra, gtfs, feed, origins, destinations, (o_csv, d_csv) in runs:
        if extra and not has_options:
            print(f"\n({key}) {label}: SKIPPED (this build lacks --transfer-radius / --no-walk-snap)")
            continue
        t = time.time()
        out = os.path.join(folder, f"engine_{key}.csv")
        engine = run_engine(a.centres, gtfs, a.date, a.window, o_csv, d_csv, out, a.pbf if osm else None, extra,
                            seconds)
        t_engine = time.time() - t
        opts = peer_options(window, extra)
        t = time.time()
        res = peer.compute(feed, origins, destinations, opts, graph if osm else None, keep_per_minute=True)
        t_peer = time.time() - t
        if key == "b":
            default_engine = engine
        cells, agree, bad = compare(engine, res, seconds)
        e_walk = int(engine["meta"]["parameters"].get("walk_only_cells", -1))
        print(f"\n({key}) {label}{' ' + ' '.join(extra) if extra else ''}")
        print(f"    cells {cells}, agreeing {agree} ({100 * agree / cells:.2f} %) in all {len(PERCENTILES)} percentiles;"
              f" walk-only cells: engine {e_walk}, peer {res.walk_only}   [engine {t_engine:.1f} s, peer {t_peer:.1f} s]")
        if e_walk != res.walk_only:
            failed = True
            print("    DISAGREE: walk-only cell counts differ")
        if not bad:
            continue
        failed = True
        worst = sorted(bad, key=lambda b: -difference(b[3], b[4]))
        shown = set()
        print("    worst cells (engine vs peer):")
        for i, j, L, e, p in worst:
            if (i, j) in shown:
                continue
            shown.add((i, j))
            print(f"      {origins[i][0]} → {destinations[j][0]} p{int(PERCENTILES[L])}: engine {fmt(e, seconds)}, "
                  f"peer {fmt(p, seconds)}")
            if len(shown) == 5:
                break
        # Diagnosis: the peer again, with the engine's label bookkeeping reproduced.
        opts_e = peer_options(window, extra)
        opts_e.engine_labels = True
        emu = peer.compute(feed, origins, destinations, opts_e, graph if osm else None, keep_per_minute=True)
        bad_cells = {(i, j) for i, j, _, _, _ in bad}
        _, _, bad_e = compare(engine, emu, seconds)
        still = {(i, j) for i, j, _, _, _ in bad_e}
        explained = len(bad_cells - still)
        explained_total += explained
        print(f"    {explained} of the {len(bad_cells)} disagreeing cells agree when the peer reproduces the engine's"
              f" shared ride/access label (a ride reaching a stop later than the access walk does is dropped:"
              f" no footpath after it, no egress from it); {len(still)} remain unexplained; walk-only cells"
              f" then {emu.walk_only} (engine {e_walk})")
        # One journey: a departure where the two peers differ, with the engine's own single-departure time.
        for i, j, L, e, p in worst:
            pm, pe = res.per_minute[(i, j)], emu.per_minute[(i, j)]
            diffs = [m for m in range(len(pm)) if pm[m] != pe[m]]
            if not diffs:
                continue
            m = diffs[0]
            dep = window[0] + 60 * m
            got = single_departure(a.centres, gtfs, a.date, a.pbf if osm else None, extra, origins[i],
                                   destinations[j], dep, folder, seconds)
            print(f"    example: {origins[i][0]} → {destinations[j][0]} leaving {peer.clock(dep)}: expected "
                  f"{fmt(peer_value(pm[m], seconds), seconds)}, the engine (this departure alone) gives "
                  f"{fmt(got, seconds)}; walking the whole way {res.walks[(i, j)]} s. The peer's journey:")
            w = peer.Walker(feed, opts, graph if osm else None)
            text = peer.explain(feed, origins[i], destinations[j], dep, opts, graph if osm else None, walker=w)
            for line in text.splitlines():
                print("      " + line.strip())
            break

    # Informational: the peer under r5py-style defaults against the engine's default matrix (b).
    feed, origins, destinations = runs[0][5], runs[0][6], runs[0][7]
    if default_engine is not None:
        t = time.time()
        pd_graph = peer.load_graph(a.pbf, "peer-default")
        opts = peer.Options(window=window, percentiles=PERCENTILES, rules="peer-default")
        for k, v in peer.PEER_DEFAULTS.items():
            setattr(opts, k, v)

        def share(res):
            within = total = 0
            for i, oid in enumerate(res.origins):
                for j, did in enumerate(res.destinations):
                    for L in range(len(PERCENTILES)):
                        e = engine_seconds(default_engine["cells"][(oid, did)][L], seconds)
                        p = res.seconds[L][i][j]
                        total += 1
                        within += (e is None and p is None) or (e is not None and p is not None and abs(e - p) <= 60)
            return within, total

        within, total = share(peer.compute(feed, origins, destinations, opts, pd_graph))
        print(f"\npeer-default (r5py-style: 3.6 km/h, OSMnx walk network, points at the nearest node with no radius"
              f" and the snap not walked, no straight-across, stops linked within 1,600 m, transfers ≤ 1,000 m on the"
              f" streets, access/egress limited only by --max-time, 8 rides) vs the engine's defaults (b):"
              f" {within} of {total} cell-percentiles within 1 min ({100 * within / total:.1f} %)")
        opts.walk_mps = peer.WALK_MPS
        within, total = share(peer.compute(feed, origins, destinations, opts, pd_graph))
        print(f"    the same at the engine's 4.8 km/h: {within} of {total} within 1 min ({100 * within / total:.1f} %)"
              f"   [{time.time() - t:.1f} s; informational, never fails]")

    print(f"\n{'FAIL' if failed else 'OK'}: {time.time() - t0:.0f} s"
          + (f"; {explained_total} disagreeing cells explained by the engine's shared ride/access label" if failed else ""))
    if not a.keep and not failed:
        for f in os.listdir(folder):
            os.remove(os.path.join(folder, f))
        os.rmdir(folder)
    elif failed:
        print(f"matrices and points kept in {folder}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
