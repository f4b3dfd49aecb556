"""Solve our location-allocation cases with PySAL spopt + PuLP's CBC, side by side with our solver.

What it does
    For every instance directory inside DIR (sorted by name) and every case in its cases.csv, it builds
    the spopt model from a dense cost matrix (PMedian.from_cost_matrix or MCLP.from_cost_matrix), solves
    it with the CBC binary that PuLP ships (PULP_CBC_CMD, msg off, a time limit), times the model build
    and the solve separately, recomputes the objective from the chosen sites itself, and prints one
    markdown table row per case next to our solver's time and objective. The same rows go to
    DIR/spopt-results.jsonl as JSON lines (the file is rewritten on every run).

Input (DIR/<instance>/...; DIR itself is taken as the one instance if it holds cases.csv)
    weights.csv   header `id,weight`: one row per demand point, in demand order.
    sites.csv     header `id`: one row per candidate site, in site order.
    matrix.csv    header `origin,destination,minutes`, long format: origin is a demand id, destination
                  a site id, minutes a decimal. An absent pair is unreachable.
    cases.csv     header `problem,sites,minutes,unreachable_minutes,ours_ms,ours_objective,ours_proven`:
                  problem is `pmedian` or `mclp`; sites is p; minutes is the covering radius T (mclp
                  only); unreachable_minutes is U, what an absent pair costs in the p-median (every time
                  is also capped at U); ours_* are our solver's milliseconds, objective and yes/no
                  (proven optimal).

Objectives (the recomputed objective uses exactly these)
    pmedian   sum_i w_i * min over chosen j of min(t_ij, U), an absent pair counting as U.
    mclp      total weight of the demand points with some chosen site at t_ij <= T; an absent pair
              never covers. (spopt itself covers when cost <= service_radius; absent pairs are given a
              cost above T so that it never counts them.)

Run
    .venv-bench/bin/python Benchmarks/spopt_compare.py DIR [--time-limit S] [--only NAME]

    The virtualenv: python3 -m venv .venv-bench && .venv-bench/bin/pip install spopt pulp numpy

Timing
    build s   spopt's from_cost_matrix (PuLP variables, objective, constraints), the matrix loading excluded.
    solve s   spopt's solve(..., results=False): PuLP writes the MPS file, runs CBC and reads its solution.
              spopt's optional client/facility bookkeeping (results=True) is not solving and is skipped.
    The JSON lines also give CBC's own CPU seconds (the child's rusage), CBC's peak memory (sampled
    from /proc every 0.2 s) and this process's peak memory so far.

CBC status
    PuLP reports status "Optimal" both when CBC proved optimality and when it stopped at the time limit
    holding an integer solution; the solution status tells them apart, so the table says "Optimal" only
    for a proven optimum, "time limit (feasible, not proven)" otherwise. When CBC did not prove its
    optimum the speed-up is shown as a lower bound (≥). CBC 2.10 checks its time limit only between
    phases: its root LP and a feasibility-pump pass run to the end, so a large p-median can take well
    beyond --time-limit (and may still end with no solution).
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import math
import os
import platform
import re
import resource
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pulp
import spopt
from spopt.locate import MCLP, PMedian

REL_TOL = 1e-6

COLUMNS = [
    "instance",
    "problem",
    "ours ms",
    "spopt+CBC build s",
    "solve s",
    "total s",
    "ours objective",
    "spopt objective",
    "equal?",
    "speed-up (spopt total ÷ ours)",
    "CBC status",
]


# ---------------------------------------------------------------- input


@dataclass
class Instance:
    name: str
    demand_ids: list[str]
    weights: np.ndarray  # float64, one per demand point
    site_ids: list[str]
    times: np.ndarray  # float64 demand x sites; NaN where the pair is absent
    duplicate_pairs: int


@dataclass
class Case:
    problem: str  # "pmedian" or "mclp"
    p: int
    radius: float | None  # T, mclp
    unreachable: float | None  # U, pmedian
    ours_ms: float | None
    ours_objective: float | None
    ours_proven: bool | None
    line: int  # line in cases.csv, for messages


def read_rows(path: Path, header: list[str]) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        got = [h.strip() for h in (reader.fieldnames or [])]
        missing = [h for h in header if h not in got]
        if missing:
            raise ValueError(f"{path}: header lacks {', '.join(missing)} (has {', '.join(got)})")
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k is not None} for row in reader]


def index_of(ids: list[str], what: Path) -> dict[str, int]:
    index: dict[str, int] = {}
    for k, i in enumerate(ids):
        if i in index:
            raise ValueError(f"{what}: id {i!r} appears twice")
        index[i] = k
    return index


def load_instance(d: Path) -> Instance:
    weight_rows = read_rows(d / "weights.csv", ["id", "weight"])
    demand_ids = [r["id"] for r in weight_rows]
    weights = np.array([float(r["weight"]) for r in weight_rows], dtype=np.float64)
    site_ids = [r["id"] for r in read_rows(d / "sites.csv", ["id"])]
    if not demand_ids or not site_ids:
        raise ValueError(f"{d}: no demand points or no sites")
    demand_index = index_of(demand_ids, d / "weights.csv")
    site_index = index_of(site_ids, d / "sites.csv")

    times = np.full((len(demand_ids), len(site_ids)), np.nan, dtype=np.float64)
    duplicates = 0
    path = d / "matrix.csv"
    with path.open(newline="") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader, [])]
        if header[:3] != ["origin", "destination", "minutes"]:
            raise ValueError(f"{path}: header should be origin,destination,minutes, not {','.join(header)}")
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            try:
                i = demand_index[row[0].strip()]
                j = site_index[row[1].strip()]
            except KeyError as e:
                raise ValueError(f"{path}:{line}: unknown id {e.args[0]!r}") from None
            t = float(row[2])
            if math.isnan(t) or t < 0:
                raise ValueError(f"{path}:{line}: bad minutes {row[2]!r}")
            if not math.isnan(times[i, j]):
                duplicates += 1  # keep the quickest
                t = min(t, times[i, j])
            times[i, j] = t
    return Instance(d.name, demand_ids, weights, site_ids, times, duplicates)


def optional_float(s: str) -> float | None:
    return float(s) if s != "" else None


def load_cases(d: Path) -> list[Case]:
    cols = ["problem", "sites", "minutes", "unreachable_minutes", "ours_ms", "ours_objective", "ours_proven"]
    cases = []
    for line, r in enumerate(read_rows(d / "cases.csv", cols), start=2):
        problem = r["problem"].lower()
        if problem not in ("pmedian", "mclp"):
            raise ValueError(f"{d / 'cases.csv'}:{line}: unknown problem {r['problem']!r}")
        proven = {"yes": True, "no": False, "": None}.get(r["ours_proven"].lower())
        case = Case(
            problem=problem,
            p=int(r["sites"]),
            radius=optional_float(r["minutes"]),
            unreachable=optional_float(r["unreachable_minutes"]),
            ours_ms=optional_float(r["ours_ms"]),
            ours_objective=optional_float(r["ours_objective"]),
            ours_proven=proven,
            line=line,
        )
        if problem == "pmedian" and case.unreachable is None:
            raise ValueError(f"{d / 'cases.csv'}:{line}: pmedian needs unreachable_minutes")
        if problem == "mclp" and case.radius is None:
            raise ValueError(f"{d / 'cases.csv'}:{line}: mclp needs minutes (the radius)")
        cases.append(case)
    return cases


# ---------------------------------------------------------------- cost matrices and objectives


def pmedian_costs(inst: Instance, unreachable: float) -> np.ndarray:
    """min(t, U), an absent pair counting as U."""
    return np.where(np.isnan(inst.times), unreachable, np.minimum(inst.times, unreachable))


def mclp_costs(inst: Instance, radius: float) -> np.ndarray:
    """Times as they are; an absent pair gets a finite time above T, so that it is never covered."""
    beyond = radius + 1.0 + abs(radius)
    return np.where(np.isnan(inst.times), beyond, inst.times)


def pmedian_objective(inst: Instance, unreachable: float, chosen: np.ndarray) -> float:
    if len(chosen) == 0:
        return math.nan
    nearest = pmedian_costs(inst, unreachable)[:, chosen].min(axis=1)
    return float(np.dot(inst.weights, nearest))


def mclp_objective(inst: Instance, radius: float, chosen: np.ndarray) -> float:
    t = inst.times[:, chosen]
    covered = (~np.isnan(t) & (np.nan_to_num(t, nan=np.inf) <= radius)).any(axis=1)
    return float(inst.weights[covered].sum())


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None or math.isnan(a) or math.isnan(b):
        return False
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-9)


# ---------------------------------------------------------------- one case


def cbc_status(problem: pulp.LpProblem) -> tuple[str, bool, bool]:
    """(text, has a solution, proven optimal) from PuLP's status and solution status."""
    status, sol = problem.status, problem.sol_status
    if status == pulp.LpStatusOptimal and sol == pulp.LpSolutionOptimal:
        return "Optimal", True, True
    if status == pulp.LpStatusOptimal and sol == pulp.LpSolutionIntegerFeasible:
        return "time limit (feasible, not proven)", True, False
    if status == pulp.LpStatusNotSolved:
        return "Not Solved (time limit, no solution)", False, False
    return f"{pulp.LpStatus.get(status, status)} / {pulp.LpSolution.get(sol, sol)}", False, False


