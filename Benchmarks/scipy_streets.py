"""Reference street times with scipy, side by side with StreetsBenchmark's own.

Usage: python3 Benchmarks/scipy_streets.py DIR   (DIR as written by StreetsBenchmark; it runs this itself)

Loads the CSR graph, origin and destination nodes and our matrix from DIR, times
scipy.sparse.csgraph.dijkstra from the origins (loading excluded) and, as ours may, backward from
the destinations over the transposed graph, and compares both with ours. scipy's search has no early exit at the destinations, so it settles every node
within the limit: that is the point of comparing with it.
"""
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import scipy
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra


def load(d: Path):
    meta = json.loads((d / "meta.json").read_text())
    n = meta["nodes"]
    indptr = np.fromfile(d / "indptr.i64", dtype="<i8")
    cols = np.fromfile(d / "indices.i32", dtype="<i4").astype(np.int64)
    # Our costs are float32; widening is exact, and both sides then add in float64.
    data = np.fromfile(d / "data.f32", dtype="<f4").astype(np.float64)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    # Parallel edges: keep the cheapest (a sparse matrix would otherwise add them up).
    order = np.lexsort((data, cols, rows))
    rows, cols, data = rows[order], cols[order], data[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    rows, cols, data = rows[first], cols[first], data[first]
    # An explicit zero may be read as "no edge"; a zero-length segment (two nodes at one point) costs 1 ns instead.
    zeros = int((data == 0).sum())
    data[data == 0] = 1e-9
    graph = csr_matrix((data, (rows, cols)), shape=(n, n))
    origins = np.fromfile(d / "origins.i64", dtype="<i8")
    destinations = np.fromfile(d / "destinations.i64", dtype="<i8")
    ours = np.fromfile(d / "ours.f64", dtype="<f8").reshape(len(origins), len(destinations))
    return meta, graph, origins, destinations, ours, zeros, int(len(order) - len(rows))


def timed_dijkstra(graph, sources, k_rows, destinations, limit, repeats, transpose=False):
    """Median seconds of `repeats` runs from `sources`, and the rows' values at `destinations`.

    With transpose, the graph is turned round first (timed too, as ours is), so each row holds the
    times *to* one source; the caller transposes the result back to origins x destinations."""
    theirs = np.empty((len(sources), len(destinations)))
    chunk = max(1, min(len(sources), 50_000_000 // max(1, graph.shape[0])))  # keep each dense result under ~400 MB
    runs = []
    for _ in range(repeats):  # the median of as many runs as the Swift side made
        t0 = time.perf_counter()
        g = graph.T.tocsr() if transpose else graph
        elapsed = time.perf_counter() - t0
        for start in range(0, len(sources), chunk):
            idx = sources[start : start + chunk]
            t0 = time.perf_counter()
            dist = dijkstra(g, directed=True, indices=idx, limit=limit)
            elapsed += time.perf_counter() - t0
            theirs[start : start + len(idx)] = dist[:, destinations]
            del dist
        runs.append(elapsed)
    return sorted(runs)[len(runs) // 2], runs, theirs


def compare(mine, theirs):
    mine = np.where(np.isnan(mine), np.inf, mine)
    both_inf = np.isinf(mine) & np.isinf(theirs)
    with np.errstate(invalid="ignore"):  # inf - inf where both are unreachable, masked out here
        diff = np.where(both_inf, 0.0, np.abs(mine - theirs))
    return diff.max(), int((diff > 1.0).sum()), int((~np.isinf(theirs)).sum())


def main() -> None:
    d = Path(sys.argv[1])
    meta, graph, origins, destinations, ours, zeros, parallel = load(d)
    k = meta["scipy_origins"]
    limit = meta["max_seconds"] if meta["max_seconds"] > 0 else np.inf
    repeats = meta["repeats"]
    n_orig = len(origins)
    fwd, fwd_runs, fwd_theirs = timed_dijkstra(graph, origins[:k], k, destinations, limit, repeats)
    bwd, bwd_runs, bwd_theirs = timed_dijkstra(graph, destinations, len(destinations), origins, limit, repeats, True)
    print(f"scipy {scipy.__version__} (1 core); {parallel} parallel edges merged, {zeros} zero-cost edges")
    print("scipy forward, runs (s): " + " ".join(f"{r:.3f}" for r in fwd_runs) + f"  ({k} origins)")
    print("scipy backward, runs (s): " + " ".join(f"{r:.3f}" for r in bwd_runs) + f"  ({len(destinations)} destinations, transposing included)")
    # The whole 1,000 x 100 task: scipy forward scaled from the origins it timed.
    scipy_forward_total = fwd / k * n_orig
    rows = [(f"ours {name}", t["seconds"], t["cpu_seconds"]) for name, t in meta["ours"].items()]
    rows += [("scipy forward" + ("" if k == n_orig else f" (x{n_orig / k:g} from {k})"), scipy_forward_total, scipy_forward_total),
             ("scipy backward", bwd, bwd)]
    print(f"{'1,000 x 100 task':44}{'wall s':>10}{'CPU s':>10}")
    for label, wall, cpu in rows:
        print(f"{label:44}{wall:>10.3f}{cpu:>10.3f}")
    best_scipy = min(scipy_forward_total, bwd)
    for name, t in meta["ours"].items():
        print(f"speed-up of ours {name}: {scipy_forward_total / t['seconds']:.1f}x vs scipy forward, "
              f"{bwd / t['seconds']:.1f}x vs scipy backward, {best_scipy / t['seconds']:.1f}x vs scipy's faster way; "
              f"per CPU-second {best_scipy / t['cpu_seconds']:.1f}x")
    print(f"peak RSS MiB: ours {meta['ours_peak_rss_mib']:.0f}, scipy {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    m, bad, reach = compare(ours[:k], fwd_theirs)
    print(f"equality, scipy forward on {k}x{len(destinations)} cells: max |ours - scipy| = {m:.2e} s, "
          f"{bad} cells differ by > 1 s, reachable in both: {reach}")
    m, bad, reach = compare(ours, bwd_theirs.T)
    print(f"equality, scipy backward on {n_orig}x{len(destinations)} cells: max |ours - scipy| = {m:.2e} s, "
          f"{bad} cells differ by > 1 s, reachable in both: {reach}")


if __name__ == "__main__":
    main()
