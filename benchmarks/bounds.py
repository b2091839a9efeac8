"""What the unavoidable first steps of any exact journey suite cost on this machine.

Usage::

    python benchmarks/bounds.py --events 10M

Every ordered metric (a funnel in event order, directly-follows pairs, delays to the next
event, variants) needs each customer's events in time order: the log must at least be read
and sorted by ``(case, timestamp, row)`` once. This script times, on the benchmark file,
the floor of ``run.py`` (one scan with a group-by count) and these first steps in DuckDB
and in Polars, each as a ratio to the floor, so that a target such as "within 5x of the
floor" can be set against what a single sort already costs here.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import data_path, parse_count  # noqa: E402

COLUMNS = "case_id, timestamp, row, activity, channel, segment, score, step"


def duckdb_steps(path: Path) -> dict[str, Callable[[], object]]:
    """The floor and the first steps of an ordered suite in DuckDB (one connection)."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    source = f"read_parquet('{path}')"
    return {
        "floor: scan every column, group-by count (run.py)": lambda: con.execute(
            f"SELECT step, count(*), count(case_id), min(timestamp), count(activity), "
            f"count(channel), count(segment), avg(score), sum(amount), count(resource), "
            f"max(row), max(step_index) FROM {source} GROUP BY step"
        ).fetchall(),
        "DuckDB: group-by count per customer": lambda: con.execute(
            f"SELECT count(*) FROM (SELECT case_id, count(*) FROM {source} GROUP BY case_id)"
        ).fetchall(),
        "DuckDB: read the columns into a table": lambda: con.execute(
            f"CREATE OR REPLACE TEMP TABLE log AS SELECT {COLUMNS} FROM {source}"
        ),
        "DuckDB: read + one window per customer in time order": lambda: con.execute(
            f"CREATE OR REPLACE TEMP TABLE ordered AS SELECT {COLUMNS}, "
            "lead(activity) OVER w AS next_activity, lead(timestamp) OVER w AS next_time "
            f"FROM {source} WINDOW w AS (PARTITION BY case_id ORDER BY timestamp, row)"
        ),
    }


def polars_steps(path: Path) -> dict[str, Callable[[], object]]:
    """The same first steps in Polars (eager)."""
    import polars as pl

    columns = [c.strip() for c in COLUMNS.split(",")]
    return {
        "Polars: read the columns": lambda: pl.read_parquet(path, columns=columns),
        "Polars: read + sort by customer and time": lambda: pl.read_parquet(
            path, columns=columns
        ).sort("case_id", "timestamp", "row"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="10M")
    parser.add_argument("--repeat", type=int, default=2, help="runs per step (best kept)")
    args = parser.parse_args(argv)
    path = data_path(parse_count(args.events))
    if not path.exists():
        parser.error(f"{path} does not exist: run benchmarks/generate.py --events {args.events}")
    steps = duckdb_steps(path) | polars_steps(path)
    seconds: dict[str, float] = {}
    for label, step in steps.items():
        runs = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            step()
            runs.append(time.perf_counter() - began)
        seconds[label] = min(runs)
    floor = next(iter(seconds.values()))
    print(f"{path.name} (best of {args.repeat})")
    print("| step | seconds | x floor |")
    print("|---|---:|---:|")
    for label, value in seconds.items():
        print(f"| {label} | {value:.2f} | {value / floor:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
