"""An independent Python implementation ("peer") of the engine's street rules.

It shares no code with the Swift engine (Sources/TravelTime/Streets, Sources/CentresIO/OSM):
the rules were read from the Swift source and written again here, with pyosmium reading the
.osm.pbf file and scipy doing the graph work. Tests/peer/README.md lists every rule and the
Swift file it was read from.

Two rule sets:

- ``rules="matched"``: the engine's documented rules (what ``centres matrix`` should compute).
- ``rules="peer-default"`` (walk only): what an analyst gets from the common Python tools
  without matching the engine: OSMnx 2.0's ``network_type="walk"`` way filter, every way
  two-way, the largest weakly connected component, snapping to the nearest simplified-graph
  node with no radius, the snap distance not walked, no straight-across rule.

Interface (another peer imports it; keep it stable):

    distance_m(lat1, lon1, lat2, lon2) -> float
    StreetGraph(pbf_path, mode, rules="matched")
        .access_mps, .snap(lat, lon, max_metres=500.0), .seconds_from(node, max_seconds)
    street_matrix(graph, origins, destinations, max_minutes, snap_metres=500.0,
                  walk_snap=True, straight_across=True) -> list[list[float | None]]
"""

from __future__ import annotations

import math
import re

import numpy as np
import osmium
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, dijkstra

# ---------------------------------------------------------------------------------------------
# Distance (Sources/CentresCore/Geo/Coordinate.swift, `distance(to:)` and `earthRadius`)
# ---------------------------------------------------------------------------------------------

