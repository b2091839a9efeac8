"""Benchmark parcours' metric suite against pm4py, Polars and a DuckDB floor.

Usage::

    python benchmarks/generate.py --events 10M      # once: writes benchmarks/data/
    python benchmarks/run.py --events 10M [--skip pm4py] [--repeat 2] [--line]

Every contender runs in its own child process on the same Parquet file; the child times
its own work (imports excluded) and reports its peak resident memory
(``resource.getrusage``), so peaks do not mix. Contenders:

``parcours``       :func:`parcours.analytics.analyze` on an Ibis table over the Parquet
                   file (DuckDB engine, default options) against the structure of the
                   benchmark map (``generate.benchmark_map``: stages with an alternative,
                   optional and exception steps, outcomes): the full metric suite,
                   reading included.
``parcours-core``  the same call on the straight line of the steps, without breakdowns,
                   eventually-follows and window: about the subset ``polars-core``
                   computes.
``polars``         the SAME full suite written in straightforward eager Polars
                   (``polars_suite.py``) against the same structure, reading included:
                   step stats and touchpoints, satisfaction, the funnel over the stages
                   with the 30-day window, outcomes, customers ended / in flight /
                   dropped and delay distributions, the detours, activity and step
                   directly-follows graphs, eventually-follows, activity and step
                   variants, paths, breakdowns by segment, entry channel and week,
                   breaking points. ``crosscheck_polars.py`` checks that it gives
                   parcours' numbers.
``polars-core``    the earlier Polars subset, reading included: per-step events and
                   distinct customers, directly-follows between steps with delay mean and
                   median, ordered funnel on first occurrences (no window), satisfaction
                   mean per step, variants (step sequences).
``pm4py``          ``format_dataframe`` + ``discover_dfg`` + ``discover_performance_dfg`` +
                   ``get_variants`` on a pandas frame read from the Parquet file; the read
                   is timed apart and NOT included, ``format_dataframe`` IS included. pm4py
                   works on activity names over all events (noise included), the others on
                   steps.
``floor``          one DuckDB scan of every column with one group-by count: the least any
                   engine must spend to read the file.

``--line`` runs ``parcours`` and ``polars`` on the straight line of the steps instead
(every step a stage, no outcome, no detour: the suite measured before step roles).

The cross-check compares the funnels (customers reached per stage), conversions, outcomes
and detour takers of ``parcours`` and ``polars`` (30-day window) and the funnels of
``parcours-core`` and ``polars-core`` (no window).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import (  # noqa: E402
    benchmark_map,
    data_path,
    journey_structure,
    parse_count,
    plain_structure,
)

CONTENDERS = ("parcours", "parcours-core", "polars", "polars-core", "pm4py", "floor")
RESULT_MARK = "@@result "


# ----------------------------------------------------------------------------- parcours
def run_parcours(
    path: Path, structure: dict[str, Any] | None = None, *, full: bool = True
) -> dict[str, Any]:
    """parcours' metric suite on the file (reading included), via ``analytics.analyze``.

    ``full``: the default options (breakdowns by segment, channel and week,
    eventually-follows, paths...); otherwise only the suite the others compute (no
    breakdowns, no eventually-follows, no conversion window). The step ids, in map order,
    come from the file's ``step`` / ``step_index`` columns (timed, as before step roles);
    ``structure`` (``generate.plain_structure``) must list them; None: a straight line.
    """
    from parcours.analytics import AnalysisOptions, analyze
    from parcours.engine import Engine

    engine = Engine.duckdb()
    events = engine.sql(f"SELECT * FROM read_parquet('{path}')")
    steps_table = engine.execute(
        events.filter(events.step.notnull())
        .select("step", "step_index")
        .distinct()
        .order_by("step_index")
    )
    steps = [str(s) for s in steps_table.column("step").to_pylist()]
    options = AnalysisOptions()
    if not full:
        options = AnalysisOptions(breakdowns=(), eventually_follows=False, window_seconds=None)
    roles = None
    if structure is not None:
        if not set(steps) <= set(structure["steps"]):
            raise ValueError(f"the file's steps {steps} are not all in the map")
        steps, roles = structure["steps"], journey_structure(structure)
    # no structure: the 4-argument call, so that an older copy of src runs it too
    result = analyze(engine, events, steps, options, *([roles] if roles else []))
    return {
        "steps": len(result.steps),
        "cases": result.n_cases,
        "funnel": [s.reached for s in result.funnel.steps],
        "converted": result.funnel.converted,
        "outcomes": [o.customers for o in getattr(result.funnel, "outcomes", ())],
        "detours": [d.customers for d in getattr(result, "detours", ())],
    }


def run_parcours_core(path: Path, structure: dict[str, Any] | None = None) -> dict[str, Any]:
    """parcours on about the suite of ``polars-core`` (straight line; no breakdowns,
    eventually-follows, window)."""
    return run_parcours(path, None, full=False)


# ------------------------------------------------------------------------------- polars
def run_polars(path: Path, structure: dict[str, Any] | None = None) -> dict[str, Any]:
    """parcours' full suite in straightforward Polars (``polars_suite.py``), reading
    included; returns its summary (funnel reached and in flight per stage, edges...)."""
    from polars_suite import full_suite

    return full_suite(path, structure)


def run_polars_core(path: Path, structure: dict[str, Any] | None = None) -> dict[str, Any]:
    """The earlier, smaller Polars suite (reading included): step counts, step
    directly-follows with delay mean and median, ordered funnel without window,
    satisfaction mean, step variants."""
    import polars as pl

    columns = ["case_id", "timestamp", "step", "step_index", "score", "row"]
    df = pl.read_parquet(path, columns=columns)
    df = df.filter(pl.col("step").is_not_null())
    counts = df.group_by("step").agg(
        pl.len().alias("events"), pl.col("case_id").n_unique().alias("customers")
    )
    ordered = df.sort(["case_id", "timestamp", "row"])
    same_case = pl.col("case_id") == pl.col("case_id").shift(-1)
    follows = (
        ordered.with_columns(
            pl.when(same_case).then(pl.col("step").shift(-1)).alias("next_step"),
            pl.when(same_case)
            .then((pl.col("timestamp").shift(-1) - pl.col("timestamp")).dt.total_seconds())
            .alias("delay_seconds"),
        )
        .filter(pl.col("next_step").is_not_null())
        .group_by("step", "next_step")
        .agg(
            pl.len().alias("count"),
            pl.col("delay_seconds").mean().alias("mean"),
            pl.col("delay_seconds").median().alias("median"),
        )
    )
    satisfaction = df.group_by("step").agg(
        pl.col("score").mean().alias("score_mean"), pl.col("score").count().alias("scores")
    )
    variants = (
        ordered.group_by("case_id", maintain_order=True).agg(pl.col("step")).group_by("step").len()
    )
    funnel = _polars_funnel(df, pl)
    return {
        "steps": counts.height,
        "edges": follows.height,
        "variants": variants.height,
        "satisfaction_steps": int(satisfaction["score_mean"].is_not_null().sum()),
        "funnel": funnel,
    }


def _polars_funnel(df: Any, pl: Any) -> list[int]:
    """Ordered funnel: first occurrence of each step after the previous step's match."""
    order = df.select("step", "step_index").unique().sort("step_index")["step"].to_list()
    by_step = df.select("case_id", "timestamp", "step").partition_by("step", as_dict=True)
    frontier = None
    reached: list[int] = []
    for step in order:
        rows = by_step[(step,)].select("case_id", "timestamp")
        if frontier is None:
            frontier = rows.group_by("case_id").agg(pl.col("timestamp").min().alias("at"))
        else:
            frontier = (
                rows.join(frontier, on="case_id")
                .filter(pl.col("timestamp") >= pl.col("at"))
                .group_by("case_id")
                .agg(pl.col("timestamp").min().alias("at"))
            )
        reached.append(frontier.height)
    return reached