def children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def peak_mib() -> float:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class ChildMemoryWatch:
    """Samples the peak resident memory (VmHWM) of this process's children, i.e. CBC, while it runs.

    rusage cannot be used for this: a child's ru_maxrss includes the Python process it was forked from.
    Linux only; elsewhere it reports nothing.
    """

    def __init__(self, interval: float = 0.2):
        self.interval = interval
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "ChildMemoryWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _child_pids(self) -> list[str]:
        me, pids = os.getpid(), []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # pid (comm) state ppid ...; comm may hold spaces, so split after its closing parenthesis
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == me:
                pids.append(stat.parent.name)
        return pids

    def _sample(self) -> None:
        for pid in self._child_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kib = max(self.peak_kib, int(line.split()[1]))
            except (OSError, ValueError, IndexError):
                pass

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    @property
    def peak_mib(self) -> float | None:
        return self.peak_kib / 1024.0 if self.peak_kib else None


def run_case(inst: Instance, case: Case, time_limit: float) -> dict:
    row: dict = {
        "instance": inst.name,
        "problem": case.problem,
        "p": case.p,
        "radius_minutes": case.radius,
        "unreachable_minutes": case.unreachable,
        "demand": len(inst.demand_ids),
        "sites": len(inst.site_ids),
        "ours_ms": case.ours_ms,
        "ours_objective": case.ours_objective,
        "ours_proven": case.ours_proven,
        "build_s": None,
        "solve_s": None,
        "total_s": None,
        "cbc_cpu_s": None,
        "spopt_objective": None,
        "pulp_objective": None,
        "objectives_differ": None,
        "chosen_sites": None,
        "equal": None,
        "speedup": None,
        "speedup_is_lower_bound": None,
        "cbc_status": None,
        "cbc_peak_mib": None,
        "proven": None,
        "error": None,
    }
    name = re.sub(r"[^A-Za-z0-9_]", "_", f"{inst.name}_{case.problem}_p{case.p}")
    model = None
    stage = "build"
    try:
        if case.p < 1 or case.p > len(inst.site_ids):
            raise ValueError(f"p={case.p} but there are {len(inst.site_ids)} sites")
        if case.problem == "pmedian":
            costs = pmedian_costs(inst, case.unreachable)
            start = time.perf_counter()
            model = PMedian.from_cost_matrix(costs, inst.weights, p_facilities=case.p, name=name)
        else:
            costs = mclp_costs(inst, case.radius)
            start = time.perf_counter()
            model = MCLP.from_cost_matrix(
                costs, inst.weights, service_radius=case.radius, p_facilities=case.p, name=name
            )
        built = time.perf_counter()
        row["build_s"] = built - start
        del costs

        stage = "solve"
        solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit)
        cpu0 = children_cpu()
        start = time.perf_counter()
        with ChildMemoryWatch() as watch:
            try:
                model.solve(solver, results=False)
            except RuntimeError as e:
                # spopt's check_status raises when PuLP's status is not Optimal; the status says why.
                if not str(e).startswith("Model is not solved"):
                    raise
        solved = time.perf_counter()
        row["cbc_peak_mib"] = watch.peak_mib and round(watch.peak_mib, 1)
        row["solve_s"] = solved - start
        row["total_s"] = row["build_s"] + row["solve_s"]
        row["cbc_cpu_s"] = children_cpu() - cpu0

        stage = "read solution"
        text, has_solution, proven = cbc_status(model.problem)
        row["cbc_status"], row["proven"] = text, proven
        if has_solution:
            chosen = np.array([j for j, y in enumerate(model.fac_vars) if (y.value() or 0) > 0.5], dtype=int)
            row["chosen_sites"] = [inst.site_ids[j] for j in chosen]
            if case.problem == "pmedian":
                mine = pmedian_objective(inst, case.unreachable, chosen)
            else:
                mine = mclp_objective(inst, case.radius, chosen)
            theirs = pulp.value(model.problem.objective)
            row["spopt_objective"] = mine
            row["pulp_objective"] = theirs
            row["objectives_differ"] = not close(mine, theirs)
            if len(chosen) != case.p:
                row["error"] = f"CBC chose {len(chosen)} sites, not {case.p}"
    except MemoryError:
        row["error"] = f"MemoryError during {stage}"
    except Exception as e:  # noqa: BLE001 - one case failing must not end the run
        row["error"] = f"{type(e).__name__} during {stage}: {e}".strip()
        traceback.print_exc(file=sys.stderr)
    finally:
        del model
        gc.collect()

    if row["spopt_objective"] is not None and case.ours_objective is not None:
        row["equal"] = close(row["spopt_objective"], case.ours_objective)
    if row["total_s"] is not None and case.ours_ms:
        row["speedup"] = row["total_s"] / (case.ours_ms / 1000.0)
        row["speedup_is_lower_bound"] = not row["proven"]
    row["python_peak_mib"] = round(peak_mib(), 1)  # the whole run's so far, not this case's alone
    return row


