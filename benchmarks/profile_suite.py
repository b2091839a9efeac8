"""Time each part of parcours' analysis on a benchmark file (where does the time go?).

Usage::

    python benchmarks/profile_suite.py --events 10M [--dump result.json] [--line]

Calls :func:`parcours.analytics.analyze`'s parts one by one on a DuckDB engine, against
the structure of the benchmark map (``generate.benchmark_map``; ``--line``: a straight
line of the steps), and prints the wall and CPU seconds of each; ``--dump`` writes
``analyze(...).to_dict()`` (to compare two versions).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def cpu_seconds() -> float:
    """User + system CPU seconds of this process so far (all its threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="1M")
    parser.add_argument("--dump", type=Path, help="write analyze(...).to_dict() as JSON")
    parser.add_argument("--steps", type=int, default=20, help="steps of the benchmark map")
    parser.add_argument("--line", action="store_true", help="no structure: a straight line")
    args = parser.parse_args(argv)
    from parcours import analytics as a
    from parcours.analytics import AnalysisOptions, analyze
    from parcours.analytics.detours import detours as detours_of
    from parcours.engine import Engine

    path = data_path(parse_count(args.events))
    engine = Engine.duckdb()
    events = engine.sql(f"SELECT * FROM read_parquet('{path}')")
    steps = [
        str(s)
        for s in engine.execute(
            events.filter(events.step.notnull())
            .select("step", "step_index")
            .distinct()
            .order_by("step_index")
        )
        .column("step")
        .to_pylist()
    ]
    structure = None
    if not args.line:
        plain = plain_structure(benchmark_map(args.steps))
        steps, structure = plain["steps"], journey_structure(plain)
    options = AnalysisOptions()
    if args.dump:
        began = time.perf_counter()
        result = analyze(engine, events, steps, options, structure)
        print(f"analyze: {time.perf_counter() - began:.2f} s")
        args.dump.write_text(json.dumps(result.to_dict(), indent=1, sort_keys=True, default=str))
        return 0

    def timed(label: str, call: Callable[[], Any]) -> Any:
        began, cpu = time.perf_counter(), cpu_seconds()
        value = call()
        wall = time.perf_counter() - began
        print(f"{label:28s} {wall:7.2f} s {cpu_seconds() - cpu:7.2f} CPU s", flush=True)
        return value

    total, total_cpu = time.perf_counter(), cpu_seconds()
    log = timed("prepare", lambda: a.prepare(engine, events, steps, options))
    found = timed("journeys", lambda: a.journeys(log, structure))
    the_funnel = timed("funnel", lambda: a.funnel(log, found))
    the_detours = ()
    if structure is not None:
        the_detours = timed("detours", lambda: detours_of(log, found, structure))
    timed("step_stats", lambda: a.step_stats(log))
    timed("satisfaction", lambda: a.satisfaction(log))
    timed("activity_flows", lambda: a.activity_flows(log))
    timed("step_flows", lambda: a.step_flows(log))
    timed("eventually_follows", lambda: a.eventually_follows(log))
    timed("activity_variants", lambda: a.activity_variants(log, top=options.top_variants))
    variants = timed("step_variants", lambda: a.step_variants(log, top=options.top_variants))
    for d in options.breakdowns:
        timed(f"step_stats_breakdown {d.value}", lambda d=d: a.step_stats_breakdown(log, d.value))
        timed(
            f"funnel_breakdown {d.value}",
            lambda d=d: a.funnel_breakdown(log, found, d.value),
        )
    timed("paths", lambda: a.paths(log, variants))
    timed("breaking_points", lambda: a.breaking_points(the_funnel, the_detours))
    wall = time.perf_counter() - total
    print(f"{'total':28s} {wall:7.2f} s {cpu_seconds() - total_cpu:7.2f} CPU s")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
