"""Write a synthetic journey log for the benchmark: ``benchmarks/data/events-<n>.parquet``.

Usage::

    python benchmarks/generate.py --events 10M [--steps 20] [--seed 0]

The log walks a synthetic journey of ``--steps`` steps (10-30) over six channels, with
about 8 events per customer, satisfaction scores at moments of truth, noise activities,
and the ``step`` / ``step_index`` columns written directly (no matcher needed).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

from parcours.events.synthetic import synthetic_journey, write_parquet

DATA = Path(__file__).resolve().parent / "data"
START = datetime(2025, 1, 1)


def parse_count(text: str) -> int:
    """``1M`` -> 1_000_000, ``250k`` -> 250_000, ``1e6`` -> 1_000_000."""
    text = text.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor > 1 else text
    return int(float(number) * factor)


def label(count: int) -> str:
    """``1_000_000`` -> ``1M`` (the file-name form)."""
    for suffix, size in (("G", 10**9), ("M", 10**6), ("k", 10**3)):
        if count % size == 0:
            return f"{count // size}{suffix}"
    return str(count)


def data_path(count: int) -> Path:
    """Where the log of ``count`` events lives."""
    return DATA / f"events-{label(count)}.parquet"


def generate(count: int, *, steps: int = 20, seed: int = 0, force: bool = False) -> Path:
    """Write the log of ``count`` events unless it exists; returns its path."""
    target = data_path(count)
    if target.exists() and not force:
        print(f"{target} exists (use --force to rewrite)")
        return target
    DATA.mkdir(parents=True, exist_ok=True)
    journey = synthetic_journey(steps, seed=seed)
    partial = target.with_suffix(".partial")
    began = time.perf_counter()
    rows = write_parquet(partial, journey, events=count, seed=seed, start=START, with_steps=True)
    partial.replace(target)
    seconds = time.perf_counter() - began
    size_mb = target.stat().st_size / 1e6
    print(
        f"wrote {rows:,} events ({steps} steps) to {target} in {seconds:.1f} s "
        f"({rows / seconds:,.0f} events/s, {size_mb:,.0f} MB)"
    )
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="1M", help="1M, 10M, 100M... (default 1M)")
    parser.add_argument("--steps", type=int, default=20, help="journey steps, 10-30")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="rewrite an existing file")
    args = parser.parse_args(argv)
    if not 10 <= args.steps <= 30:
        parser.error("--steps must be between 10 and 30")
    generate(parse_count(args.events), steps=args.steps, seed=args.seed, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
