"""Conformance of real journeys to the designed map: skips, loops, returns, disorder.

The map says the customer goes through its steps in order. The data says what customers
really did. For each customer, the events tied to a step are read in ``(timestamp, row)``
order, and each event is compared with the previous *step*
event of the same customer:

- **loop**: the same step again right after itself (a document rejected and sent again, a
  second call for the same request);
- **return** (back-and-forth): a step *earlier in the map* than the previous one — the
  customer goes back (``from_step -> to_step`` pairs are ranked);
- **skipped step**: a customer *skipped* step k if they reached a later step of the map
  and have no event at step k at all;
- **out of order**: a customer did step k *for the first time before* the first time
  they did an earlier step of the map they also did;
- **unexpected activities**: events tied to no step (their activities, ranked).

A customer *conforms* when they did every step of the map up to the furthest one they
reached, never returned to an earlier step (so nothing came out of order); loops are
allowed: they are rework, not a different route.

With a map that has a structure (``JourneyMap.structure()``), the comparison is made
with its **main path**: the steps above are its stages (a core step and its
alternatives); optional, exception and outcome steps are never skipped nor out of order;
and a return to a step right after a step that declares it (``returns_to``: a document
rejected, then sent again) is an expected loop, not a return.

>>> from parcours.engine import Engine
>>> from parcours.analytics.testing import matched_table
>>> import datetime as dt
>>> day = dt.datetime(2026, 1, 1)
>>> rows = [("1", "a", 0), ("1", "b", 1), ("1", "a", 0), ("2", "a", 0), ("2", "c", 2)]
>>> engine = Engine.duckdb()
>>> t = matched_table(engine, [{"case_id": c, "timestamp": day + dt.timedelta(hours=i),
...     "activity": s, "step": s, "step_index": k} for i, (c, s, k) in enumerate(rows)])
>>> result = conformance(engine, t, ["a", "b", "c"])
>>> [(s.step, s.skipped, s.returns) for s in result.steps]
[('a', 0, 1), ('b', 1, 0), ('c', 0, 0)]
>>> result.conforming_cases, result.n_cases
(0, 2)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import ibis

from parcours.analytics.distribution import ratio
from parcours.analytics.funnel import main_path_log
from parcours.analytics.options import AnalysisOptions
from parcours.analytics.ordered_log import OrderedLog, prepare
from parcours.model.structure import JourneyStructure

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pandas as pd

    from parcours.engine import Engine


@dataclass(frozen=True)
class StepConformance:
    """How customers deviate from the map at one step."""

    step: str
    position: int
    skipped: int
    """Customers who reached a later step without any event on this one."""
    loops: int
    """Events repeating this step right after itself."""
    loop_customers: int
    returns: int
    """Events coming back to this step from a later step of the map."""
    return_customers: int
    out_of_order: int
    """Customers whose first event here came before the first event of an earlier step."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return asdict(self)


@dataclass(frozen=True)
class BackStep:
    """A return from ``source`` (later in the map) to ``target`` (earlier)."""

    source: str
    target: str
    events: int
    customers: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return asdict(self)


@dataclass(frozen=True)
class UnexpectedActivity:
    """An activity tied to no step of the map."""

    activity: str
    events: int
    customers: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return asdict(self)


@dataclass(frozen=True)
class Conformance:
    """Conformance of the log to the map (see the module docstring for the definitions)."""

    n_cases: int
    """Customers with at least one step event."""
    conforming_cases: int
    steps: tuple[StepConformance, ...]
    returns: tuple[BackStep, ...]
    """Returns ranked by events, most frequent first."""
    unexpected: tuple[UnexpectedActivity, ...]
    """Activities tied to no step, most frequent first."""

    @property
    def conformance_rate(self) -> float | None:
        """Share of customers whose journey conforms to the map."""
        return ratio(self.conforming_cases, self.n_cases)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "n_cases": self.n_cases,
            "conforming_cases": self.conforming_cases,
            "conformance_rate": self.conformance_rate,
            "steps": [s.to_dict() for s in self.steps],
            "returns": [r.to_dict() for r in self.returns],
            "unexpected_activities": [u.to_dict() for u in self.unexpected],
        }

    def to_pandas(self) -> pd.DataFrame:
        """One row per step."""
        import pandas as pd

        return pd.DataFrame([s.to_dict() for s in self.steps])


