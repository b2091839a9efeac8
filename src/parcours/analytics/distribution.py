"""Summaries of a distribution of durations: count, mean, median and 90th percentile.

Median and p90 use linear interpolation between the closest ranks (numpy's default
``percentile``, pm4py's median); they are computed by the engine (``quantile``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ibis.expr.types as ir


@dataclass(frozen=True)
class Distribution:
    """Count, mean, median and p90 of a set of values (``None`` when there is no value).

    >>> Distribution(count=2, mean=1.5, median=1.5, p90=1.9).to_dict()["p90"]
    1.9
    """

    count: int
    mean: float | None
    median: float | None
    p90: float | None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-able form: ``{"count", "mean", "median", "p90"}``."""
        return {"count": self.count, "mean": self.mean, "median": self.median, "p90": self.p90}

    @classmethod
    def from_row(cls, row: Mapping[str, Any], prefix: str) -> Distribution:
        """Read the columns written by :func:`aggregations` with ``prefix``."""
        return cls(
            count=int(row[f"{prefix}_count"] or 0),
            mean=number(row[f"{prefix}_mean"]),
            median=number(row[f"{prefix}_median"]),
            p90=number(row[f"{prefix}_p90"]),
        )


def aggregations(values: ir.NumericColumn, prefix: str) -> dict[str, ir.Scalar]:
    """Ibis aggregations ``{prefix}_count/_mean/_median/_p90`` of ``values`` (nulls ignored)."""
    return {
        f"{prefix}_count": values.count(),
        f"{prefix}_mean": values.mean(),
        f"{prefix}_median": values.quantile(0.5),
        f"{prefix}_p90": values.quantile(0.9),
    }


def number(value: Any) -> float | None:
    """A float, or None for null / NaN."""
    if value is None:
        return None
    result = float(value)
    return None if math.isnan(result) else result


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or None when the denominator is zero.

    >>> ratio(1, 4), ratio(1, 0)
    (0.25, None)
    """
    return numerator / denominator if denominator else None
