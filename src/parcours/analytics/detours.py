"""Detours: what each optional and exception step costs the journey.

For every optional or exception step of the map (``JourneyStructure.detours``), over the
customers who entered the funnel (:class:`parcours.analytics.funnel.Journeys`):

- ``customers`` took it (at least one event on the step) and ``share`` of the entered;
- ``events_per_customer``: events on the step per customer who took it (rework: a rejected
  document twice is 2);
- conversion (converted / decided) and time to convert of those who took it (``with``)
  against those who did not (``without``);
- ``customers_lost = decided takers x (conversion without - conversion with)`` and
  ``days_lost = converted takers x (mean time to convert with - mean without)``, in days,
  never below 0: what the detour costs, read as an association (customers who need
  support may differ from the others), not a proof of cause.

>>> import datetime as dt
>>> from parcours.analytics.funnel import journeys
>>> from parcours.analytics.options import AnalysisOptions
>>> from parcours.analytics.ordered_log import prepare
>>> from parcours.analytics.testing import matched_table
>>> from parcours.engine import Engine
>>> from parcours.model import Step, structure_of
>>> day = dt.datetime(2026, 1, 1)
>>> rows = [("1", "a"), ("1", "help"), ("2", "a"), ("2", "b")]
>>> engine = Engine.duckdb()
>>> t = matched_table(engine, [{"case_id": c, "timestamp": day + dt.timedelta(hours=i),
...     "activity": s, "step": s} for i, (c, s) in enumerate(rows)])
>>> structure = structure_of([Step(id="a", name="A"), Step(id="b", name="B"),
...     Step(id="help", name="Help", role="exception")])
>>> log = prepare(engine, t, ["a", "b", "help"], AnalysisOptions(window_seconds=None))
>>> [(d.step, d.customers, d.conversion_with, d.conversion_without, d.customers_lost)
...  for d in detours(log, journeys(log, structure), structure)]
[('help', 1, 0.0, 1.0, 1.0)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from parcours.analytics.distribution import Distribution, aggregations, ratio
from parcours.analytics.funnel import Journeys
from parcours.analytics.ordered_log import OrderedLog
from parcours.analytics.zone import MICROSECONDS
from parcours.model.structure import JourneyStructure

DAY_SECONDS = 86400


@dataclass(frozen=True)
class Detour:
    """What one optional or exception step costs (see the module docstring)."""

    step: str
    customers: int
    share: float | None
    events: int
    events_per_customer: float | None
    conversion_with: float | None
    conversion_without: float | None
    time_to_convert_with_seconds: Distribution
    time_to_convert_without_seconds: Distribution
    customers_lost: float
    days_lost: float
    returns_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "step": self.step,
            "customers": self.customers,
            "share": self.share,
            "events": self.events,
            "events_per_customer": self.events_per_customer,
            "conversion_with": self.conversion_with,
            "conversion_without": self.conversion_without,
            "time_to_convert_with_seconds": self.time_to_convert_with_seconds.to_dict(),
            "time_to_convert_without_seconds": self.time_to_convert_without_seconds.to_dict(),
            "customers_lost": self.customers_lost,
            "days_lost": self.days_lost,
            "returns_to": self.returns_to,
        }


def detours(log: OrderedLog, found: Journeys, structure: JourneyStructure) -> tuple[Detour, ...]:
    """The detour of every optional and exception step of ``structure``, in map order
    (one aggregation over the entered customers crossed with the detour steps)."""
    positions = [log.steps.index(step) for step in structure.detours if step in log.steps]
    if not positions:
        return ()
    engine = log.engine
    visits = log.visits.filter(log.visits.step_pos.isin(positions))
    took = visits.select(took_case="case_id", took_pos="step_pos", took_events="events")
    wanted = engine.table(pa.table({"detour_pos": pa.array(positions, pa.int32())}))
    customers = found.customers.select("case_id", "converted", "undecided", "ttc_us")
    grid = customers.cross_join(wanted)
    joined = grid.left_join(
        took, [grid.case_id == took.took_case, grid.detour_pos == took.took_pos]
    )
    ttc = joined.ttc_us.cast("float64") / MICROSECONDS
    grouped = joined.group_by("detour_pos", took=joined.took_events.notnull()).aggregate(
        customers=joined.count(),
        events=joined.took_events.sum(),
        decided=joined.count(where=~joined.undecided),
        converted=joined.count(where=joined.converted),
        **aggregations(ttc, "ttc"),
    )
    rows = engine.execute(grouped).to_pylist()
    by_key = {(int(r["detour_pos"]), bool(r["took"])): r for r in rows}
    loops = dict(structure.loops)
    return tuple(
        _detour(
            log.steps[p],
            by_key.get((p, True)),
            by_key.get((p, False)),
            loops.get(log.steps[p]),
        )
        for p in positions
    )


def _detour(
    step: str,
    taken: dict[str, Any] | None,
    other: dict[str, Any] | None,
    returns_to: str | None,
) -> Detour:
    empty: dict[str, Any] = {"customers": 0, "events": 0, "decided": 0, "converted": 0}
    with_, without = taken or empty, other or empty
    takers = int(with_["customers"])
    events = int(with_["events"] or 0)
    conversion_with = ratio(int(with_["converted"]), int(with_["decided"]))
    conversion_without = ratio(int(without["converted"]), int(without["decided"]))
    ttc_with = Distribution.from_row(with_, "ttc") if taken else Distribution.empty()
    ttc_without = Distribution.from_row(without, "ttc") if other else Distribution.empty()
    lost = 0.0
    if conversion_with is not None and conversion_without is not None:
        lost = max(0.0, int(with_["decided"]) * (conversion_without - conversion_with))
    days = 0.0
    if ttc_with.mean is not None and ttc_without.mean is not None:
        days = max(0.0, ttc_with.count * (ttc_with.mean - ttc_without.mean) / DAY_SECONDS)
    return Detour(
        step=step,
        customers=takers,
        share=ratio(takers, takers + int(without["customers"])),
        events=events,
        events_per_customer=ratio(events, takers),
        conversion_with=conversion_with,
        conversion_without=conversion_without,
        time_to_convert_with_seconds=ttc_with,
        time_to_convert_without_seconds=ttc_without,
        customers_lost=lost,
        days_lost=days,
        returns_to=returns_to,
    )