# -------------------------------------------------------------------------------- pm4py
def run_pm4py(path: Path, structure: dict[str, Any] | None = None) -> dict[str, Any]:
    """pm4py's DFG, performance DFG and variants (format_dataframe included, read not)."""
    import pandas as pd
    import pm4py

    began = time.perf_counter()
    df = pd.read_parquet(path, columns=["case_id", "activity", "timestamp"])
    _NOTES["read_seconds"] = time.perf_counter() - began
    _NOTES["work_started"] = time.perf_counter()
    log = pm4py.format_dataframe(
        df, case_id="case_id", activity_key="activity", timestamp_key="timestamp"
    )
    dfg, _start, _end = pm4py.discover_dfg(log)
    performance, _start, _end = pm4py.discover_performance_dfg(log)
    variants = pm4py.get_variants(log)
    return {"edges": len(dfg), "performance_edges": len(performance), "variants": len(variants)}


# -------------------------------------------------------------------------------- floor
def run_floor(path: Path, structure: dict[str, Any] | None = None) -> dict[str, Any]:
    """One DuckDB scan of every column with one group-by count."""
    import duckdb

    con = duckdb.connect()
    rows = con.execute(
        f"""
        SELECT step, count(*), count(case_id), min(timestamp), count(activity),
               count(channel), count(segment), avg(score), sum(amount), count(resource),
               max(row), max(step_index)
        FROM read_parquet('{path}') GROUP BY step
        """
    ).fetchall()
    return {"groups": len(rows)}


