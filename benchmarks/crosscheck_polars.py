"""Check that the Polars full suite (``polars_suite.py``) computes parcours' numbers.

Usage::

    python benchmarks/crosscheck_polars.py --events 1M          # the benchmark file
    python benchmarks/crosscheck_polars.py --events 1M --cut 2025-07-01
    python benchmarks/crosscheck_polars.py --events 1M --line   # as a straight line
    python benchmarks/crosscheck_polars.py --events 1M --open   # the open funnel
    python benchmarks/crosscheck_polars.py --fuzz 20             # small random edge-case logs

Runs ``parcours.analytics.analyze(...).to_dict()`` (DuckDB engine, default options, the
structure of the benchmark map: ``generate.benchmark_map``) and
:func:`polars_suite.compute` on the same Parquet file and compares, printing each
comparison: funnel reached / entries / in flight / ended / dropped and delay distribution
per stage, entered, converted, outcomes and time to convert, the detours, directly-follows
graphs on activities and steps, eventually-follows, variant counts, step stats, funnel
breakdown sizes, then every other key of ``to_dict()``. Floats are equal to a relative
1e-9 (sums and quantiles are made in another order), everything else exactly. Exits 1 on
any difference.

``--line`` analyses the file as a straight line of its steps (the suite before step
roles); ``--open`` with the open funnel (``AnalysisOptions(funnel_mode="open")``).
``--cut DATE`` first keeps the events before DATE (written to a temporary file), so that
``as_of`` falls inside the log and customers are in flight. ``--fuzz N`` checks N
small random logs, each against a random structure (stages with alternatives, optional
and exception steps, success and failure outcomes; one in four a straight line), with
timestamp ties, outcomes before entry, at the window's end and after it, several outcomes
per customer, repeated and out-of-order steps, missing channels and segments, 0-10 scores
and customers in flight; each in the closed and in the open funnel.

parcours is imported from the environment (the working tree with the project's venv);
``PYTHONPATH=DIR/src`` checks another copy (e.g. ``git archive HEAD src | tar -x -C DIR``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import polars as pl  # noqa: E402
import polars_suite  # noqa: E402
from generate import (  # noqa: E402
    benchmark_map,
    data_path,
    journey_structure,
    parse_count,
    plain_structure,
)

REL_TOL = 1e-9
TOP = 10


# ------------------------------------------------------------------------- the results
def parcours_result(
    path: Path, structure: dict[str, Any] | None, mode: str = "closed"
) -> dict[str, Any]:
    """``analyze(...).to_dict()`` on the file, default options, against ``structure``
    (``generate.plain_structure``; None: the file's steps in ``step_index`` order, a
    straight line)."""
    from parcours.analytics import AnalysisOptions, analyze
    from parcours.analytics.options import FunnelMode
    from parcours.engine import Engine

    engine = Engine.duckdb()
    events = engine.sql(f"SELECT * FROM read_parquet('{path}')")
    if structure is None:
        marked = events.filter(events.step.notnull()).select("step", "step_index").distinct()
        steps = engine.execute(marked.order_by("step_index")).column("step").to_pylist()
        structure = polars_suite.line([str(s) for s in steps])
    options = AnalysisOptions(funnel_mode=FunnelMode(mode))
    result = analyze(engine, events, structure["steps"], options, journey_structure(structure))
    return result.to_dict()


# ------------------------------------------------------------------------- comparisons
def same(a: Any, b: Any, where: str = "") -> list[str]:
    """The differences between two JSON-like values (floats to a relative 1e-9)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = [f"{where}/{k}: only in one" for k in sorted(set(a) ^ set(b), key=str)]
        for key in sorted(set(a) & set(b), key=str):
            out += same(a[key], b[key], f"{where}/{key}")
        return out
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        out = [f"{where}: {len(a)} vs {len(b)} items"] if len(a) != len(b) else []
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            out += same(x, y, f"{where}[{i}]")
        return out
    if isinstance(a, float) or isinstance(b, float):
        close = a is not None and b is not None and math.isclose(a, b, rel_tol=REL_TOL)
        return [] if close or a == b else [f"{where}: {a!r} vs {b!r}"]
    return [] if a == b else [f"{where}: {a!r} vs {b!r}"]


def stages(r: dict[str, Any]) -> list[dict[str, Any]]:
    """The funnel stages (entries of the steps that name a stage)."""
    return [{"step": s["step"], **s["funnel"]} for s in r["steps"] if s["funnel"] is not None]


def funnel_counts(r: dict[str, Any]) -> list[Any]:
    """Steps, reached, entries, in flight, ended and dropped per stage."""
    keys = ("step", "steps", "reached", "entries", "in_flight", "ended", "dropped")
    return [[s[k] for k in keys] for s in stages(r)]


def funnel_delays(r: dict[str, Any]) -> list[Any]:
    """Delay from the previous stage (count, mean, median, p90) per stage."""
    return [[s["step"], s["delay_from_previous_seconds"]] for s in stages(r)]


