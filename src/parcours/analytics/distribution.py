"""Summaries of a distribution of durations: count, mean, median and 90th percentile.

Median and p90 use linear interpolation between the closest ranks (numpy's default
``percentile``, pm4py's median); they are computed by the engine in ONE aggregate
(``quantile([0.5, 0.9])``: one sort of the values per group instead of two).
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
    def empty(cls) -> Distribution:
        """No value: count 0, every statistic None."""
        return cls(count=0, mean=None, median=None, p90=None)

    @classmethod
    def from_row(cls, row: Mapping[str, Any], prefix: str) -> Distribution:
        """Read the columns written by :func:`aggregations` with ``prefix``."""
        return cls(
            count=int(row[f"{prefix}_count"] or 0),
            mean=number(row[f"{prefix}_mean"]),
            median=_quantile(row, prefix, 0),
            p90=_quantile(row, prefix, 1),
        )


def aggregations(values: ir.NumericColumn, prefix: str) -> dict[str, ir.Scalar]:
    """Ibis aggregations ``{prefix}_count/_mean/_quantiles`` of ``values`` (nulls ignored);
    ``_quantiles`` is the array ``[median, p90]`` read back by :meth:`Distribution.from_row`."""
    return {
        f"{prefix}_count": values.count(),
        f"{prefix}_mean": values.mean(),
        f"{prefix}_quantiles": values.quantile(list(QUANTILES)),
    }


QUANTILES = (0.5, 0.9)
"""The quantiles of a :class:`Distribution`: median, p90."""


def _quantile(row: Mapping[str, Any], prefix: str, index: int) -> float | None:
    values = row[f"{prefix}_quantiles"]
    return None if values is None else number(values[index])


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