RUNNERS: dict[str, Callable[[Path, dict[str, Any] | None], dict[str, Any]]] = {
    "parcours": run_parcours,
    "parcours-core": run_parcours_core,
    "polars": run_polars,
    "polars-core": run_polars_core,
    "pm4py": run_pm4py,
    "floor": run_floor,
}
IMPORTS: dict[str, tuple[str, ...]] = {
    "parcours": ("duckdb", "ibis", "pyarrow", "parcours.analytics", "parcours.engine"),
    "parcours-core": ("duckdb", "ibis", "pyarrow", "parcours.analytics", "parcours.engine"),
    "polars": ("polars", "polars_suite"),
    "polars-core": ("polars",),
    "pm4py": ("pandas", "pm4py"),
    "floor": ("duckdb",),
}
"""Modules imported before the clock starts (import time is not the contender's work)."""
_NOTES: dict[str, float] = {}


# ------------------------------------------------------------------------ child process
def child(name: str, path: Path, structure_json: str) -> int:
    """Run one contender (``structure_json``: a ``generate.plain_structure`` as JSON, or
    ``null``), print its measurements as one JSON line."""
    for module in IMPORTS[name]:
        importlib.import_module(module)
    structure = json.loads(structure_json)
    began = time.perf_counter()
    try:
        summary = RUNNERS[name](path, structure)
        error = None
    except Exception as exc:  # reported in the table, not fatal for the others
        summary, error = {}, f"{type(exc).__name__}: {exc}"
    ended = time.perf_counter()
    seconds = ended - _NOTES.get("work_started", began)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    record = {
        "name": name,
        "seconds": seconds,
        "peak_mb": peak_kib / 1024,
        "summary": summary,
        "error": error,
        "read_seconds": _NOTES.get("read_seconds"),
    }
    print(RESULT_MARK + json.dumps(record), flush=True)
    return 0


def measure(name: str, path: Path, structure: dict[str, Any] | None) -> dict[str, Any]:
    """Run one contender in a fresh Python process and collect its record."""
    script = str(Path(__file__).resolve())
    command = [sys.executable, script, "--child", name, str(path), json.dumps(structure)]
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            record: dict[str, Any] = json.loads(line[len(RESULT_MARK) :])
            return record
    tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
    return {"name": name, "error": " | ".join(tail) or f"exit {done.returncode}"}