def time_to_convert(r: dict[str, Any]) -> dict[str, Any]:
    """Entered, converted, in flight, no outcome, conversion rate, time to convert."""
    keys = ("entered", "converted", "in_flight", "no_outcome", "conversion_rate")
    return {**{k: r[k] for k in keys}, "ttc": r["time_to_convert_seconds"]}


def outcomes(r: dict[str, Any]) -> list[Any]:
    """Per outcome step: kind, customers, share and time to the outcome."""
    return r["outcomes"]


def detours(r: dict[str, Any]) -> list[Any]:
    """Per detour: share, events, conversion and time to convert with / without, cost."""
    return r["detours"]


def flows(key: str, fields: tuple[str, ...]) -> Callable[[dict[str, Any]], Any]:
    """Per (source, target) of graph ``key``: count and the delay ``fields``; plus the
    starts and ends of the graph."""

    def extract(r: dict[str, Any]) -> Any:
        graph = r[key]
        edges = {
            f"{f['source']} -> {f['target']}": [f["count"]]
            + [f["delay_seconds"][name] for name in fields]
            for f in graph["flows"]
        }
        return {"flows": edges, "starts": graph["starts"], "ends": graph["ends"]}

    return extract


def variants(key: str) -> Callable[[dict[str, Any]], Any]:
    """Number of cases and variants and the top 10 (sequence, count) of ``key``."""

    def extract(r: dict[str, Any]) -> Any:
        v = r[key]
        top = [[" > ".join(t["sequence"]), t["count"]] for t in v["top"][:TOP]]
        return {"n_cases": v["n_cases"], "n_variants": v["n_variants"], "top": top}

    return extract


def step_stats(r: dict[str, Any]) -> list[Any]:
    """Customers and events per step."""
    return [[s["step"], s["customers"], s["events"]] for s in r["steps"]]


def funnel_groups(r: dict[str, Any]) -> dict[str, Any]:
    """Customers entered per group of each funnel breakdown."""
    return {
        b["dimension"]: [[g["value"], g["funnel"]["entered"]] for g in b["groups"]]
        for b in r["breakdowns"]["funnel"]
    }


CHECKS: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
    ("funnel reached / entries / in_flight / ended / dropped per stage", funnel_counts),
    ("funnel delay count / mean / median / p90 per stage", funnel_delays),
    ("entered, converted, in flight, no outcome, time to convert", time_to_convert),
    ("outcomes: customers, share, time to outcome", outcomes),
    ("detours: share, events, conversion and time with / without, cost", detours),
    (
        "activity DFG counts, delay mean / median / p90",
        flows("activity_flows", ("mean", "median", "p90")),
    ),
    ("step DFG counts, delay mean / median / p90", flows("step_flows", ("mean", "median", "p90"))),
    (
        "eventually-follows counts, delay median / mean",
        flows("eventually_follows", ("median", "mean")),
    ),
    ("activity variants: n_variants, top 10 counts", variants("activity_variants")),
    ("step variants: n_variants, top 10 counts", variants("step_variants")),
    ("step stats: customers / events per step", step_stats),
    ("funnel breakdowns: entered per group", funnel_groups),
    ("the whole to_dict()", lambda r: r),
]


def compare(reference: dict[str, Any], polars: dict[str, Any], quiet: bool = False) -> int:
    """Print every check (``quiet``: the failures only); return the number failed."""
    failed = 0
    for label, extract in CHECKS:
        differences = same(extract(reference), extract(polars))
        failed += bool(differences)
        if differences or not quiet:
            verdict = "ok" if not differences else f"DIFFERENT ({len(differences)})"
            print(f"  {label}: {verdict}")
        for line in differences[:10]:
            print(f"      {line}")
    return failed


def check_file(
    path: Path, structure: dict[str, Any] | None, mode: str = "closed", quiet: bool = False
) -> int:
    """Compare parcours and the Polars suite on one file; return the checks failed."""
    reference = parcours_result(path, structure, mode)
    polars = polars_suite.compute(path, structure, mode)
    if not quiet:
        summary = polars_suite.summary(polars)
        print(f"{path.name}: {reference['n_events']:,} events, {reference['n_cases']:,} cases,")
        print(f"  as_of {reference['as_of']}, stages {reference['stages']}")
        print(f"  funnel {summary['funnel']}, in flight {summary['in_flight']},")
        print(f"  ended {summary['ended']}, converted {summary['converted']},")
        print(f"  outcomes {summary['outcomes']}, detour takers {summary['detours']}")
    return compare(reference, polars, quiet)


# ---------------------------------------------------------------------- derived files
def cut(path: Path, before: dt.datetime, folder: Path) -> Path:
    """A copy of the file with the events before ``before`` only."""
    target = folder / f"{path.stem}-before-{before:%Y%m%d}.parquet"
    events = pl.read_parquet(path).filter(pl.col("timestamp") < before)
    events.write_parquet(target)
    return target


