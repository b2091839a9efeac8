"""Directly-follows and eventually-follows graphs, with delay distributions.

Directly-follows (pm4py semantics): each pair of consecutive events of a case in the order
``(timestamp, row)``; the delay is the time to the next event. On steps, only the events
marking a map step are kept, so an unmarked event between two steps does not break the
pair. Eventually-follows between steps: per case and ordered pair of distinct steps (A, B),
the delay from the first occurrence of A to the first occurrence of B after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis.expr.types as ir
import pandas as pd

from parcours.analytics.distribution import Distribution, aggregations
from parcours.analytics.ordered_log import OrderedLog
from parcours.analytics.zone import MICROSECONDS


@dataclass(frozen=True)
class Flow:
    """``count`` cases went from ``source`` to ``target`` (activities or step ids)."""

    source: str
    target: str
    count: int
    delay_seconds: Distribution

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "source": self.source,
            "target": self.target,
            "count": self.count,
            "delay_seconds": self.delay_seconds.to_dict(),
        }


@dataclass(frozen=True)
class FlowGraph:
    """A graph of flows; ``level`` is ``activity`` or ``step``, ``kind`` is
    ``directly_follows`` or ``eventually_follows``. ``starts``/``ends`` count the cases
    whose first / last event (on that level) is each node (empty for eventually-follows).
    Flows are sorted by count (descending), then source and target."""

    level: str
    kind: str
    flows: tuple[Flow, ...]
    starts: dict[str, int]
    ends: dict[str, int]

    def counts(self) -> dict[tuple[str, str], int]:
        """``{(source, target): count}``."""
        return {(f.source, f.target): f.count for f in self.flows}

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "level": self.level,
            "kind": self.kind,
            "flows": [f.to_dict() for f in self.flows],
            "starts": dict(self.starts),
            "ends": dict(self.ends),
        }

    def to_pandas(self) -> pd.DataFrame:
        """One row per flow: source, target, count, delay_{count,mean,median,p90}_seconds."""
        columns = ["source", "target", "count"] + [
            f"delay_{key}_seconds" for key in ("mean", "median", "p90")
        ]
        rows = [
            [
                f.source,
                f.target,
                f.count,
                f.delay_seconds.mean,
                f.delay_seconds.median,
                f.delay_seconds.p90,
            ]
            for f in self.flows
        ]
        return pd.DataFrame(rows, columns=columns)


def _flows(
    log: OrderedLog, table: ir.Table, source: str, target: str, delay: str, names: Any
) -> tuple[Flow, ...]:
    pairs = table.filter(table[target].notnull())
    grouped = pairs.group_by(src=pairs[source], dst=pairs[target]).aggregate(
        n=pairs.count(), **aggregations(pairs[delay], "delay")
    )
    return _ranked_flows(log.engine.execute(grouped).to_pylist(), names)


def _ranked_flows(rows: list[dict[str, Any]], names: Any) -> tuple[Flow, ...]:
    """The flows of aggregated rows (``src, dst, n, delay_*``; rows without ``dst`` are
    case ends, skipped), by count descending, then source and target."""
    flows = [
        Flow(
            source=names(r["src"]),
            target=names(r["dst"]),
            count=int(r["n"]),
            delay_seconds=Distribution.from_row(r, "delay"),
        )
        for r in rows
        if r["dst"] is not None
    ]
    return tuple(sorted(flows, key=lambda f: (-f.count, f.source, f.target)))


def _graph(
    log: OrderedLog, table: ir.Table, level: str, columns: tuple[str, str, str], start: Any
) -> FlowGraph:
    """The directly-follows graph of ``table`` in ONE aggregation per (source, target):
    ``columns`` names the source, target and delay columns; the rows without target are
    the ends of the cases, the rows where ``start`` holds their starts."""
    source, target, delay = columns
    names: Any = log.activity if level == "activity" else log.step
    grouped = table.group_by(src=table[source], dst=table[target]).aggregate(
        n=table.count(), starts=table.count(where=start), **aggregations(table[delay], "delay")
    )
    rows = log.engine.execute(grouped).to_pylist()
    starts: dict[str, int] = {}
    for r in rows:
        if r["starts"]:
            starts[names(r["src"])] = starts.get(names(r["src"]), 0) + int(r["starts"])
    ends = {names(r["src"]): int(r["n"]) for r in rows if r["dst"] is None}
    return FlowGraph(
        level=level,
        kind="directly_follows",
        flows=_ranked_flows(rows, names),
        starts=dict(sorted(starts.items())),
        ends=dict(sorted(ends.items())),
    )


def activity_flows(log: OrderedLog) -> FlowGraph:
    """The directly-follows graph on activities (pm4py ``discover_dfg`` and
    ``discover_performance_dfg`` numbers).

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> [(f.source, f.target, f.count, f.delay_seconds.mean) for f in activity_flows(log).flows]
    [('a', 'b', 1, 86400.0)]
    """
    events = log.events
    columns = ("activity_code", "next_code", "delay_seconds")
    return _graph(log, events, "activity", columns, events.seq == 0)


def step_flows(log: OrderedLog) -> FlowGraph:
    """The directly-follows graph on steps (events marking no step are skipped).

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> step_flows(log).counts()
    {('a', 'b'): 1}
    """
    events = log.step_events
    columns = ("step_pos", "next_step_pos", "step_delay_seconds")
    return _graph(log, events, "step", columns, events.step_seq == 0)


def eventually_follows(log: OrderedLog, *, all_pairs: bool = False) -> FlowGraph:
    """Per pair of steps (A, B): cases where B occurs after the first A, and the delay from
    the first A to the first B after it. Pairs: consecutive map steps (A at position k-1,
    B at k), or with ``all_pairs`` every ordered pair of distinct steps. Computed from
    the first visits of A and B (consecutive steps: the visits table already pairs each
    visit with the previous step's); the step events are searched only when the first B
    came before the first A and B was visited again.

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> [(f.source, f.target, f.delay_seconds.median) for f in eventually_follows(log).flows]
    [('a', 'b', 86400.0)]
    """
    both = _first_visit_pairs(log, all_pairs=all_pairs)
    # the first B is after the first A: it is the first B after it
    direct = both.filter(both.b_seq > both.a_seq).select("a_pos", "b_pos", "a_us", "b_us")
    # the first B is before the first A but B was visited again: look for a later B
    again = both.filter((both.b_seq < both.a_seq) & (both.b_events > 1))
    events = log.step_events
    later = again.join(
        events,
        [
            again.first_case == events.case_id,
            again.b_pos == events.step_pos,
            events.seq > again.a_seq,
        ],
    )
    found = later.group_by("first_case", "a_pos", "b_pos", "a_us").aggregate(b_us=later.ts_us.min())
    per_case = direct.union(found.select("a_pos", "b_pos", "a_us", "b_us"))
    pairs = per_case.mutate(delay=(per_case.b_us - per_case.a_us).cast("float64") / MICROSECONDS)
    return FlowGraph(
        level="step",
        kind="eventually_follows",
        flows=_flows(log, pairs, "a_pos", "b_pos", "delay", log.step),
        starts={},
        ends={},
    )


def _first_visit_pairs(log: OrderedLog, *, all_pairs: bool) -> ir.Table:
    """Per case and pair of visited steps (A, B): ``first_case, a_pos, a_seq, a_us, b_pos,
    b_seq, b_us, b_events`` (first visit of each, events on B). Consecutive map steps come
    from the visits table as is; every ordered pair needs a self-join."""
    visits = log.visits
    if not all_pairs:
        pairs = visits.filter(visits.previous_pos == visits.step_pos - 1)
        return pairs.select(
            first_case=pairs.case_id,
            a_pos=pairs.previous_pos,
            a_seq=pairs.previous_seq,
            a_us=pairs.previous_us,
            b_pos=pairs.step_pos,
            b_seq=pairs.first_seq,
            b_us=pairs.first_us,
            b_events=pairs.events,
        )
    firsts = visits.select(
        first_case=visits.case_id,
        a_pos=visits.step_pos,
        a_seq=visits.first_seq,
        a_us=visits.first_us,
    )
    seconds = visits.select(
        second_case=visits.case_id,
        b_pos=visits.step_pos,
        b_seq=visits.first_seq,
        b_us=visits.first_us,
        b_events=visits.events,
    )
    both = firsts.join(
        seconds, [firsts.first_case == seconds.second_case, seconds.b_pos != firsts.a_pos]
    )
    return both.select("first_case", "a_pos", "a_seq", "a_us", "b_pos", "b_seq", "b_us", "b_events")
