"""Reference street times with scipy, side by side with StreetsBenchmark's own.

Usage: python3 Benchmarks/scipy_streets.py DIR   (DIR as written by StreetsBenchmark; it runs this itself)

Loads the CSR graph, origin and destination nodes and our matrix from DIR, times
scipy.sparse.csgraph.dijkstra from the origins (loading excluded), and compares the destination
columns with ours. scipy's search has no early exit at the destinations, so it settles every node
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


def main() -> None:
    d = Path(sys.argv[1])
    meta, graph, origins, destinations, ours, zeros, parallel = load(d)
    k = meta["scipy_origins"]
    limit = meta["max_seconds"] if meta["max_seconds"] > 0 else np.inf
    theirs = np.empty((k, len(destinations)))
    chunk = max(1, min(k, 50_000_000 // max(1, graph.shape[0])))  # keep each dense result under ~400 MB
    runs = []
    for _ in range(meta["repeats"]):  # the median of as many runs as the Swift side made
        elapsed = 0.0
        for start in range(0, k, chunk):
            idx = origins[start : start + chunk]
            t0 = time.perf_counter()
            dist = dijkstra(graph, directed=True, indices=idx, limit=limit)
            elapsed += time.perf_counter() - t0
            theirs[start : start + len(idx)] = dist[:, destinations]
            del dist
        runs.append(elapsed)
    elapsed = sorted(runs)[len(runs) // 2]
    mine = np.where(np.isnan(ours[:k]), np.inf, ours[:k])
    both_inf = np.isinf(mine) & np.isinf(theirs)
    with np.errstate(invalid="ignore"):  # inf - inf where both are unreachable, masked out here
        diff = np.where(both_inf, 0.0, np.abs(mine - theirs))
    n_orig = len(origins)
    ours_per = meta["ours_seconds"] / n_orig
    scipy_per = elapsed / k
    print("scipy, runs (s): " + " ".join(f"{r:.3f}" for r in runs))
    print(f"scipy {scipy.__version__}: {k} origins in {elapsed:.3f} s (median, 1 core); "
          f"{parallel} parallel edges merged, {zeros} zero-cost edges")
    print(f"{'':28}{'ours':>14}{'scipy':>14}")
    print(f"{'origins timed':28}{n_orig:>14}{k:>14}")
    print(f"{'total wall s':28}{meta['ours_seconds']:>14.3f}{elapsed:>14.3f}")
    print(f"{'wall ms per origin':28}{ours_per * 1e3:>14.2f}{scipy_per * 1e3:>14.2f}")
    print(f"{'CPU ms per origin':28}{meta['ours_cpu_seconds'] / n_orig * 1e3:>14.2f}{scipy_per * 1e3:>14.2f}")
    print(f"{'peak RSS MiB':28}{meta['ours_peak_rss_mib']:>14.0f}"
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:>14.0f}")
    mismatches = int((diff > 1.0).sum())
    print(f"speed-up (wall per origin): {scipy_per / ours_per:.1f}x; per CPU-second: "
          f"{scipy_per / (meta['ours_cpu_seconds'] / n_orig):.1f}x")
    print(f"equality on {k}x{len(destinations)} cells: max |ours - scipy| = {diff.max():.2e} s, "
          f"{mismatches} cells differ by > 1 s, reachable in both: {int((~np.isinf(theirs)).sum())}")


if __name__ == "__main__":
    main()
