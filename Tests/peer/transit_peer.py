"""An independent Python implementation ("peer") of the engine's public-transport rules.

It shares no code with the Swift engine (Sources/CentresIO/GTFS, Sources/TravelTime/Transit,
Sources/TravelTime/Matrix/TransitMatrix.swift): the rules were read from the Swift source and
written again here, and the search is a different algorithm. The engine runs range RAPTOR over
route patterns; this peer runs a connection scan (CSA, Dibbelt et al. 2013) over the GTFS
connections, round by round (one round per ride), vectorised with numpy over every departure
minute of a batch of origins at once. Walking legs on the street network come from
Tests/peer/streets_peer.py (another independent peer). Tests/peer/README.md lists every rule and
the Swift file it was read from.

Two rule sets:

- ``rules="matched"``: the engine's documented rules (what ``centres matrix --mode transit``
  should compute), to the second.
- ``rules="peer-default"``: what an analyst gets from r5py/R5-style defaults without matching the
  engine (see `PEER_DEFAULTS`).

`Options.engine_labels` (diagnosis only) reproduces a defect of the engine's label bookkeeping
(see `vehicle_arrivals_engine_labels` and Tests/peer/README.md), so the check can say whether a
disagreement comes from it.

Command line (writes integer seconds, empty = unreachable):

    python3 Tests/peer/transit_peer.py --origins O.csv --destinations D.csv \\
        --gtfs feed.zip --date 2022-02-22 --window 09:00-09:10 [--osm extract.osm.pbf] \\
        [--percentiles 25,50,75] [--max-walk 800] [--max-transfers 4] [--max-time 90] \\
        [--transfer-radius 400] [--snap-radius 500] [--no-walk-snap] [--no-straight-across] \\
        [--rules matched|peer-default] --out peer.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import math
import os
import re
import sys
import time
import zipfile
from dataclasses import dataclass, field

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# Coordinate.distance(to:): one haversine for both peers (the streets peer's, same formula and radius).
from streets_peer import distance_m as haversine_m  # noqa: E402

# -------------------------------------------------------------------------------------------------
# Numbers as the engine computes them
# -------------------------------------------------------------------------------------------------

WALK_MPS = 4.8 / 3.6  # TransitMatrix.Options.walkMetresPerSecond, TimetableBuilder.build walkingSpeed
INF = np.int64(1) << 40  # "unreached" in the integer label arrays


def valid_coordinate(lat: float, lon: float) -> bool:
    """Coordinate.isValid."""
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def swift_round(x: float) -> int:
    """Swift `Double.rounded()` (to nearest, ties AWAY from zero), then Int. Python's round() ties
    to even, which differs at every .5."""
    if x < 0:
        return -swift_round(-x)
    f = math.floor(x)
    return int(f) + (1 if x - f >= 0.5 else 0)  # x - floor(x) is exact for doubles


def tenths(seconds: int) -> float:
    """TravelTimeMatrix.rounded(Double(s) / 60): minutes to a tenth, ties away from zero."""
    return swift_round(seconds / 60 * 10) / 10


# -------------------------------------------------------------------------------------------------
# GTFS (Sources/CentresIO/GTFS/*.swift)
# -------------------------------------------------------------------------------------------------

KNOWN_FILES = {
    "agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt", "calendar.txt",
    "calendar_dates.txt", "transfers.txt", "frequencies.txt", "feed_info.txt",
}
_INT_RE = re.compile(r"[+-]?[0-9]+\Z")  # what Swift's Int(String) accepts
_DOUBLE_RE = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\Z")


def swift_int(text: str | None) -> int | None:
    return int(text) if text is not None and _INT_RE.match(text) else None


def swift_double(text: str | None) -> float | None:
    return float(text) if text is not None and _DOUBLE_RE.match(text) else None


def _trim(s: str) -> str:
    return s.strip(" \t")


def _value(s: str) -> str | None:
    """GTFSTable.value: trimmed of spaces and tabs; empty is absent."""
    t = _trim(s)
    return t or None


def read_zip(path: str) -> dict[str, str]:
    """GTFSFeed.load(zip:): the shallowest entry with each known file name, anywhere in the archive."""
    files: dict[str, str] = {}
    with zipfile.ZipFile(path) as z:
        for info in sorted(z.infolist(), key=lambda i: len(i.filename)):
            if info.is_dir():
                continue
            name = info.filename.split("/")[-1]
            if not name.endswith(".txt") or name in files or name not in KNOWN_FILES:
                continue
            raw = z.read(info)
            if raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            files[name] = raw.decode("utf-8")
    return files


def _table(files: dict[str, str], name: str, required: list[str]) -> tuple[list[str], list[list[str]]] | None:
    """CSVTable.parse + GTFSTable.load: header trimmed; a row with the wrong number of fields makes the
    whole file unusable; blank lines are skipped; missing required columns make it unusable."""
    if name not in files:
        return None
    rows = [r for r in csv.reader(io.StringIO(files[name], newline=""), strict=True) if r and r != [""]]
    if not rows:
        return None
    header = [_trim(h) for h in rows[0]]
    body = rows[1:]
    if any(len(r) != len(header) for r in body):
        return None
    if any(c not in header for c in required):
        return None
    return header, body


def _col(header: list[str], name: str) -> int | None:
    return header.index(name) if name in header else None


def parse_gtfs_time(text: str) -> int | None:
    """GTFSParse.time (frequencies.txt): H:MM:SS or HH:MM:SS (hours up to 3 digits)."""
    parts = text.split(":")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() and 1 <= len(p) <= 3 for p in parts):
        return None
    h, m, s = (int(p) for p in parts)
    if m >= 60 or s >= 60 or len(parts[1]) != 2 or len(parts[2]) != 2:
        return None
    return h * 3600 + m * 60 + s


def scan_time(text: str) -> int | None:
    """CSVByteScanner.time (stop_times.txt): 7-9 characters, ':' at -3 and -6, minutes and seconds < 60."""
    t = _trim(text)
    if len(t) not in (7, 8, 9) or t[-3] != ":" or t[-6] != ":":
        return None
    h, m, s = t[:-6], t[-5:-3], t[-2:]
    if not all(x.isascii() and x.isdigit() for x in (h, m, s)):
        return None
    if int(m) >= 60 or int(s) >= 60:
        return None
    return int(h) * 3600 + int(m) * 60 + int(s)


def parse_date(text: str | None) -> datetime.date | None:
    """GTFSParse.date: YYYYMMDD, a real calendar date."""
    if text is None or len(text) != 8 or not (text.isascii() and text.isdigit()):
        return None
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


@dataclass
class Feed:
    stop_ids: list[str] = field(default_factory=list)
    stop_lat: list[float] = field(default_factory=list)
    stop_lon: list[float] = field(default_factory=list)
    # One entry per trip instance running on the date (frequencies expanded), trips of < 2 stops left out.
    trips: list[tuple[list[int], list[int], list[int], list[bool], list[bool]]] = field(default_factory=list)
    transfers: list[tuple[int, int, int, int | None]] = field(default_factory=list)  # from, to, type, min time


def load_feed(path: str, date: datetime.date) -> Feed:
    """The GTFS feed's timetable for one service day, as the engine reads it (GTFSLoader.swift,
    GTFSStopTimes.swift, GTFSCalendarFiles.swift, GTFSService.swift, GTFSTimetable.swift)."""
    files = read_zip(path)
    feed = Feed()

    # stops.txt: every row with a new stop_id, in file order (stations and entrances included);
    # a position only when both parse and are valid, else NaN.
    stop_index: dict[str, int] = {}
    t = _table(files, "stops.txt", ["stop_id"])
    if t:
        h, rows = t
        ci, cla, clo = _col(h, "stop_id"), _col(h, "stop_lat"), _col(h, "stop_lon")
        for r in rows:
            sid = _value(r[ci])
            if sid is None or sid in stop_index:
                continue
            lat = lon = math.nan
            la = _value(r[cla]) if cla is not None else None
            lo = _value(r[clo]) if clo is not None else None
            if la is not None and lo is not None:
                a, o = swift_double(la), swift_double(lo)
                if a is not None and o is not None and valid_coordinate(a, o):
                    lat, lon = a, o
            stop_index[sid] = len(feed.stop_ids)
            feed.stop_ids.append(sid)
            feed.stop_lat.append(lat)
            feed.stop_lon.append(lon)

    # routes.txt: ids that are present, unique and have an integer route_type.
    route_ids: set[str] = set()
    t = _table(files, "routes.txt", ["route_id", "route_type"])
    if t:
        h, rows = t
        ci, ct = h.index("route_id"), h.index("route_type")
        for r in rows:
            rid = _value(r[ci])
            if rid is None or rid in route_ids:
                continue
            if swift_int(_value(r[ct])) is None:
                continue
            route_ids.add(rid)

    # trips.txt: first row of each trip_id, with a known route.
    trip_index: dict[str, int] = {}
    trip_service: list[str] = []
    t = _table(files, "trips.txt", ["route_id", "service_id", "trip_id"])
    if t:
        h, rows = t
        ci, cr, cs = h.index("trip_id"), h.index("route_id"), h.index("service_id")
        for r in rows:
            tid, rid, sid = _value(r[ci]), _value(r[cr]), _value(r[cs])
            if tid is None or rid is None or sid is None or tid in trip_index or rid not in route_ids:
                continue
            trip_index[tid] = len(trip_service)
            trip_service.append(sid)

    # stop_times.txt, row by row: a row with the wrong field count or an unknown trip is skipped; an
    # unknown stop, a bad stop_sequence, no time at all or a malformed time rejects the whole trip.
    stop_times: list[list[tuple[int, int, int, int, bool, bool]]] = [[] for _ in trip_service]
    bad = [False] * len(trip_service)
    text = files.get("stop_times.txt")
    if text is not None:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = None
        for r in reader:
            if not r or r == [""]:
                continue
            if header is None:
                header = [_trim(x) for x in r]
                need = ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"]
                if any(c not in header for c in need):
                    break
                c_trip, c_arr, c_dep = header.index("trip_id"), header.index("arrival_time"), header.index("departure_time")
                c_stop, c_seq = header.index("stop_id"), header.index("stop_sequence")
                c_pu, c_do = _col(header, "pickup_type"), _col(header, "drop_off_type")
                continue
            if len(r) != len(header):
                continue
            trip = trip_index.get(_trim(r[c_trip]))
            if trip is None:
                continue
            stop = stop_index.get(_trim(r[c_stop]))
            seq_text = _trim(r[c_seq])
            seq = int(seq_text) if seq_text.isascii() and seq_text.isdigit() and len(seq_text) <= 18 else None
            arr_t, dep_t = _trim(r[c_arr]), _trim(r[c_dep])
            arr = scan_time(arr_t) if arr_t else None
            dep = scan_time(dep_t) if dep_t else None
            if stop is None or seq is None or (not arr_t and not dep_t) or (arr_t and arr is None) or (dep_t and dep is None):
                bad[trip] = True
                continue
            # pickup_type / drop_off_type 1 = not available; anything else (empty, 0, 2, 3) allows it.
            pickup = not (c_pu is not None and _trim(r[c_pu]) == "1")
            drop_off = not (c_do is not None and _trim(r[c_do]) == "1")
            a = arr if arr is not None else dep
            d = dep if dep is not None else arr
            stop_times[trip].append((seq, stop, a, d, pickup, drop_off))
    for trip, times in enumerate(stop_times):
        times.sort(key=lambda x: x[0])
        ok = not bad[trip]
        if ok and len(times) >= 2:
            for i, (seq, _, a, d, _, _) in enumerate(times):
                if d < a or (i > 0 and (seq == times[i - 1][0] or a < times[i - 1][3])):
                    ok = False
                    break
        if not ok:
            stop_times[trip] = []

    # calendar.txt + calendar_dates.txt (GTFSService.activeServices), calendar_dates in file order.
    active: set[str] = set()
    weekday = date.weekday()  # Monday = 0, the column order of calendar.txt
    days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    t = _table(files, "calendar.txt", ["service_id"] + days + ["start_date", "end_date"])
    if t:
        h, rows = t
        for r in rows:
            sid = _value(r[h.index("service_id")])
            flags = [_value(r[h.index(d)]) for d in days]
            start, end = parse_date(_value(r[h.index("start_date")])), parse_date(_value(r[h.index("end_date")]))
            if sid is None or any(f not in ("0", "1") for f in flags) or start is None or end is None:
                continue
            if start <= date <= end and flags[weekday] == "1":
                active.add(sid)
    t = _table(files, "calendar_dates.txt", ["service_id", "date", "exception_type"])
    if t:
        h, rows = t
        for r in rows:
            sid, d = _value(r[h.index("service_id")]), parse_date(_value(r[h.index("date")]))
            typ = swift_int(_value(r[h.index("exception_type")]))
            if sid is None or d is None or typ not in (1, 2) or d != date:
                continue
            if typ == 1:
                active.add(sid)
            else:
                active.discard(sid)
    if not active:
        raise ValueError(f"no service runs on {date}")

    # transfers.txt: both stops known; type defaults to 0; min_transfer_time optional.
    t = _table(files, "transfers.txt", ["from_stop_id", "to_stop_id", "transfer_type"])
    if t:
        h, rows = t
        cm = _col(h, "min_transfer_time")
        for r in rows:
            f = stop_index.get(_value(r[h.index("from_stop_id")]) or "")
            to = stop_index.get(_value(r[h.index("to_stop_id")]) or "")
            if f is None or to is None:
                continue
            typ = swift_int(_value(r[h.index("transfer_type")]))
            feed.transfers.append((f, to, 0 if typ is None else typ, swift_int(_value(r[cm])) if cm is not None else None))

    # frequencies.txt: known trip, valid times, headway 1 s … 1 day, end ≥ start.
    freq: dict[int, list[tuple[int, int, int]]] = {}
    t = _table(files, "frequencies.txt", ["trip_id", "start_time", "end_time", "headway_secs"])
    if t:
        h, rows = t
        for r in rows:
            trip = trip_index.get(_value(r[h.index("trip_id")]) or "")
            st = _value(r[h.index("start_time")])
            en = _value(r[h.index("end_time")])
            st, en = (parse_gtfs_time(st) if st else None), (parse_gtfs_time(en) if en else None)
            hw = swift_int(_value(r[h.index("headway_secs")]))
            if trip is None or st is None or en is None or hw is None or not (1 <= hw <= 86_400) or en < st:
                continue
            freq.setdefault(trip, []).append((st, en, hw))

    # Trip instances of the day (GTFSTimetable.timetable(on:)): a frequency-based trip runs at
    # start, start + headway, … strictly before end, its times shifted from its first departure.
    for trip, times in enumerate(stop_times):
        if trip_service[trip] not in active or len(times) < 2:
            continue
        stops = [x[1] for x in times]
        arr = [x[2] for x in times]
        dep = [x[3] for x in times]
        pu = [x[4] for x in times]
        do = [x[5] for x in times]
        if trip not in freq:
            feed.trips.append((stops, arr, dep, pu, do))
            continue
        for st, en, hw in freq[trip]:
            for start in range(st, en, hw):
                shift = start - dep[0]
                feed.trips.append((stops, [a + shift for a in arr], [d + shift for d in dep], pu, do))
    return feed


# -------------------------------------------------------------------------------------------------
# Transfers between stops (Sources/TravelTime/Transit/Footpaths.swift)
# -------------------------------------------------------------------------------------------------


def footpaths(feed: Feed, max_metres: float, speed: float) -> dict[tuple[int, int], int]:
    """(from, to) → seconds. Every pair of distinct stops with a position within `max_metres` in a
    straight line, ceil(metres / speed); then transfers.txt: type 3 removes the pair (also a
    generated one), type 2 sets min_transfer_time (clamped to 0 … 86,400), other types the walking
    time ceil(metres / max(speed, 0.1)) whatever the distance. Same-stop rows are ignored (staying at
    a stop is the search's own 0-second transfer). Not transitive."""
    lat = np.array(feed.stop_lat)
    lon = np.array(feed.stop_lon)
    ok = np.isfinite(lat) & np.isfinite(lon)
    paths: dict[tuple[int, int], int] = {}
    if max_metres > 0 and speed > 0:
        idx = np.flatnonzero(ok)
        order = idx[np.argsort(lat[idx], kind="stable")]
        slat = lat[order]
        # A generous latitude band shortlists pairs; the exact haversine decides.
        band = max_metres / 111_000.0 + 1e-9
        hi = np.searchsorted(slat, slat + band, side="right")
        for a in range(len(order)):
            i = int(order[a])
            for b in range(a + 1, int(hi[a])):
                j = int(order[b])
                d = haversine_m(lat[i], lon[i], lat[j], lon[j])
                if d <= max_metres:
                    s = math.ceil(d / speed)
                    paths[(i, j)] = s
                    paths[(j, i)] = s
    explicit = []
    forbidden = []
    for f, t, typ, mtt in feed.transfers:
        if f == t:
            continue
        if typ == 3:
            forbidden.append((f, t))
        else:
            secs = None if typ != 2 or mtt is None else min(max(mtt, 0), 86_400)
            explicit.append((f, t, secs))
    for f, t, secs in explicit:
        if secs is None:
            if not (ok[f] and ok[t]):
                continue
            secs = math.ceil(haversine_m(lat[f], lon[f], lat[t], lon[t]) / max(speed, 0.1))
        paths[(f, t)] = secs
    for f, t in forbidden:
        paths.pop((f, t), None)
    return paths


# -------------------------------------------------------------------------------------------------
# Connections
# -------------------------------------------------------------------------------------------------


@dataclass
class Connections:
    """Connections (one per ride between consecutive stops of a trip instance) departing within
    [lo, hi], trip by trip in stop order. `first[c]` is the index of the first connection of c's trip
    instance, so "boarded at or before c on the same vehicle" is a running maximum."""
    u: np.ndarray  # from stop
    v: np.ndarray  # to stop
    dep: np.ndarray
    arr: np.ndarray
    board: np.ndarray  # pickup allowed at the from stop
    alight: np.ndarray  # drop-off allowed at the to stop
    first: np.ndarray
    # Connections grouped by `v` (for the per-stop minimum): order, group starts, stop of each group.
    by_v: np.ndarray
    v_starts: np.ndarray
    v_stops: np.ndarray


def connections(feed: Feed, lo: int, hi: int) -> Connections:
    cols: list[list] = [[] for _ in range(7)]
    for stops, arr, dep, pu, do in feed.trips:
        start = None
        for i in range(len(stops) - 1):
            if not (lo <= dep[i] <= hi):
                continue  # boarding needs a label ≥ lo; an arrival after hi is beyond every cut-off
            if start is None:
                start = len(cols[0])
            cols[0].append(stops[i])
            cols[1].append(stops[i + 1])
            cols[2].append(dep[i])
            cols[3].append(arr[i + 1])
            cols[4].append(pu[i])
            cols[5].append(do[i + 1])
            cols[6].append(start)
    u, v, dep, arr = (np.array(c, dtype=np.int64) for c in cols[:4])
    board, alight = (np.array(c, dtype=bool) for c in cols[4:6])
    first = np.array(cols[6], dtype=np.int64)
    by_v = np.argsort(v, kind="stable")
    sv = v[by_v]
    starts = np.flatnonzero(np.r_[True, sv[1:] != sv[:-1]]) if len(sv) else np.zeros(0, dtype=np.int64)
    return Connections(u, v, dep, arr, board, alight, first, by_v, starts, sv[starts] if len(sv) else sv)


# -------------------------------------------------------------------------------------------------
# The search: a connection scan, one round per ride, many queries at once
# -------------------------------------------------------------------------------------------------


@dataclass
class FootpathArrays:
    src: np.ndarray
    dst: np.ndarray
    secs: np.ndarray
    dst_starts: np.ndarray
    dst_stops: np.ndarray


def footpath_arrays(paths: dict[tuple[int, int], int]) -> FootpathArrays:
    items = sorted(paths.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    src = np.array([k[0] for k, _ in items], dtype=np.int64)
    dst = np.array([k[1] for k, _ in items], dtype=np.int64)
    secs = np.array([s for _, s in items], dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, dst[1:] != dst[:-1]]) if len(dst) else np.zeros(0, dtype=np.int64)
    return FootpathArrays(src, dst, secs, starts, dst[starts] if len(dst) else dst)


def vehicle_arrivals(cx: Connections, fp: FootpathArrays, n_stops: int, sources: np.ndarray, cutoff: np.ndarray,
                     rides: int) -> np.ndarray:
    """Earliest arrival at every stop stepping off a vehicle, with 1 … `rides` rides, for Q queries.

    sources[s, q]: the time query q is at stop s after its access walk (INF: not there).
    cutoff[q]: arrivals later than this are discarded (departure + max duration).
    Returns [stops, Q], INF where no ride gets there.

    Round k scans every connection once with the labels of round k-1 ("at most k-1 rides", final):
    a trip instance is boarded at connection c when pickup is allowed there and the label at c's
    stop is ≤ c's departure (boarding in the very second one arrives is allowed: the engine's
    same-stop change time is 0 s), and is ridden from there on; every later connection of it whose
    drop-off is allowed sets its arrival stop's ride label. One footpath may follow a ride (not
    the access walk), and the next round boards from the best of ride, footpath and earlier labels.
    Because a round only reads labels that the previous round finished, connections departing in
    the same second as another arrives are never missed, whatever their order."""
    Q = sources.shape[1]
    best = sources.copy()  # at most k-1 rides, ready to board
    vehicle = np.full((n_stops, Q), INF, dtype=np.int64)
    rows = np.arange(len(cx.u), dtype=np.int64)[:, None]
    cut = cutoff[None, :]
    arr_ok = cx.arr[:, None] <= cut  # [C, Q]
    alight_ok = cx.alight[:, None] & arr_ok
    for _ in range(rides):
        can_board = cx.board[:, None] & (best[cx.u] <= cx.dep[:, None])
        # Index of the latest boarding at or before c (−1 none); ridden if it is on c's own trip.
        last = np.where(can_board, rows, -1)
        np.maximum.accumulate(last, axis=0, out=last)
        ridden = last >= cx.first[:, None]
        arrive = np.where(ridden & alight_ok, cx.arr[:, None], INF)
        ride = np.full((n_stops, Q), INF, dtype=np.int64)
        if len(cx.by_v):
            ride[cx.v_stops] = np.minimum.reduceat(arrive[cx.by_v], cx.v_starts, axis=0)
        np.minimum(vehicle, ride, out=vehicle)
        walked = np.full((n_stops, Q), INF, dtype=np.int64)
        if len(fp.src):
            cand = ride[fp.src] + fp.secs[:, None]
            cand[cand > cut] = INF
            walked[fp.dst_stops] = np.minimum.reduceat(cand, fp.dst_starts, axis=0)
        new = np.minimum(np.minimum(best, ride), walked)
        if np.array_equal(new, best):
            break  # the next round would scan the same labels and find nothing new
        best = new
    return vehicle


def vehicle_arrivals_engine_labels(cx: Connections, fp: FootpathArrays, n_stops: int, access: np.ndarray,
                                   departures: list[int], max_seconds: int, rides: int) -> np.ndarray:
    """DIAGNOSIS ONLY, not the documented rules: the engine's label bookkeeping, to tell whether a
    disagreement comes from it. access[s, o]: access seconds of origin o to stop s (INF: none).
    Returns [stops, O·M] in the layout of `compute` (column o·M + m).

    RaptorSearch keeps one `ride[k][p]` label for "stepped off a vehicle" *and* "walked here from
    the origin" (round 0, carried into every round), and records a vehicle arrival (for the egress
    walk, `vehicle[p]`) and relaxes footpaths from it only when it beats that label. With
    `footpathsAfterAccess: false` the walked label may not walk on, so a ride arriving at an access
    stop later than the walk would is dropped: neither its footpath nor its egress walk is ever
    tried. Range RAPTOR keeps labels from later departures (latest first). This reproduces both."""
    O = access.shape[1]
    M = len(departures)
    K = rides
    ride = np.full((K + 1, n_stops, O), INF, dtype=np.int64)
    best = ride.copy()
    vehicle = np.full((n_stops, O), INF, dtype=np.int64)
    out = np.full((n_stops, O * M), INF, dtype=np.int64)
    rows = np.arange(len(cx.u), dtype=np.int64)[:, None]
    for m in reversed(range(M)):
        t = departures[m]
        cutoff = t + max_seconds
        src = np.where((access < INF) & (t + access <= cutoff), t + access, INF)
        np.minimum(ride[0], src, out=ride[0])
        np.minimum(best[0], src, out=best[0])
        alight_ok = (cx.alight & (cx.arr <= cutoff))[:, None]
        for k in range(1, K + 1):
            np.minimum(ride[k], ride[k - 1], out=ride[k])
            np.minimum(best[k], best[k - 1], out=best[k])
            can_board = cx.board[:, None] & (best[k - 1][cx.u] <= cx.dep[:, None])
            last = np.where(can_board, rows, -1)
            np.maximum.accumulate(last, axis=0, out=last)
            arrive = np.where((last >= cx.first[:, None]) & alight_ok, cx.arr[:, None], INF)
            x = np.full((n_stops, O), INF, dtype=np.int64)
            if len(cx.by_v):
                x[cx.v_stops] = np.minimum.reduceat(arrive[cx.by_v], cx.v_starts, axis=0)
            x = np.where(x < ride[k], x, INF)  # recorded only where it beats the shared label
            np.minimum(ride[k], x, out=ride[k])
            np.minimum(vehicle, x, out=vehicle)
            np.minimum(best[k], x, out=best[k])
            if len(fp.src):
                cand = x[fp.src] + fp.secs[:, None]
                cand[cand > cutoff] = INF
                walked = np.full((n_stops, O), INF, dtype=np.int64)
                walked[fp.dst_stops] = np.minimum.reduceat(cand, fp.dst_starts, axis=0)
                np.minimum(best[k], walked, out=best[k])
        out[:, m::M] = np.where(vehicle <= cutoff, vehicle, INF)
    return out


# -------------------------------------------------------------------------------------------------
# Door to door (Sources/TravelTime/Matrix/TransitMatrix.swift)
# -------------------------------------------------------------------------------------------------


@dataclass
class Options:
    window: tuple[int, int]  # seconds after midnight, both ends included
    step_seconds: int = 60
    percentiles: tuple[float, ...] = (50.0,)
    max_minutes: float = 90.0
    max_walk_metres: float = 800.0
    max_transfers: int = 4
    walk_mps: float = WALK_MPS
    transfer_metres: float = 400.0
    snap_metres: float | None = 500.0  # None: no radius
    walk_snap: bool = True  # walk the straight line between a point and its street node
    straight_across: bool = True
    rules: str = "matched"
    # Diagnosis only: reproduce the engine's shared ride/access label (`vehicle_arrivals_engine_labels`).
    engine_labels: bool = False
    # peer-default only
    stop_link_metres: float | None = None
    network_transfers: bool = False


# r5py / R5 defaults an analyst gets without matching the engine (rules="peer-default"):
PEER_DEFAULTS = dict(
    walk_mps=3.6 / 3.6,  # r5py speed_walking = 3.6 km/h (the engine: 4.8 km/h)
    transfer_metres=1000.0,  # R5 TransferFinder: stop-to-stop walks up to 1,000 m, over the streets
    max_walk_metres=None,  # r5py max_time_walking (2 h) caps each leg, so in effect only --max-time does
    max_transfers=7,  # r5py max_public_transport_rides = 8
    snap_metres=None,  # OSMnx nearest_nodes: no radius (streets_peer "peer-default")
    walk_snap=False,  # the point → node line is not walked
    straight_across=False,
    stop_link_metres=1600.0,  # R5 StreetLayer.LINK_RADIUS_METERS: a stop farther from the streets is not
    # linked (unusable on foot); a linked stop's connector to the street is walked, as R5's link edges are
    network_transfers=True,
)


def percentiles_nearest_rank(times: list[int | None], percentiles) -> list[int | None]:
    """TravelTimePercentiles.compute: the ceil(p/100·n)-th smallest (at least the 1st), unreachable
    counted as infinite, so a percentile that falls on one is unreachable."""
    if not times:
        return [None for _ in percentiles]
    ok = sorted(t for t in times if t is not None)
    n = len(times)
    out = []
    for p in percentiles:
        c = min(100.0, max(0.0, p))
        rank = max(1, math.ceil(c / 100 * n))
        out.append(ok[rank - 1] if rank <= len(ok) else None)
    return out


class Walker:
    """Walking legs: to stops (access/egress) and the whole way, straight or on the street network."""

    def __init__(self, feed: Feed, opts: Options, graph=None):
        self.opts = opts
        self.graph = graph
        self.lat = np.array(feed.stop_lat)
        self.lon = np.array(feed.stop_lon)
        self.n = len(feed.stop_ids)
        snap_r = opts.stop_link_metres if opts.rules == "peer-default" else opts.snap_metres
        self.stop_snaps = [graph.snap(self.lat[s], self.lon[s], snap_r) if graph is not None and
                           valid_coordinate(self.lat[s], self.lon[s]) else None for s in range(self.n)]
        self._cache: dict[tuple[int, float], np.ndarray] = {}

    def snap_walk(self, snap) -> float:
        """Seconds to walk between a point and its street node (the engine walks it at the graph's
        access speed; peer-default does not walk it)."""
        if not self.opts.walk_snap:
            return 0.0
        return snap[1] / self.graph.access_mps

    def stop_link_walk(self, snap) -> float:
        """Seconds between a stop and its street node: as for points in matched rules; in
        peer-default, R5's stop linking (the connector to the street is an edge, so it is walked)."""
        if self.opts.rules == "peer-default":
            return snap[1] / self.opts.walk_mps
        return self.snap_walk(snap)

    def seconds_from(self, node: int, limit: float, cache: bool = True) -> np.ndarray:
        """Network seconds from `node` to every node at this walker's speed, inf beyond `limit`. The
        streets peer walks at 4.8 km/h; peer-default's 3.6 km/h scales its times (never in matched)."""
        key = (node, limit)
        if key in self._cache:
            return self._cache[key]
        scale = self.graph.access_mps / self.opts.walk_mps
        if scale == 1.0:
            secs = self.graph.seconds_from(node, limit)
        else:
            secs = self.graph.seconds_from(node, limit / scale) * scale
            secs[secs > limit] = np.inf
        if cache:
            self._cache[key] = secs
        return secs

    def point_snap(self, lat, lon):
        return self.graph.snap(lat, lon, self.opts.snap_metres) if self.graph is not None else None

    def legs(self, lat: float, lon: float) -> list[tuple[int, int, bool]]:
        """TransitMatrix.legs: (stop, seconds, on network). Candidates are the stops within the walking
        limit in a straight line; where the point and the stop both snap, the network walk (snap
        walks included) must be within maxWalk / speed seconds, else the stop is out of reach; a stop
        that does not snap is walked in a straight line. Seconds rounded half away from zero."""
        o = self.opts
        limit_m = o.max_walk_metres if o.max_walk_metres is not None else o.max_minutes * 60 * o.walk_mps
        near = []
        for s in range(self.n):
            d = haversine_m(self.lat[s], self.lon[s], lat, lon)
            if d <= limit_m:
                near.append((s, d))
        straight = [(s, swift_round(d / o.walk_mps), False) for s, d in near]
        snap = self.point_snap(lat, lon) if self.graph is not None else None
        if snap is None:
            return straight
        limit = limit_m / o.walk_mps
        if o.rules == "matched":
            limit += 1e-6  # legs(): maxSeconds: limit + 1e-6
        start = self.snap_walk(snap)
        net = self.seconds_from(snap[0], limit - start)
        out = []
        for (s, d), st in zip(near, straight):
            ss = self.stop_snaps[s]
            if ss is not None:
                total = start + float(net[ss[0]]) + self.stop_link_walk(ss)
                if math.isfinite(total) and total <= limit:
                    out.append((s, swift_round(total), True))
            elif o.rules == "matched":
                out.append(st)
        return out

    def whole_way(self, lat, lon, dests, dest_snaps, max_seconds: int) -> list[int | None]:
        """TransitMatrix.walkAllTheWay: on the network where both ends snap (with the straight-across
        rule of StreetMatrix.walksStraightAcross: metres ≤ sum of snap distances → the quicker of the
        two), else the straight line; nothing over max_seconds; rounded half away from zero."""
        o = self.opts
        snap = self.point_snap(lat, lon) if self.graph is not None else None
        net = None
        if snap is not None:
            start = self.snap_walk(snap)
            net = self.seconds_from(snap[0], max_seconds - start)
        out: list[int | None] = []
        for (_, dlat, dlon), ds in zip(dests, dest_snaps):
            metres = haversine_m(lat, lon, dlat, dlon)
            straight = metres / o.walk_mps
            best = None
            if snap is not None and ds is not None:
                total = start + float(net[ds[0]]) + self.snap_walk(ds)
                if math.isfinite(total) and total <= max_seconds:
                    best = total
            if snap is None or ds is None:
                best = straight if o.rules == "matched" else None
            elif o.straight_across and metres <= snap[1] + ds[1]:
                best = straight if best is None else min(best, straight)
            out.append(swift_round(best) if best is not None and best <= max_seconds else None)
        return out


@dataclass
class Result:
    origins: list[str]
    destinations: list[str]
    layers: list[str]
    seconds: list[list[list[int | None]]]  # [layer][origin][destination]
    walk_only: int
    per_minute: dict = field(default_factory=dict)  # (origin, destination) → list of per-departure seconds
    rides: dict = field(default_factory=dict)
    walks: dict = field(default_factory=dict)


def network_footpaths(feed: Feed, walker: Walker, opts: Options) -> dict[tuple[int, int], int]:
    """peer-default transfers, R5-style (TransferFinder): walks of at most `transfer_metres` over the
    street network, connectors to the street included, between stops linked to it; stops not linked
    keep the straight line; seconds rounded up."""
    paths = footpaths(feed, opts.transfer_metres, opts.walk_mps)
    limit = opts.transfer_metres / opts.walk_mps
    linked = [s for s in range(walker.n) if walker.stop_snaps[s] is not None]
    nodes = np.array([walker.stop_snaps[s][0] for s in linked], dtype=np.int64)
    links = np.array([walker.stop_link_walk(walker.stop_snaps[s]) for s in linked])
    for k, s in enumerate(linked):
        net = walker.seconds_from(int(nodes[k]), limit - links[k], cache=False)[nodes]
        total = links[k] + net + links
        for t, secs in zip(linked, total):
            if t == s:
                continue
            if math.isfinite(secs) and secs <= limit:
                paths[(s, t)] = math.ceil(secs)
            else:
                paths.pop((s, t), None)
    return paths


def compute(feed: Feed, origins, destinations, opts: Options, graph=None, batch: int = 10,
            keep_per_minute: bool = False, progress=None) -> Result:
    """The door-to-door matrix, in whole seconds per percentile."""
    walker = Walker(feed, opts, graph)
    if opts.network_transfers and graph is not None:
        paths = network_footpaths(feed, walker, opts)
    else:
        paths = footpaths(feed, opts.transfer_metres, opts.walk_mps)
    fp = footpath_arrays(paths)
    max_seconds = int(opts.max_minutes * 60)  # Int(options.maxMinutes * 60): truncated
    lo, hi = opts.window
    departures = list(range(lo, hi + 1, max(1, opts.step_seconds)))
    cx = connections(feed, lo, hi + max_seconds)
    rides = min(max(0, opts.max_transfers), 99) + 1  # RaptorSearch.rounds
    n = len(feed.stop_ids)
    M = len(departures)

    dest_snaps = [walker.point_snap(lat, lon) for _, lat, lon in destinations]
    egress = [walker.legs(lat, lon) for _, lat, lon in destinations]
    e_stop = np.array([s for legs in egress for s, _, _ in legs], dtype=np.int64)
    e_secs = np.array([t for legs in egress for _, t, _ in legs], dtype=np.int64)
    e_count = np.array([len(legs) for legs in egress], dtype=np.int64)
    e_starts = np.r_[0, np.cumsum(e_count)[:-1]]
    dep_arr = np.array(departures, dtype=np.int64)

    layers = [f"p{int(p)}" for p in opts.percentiles]
    seconds = [[[None] * len(destinations) for _ in origins] for _ in layers]
    walk_only = 0
    res = Result([o[0] for o in origins], [d[0] for d in destinations], layers, seconds, 0)
    for b0 in range(0, len(origins), batch):
        group = list(range(b0, min(len(origins), b0 + batch)))
        Q = len(group) * M
        access = np.full((n, len(group)), INF, dtype=np.int64)
        for g, i in enumerate(group):
            _, lat, lon = origins[i]
            for s, secs, _ in walker.legs(lat, lon):
                access[s, g] = min(access[s, g], secs)
        if opts.engine_labels:
            vehicle = vehicle_arrivals_engine_labels(cx, fp, n, access, departures, max_seconds, rides)
        else:
            # Query g·M + m: origin group[g] leaving at departures[m]; at each access stop after the walk.
            t = np.tile(dep_arr, len(group))
            sources = np.repeat(access, M, axis=1)
            sources = np.where((sources < INF) & (sources <= max_seconds), sources + t[None, :], INF)
            vehicle = vehicle_arrivals(cx, fp, n, sources, t + max_seconds, rides)
        # Egress from a stop reached on a vehicle: min over the destination's legs.
        for g, i in enumerate(group):
            _, lat, lon = origins[i]
            walks = walker.whole_way(lat, lon, destinations, dest_snaps, max_seconds)
            cols = slice(g * M, (g + 1) * M)
            for j in range(len(destinations)):
                ride_times: list[int | None] = [None] * M
                if e_count[j]:
                    k = slice(e_starts[j], e_starts[j] + e_count[j])
                    tot = vehicle[e_stop[k], cols] + e_secs[k][:, None] - dep_arr[None, :]
                    tot = tot.min(axis=0)
                    ride_times = [int(x) if x <= max_seconds else None for x in tot]
                w = walks[j]
                per_minute = []
                for r in ride_times:
                    if r is not None and w is not None:
                        per_minute.append(min(r, w))
                    else:
                        per_minute.append(r if r is not None else w)
                if w is not None and all(r is None or r >= w for r in ride_times):
                    walk_only += 1
                for L, v in enumerate(percentiles_nearest_rank(per_minute, opts.percentiles)):
                    seconds[L][i][j] = v
                if keep_per_minute:
                    res.per_minute[(i, j)] = per_minute
                    res.rides[(i, j)] = ride_times
                    res.walks[(i, j)] = w
        if progress:
            progress(group[-1] + 1, len(origins))
    res.walk_only = walk_only
    return res


def clock(s: int) -> str:
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def explain(feed: Feed, origin, destination, departure: int, opts: Options, graph=None, walker=None) -> str:
    """The peer's best journey with a vehicle for one origin, destination and departure, in words
    (the same search as `vehicle_arrivals`, for one query, keeping where each label came from)."""
    walker = walker or Walker(feed, opts, graph)
    if opts.network_transfers and graph is not None:
        paths = network_footpaths(feed, walker, opts)
    else:
        paths = footpaths(feed, opts.transfer_metres, opts.walk_mps)
    fp = footpath_arrays(paths)
    max_seconds = int(opts.max_minutes * 60)
    cutoff = departure + max_seconds
    cx = connections(feed, departure, cutoff)
    n = len(feed.stop_ids)
    rides = min(max(0, opts.max_transfers), 99) + 1
    name = feed.stop_ids
    access = walker.legs(origin[1], origin[2])
    egress = walker.legs(destination[1], destination[2])
    best = np.full(n, INF, dtype=np.int64)
    for s, secs, net in access:
        if secs <= max_seconds:
            best[s] = min(best[s], departure + secs)
    # came[k][stop] = ("access", secs) | ("ride", board conn, alight conn) | ("walk", from stop, secs) | ("prev",)
    came: list[dict] = [{s: ("access", secs, net) for s, secs, net in access if secs <= max_seconds}]
    walked_to = {s: departure + secs for s, secs, _ in access if secs <= max_seconds}
    ride_labels: list[np.ndarray] = []
    rows = np.arange(len(cx.u))
    for k in range(1, rides + 1):
        can_board = cx.board & (best[cx.u] <= cx.dep)
        last = np.maximum.accumulate(np.where(can_board, rows, -1)) if len(rows) else rows
        ridden = last >= cx.first
        arrive = np.where(ridden & cx.alight & (cx.arr <= cutoff), cx.arr, INF)
        ride = np.full(n, INF, dtype=np.int64)
        how: dict = {}
        for c in np.flatnonzero(arrive < INF):
            v = int(cx.v[c])
            if arrive[c] < ride[v]:
                ride[v] = arrive[c]
                how[v] = ("ride", int(last[c]), int(c))
        new = best.copy()
        label: dict = {}
        for v in np.flatnonzero(ride < new):
            new[v] = ride[v]
            label[int(v)] = how[int(v)]
        for a, b, s in zip(fp.src, fp.dst, fp.secs):
            if ride[a] < INF and ride[a] + s <= cutoff and ride[a] + s < new[b]:
                new[b] = ride[a] + s
                label[int(b)] = ("walk", int(a), int(s))
        came.append(label)
        ride_labels.append((ride, how))
        best = new
    # The best egress: from a stop reached on a vehicle in any round.
    options = []
    for k, (ride, how) in enumerate(ride_labels, start=1):
        for s, secs, net in egress:
            if ride[s] < INF and ride[s] + secs - departure <= max_seconds:
                options.append((int(ride[s]) + secs - departure, k, s, secs, net))
    if not options:
        return f"departure {clock(departure)}: no journey with a vehicle"
    total, k, stop, secs, net = min(options)
    lines = [f"  egress walk {secs} s ({'network' if net else 'straight line'}) from stop {name[stop]}"]
    kind = ride_labels[k - 1][1][stop]
    while True:
        if kind[0] == "ride":
            b, c = kind[1], kind[2]
            off, there = int(cx.v[c]), int(cx.arr[c])
            note = ""
            if off in walked_to and walked_to[off] < there:
                note = (f" [the access walk alone is at {name[off]} at {clock(walked_to[off])}, earlier: a ride"
                        f" arriving later is one the engine's shared ride/access label drops]")
            lines.append(f"  ride {clock(int(cx.dep[b]))} {name[int(cx.u[b])]} → {clock(there)} {name[off]}"
                         f" (round {k}){note}")
            stop = int(cx.u[b])
            k -= 1
            # Boarded from the best label of round k at that stop: find where it came from.
            kk = k
            while kk > 0 and stop not in came[kk]:
                kk -= 1
            k = kk
            kind = came[k][stop]
        elif kind[0] == "walk":
            lines.append(f"  footpath {kind[2]} s from {name[kind[1]]} to {name[stop]}")
            stop = kind[1]
            kind = ride_labels[k - 1][1][stop]
        else:
            lines.append(f"  access walk {kind[1]} s ({'network' if kind[2] else 'straight line'}) to stop {name[stop]}")
            break
    return f"departure {clock(departure)}: {total} s\n" + "\n".join(reversed(lines))


# -------------------------------------------------------------------------------------------------
# Command line
# -------------------------------------------------------------------------------------------------


def read_points(path: str) -> list[tuple[str, float, float]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [(r["id"].strip(), float(r["lat"]), float(r["lon"])) for r in csv.DictReader(f)]


def parse_window(text: str) -> tuple[int, int]:
    a, b = text.split("-")
    ha, ma = (int(x) for x in a.split(":"))
    hb, mb = (int(x) for x in b.split(":"))
    lo, hi = (ha * 60 + ma) * 60, (hb * 60 + mb) * 60
    if hi < lo:
        raise ValueError("window end before start")
    return lo, hi


def load_graph(pbf: str | None, rules: str):
    if not pbf:
        return None
    import streets_peer  # noqa: E402  (the street-network peer, another file)

    return streets_peer.StreetGraph(pbf, "walk", rules=rules)


def options_from_args(a) -> Options:
    o = Options(window=parse_window(a.window))
    o.percentiles = tuple(float(x) for x in a.percentiles.split(","))
    o.max_minutes = a.max_time
    o.rules = a.rules
    if a.rules == "peer-default":
        for k, v in PEER_DEFAULTS.items():
            setattr(o, k, v)
    if a.max_walk is not None:
        o.max_walk_metres = a.max_walk
    if a.max_transfers is not None:
        o.max_transfers = a.max_transfers
    if a.transfer_radius is not None:
        o.transfer_metres = a.transfer_radius
    if a.snap_radius is not None:
        o.snap_metres = a.snap_radius
    if a.no_walk_snap:
        o.walk_snap = False
    if a.no_straight_across:
        o.straight_across = False
    return o


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--origins", required=True)
    p.add_argument("--destinations", required=True)
    p.add_argument("--gtfs", required=True)
    p.add_argument("--date", required=True)
    p.add_argument("--window", required=True)
    p.add_argument("--osm")
    p.add_argument("--percentiles", default="50")
    p.add_argument("--max-walk", type=float)
    p.add_argument("--max-transfers", type=int)
    p.add_argument("--max-time", type=float, default=90.0)
    p.add_argument("--transfer-radius", type=float)
    p.add_argument("--snap-radius", type=float)
    p.add_argument("--no-walk-snap", action="store_true")
    p.add_argument("--no-straight-across", action="store_true")
    p.add_argument("--rules", choices=["matched", "peer-default"], default="matched")
    p.add_argument("--out", required=True)
    a = p.parse_args(argv)
    t0 = time.time()
    opts = options_from_args(a)
    feed = load_feed(a.gtfs, datetime.date.fromisoformat(a.date))
    graph = load_graph(a.osm, a.rules)
    o, d = read_points(a.origins), read_points(a.destinations)
    res = compute(feed, o, d, opts, graph)
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["origin_id", "destination_id"] + res.layers)
        for i, oid in enumerate(res.origins):
            for j, did in enumerate(res.destinations):
                w.writerow([oid, did] + ["" if L[i][j] is None else L[i][j] for L in res.seconds])
    print(f"wrote {len(o)} × {len(d)} seconds to {a.out} ({res.walk_only} walk-only cells, {time.time() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.dont_write_bytecode = True  # leave no __pycache__ beside the sources
    sys.exit(main())