STEPS = ("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8")
ACTIVITIES = ("a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "noise", "other")


def random_structure(rng: random.Random) -> dict[str, Any]:
    """A random structure over :data:`STEPS` (one in four a straight line): each step core,
    an alternative of an earlier core step, optional, exception (maybe a loop back) or an
    outcome (success or failure), with at least one stage."""
    if rng.random() < 0.25:
        return polars_suite.line(list(STEPS))
    roles: dict[str, dict[str, str]] = {}
    heads: list[str] = []
    for step in STEPS:
        kind = rng.choice(("core", "core", "core", "alt", "optional", "exception", "outcome"))
        if kind == "alt" and heads:
            roles[step] = {"alternative_of": rng.choice(heads)}
        elif kind in ("optional", "exception") and heads:
            roles[step] = {"role": kind}
            if kind == "exception" and rng.random() < 0.5:
                roles[step]["returns_to"] = rng.choice(heads)
        elif kind == "outcome" and heads:
            roles[step] = {"role": "outcome", "outcome": rng.choice(("success", "failure"))}
        else:
            roles[step] = {}
            heads.append(step)
    from parcours.model import JourneyMap

    journey = JourneyMap.model_validate(
        {
            "id": "random",
            "journey": {"title": "Random"},
            "steps": [{"id": s, "name": s.upper(), **roles[s]} for s in STEPS],
        }
    )
    return plain_structure(journey)


def random_log(seed: int, folder: Path) -> tuple[Path, dict[str, Any]]:
    """A small random matched log with every awkward case and a random structure: equal
    timestamps (ties broken by ``row``), repeated and out-of-order steps, several outcome
    events per customer (before entry, at the window's end, after it), unknown channels and
    segments, scores on 0-10 or 1-5, noise events and customers entering near the end (in
    flight)."""
    rng = random.Random(seed)
    structure = random_structure(rng)
    start = dt.datetime(2024, 1, 1)
    rows = []
    for case in range(rng.randint(5, 60)):
        entry = start + dt.timedelta(days=rng.randint(0, 120))
        for _ in range(rng.randint(1, 14)):
            activity = rng.choice(ACTIVITIES)
            step = STEPS[ACTIVITIES.index(activity)] if activity in ACTIVITIES[:8] else None
            rows.append(
                {
                    "case_id": f"C{case:03d}",
                    "timestamp": entry + dt.timedelta(days=rng.choice((0, 0, 1, 3, 20, 30, 40))),
                    "activity": activity,
                    "channel": rng.choice(("web", "app", None)),
                    "segment": rng.choice(("x", "y", None, None)),
                    "score": rng.choice(
                        (None, None, None, 1.0, 4.0, 5.0, 0.0 if seed % 2 else 3.0)
                    ),
                    "step": step,
                    "step_index": None if step is None else STEPS.index(step),
                }
            )
    rng.shuffle(rows)
    frame = pl.DataFrame(rows).with_columns(
        row=pl.int_range(1, len(rows) + 1, dtype=pl.Int64),
        step_index=pl.col("step_index").cast(pl.Int32),
    )
    target = folder / f"random-{seed}.parquet"
    frame.write_parquet(target)
    return target, structure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="1M", help="the generated log to check (1M...)")
    parser.add_argument("--path", type=Path, help="a Parquet file instead of --events")
    parser.add_argument("--cut", type=dt.datetime.fromisoformat, help="keep events before")
    parser.add_argument("--fuzz", type=int, default=0, help="check N random small logs")
    parser.add_argument("--seed", type=int, default=0, help="first random log (--fuzz)")
    parser.add_argument("--steps", type=int, default=20, help="steps of the benchmark map")
    parser.add_argument("--line", action="store_true", help="analyse as a straight line")
    parser.add_argument("--open", action="store_true", help="the open funnel")
    args = parser.parse_args(argv)
    import parcours

    print(f"parcours from {Path(parcours.__file__).parent}")
    failed = 0
    with tempfile.TemporaryDirectory() as folder:
        if args.fuzz:
            for seed in range(args.seed, args.seed + args.fuzz):
                log, structure = random_log(seed, Path(folder))
                for mode in ("closed", "open"):
                    bad = check_file(log, None if args.line else structure, mode, quiet=True)
                    verdict = "ok" if not bad else f"{bad} checks DIFFERENT"
                    stages = len(structure["stages"])
                    print(f"random log {seed} ({stages} stages, {mode}): {verdict}", flush=True)
                    failed += bad
        else:
            path = args.path or data_path(parse_count(args.events))
            if args.cut:
                path = cut(path, args.cut, Path(folder))
            structure = None if args.line else plain_structure(benchmark_map(args.steps))
            failed = check_file(path, structure, "open" if args.open else "closed")
    print("cross-check:", "AGREE" if not failed else f"{failed} checks DIFFERENT")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