def conformance(
    engine: Engine,
    events: ir.Table,
    steps: Sequence[str],
    *,
    top: int = 20,
    structure: JourneyStructure | None = None,
) -> Conformance:
    """Compare a matched event table with the map's step order (``steps``, in map order).

    Sorts the log on its own; :func:`conformance_of` reuses the tables of an analysis
    (``AnalysisOptions(conformance=True)`` does it within :func:`analyze`)."""
    with engine.unordered():
        log = prepare(engine, events, steps, AnalysisOptions())
        return conformance_of(log, structure, top=top)


def conformance_of(
    log: OrderedLog, structure: JourneyStructure | None = None, *, top: int = 20
) -> Conformance:
    """The conformance measures from the ordered tables of an analysis: the moves between
    consecutive step events (``step_events`` and the next step), the visits per case and
    step, the events marking no step. With a ``structure``, measured on its main path."""
    unexpected = _unexpected(log, top)
    if structure is not None and not structure.is_line:
        log = _main_path(log, structure)
    else:
        log = dataclasses.replace(
            log, step_events=log.step_events.mutate(declared_next=ibis.literal(False))
        )
    engine = log.engine
    per_step = _moves_per_step(engine, log.step_events)
    per_case = engine.materialize(
        log.visits.group_by("case_id").aggregate(
            furthest=log.visits.step_pos.max(), distinct_steps=log.visits.count()
        )
    )
    skipped = _skipped(engine, log.visits, per_case)
    disorder = _out_of_order(engine, log.visits)
    step_rows = tuple(
        StepConformance(
            step=step,
            position=k,
            skipped=skipped.get(k, 0),
            loops=per_step.get(k, {}).get("loops", 0),
            loop_customers=per_step.get(k, {}).get("loop_customers", 0),
            returns=per_step.get(k, {}).get("returns", 0),
            return_customers=per_step.get(k, {}).get("return_customers", 0),
            out_of_order=disorder.get(k, 0),
        )
        for k, step in enumerate(log.steps)
    )
    n_cases, conforming = _conforming(engine, per_case, log.step_events)
    return Conformance(
        n_cases=n_cases,
        conforming_cases=conforming,
        steps=step_rows,
        returns=_returns(log, top),
        unexpected=unexpected,
    )


def _main_path(log: OrderedLog, structure: JourneyStructure) -> OrderedLog:
    """The log seen on the main path (stages), its step events with ``next_step_pos`` and
    ``declared_next`` (the next stage event comes right after a declared loop to it)."""
    staged = main_path_log(log, structure)
    events = log.step_events
    previous = events.step_pos.lag().over(ibis.window(group_by="case_id", order_by="seq"))
    pairs = [
        (log.steps.index(source), log.steps.index(target))
        for source, target in structure.loops
        if source in log.steps and target in log.steps
    ]
    declared = ibis.literal(False)
    for source, target in pairs:
        declared = declared | ((previous == source) & (events.step_pos == target))
    flags = events.select(flag_case="case_id", flag_seq="seq", declared=declared.fill_null(False))
    stage_events = staged.step_events
    joined = stage_events.join(
        flags,
        [stage_events.case_id == flags.flag_case, stage_events.seq == flags.flag_seq],
    )
    window = ibis.window(group_by=joined.case_id, order_by=joined.seq)
    step_events = log.engine.materialize(
        joined.select(
            "case_id",
            "seq",
            "ts_us",
            "step_pos",
            next_step_pos=joined.step_pos.lead().over(window),
            declared_next=joined.declared.lead().over(window).fill_null(False),
        )
    )
    return dataclasses.replace(staged, step_events=step_events)