# ---------------------------------------------------------------- output


def fmt_num(x: float | None, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x)}"
    return f"{x:.{digits}f}"


def fmt_seconds(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def table_cells(row: dict) -> list[str]:
    problem = f"{row['problem']} p={row['p']}"
    if row["problem"] == "mclp" and row["radius_minutes"] is not None:
        problem += f" T={fmt_num(row['radius_minutes'])}"
    elif row["unreachable_minutes"] is not None:
        problem += f" U={fmt_num(row['unreachable_minutes'])}"

    ours = fmt_num(row["ours_objective"], 6)
    if row["ours_proven"] is False:
        ours += " (not proven)"

    theirs = fmt_num(row["spopt_objective"], 6)
    if row["objectives_differ"]:
        theirs += f" (PuLP says {fmt_num(row['pulp_objective'], 6)})"

    if row["equal"] is None:
        equal = "–"
    else:
        equal = "yes" if row["equal"] else "no"
        unproven = [who for who, ok in (("ours", row["ours_proven"]), ("CBC", row["proven"])) if ok is False]
        if unproven:
            equal += f" ({' and '.join(unproven)} not proven)"

    if row["speedup"] is None:
        speedup = "–"
    else:
        # CBC stopped early: its time is only a lower bound on the time to a proven optimum.
        speedup = ("≥" if row["speedup_is_lower_bound"] else "") + f"{row['speedup']:.1f}×"
    status = row["cbc_status"] or "–"
    if row["error"]:
        status = f"ERROR: {row['error']}" if status == "–" else f"{status}; {row['error']}"
    status = status.replace("|", "/").replace("\n", " ")

    return [
        row["instance"],
        problem,
        fmt_num(row["ours_ms"], 1),
        fmt_seconds(row["build_s"]),
        fmt_seconds(row["solve_s"]),
        fmt_seconds(row["total_s"]),
        ours,
        theirs,
        equal,
        speedup,
        status,
    ]


def print_line(cells: list[str]) -> None:
    print("| " + " | ".join(cells) + " |", flush=True)


def cbc_version() -> str:
    try:
        path = pulp.PULP_CBC_CMD().path
        out = subprocess.run([path, "-quit"], capture_output=True, text=True, timeout=30).stdout
        m = re.search(r"Version:\s*(\S+)", out)
        return m.group(1) if m else "unknown"
    except Exception:  # noqa: BLE001
        return "unknown"


def instance_dirs(root: Path, only: str | None) -> list[Path]:
    if only is not None:
        d = root / only
        if not (d / "cases.csv").is_file():
            sys.exit(f"{d}: no cases.csv")
        return [d]
    dirs = sorted((d for d in root.iterdir() if d.is_dir() and (d / "cases.csv").is_file()), key=lambda d: d.name)
    if not dirs and (root / "cases.csv").is_file():
        dirs = [root]
    if not dirs:
        sys.exit(f"{root}: no instance directory with a cases.csv")
    return dirs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", type=Path, help="directory of instance subdirectories")
    ap.add_argument("--time-limit", type=float, default=600.0, metavar="S", help="CBC time limit per case (600)")
    ap.add_argument("--only", metavar="NAME", help="run only this instance subdirectory")
    args = ap.parse_args()

    if not pulp.PULP_CBC_CMD(msg=False).available():
        sys.exit("PuLP's CBC binary is not available")
    dirs = instance_dirs(args.dir, args.only)

    print(
        f"python {platform.python_version()}, spopt {spopt.__version__}, pulp {pulp.__version__}, "
        f"CBC {cbc_version()}, numpy {np.__version__}; CBC time limit {fmt_num(args.time_limit)} s",
        flush=True,
    )
    print()
    print_line(COLUMNS)
    print_line(["---"] * len(COLUMNS))

    out_path = args.dir / "spopt-results.jsonl"
    with out_path.open("w") as out:
        for d in dirs:
            try:
                start = time.perf_counter()
                inst = load_instance(d)
                cases = load_cases(d)
                load_s = time.perf_counter() - start
            except Exception as e:  # noqa: BLE001
                row = {"instance": d.name, "error": f"cannot load: {type(e).__name__}: {e}"}
                print_line([d.name, "–", *["–"] * 8, f"ERROR: {row['error']}".replace("|", "/")])
                out.write(json.dumps(row) + "\n")
                out.flush()
                continue
            if inst.duplicate_pairs:
                print(f"<!-- {d.name}: {inst.duplicate_pairs} duplicate pairs in matrix.csv, quickest kept -->", flush=True)
            for case in cases:
                row = run_case(inst, case, args.time_limit)
                row["load_s"] = load_s
                print_line(table_cells(row))
                out.write(json.dumps(row) + "\n")
                out.flush()
            del inst
            gc.collect()


if __name__ == "__main__":
    main()
