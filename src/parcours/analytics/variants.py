"""Variants: the ordered sequence of activities (or steps) of each case, with counts.

The sequence is built portably, without ordered aggregation nor lambdas: per case, collect
the integers ``position * n_codes + code`` and sort them. Positions are always 0, 1, 2...
so the sorted array identifies the sequence; ``code = value % n_codes``. Cases are then
counted per array.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis.expr.types as ir
import pandas as pd

from parcours.analytics.ordered_log import OrderedLog

SEPARATOR = " > "


@dataclass(frozen=True)
class Variant:
    """``count`` cases followed exactly ``sequence`` (``share`` of all cases of the level)."""

    sequence: tuple[str, ...]
    count: int
    share: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {"sequence": list(self.sequence), "count": self.count, "share": self.share}


@dataclass(frozen=True)
class Variants:
    """The most frequent variants (count descending, then sequence) of a level
    (``activity`` or ``step``); ``n_cases`` counts the cases having at least one event of
    that level, ``n_variants`` the distinct sequences."""

    level: str
    n_cases: int
    n_variants: int
    top: tuple[Variant, ...]

    def counts(self) -> dict[tuple[str, ...], int]:
        """``{sequence: count}`` of the variants kept."""
        return {v.sequence: v.count for v in self.top}

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "level": self.level,
            "n_cases": self.n_cases,
            "n_variants": self.n_variants,
            "top": [v.to_dict() for v in self.top],
        }

    def to_pandas(self) -> pd.DataFrame:
        """One row per variant: variant (steps joined by `` > ``), length, count, share."""
        rows = [
            {
                "variant": SEPARATOR.join(v.sequence),
                "length": len(v.sequence),
                "count": v.count,
                "share": v.share,
            }
            for v in self.top
        ]
        return pd.DataFrame(rows, columns=["variant", "length", "count", "share"])


def sequence_keys(table: ir.Table, order: str, code: str, n_codes: int) -> ir.Table:
    """Per case, the sorted array of ``order * n_codes + code`` (its sequence key)."""
    packed = table[order].cast("int64") * n_codes + table[code].cast("int64")
    return table.group_by("case_id").aggregate(key=packed.collect().sort())


def _variants(
    log: OrderedLog,
    table: ir.Table,
    order: str,
    code: str,
    level: str,
    top: int | None,
    names: Any,
) -> Variants:
    engine = log.engine
    n_codes = max(len(log.activities), len(log.steps), 1)
    keys = sequence_keys(table, order, code, n_codes)
    counted = engine.materialize(keys.group_by("key").aggregate(n=keys.count()))
    totals = engine.execute(counted.aggregate(cases=counted.n.sum(), variants=counted.count()))
    total = totals.to_pylist()[0]
    n_cases = int(total["cases"] or 0)
    ranked = counted.order_by(counted.n.desc())
    if top is not None:
        # keep every variant tied with the last one kept, then cut after a stable sort
        threshold = engine.execute(ranked.limit(top)).column("n").to_pylist()
        if threshold:
            ranked = ranked.filter(ranked.n >= threshold[-1])
    variants = sorted(
        (
            Variant(
                sequence=tuple(names(value % n_codes) for value in r["key"]),
                count=int(r["n"]),
                share=int(r["n"]) / n_cases,
            )
            for r in engine.execute(ranked).to_pylist()
        ),
        key=lambda v: (-v.count, v.sequence),
    )
    return Variants(
        level=level, n_cases=n_cases, n_variants=int(total["variants"]), top=tuple(variants[:top])
    )


def activity_variants(log: OrderedLog, top: int | None = None) -> Variants:
    """Variants on activities (pm4py ``get_variants``); ``top=None`` keeps them all.

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> activity_variants(log).counts()
    {('a',): 1, ('a', 'b'): 1}
    """
    return _variants(log, log.events, "seq", "activity_code", "activity", top, log.activity)


def step_variants(log: OrderedLog, top: int | None = None) -> Variants:
    """Variants on steps: the sequence of the step events of each case.

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> [(v.sequence, v.share) for v in step_variants(log, top=1).top]
    [(('a',), 0.5)]
    """
    names = log.steps.__getitem__
    return _variants(log, log.step_events, "step_seq", "step_pos", "step", top, names)