EARTH_RADIUS_M = 6_371_008.8


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) metres, the engine's formula and radius, evaluated in the same order."""
    p1 = lat1 * math.pi / 180
    p2 = lat2 * math.pi / 180
    dp = p2 - p1
    dl = (lon2 - lon1) * math.pi / 180
    h = math.sin(dp / 2) * math.sin(dp / 2) + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) * math.sin(dl / 2)
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def _distances_np(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Vectorised `distance_m` from one point to many (used to shortlist; exact values via `distance_m`)."""
    p1 = lat * math.pi / 180
    p2 = lats * math.pi / 180
    dp = p2 - p1
    dl = (lons - lon) * math.pi / 180
    h = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))


# ---------------------------------------------------------------------------------------------
# Speeds (Sources/TravelTime/Streets/StreetMode.swift, CarSpeeds.swift)
# ---------------------------------------------------------------------------------------------

WALK_KMH = 4.8
CYCLE_KMH = 15.0
CAR_SPEED_FACTOR = 1.0
CAR_DEFAULT_KMH = {
    "motorway": 100, "motorway_link": 60, "trunk": 80, "trunk_link": 50,
    "primary": 60, "primary_link": 45, "secondary": 50, "secondary_link": 40,
    "tertiary": 40, "tertiary_link": 30, "unclassified": 30, "residential": 30, "road": 30,
    "living_street": 10, "service": 15, "track": 15,
}
CAR_FALLBACK_KMH = 15.0
MPH = 1.609_344
NAMED_MAXSPEED = {
    "GB:nsl_single": 60 * MPH, "GB:nsl_dual": 70 * MPH, "GB:motorway": 70 * MPH,
    "UK:nsl_single": 60 * MPH, "UK:nsl_dual": 70 * MPH, "UK:motorway": 70 * MPH,
}
_SUFFIXES = (("mph", MPH), ("km/h", 1.0), ("kmh", 1.0), ("kph", 1.0))
# What a C `strtod` accepts as a whole string with no leading white space (Swift's `Double(String)`):
# decimal, hexadecimal, inf/infinity, nan. inf and nan are rejected later as not finite.
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z")
_HEX = re.compile(r"([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?)\Z")


def _strtod_whole(text: str) -> float | None:
    if _DECIMAL.match(text):
        return float(text)
    m = _HEX.match(text)
    if m:
        body = m.group(2)
        if "p" not in body.lower():
            body += "p0"
        try:
            v = float.fromhex(body)
        except (ValueError, OverflowError):
            return None
        return -v if m.group(1) == "-" else v
    return None


def _trim_spaces(s: str) -> str:
    return s.strip(" ")


def _parse_one_maxspeed(raw: str) -> float | None:
    value = _trim_spaces(raw)
    if value in NAMED_MAXSPEED:
        return NAMED_MAXSPEED[value]
    number, factor = value, 1.0
    for suffix, f in _SUFFIXES:
        if number.endswith(suffix):
            number = number[: -len(suffix)]
            factor = f
            break
    v = _strtod_whole(_trim_spaces(number))
    if v is None or not math.isfinite(v) or not (0 < v < 400):
        return None
    return v * factor


def parse_maxspeed(raw: str) -> float | None:
    """km/h from a `maxspeed` value; of a ';' list the lowest, and nil if any part is unparseable."""
    pieces = [p for p in raw.split(";") if p != ""]  # Swift's split drops empty pieces
    parts = [_parse_one_maxspeed(p) for p in pieces]
    if any(p is None for p in parts) or not parts:
        return None
    return min(parts)


def way_kmh(mode: str, tags: dict[str, str]) -> float:
    if mode == "walk":
        return WALK_KMH
    if mode == "cycle":
        return CYCLE_KMH
    limit = parse_maxspeed(tags["maxspeed"]) if "maxspeed" in tags else None
    by_class = CAR_DEFAULT_KMH.get(tags.get("highway", ""), CAR_FALLBACK_KMH)
    return (limit if limit is not None else by_class) * CAR_SPEED_FACTOR


# ---------------------------------------------------------------------------------------------
# Access and direction (Sources/TravelTime/Streets/StreetAccess.swift)
# ---------------------------------------------------------------------------------------------

CAR_CLASSES = frozenset({
    "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
    "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "road",
    "living_street", "service",
})
CYCLE_CLASSES = (CAR_CLASSES - {"motorway", "motorway_link"}) | {"cycleway", "path", "track", "bridleway"}
WALK_CLASSES = (CAR_CLASSES - {"motorway", "motorway_link"}) | {
    "cycleway", "path", "track", "bridleway", "footway", "pedestrian", "steps", "corridor", "elevator",
}
NEVER_CLASSES = frozenset({"proposed", "construction", "abandoned", "disused", "razed", "no"})
PERMITTING = frozenset({"yes", "designated", "permissive", "destination", "customers", "official", "permit"})
RESTRICTING = frozenset({"no", "private", "agricultural", "forestry", "emergency", "military", "delivery"})
MODE_TAGS = {"walk": ("foot",), "cycle": ("bicycle", "vehicle"), "car": ("motorcar", "motor_vehicle", "vehicle")}
MODE_CLASSES = {"walk": WALK_CLASSES, "cycle": CYCLE_CLASSES, "car": CAR_CLASSES}


def allows(mode: str, tags: dict[str, str]) -> bool:
    highway = tags.get("highway")
    if highway is None or highway in NEVER_CLASSES:
        return False
    if tags.get("area") == "yes":
        return False
    for key in MODE_TAGS[mode]:  # most specific first
        value = tags.get(key)
        if value is None:
            continue
        if value in PERMITTING:
            return True
        if value in RESTRICTING:
            return False
    access = tags.get("access")
    if access is not None and access in RESTRICTING:
        return False
    return highway in MODE_CLASSES[mode]


def directions(mode: str, tags: dict[str, str]) -> tuple[bool, bool] | None:
    """(forward, backward) along the way's node order, or None if the mode may not use it."""
    if not allows(mode, tags):
        return None
    if mode == "walk":
        return (True, True)
    oneway = tags.get("oneway")
    if mode == "cycle":
        if "oneway:bicycle" in tags:
            oneway = tags["oneway:bicycle"]
        elif "cycleway" in tags and tags["cycleway"].startswith("opposite"):
            oneway = "no"
    if oneway in ("yes", "1", "true"):
        return (True, False)
    if oneway in ("-1", "reverse"):
        return (False, True)
    if oneway in ("no", "0", "false"):
        return (True, True)
    roundabout = tags.get("junction") in ("roundabout", "circular")
    implied = roundabout or tags.get("highway") == "motorway"
    return (True, False) if implied else (True, True)


# ---------------------------------------------------------------------------------------------
# "peer-default": OSMnx 2.0 network_type="walk" (osmnx/_overpass.py `_get_network_filter`,
# osmnx/settings.py `default_access`, `bidirectional_network_types`)
# ---------------------------------------------------------------------------------------------

# Overpass `["key"!~"regex"]`: the way passes if it lacks the key or the value does not contain a
# match (unanchored, case-sensitive). `["highway"]`: the key must be present.
OSMNX_WALK_EXCLUDE = (
    ("area", "yes"),
    ("access", "private"),
    ("highway", "abandoned|bus_guideway|construction|cycleway|motor|no|planned|platform|proposed|raceway|razed"),
    ("foot", "no"),
    ("service", "private"),
    ("sidewalk", "separate"),
    ("sidewalk:both", "separate"),
    ("sidewalk:left", "separate"),
    ("sidewalk:right", "separate"),
)
_OSMNX_WALK_RE = tuple((k, re.compile(v)) for k, v in OSMNX_WALK_EXCLUDE)


def osmnx_walk_keeps(tags: dict[str, str]) -> bool:
    if "highway" not in tags:
        return False
    for key, rx in _OSMNX_WALK_RE:
        value = tags.get(key)
        if value is not None and rx.search(value):
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Reading the extract (Sources/CentresIO/OSM/OSMPBFReader.swift, OSMExtractBuilder.swift)
# ---------------------------------------------------------------------------------------------

_EXTRACT_CACHE: dict[str, tuple] = {}


def read_extract(pbf_path: str):
    """Every way with a `highway` tag (file order, tags as a dict: a repeated key keeps the last
    value) and the positions of the nodes they use (1e-7 degree integers / 1e7)."""
    if pbf_path in _EXTRACT_CACHE:
        return _EXTRACT_CACHE[pbf_path]
    ways: list[tuple[list[int], dict[str, str]]] = []
    needed: set[int] = set()
    for w in osmium.FileProcessor(pbf_path, osmium.osm.WAY):
        tags = {t.k: t.v for t in w.tags}
        if "highway" not in tags:
            continue
        refs = [n.ref for n in w.nodes]
        ways.append((refs, tags))
        needed.update(refs)
    positions: dict[int, tuple[float, float]] = {}
    for n in osmium.FileProcessor(pbf_path, osmium.osm.NODE):
        if n.id in needed:
            loc = n.location
            positions[n.id] = (loc.y / 1e7, loc.x / 1e7)  # a repeated id: the last read wins
    _EXTRACT_CACHE[pbf_path] = (ways, positions)
    return ways, positions


# ---------------------------------------------------------------------------------------------
# The graph (StreetGraph.swift, StreetAdjacency.swift, StreetGraph+Islands.swift, SnapIndex.swift)
# ---------------------------------------------------------------------------------------------


class StreetGraph:
    def __init__(self, pbf_path: str, mode: str, rules: str = "matched"):
        if mode not in ("walk", "cycle", "car"):
            raise ValueError(f"mode must be walk, cycle or car, not {mode!r}")
        if rules not in ("matched", "peer-default"):
            raise ValueError(f"rules must be 'matched' or 'peer-default', not {rules!r}")
        if rules == "peer-default" and mode != "walk":
            raise ValueError("peer-default rules exist for walk only")
        self.mode = mode
        self.rules = rules
        self.access_mps = WALK_KMH / 3.6
        ways, positions = read_extract(pbf_path)

        # Edges, in the engine's order: way by way, segment by segment, forward then backward.
        src: list[int] = []
        dst: list[int] = []
        cost: list[float] = []
        for refs, tags in ways:
            if rules == "matched":
                dirs = directions(mode, tags)
                if dirs is None:
                    continue
                mps = way_kmh(mode, tags) / 3.6
                if not (mps > 0 and math.isfinite(mps)):
                    continue
            else:
                if not osmnx_walk_keeps(tags):
                    continue
                dirs = (True, True)
                mps = self.access_mps
            previous = None
            for ref in refs:
                current = ref if ref in positions else None  # a node cut off by the extract breaks the way
                if previous is not None and current is not None and previous != current:
                    a, b = positions[previous], positions[current]
                    c = float(np.float32(distance_m(a[0], a[1], b[0], b[1]) / mps))  # stored as Float32
                    if dirs[0]:
                        src.append(previous)
                        dst.append(current)
                        cost.append(c)
                    if dirs[1]:
                        src.append(current)
                        dst.append(previous)
                        cost.append(c)
                previous = current

        # Nodes numbered in ascending OSM id order (the engine's input order), only those edges use.
        ids = np.array(sorted(set(src) | set(dst)), dtype=np.int64)
        self.osm_ids = ids
        n = len(ids)
        self.node_count = n
        self.lats = np.array([positions[int(i)][0] for i in ids], dtype=np.float64)
        self.lons = np.array([positions[int(i)][1] for i in ids], dtype=np.float64)
        u = np.searchsorted(ids, np.array(src, dtype=np.int64))
        v = np.searchsorted(ids, np.array(dst, dtype=np.int64))
        w = np.array(cost, dtype=np.float64)
        self.edge_count = len(w)
        self._edges_in_order = (u, v)  # for the exact tie-break of equal largest components

        # CSR for scipy: parallel edges (two ways over the same pair) keep the cheaper cost.
        if len(w):
            order = np.lexsort((w, v, u))
            u2, v2, w2 = u[order], v[order], w[order]
            first = np.ones(len(u2), dtype=bool)
            first[1:] = (u2[1:] != u2[:-1]) | (v2[1:] != v2[:-1])
            u2, v2, w2 = u2[first], v2[first], w2[first]
        else:
            u2 = v2 = np.zeros(0, dtype=np.int64)
            w2 = np.zeros(0)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.add.at(indptr, u2 + 1, 1)
        indptr = np.cumsum(indptr)
        # Explicit zeros (two nodes at one position) stay edges: scipy's csgraph keeps stored zeros.
        self.csr = sp.csr_matrix((w2, v2.astype(np.int32), indptr), shape=(n, n))

        self.snappable = self._mainland() if rules == "matched" else self._osmnx_snappable()
        self._snap_idx = np.flatnonzero(self.snappable)

    # -- islands ------------------------------------------------------------------------------

    def _mainland(self) -> np.ndarray:
        """Nodes of the largest strongly connected component; of equal largest ones, the one the
        engine's Kosaraju search finds first."""
        n = self.node_count
        if n == 0:
            return np.zeros(0, dtype=bool)
        structure = sp.csr_matrix((np.ones(len(self.csr.data)), self.csr.indices, self.csr.indptr), shape=(n, n))
        count, labels = connected_components(structure, directed=True, connection="strong")
        sizes = np.bincount(labels, minlength=count)
        largest = np.flatnonzero(sizes == sizes.max())
        self.component_sizes = sizes
        if len(largest) == 1:
            return labels == largest[0]
        # A tie: the engine keeps the component it numbers first. Kosaraju's second pass takes roots
        # in reverse finishing order of the first pass, so the winner is the tied component whose
        # node finishes last in a depth-first search that follows the engine's edge order.
        finish = self._finishing_order()
        tied = set(int(c) for c in largest)
        for node in reversed(finish):
            if int(labels[node]) in tied:
                return labels == labels[node]
        raise AssertionError("unreachable")

    def _finishing_order(self) -> list[int]:
        """Post-order of an iterative depth-first search from nodes 0, 1, …, each node's edges in
        the order the ways produced them (StreetAdjacency's stable counting sort)."""
        n = self.node_count
        u, v = self._edges_in_order
        order = np.argsort(u, kind="stable")
        targets = v[order]
        first = np.searchsorted(u[order], np.arange(n + 1))
        visited = np.zeros(n, dtype=bool)
        finish: list[int] = []
        for root in range(n):
            if visited[root]:
                continue
            visited[root] = True
            stack = [[root, int(first[root])]]
            while stack:
                top = stack[-1]
                x = top[0]
                if top[1] < first[x + 1]:
                    y = int(targets[top[1]])
                    top[1] += 1
                    if not visited[y]:
                        visited[y] = True
                        stack.append([y, int(first[y])])
                else:
                    finish.append(x)
                    stack.pop()
        return finish

    def _osmnx_snappable(self) -> np.ndarray:
        """OSMnx: the largest weakly connected component (retain_all=False), and, the graph being
        simplified by default, only its endpoint nodes (osmnx/simplification.py `_is_endpoint`)."""
        n = self.node_count
        structure = sp.csr_matrix((np.ones(len(self.csr.data)), self.csr.indices, self.csr.indptr), shape=(n, n))
        count, labels = connected_components(structure, directed=True, connection="weak")
        sizes = np.bincount(labels, minlength=count)
        keep = labels == int(np.argmax(sizes))
        # Endpoint rules over the MultiDiGraph (every way segment is a u→v and a v→u edge):
        # a self-loop, no in or out edges, or not (exactly 2 neighbours and degree 2 or 4).
        u, v = self._edges_in_order
        degree = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
        und = sp.csr_matrix((np.ones(len(u)), (u, v)), shape=(n, n))
        und = ((und + und.T) > 0).astype(np.int8)
        neighbours = np.diff(und.tocsr().indptr)
        endpoint = ~((neighbours == 2) & ((degree == 2) | (degree == 4)))
        return keep & endpoint

    # -- snapping -----------------------------------------------------------------------------

    def snap(self, lat: float, lon: float, max_metres: float | None = 500.0) -> tuple[int, float] | None:
        """Nearest snappable node within `max_metres` (None: no limit); ties to the lower node number."""
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        if max_metres is not None and not max_metres >= 0:
            return None
        idx = self._snap_idx
        if len(idx) == 0:
            return None
        d = _distances_np(lat, lon, self.lats[idx], self.lons[idx])
        near = idx[d <= d.min() + 1e-6]  # shortlist, then exact scalar distances as the engine has them
        best: tuple[int, float] | None = None
        for node in sorted(int(x) for x in near):
            m = distance_m(lat, lon, float(self.lats[node]), float(self.lons[node]))
            if max_metres is not None and not m <= max_metres:
                continue
            if best is None or m < best[1]:
                best = (node, m)
        return best

    # -- routing ------------------------------------------------------------------------------

    def seconds_from(self, node: int, max_seconds: float) -> np.ndarray:
        """Network seconds from `node` to every node; inf if unreachable or over `max_seconds`."""
        if max_seconds < 0:
            out = np.full(self.node_count, np.inf)
            return out
        lim = max_seconds if math.isfinite(max_seconds) else np.inf
        out = dijkstra(self.csr, directed=True, indices=node, limit=lim)
        out[out > max_seconds] = np.inf
        return out


# ---------------------------------------------------------------------------------------------
# The matrix (StreetRouting.swift `travelTimes`, Matrix/StreetMatrix.swift)
# ---------------------------------------------------------------------------------------------


def street_matrix(graph: StreetGraph, origins, destinations, max_minutes: float, snap_metres: float | None = 500.0,
                  walk_snap: bool = True, straight_across: bool = True) -> list[list[float | None]]:
    """Door-to-door seconds from every origin to every destination; None = unreachable.

    origins/destinations: lists of (id, lat, lon). A point that does not snap is unreachable.
    time = origin snap metres / walking speed + network seconds + destination snap metres /
    walking speed (the snap legs only with `walk_snap`); over `max_minutes` it is unreachable. With
    `straight_across`, two snapped points no farther apart than the sum of their snap distances
    take the quicker of that and the straight line at walking speed.
    """
    max_seconds = max_minutes * 60.0
    walk = graph.access_mps
    o_snaps = [graph.snap(lat, lon, snap_metres) for _, lat, lon in origins]
    d_snaps = [graph.snap(lat, lon, snap_metres) for _, lat, lon in destinations]

    def leg(s):
        return s[1] / walk if walk_snap else 0.0

    d_nodes = np.array([s[0] if s else 0 for s in d_snaps], dtype=np.int64)
    d_legs = np.array([leg(s) if s else np.inf for s in d_snaps])
    # One search per distinct origin node, bounded by the limit less the shortest walk to it.
    shortest: dict[int, float] = {}
    for s in o_snaps:
        if s is not None:
            shortest[s[0]] = min(shortest.get(s[0], math.inf), leg(s))
    rows = {node: graph.seconds_from(node, max_seconds - walk_s) for node, walk_s in shortest.items()}

    out: list[list[float | None]] = []
    for (_, olat, olon), o in zip(origins, o_snaps):
        row: list[float | None] = []
        for j, ((_, dlat, dlon), d) in enumerate(zip(destinations, d_snaps)):
            if o is None or d is None:
                row.append(None)
                continue
            total = leg(o) + float(rows[o[0]][d_nodes[j]]) + float(d_legs[j])
            best = total if math.isfinite(total) and total <= max_seconds else None
            if straight_across:
                metres = distance_m(olat, olon, dlat, dlon)
                if metres <= o[1] + d[1]:
                    straight = metres / walk
                    best = straight if best is None else min(best, straight)
            if best is not None and best > max_seconds:
                best = None  # the documented limit holds for the straight line too
            row.append(best)
        out.append(row)
    return out


def read_points(path: str) -> list[tuple[str, float, float]]:
    """A points CSV (`id,lat,lon`, any column order) as (id, lat, lon) tuples."""
    import csv

    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return [(r["id"], float(r["lat"]), float(r["lon"])) for r in reader]