def _moves_per_step(engine: Engine, step_events: ir.Table) -> dict[int, dict[str, int]]:
    """Loops and returns counted at the step moved TO (the next step event)."""
    moves = step_events.filter(step_events.next_step_pos.notnull())
    loop = moves.next_step_pos == moves.step_pos
    back = (moves.step_pos > moves.next_step_pos) & ~moves.declared_next
    grouped = moves.group_by(target=moves.next_step_pos).aggregate(
        loops=loop.cast("int64").sum(),
        loop_customers=moves.case_id.nunique(where=loop),
        returns=back.cast("int64").sum(),
        return_customers=moves.case_id.nunique(where=back),
    )
    result: dict[int, dict[str, int]] = {}
    for row in engine.execute(grouped).to_pylist():
        result[int(row["target"])] = {
            key: int(row[key] or 0)
            for key in ("loops", "loop_customers", "returns", "return_customers")
        }
    return result


def _skipped(engine: Engine, visits: ir.Table, per_case: ir.Table) -> dict[int, int]:
    furthest = per_case.select("case_id", "furthest")
    reached_beyond = furthest.group_by("furthest").aggregate(n=furthest.count())
    done_and_beyond = (
        visits.select("case_id", "step_pos")
        .join(furthest, "case_id")
        .filter(lambda t: t.furthest > t.step_pos)
        .group_by("step_pos")
        .aggregate(n=lambda t: t.count())
    )
    beyond = {int(r["furthest"]): int(r["n"]) for r in engine.execute(reached_beyond).to_pylist()}
    done_counts = {
        int(r["step_pos"]): int(r["n"]) for r in engine.execute(done_and_beyond).to_pylist()
    }
    positions = sorted(set(beyond) | set(done_counts))
    if not positions:
        return {}
    result: dict[int, int] = {}
    for k in range(max(positions) + 1):
        later = sum(n for furthest, n in beyond.items() if furthest > k)
        result[k] = later - done_counts.get(k, 0)
    return result


def _out_of_order(engine: Engine, visits: ir.Table) -> dict[int, int]:
    earlier = ibis.window(group_by="case_id", order_by="step_pos", rows=(None, -1))
    flagged = visits.mutate(latest_earlier=visits.first_us.max().over(earlier))
    late = flagged.filter(flagged.latest_earlier > flagged.first_us)
    counts = late.group_by("step_pos").aggregate(n=late.count())
    return {int(r["step_pos"]): int(r["n"]) for r in engine.execute(counts).to_pylist()}


def _conforming(engine: Engine, per_case: ir.Table, step_events: ir.Table) -> tuple[int, int]:
    """Customers with a step event, and those who conform (``per_case``: furthest step
    and number of distinct steps per customer)."""
    back = step_events.filter(
        (step_events.step_pos > step_events.next_step_pos) & ~step_events.declared_next
    )
    returned = back.select("case_id").distinct()
    # No return, and every step of the map up to the furthest one reached was done:
    # distinct steps == furthest + 1 (nothing skipped, the first steps included).
    ok = per_case.anti_join(returned, "case_id")
    ok = ok.filter(ok.distinct_steps == ok.furthest + 1)
    n_cases = int(engine.scalar(per_case.count()))
    return n_cases, int(engine.scalar(ok.count()))


def _returns(log: OrderedLog, top: int) -> tuple[BackStep, ...]:
    events = log.step_events
    back = events.filter((events.step_pos > events.next_step_pos) & ~events.declared_next)
    pairs = back.group_by(source="step_pos", target="next_step_pos").aggregate(
        events=back.count(), customers=back.case_id.nunique()
    )
    rows = log.engine.execute(pairs).to_pylist()
    ranked = sorted(rows, key=lambda r: (-int(r["events"]), int(r["source"]), r["target"]))
    return tuple(
        BackStep(
            source=log.steps[int(r["source"])],
            target=log.steps[int(r["target"])],
            events=int(r["events"]),
            customers=int(r["customers"]),
        )
        for r in ranked[:top]
    )


def _unexpected(log: OrderedLog, top: int) -> tuple[UnexpectedActivity, ...]:
    events = log.events
    loose = events.filter(events.step_pos.isnull())
    counts = loose.group_by("activity_code").aggregate(
        events=loose.count(), customers=loose.case_id.nunique()
    )
    rows = [
        (log.activity(int(r["activity_code"])), int(r["events"]), int(r["customers"]))
        for r in log.engine.execute(counts).to_pylist()
    ]
    ranked = sorted(rows, key=lambda r: (-r[1], r[0]))
    return tuple(UnexpectedActivity(*r) for r in ranked[:top])
