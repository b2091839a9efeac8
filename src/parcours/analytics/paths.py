"""Headless chart data: the Sankey of real step paths and the breaking points of a funnel.

Sankey: a step path is the sequence of a case's step events. ``edges`` counts, for each
position i (0-based, i < ``max_path_positions``), the cases going from the step at position
i to the step at position i+1 (target None: the path ends at i). ``top_paths`` are the most
frequent whole paths (step variants).

Breaking points: the transitions between the stages of the main path ranked by drop-off
(customers dropped: neither in flight nor ended by an outcome) and by wait (median delay
from the previous stage; customers affected = those who waited); beside them, never mixed
with them, the detours (optional and exception steps) ranked by what they cost (customers
lost, then days lost).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from parcours.analytics.detours import Detour
from parcours.analytics.funnel import Funnel
from parcours.analytics.ordered_log import OrderedLog
from parcours.analytics.variants import Variant, Variants, step_variants


@dataclass(frozen=True)
class PathEdge:
    """``count`` cases had ``source`` at path position ``position`` then ``target``."""

    position: int
    source: str
    target: str | None
    count: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return asdict(self)


@dataclass(frozen=True)
class PathsData:
    """Sankey data: edges between path positions and the most frequent whole paths."""

    edges: tuple[PathEdge, ...]
    top_paths: tuple[Variant, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "edges": [e.to_dict() for e in self.edges],
            "top_paths": [p.to_dict() for p in self.top_paths],
        }

    def to_pandas(self) -> pd.DataFrame:
        """One row per edge."""
        return pd.DataFrame(
            [e.to_dict() for e in self.edges], columns=["position", "source", "target", "count"]
        )


def paths(log: OrderedLog, variants: Variants | None = None) -> PathsData:
    """The Sankey data of the step paths (see the module docstring); ``variants``: step
    variants already computed (with at least ``top_paths`` kept) to reuse.

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> [(e.position, e.source, e.target, e.count) for e in paths(log).edges]
    [(0, 'a', None, 1), (0, 'a', 'b', 1), (1, 'b', None, 1)]
    """
    events = log.step_events
    kept = events.filter(events.step_seq < log.options.max_path_positions)
    grouped = kept.group_by("step_seq", "step_pos", "next_step_pos").aggregate(n=kept.count())
    rows = log.engine.execute(grouped).to_pylist()
    edges = sorted(
        (
            PathEdge(
                position=int(r["step_seq"]),
                source=log.steps[r["step_pos"]],
                target=log.step(r["next_step_pos"]),
                count=int(r["n"]),
            )
            for r in rows
        ),
        key=lambda e: (e.position, e.source, e.target is not None, e.target or ""),
    )
    if variants is None or len(variants.top) < min(log.options.top_paths, variants.n_variants):
        variants = step_variants(log, top=log.options.top_paths)
    return PathsData(edges=tuple(edges), top_paths=variants.top[: log.options.top_paths])


@dataclass(frozen=True)
class BreakingPoint:
    """A transition ``previous_step -> step`` where customers are lost or wait."""

    kind: str
    step: str
    previous_step: str
    customers_affected: int
    drop_off_rate: float | None
    median_wait_seconds: float | None
    p90_wait_seconds: float | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return asdict(self)


@dataclass(frozen=True)
class BreakingPoints:
    """Main-path transitions ranked by drop-offs (most dropped first) and by waits (longest
    median first); transitions with nobody dropped / nobody waiting are left out. Beside
    them, ``detours`` that cost something, most customers lost first."""

    drop_offs: tuple[BreakingPoint, ...]
    waits: tuple[BreakingPoint, ...]
    detours: tuple[Detour, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "drop_offs": [b.to_dict() for b in self.drop_offs],
            "waits": [b.to_dict() for b in self.waits],
            "detours": [d.to_dict() for d in self.detours],
        }

    def to_pandas(self) -> pd.DataFrame:
        """One row per breaking point (drop-offs first), with a ``kind`` column."""
        return pd.DataFrame([b.to_dict() for b in self.drop_offs + self.waits])


def breaking_points(funnel: Funnel, detours: tuple[Detour, ...] = ()) -> BreakingPoints:
    """Rank the funnel's transitions by drop-off and by wait, and the detours by their cost
    (pure, no query).

    >>> from parcours.analytics.funnel import funnel
    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions(window_seconds=None))
    >>> [(p.step, p.customers_affected) for p in breaking_points(funnel(log)).drop_offs]
    [('b', 1)]
    """
    points = []
    for previous, step in zip(funnel.steps, funnel.steps[1:], strict=False):
        delay = step.delay_from_previous_seconds
        points.append(
            (
                step,
                BreakingPoint(
                    kind="drop_off",
                    step=step.step,
                    previous_step=previous.step,
                    customers_affected=step.dropped,
                    drop_off_rate=step.drop_off_rate,
                    median_wait_seconds=delay.median if delay else None,
                    p90_wait_seconds=delay.p90 if delay else None,
                ),
            )
        )
    drops = sorted(
        (p for _, p in points if p.customers_affected > 0), key=lambda p: -p.customers_affected
    )
    waits = sorted(
        (
            BreakingPoint(
                kind="wait",
                step=p.step,
                previous_step=p.previous_step,
                customers_affected=step.delay_from_previous_seconds.count,
                drop_off_rate=p.drop_off_rate,
                median_wait_seconds=p.median_wait_seconds,
                p90_wait_seconds=p.p90_wait_seconds,
            )
            for step, p in points
            if step.delay_from_previous_seconds and p.median_wait_seconds is not None
        ),
        key=lambda p: -(p.median_wait_seconds or 0.0),
    )
    costly = sorted(
        (d for d in detours if d.customers_lost > 0 or d.days_lost > 0),
        key=lambda d: (-d.customers_lost, -d.days_lost),
    )
    return BreakingPoints(drop_offs=tuple(drops), waits=tuple(waits), detours=tuple(costly))
