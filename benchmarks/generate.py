"""Write a synthetic journey log for the benchmark: ``benchmarks/data/events-<n>.parquet``.

Usage::

    python benchmarks/generate.py --events 10M [--steps 20] [--seed 0]

The log walks the benchmark map (:func:`benchmark_map`: ``synthetic_journey(--steps)``,
10-30 steps, with the roles of :data:`BENCHMARK_ROLES`) over six channels, with about 8
events per customer, satisfaction scores at moments of truth, noise activities, and the
``step`` / ``step_index`` columns written directly (no matcher needed). The benchmark
analyses the log against that map's structure (:func:`plain_structure`).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from parcours.events.synthetic import synthetic_journey, write_parquet
from parcours.model import JourneyMap

DATA = Path(__file__).resolve().parent / "data"
START = datetime(2025, 1, 1)


BENCHMARK_ROLES: dict[str, dict[str, str]] = {
    "s-03": {"role": "optional"},
    "s-06": {"role": "exception", "returns_to": "s-05"},
    "s-07": {"role": "outcome", "outcome": "failure"},
    "s-09": {"alternative_of": "s-08"},
    "s-11": {"role": "outcome", "outcome": "success"},
    "s-13": {"role": "optional"},
    "s-18": {"role": "exception"},
}
"""The structure the benchmark measures, as step roles set on ``synthetic_journey``: two
optional steps, two exceptions (one a declared loop back to ``s-05``), one stage with an
alternative (``s-08`` or ``s-09``) and two outcomes (``s-07`` refused, ``s-11`` success);
14 core steps make the 13 stages of the main path. With fewer than 18
steps the roles of missing steps are left out."""


def benchmark_map(steps: int = 20, *, seed: int = 0, roles: bool = True) -> JourneyMap:
    """``synthetic_journey(steps, seed=seed)`` with :data:`BENCHMARK_ROLES` on its steps
    (``roles=False``: every step core, a straight line). A generator that follows the
    roles walks them; one that does not walks every step in map order."""
    journey = synthetic_journey(steps, seed=seed)
    data = journey.model_dump(mode="json")
    ids = {step["id"] for step in data["steps"]}
    for step in data["steps"]:
        for key in ("role", "outcome", "alternative_of", "returns_to"):
            step.pop(key, None)
        wanted = BENCHMARK_ROLES.get(step["id"], {}) if roles else {}
        if all(v in ids for k, v in wanted.items() if k in ("alternative_of", "returns_to")):
            step.update(wanted)
    return JourneyMap.model_validate(data)


def plain_structure(journey: JourneyMap) -> dict[str, Any]:
    """The map's structure as plain JSON-able data (what ``polars_suite`` reads):
    ``steps, stages, detours, outcomes, loops, exceptions``."""
    structure = journey.structure()
    return {
        "steps": [step.id for step in journey.steps],
        "stages": [list(stage.steps) for stage in structure.stages],
        "detours": list(structure.detours),
        "outcomes": [[step, kind.value] for step, kind in structure.outcomes],
        "loops": [list(loop) for loop in structure.loops],
        "exceptions": list(structure.exceptions),
    }


def journey_structure(plain: dict[str, Any]) -> Any:
    """A :func:`plain_structure` back as ``parcours.model.structure.JourneyStructure``."""
    from parcours.model.structure import JourneyStructure, Stage
    from parcours.model.vocabulary import OutcomeKind

    return JourneyStructure(
        stages=tuple(Stage(tuple(stage)) for stage in plain["stages"]),
        detours=tuple(plain["detours"]),
        outcomes=tuple((step, OutcomeKind(kind)) for step, kind in plain["outcomes"]),
        loops=tuple((step, target) for step, target in plain["loops"]),
        exceptions=tuple(plain.get("exceptions", ())),
    )


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
    journey = benchmark_map(steps, seed=seed)
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