# ------------------------------------------------------------------------------ report
def table(records: list[dict[str, Any]], events: int) -> str:
    """The results as a Markdown table, with ratios to parcours."""
    base = next((r for r in records if r["name"] == "parcours" and not r.get("error")), None)
    lines = [
        "| contender | seconds | events/s | peak RSS (MB) | time vs parcours | notes |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in records:
        if r.get("error"):
            lines.append(f"| {r['name']} | - | - | - | - | failed: {r['error'][:120]} |")
            continue
        ratio = f"{r['seconds'] / base['seconds']:.2f}x" if base else "-"
        notes = json.dumps(r["summary"])
        if r.get("read_seconds") is not None:
            notes = f"pandas read {r['read_seconds']:.2f} s not counted; " + notes
        lines.append(
            f"| {r['name']} | {r['seconds']:.2f} | {events / r['seconds']:,.0f} | "
            f"{r['peak_mb']:,.0f} | {ratio} | {notes[:160]} |"
        )
    return "\n".join(lines)


CHECKED_PAIRS = (
    ("parcours", "polars", ("funnel", "converted", "outcomes", "detours")),
    ("parcours-core", "polars-core", ("funnel",)),
)
"""Contenders whose summaries must agree on these keys: full suite (structure, 30-day
window), core (straight line, no window)."""


def cross_check(records: list[dict[str, Any]]) -> str:
    """Whether the funnels (customers reached per stage) and, for the full suites, the
    conversions, outcomes and detour takers of each pair of :data:`CHECKED_PAIRS` that
    both ran agree."""
    summaries = {
        r["name"]: r["summary"] for r in records if not r.get("error") and "funnel" in r["summary"]
    }
    lines = []
    for first, second, keys in CHECKED_PAIRS:
        if first in summaries and second in summaries:
            a, b = summaries[first], summaries[second]
            same = all(a.get(k) == b.get(k) for k in keys)
            verdict = "identical" if same else "DIFFERENT"
            lines.append(f"cross-check: {', '.join(keys)} of {first} and {second} are {verdict}")
    return "\n".join(lines) or "cross-check: no pair of funnels to compare"


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest successful run of a contender (or its last failure)."""
    ok = [r for r in runs if not r.get("error")]
    return min(ok, key=lambda r: r["seconds"]) if ok else runs[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="1M", help="size of the generated log (1M, 10M...)")
    parser.add_argument("--path", type=Path, help="a Parquet file instead of --events")
    parser.add_argument(
        "--skip", action="append", default=[], choices=CONTENDERS, help="contender to skip"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per contender (best kept)")
    parser.add_argument("--steps", type=int, default=20, help="steps of the benchmark map")
    parser.add_argument("--line", action="store_true", help="no structure: a straight line")
    parser.add_argument("--child", nargs=3, metavar=("NAME", "PATH", "S"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child[0], Path(args.child[1]), args.child[2])
    path = args.path or data_path(parse_count(args.events))
    if not path.exists():
        parser.error(f"{path} does not exist: run benchmarks/generate.py --events {args.events}")
    import pyarrow.parquet as pq

    events = pq.read_metadata(path).num_rows
    print(f"{path.name}: {events:,} events; {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    structure = None if args.line else plain_structure(benchmark_map(args.steps))
    print("structure:", "straight line" if structure is None else json.dumps(structure))
    records = []
    for name in CONTENDERS:
        if name in args.skip:
            continue
        runs = [measure(name, path, structure) for _ in range(args.repeat)]
        record = best(runs)
        shown = f"{record['seconds']:.2f} s" if not record.get("error") else record["error"]
        print(f"  {name}: {shown}", flush=True)
        records.append(record)
    print()
    print(table(records, events))
    print()
    print(cross_check(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
