"""The ordered funnel over the main path of a map, with outcomes and right-censoring.

Semantics (``docs/analytics.md``): the funnel runs over the *stages* of the map's main
path (:class:`parcours.model.JourneyStructure`): a core step and its alternatives form one
stage; optional, exception and outcome steps never block it. A customer enters at their
first event on the first stage (closed funnel) or on any stage (open funnel); they match
stage k at the first event on stage k that comes after their match of stage k-1 in the
case order ``(timestamp, row)`` and no later than entry + window; other events may occur
in between. Their *outcome* is their last event on an outcome step at or after entry (and
within the window); they *convert* when it is a success (with no outcome step: when they
reach the last stage). A customer who matched k-1 but not k has *ended* at k when their
outcome closed the journey before k (a failure, or a success placed after stage k), is *in
flight* while entry + window > as_of, else has *dropped*. With no window nobody is in
flight.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa

from parcours.analytics.distribution import Distribution, aggregations, ratio
from parcours.analytics.errors import AnalyticsError
from parcours.analytics.funnel_matching import NO_STAGE, match_funnel, match_sorted
from parcours.analytics.options import FunnelMode
from parcours.analytics.ordered_log import OrderedLog, with_previous
from parcours.analytics.zone import MICROSECONDS
from parcours.engine import Engine
from parcours.model.structure import JourneyStructure, line
from parcours.model.vocabulary import OutcomeKind


@dataclass(frozen=True)
class FunnelStep:
    """One stage of the funnel (``step``: the id of the core step that names it; ``steps``:
    that step and its alternatives).

    With ``decided = reached of the previous stage - in_flight``:
    ``conversion_from_previous = (reached - entries) / decided``;
    ``drop_off_rate = dropped / decided``; ``ended / decided`` is the share whose outcome
    closed the journey before this stage; ``conversion_from_start = reached / (customers
    who entered at this or an earlier stage - in flight at this or an earlier stage)``.
    ``entries``: customers who entered the funnel here (closed funnel: everyone on the first
    stage, nobody after). The first stage has no previous stage: its conversion from
    previous, drop-off rate and delay are None.
    """

    step: str
    position: int
    reached: int
    in_flight: int
    dropped: int
    conversion_from_previous: float | None
    conversion_from_start: float | None
    drop_off_rate: float | None
    delay_from_previous_seconds: Distribution | None
    ended: int = 0
    entries: int = 0
    steps: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        delay = self.delay_from_previous_seconds
        return {
            "step": self.step,
            "steps": list(self.steps or (self.step,)),
            "position": self.position,
            "reached": self.reached,
            "entries": self.entries,
            "in_flight": self.in_flight,
            "ended": self.ended,
            "dropped": self.dropped,
            "conversion_from_previous": self.conversion_from_previous,
            "conversion_from_start": self.conversion_from_start,
            "drop_off_rate": self.drop_off_rate,
            "delay_from_previous_seconds": None if delay is None else delay.to_dict(),
        }


@dataclass(frozen=True)
class OutcomeCount:
    """The entered customers whose outcome is ``step`` (``kind``: success or failure), their
    share of the entered customers and their time from entry to the outcome."""

    step: str
    kind: str
    customers: int
    share: float | None
    time_to_outcome_seconds: Distribution

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "step": self.step,
            "kind": self.kind,
            "customers": self.customers,
            "share": self.share,
            "time_to_outcome_seconds": self.time_to_outcome_seconds.to_dict(),
        }


@dataclass(frozen=True)
class Funnel:
    """The funnel: one :class:`FunnelStep` per stage of the main path, the outcomes and the
    time to convert.

    ``converted``: customers with a success outcome (no outcome step in the map: who
    reached the last stage); ``in_flight``: entered customers not decided yet, whose window
    is still open (with outcome steps: no outcome yet; without: not at the last stage
    yet); ``no_outcome``: decided customers with no outcome (they abandoned);
    ``conversion_rate = converted / (entered - in_flight)``.
    """

    steps: tuple[FunnelStep, ...]
    entered: int
    converted: int
    time_to_convert_seconds: Distribution
    window_seconds: float | None
    as_of: dt.datetime
    mode: str = FunnelMode.CLOSED.value
    outcomes: tuple[OutcomeCount, ...] = ()
    in_flight: int = 0
    no_outcome: int = 0

    @property
    def conversion_rate(self) -> float | None:
        """Converted customers over the decided ones (None: nobody decided)."""
        return ratio(self.converted, self.entered - self.in_flight)

    @property
    def has_outcomes(self) -> bool:
        """Whether the map declares outcome steps (conversion = a success outcome)."""
        return bool(self.outcomes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "mode": self.mode,
            "entered": self.entered,
            "converted": self.converted,
            "in_flight": self.in_flight,
            "no_outcome": self.no_outcome,
            "conversion_rate": self.conversion_rate,
            "time_to_convert_seconds": self.time_to_convert_seconds.to_dict(),
            "window_seconds": self.window_seconds,
            "as_of": self.as_of.isoformat(),
            "outcomes": [o.to_dict() for o in self.outcomes],
            "steps": [step.to_dict() for step in self.steps],
        }

    def to_pandas(self) -> pd.DataFrame:
        """One row per step; delay columns flattened (``delay_median_seconds``...)."""
        return pd.DataFrame([_flat(step) for step in self.steps])


@dataclass(frozen=True)
class FunnelGroup:
    """The funnel of the customers of one group of a breakdown (value None: unknown)."""

    value: str | None
    funnel: Funnel


@dataclass(frozen=True)
class FunnelBreakdown:
    """The funnel per segment, entry channel or period of first event."""

    dimension: str
    groups: tuple[FunnelGroup, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: ``{"dimension", "groups": [{"value", "funnel"}]}``."""
        return {
            "dimension": self.dimension,
            "groups": [{"value": g.value, "funnel": g.funnel.to_dict()} for g in self.groups],
        }

    def to_pandas(self) -> pd.DataFrame:
        """One row per group and step, with a ``group`` column."""
        frames = [g.funnel.to_pandas().assign(group=g.value) for g in self.groups]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _flat(step: FunnelStep) -> dict[str, Any]:
    row = step.to_dict()
    row.pop("steps")
    delay = row.pop("delay_from_previous_seconds") or {}
    for key in ("count", "mean", "median", "p90"):
        row[f"delay_{key}_seconds" if key != "count" else "delay_count"] = delay.get(key)
    return row


@dataclass(frozen=True)
class Journeys:
    """The funnel matches of the customers who entered (two materialised Ibis tables of
    ``engine``), over the stages of the main path.

    ``matches``: one row per customer and matched stage: ``case_id`` (code), ``step_pos``
    (position of the stage), ``t_us`` (time of the match, µs), ``delay_us`` (from the match
    of the previous stage; null on the stage where the customer entered) and the customer's
    groups ``segment, entry_channel, period``.

    ``customers``: one row per entered customer: ``case_id``, ``start`` (stage where they
    entered), ``depth`` (position of the last stage matched), ``open`` (window still open
    at ``as_of``), ``outcome_pos`` (map position of their outcome step, null: none),
    ``ended`` (their outcome closed the journey before the stage after ``depth``),
    ``converted``, ``undecided`` (not decided yet at ``as_of``), ``ttc_us`` (time to
    convert; null unless converted), ``tto_us`` (time from entry to the outcome) and the
    same groups.
    """

    engine: Engine
    matches: ir.Table
    customers: ir.Table
    stages: tuple[tuple[str, ...], ...] = ()
    """The step ids of each stage (first: the core step that names it)."""
    outcomes: tuple[tuple[int, str, OutcomeKind], ...] = ()
    """The outcome steps: map position, step id, kind."""
    mode: FunnelMode = FunnelMode.CLOSED


def journeys(
    log: OrderedLog, structure: JourneyStructure | None = None, *, compiled: bool = True
) -> Journeys:
    """Match every customer's journey against the main path of ``structure`` (None: every
    map step is a stage of its own; semantics in the module doc).

    On DuckDB with numba installed (``compiled``), the matches come from one compiled
    pass per customer over the step events (:mod:`parcours.analytics.funnel_matching`);
    otherwise (Spark, or ``compiled=False``: the cross-check) from the Ibis definition
    below, which gives the same tables.

    Most customers are matched from their first visit of each stage, in ONE window over
    the visits ordered by stage (:func:`_links`): stage k is matched at its first visit
    when that comes after the match of k-1 (and within the window). The few whose first
    visit of k comes before their match of k-1 while they visit k again (their match may be
    a later visit) are matched stage by stage on their events (:func:`_exact`).

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> found = journeys(log)
    >>> engine.execute(found.customers.order_by("case_id")).column("depth").to_pylist()
    [1, 0]
    """
    structure = structure or line(log.steps)
    if compiled and compiled_matching(log.engine):
        return _compiled_journeys(log, structure)
    base = main_path_log(log, structure)
    engine = log.engine
    mode = log.options.funnel_mode
    n_steps = len(base.steps)
    window_us = _window_us(log)
    visits = base.visits if mode is FunnelMode.CLOSED else _from_entry(engine, base.visits)
    links = _links(visits, window_us, mode)
    per_case = links.group_by("case_id").aggregate(
        start=links.step_pos.min(),
        stop=links.stop_pos.min(),
        trouble=links.trouble_pos.min(),
        last=links.step_pos.max(),
        t0=links.t_us.min(where=links.is_first),
        t_end=links.t_us.max(where=links.step_pos == n_steps - 1),
    )
    entered = per_case.filter(per_case.start == 0) if mode is FunnelMode.CLOSED else per_case
    entered = engine.materialize(
        entered.join(_groups(base, mode), "case_id").mutate(
            troubled=(entered.trouble == entered.stop).fill_null(False)
        )
    )
    fast = entered.filter(~entered.troubled)
    reached = links.join(fast.select("case_id", "stop", *GROUPS), "case_id")
    reached = reached.filter(reached.step_pos < reached.stop.fill_null(n_steps))
    columns = ("case_id", "step_pos", "t_us", "delay_us", *GROUPS)
    matches = reached.select(*columns)
    depth = (fast.stop - 1).fill_null(fast.last).cast("int32")
    customers = fast.select(
        "case_id",
        *GROUPS,
        start=fast.start.cast("int32"),
        depth=depth,
        t0=fast.t0,
        t_end=ibis.ifelse(depth == n_steps - 1, fast.t_end, ibis.null("int64")),
    )
    troubled = entered.filter(entered.troubled)
    if engine.scalar(troubled.count()):
        starts = troubled.select("case_id", start_pos=troubled.start.cast("int32"))
        exact = engine.materialize(_exact(engine, base.step_events, starts, n_steps, window_us))
        exact_matches = exact.join(troubled.select("case_id", *GROUPS), "case_id")
        exact_matches = exact_matches.select(*columns)
        matches = matches.union(exact_matches)
        customers = customers.union(_customers_of(exact_matches, n_steps))
    customers = engine.materialize(customers)
    outcomes = _outcome_steps(log, structure)
    decided = _decide(log, customers, structure, outcomes, window_us, n_steps)
    return Journeys(
        engine=engine,
        matches=engine.materialize(matches),
        customers=engine.materialize(decided),
        stages=tuple(stage.steps for stage in structure.stages),
        outcomes=outcomes,
        mode=mode,
    )


GROUPS = ("segment", "entry_channel", "period")
"""The group columns of a customer in :class:`Journeys`."""


def compiled_matching(engine: Engine) -> bool:
    """Whether :func:`journeys` matches in one compiled pass on ``engine`` (DuckDB, with
    numba installed)."""
    if engine.name != "duckdb":
        return False
    return importlib.util.find_spec("numba") is not None


def _compiled_journeys(log: OrderedLog, structure: JourneyStructure) -> Journeys:
    """:func:`journeys` from :func:`parcours.analytics.funnel_matching.match_funnel`."""
    stage_ids = tuple(stage.id for stage in structure.stages)
    if not stage_ids:
        raise AnalyticsError("no_main_path")
    engine = log.engine
    mode = log.options.funnel_mode
    n_steps = len(stage_ids)
    window_us = _window_us(log)
    position = {step: k for k, stage in enumerate(structure.stages) for step in stage.steps}
    stage_of = [position.get(step, NO_STAGE) for step in log.steps]
    open_funnel = mode is FunnelMode.OPEN
    outcomes = _outcome_steps(log, structure)
    positions = tuple(position for position, _, _ in outcomes)
    ordered = log.sorted_steps
    if ordered is not None and ordered.table is log.step_events:
        found = match_sorted(
            ordered.case,
            ordered.ts_us,
            ordered.step_pos,
            ordered.channel,
            stage_of,
            n_steps,
            window_us,
            open_funnel,
            positions,
        )
    else:
        events = log.step_events
        data = engine.execute(
            events.select(
                "case_id",
                "step_seq",
                "ts_us",
                "step_pos",
                channel_code=events.channel_code.fill_null(-1),
            )
        )
        found = match_funnel(data, stage_of, n_steps, window_us, open_funnel, positions)
    cases = log.cases
    groups = cases.select("case_id", "period", segment=cases.segment_code)
    raw = engine.view(found.customers)
    joined = raw.join(groups, "case_id")
    customers = engine.materialize(
        joined.select(
            "case_id",
            *GROUPS,
            start=joined.start,
            depth=joined.depth,
            t0=joined.t0,
            t_end=joined.t_end,
        )
    )
    matches = _with_groups(engine, found.matches, customers)
    last = engine.view(found.outcomes)
    decided = _decide(log, customers, structure, outcomes, window_us, n_steps, last)
    return Journeys(
        engine=engine,
        matches=matches,
        customers=engine.materialize(decided),
        stages=tuple(stage.steps for stage in structure.stages),
        outcomes=outcomes,
        mode=mode,
    )


def _with_groups(engine: Engine, matches: pa.Table, customers: ir.Table) -> ir.Table:
    """The matches (every one of a customer of ``customers``) with their customer's
    :data:`GROUPS`, looked up by case code in NumPy (no join)."""
    groups = engine.execute(customers.select("case_id", *GROUPS))
    codes = np.asarray(groups.column("case_id").to_numpy(), dtype=np.int64)
    row_of = np.full(int(codes.max()) + 1 if len(codes) else 0, -1, dtype=np.int64)
    row_of[codes] = np.arange(len(codes))
    rows = pa.array(row_of[np.asarray(matches.column("case_id").to_numpy(), dtype=np.int64)])
    columns = {name: matches.column(name) for name in ("case_id", "step_pos", "t_us", "delay_us")}
    for name in GROUPS:
        columns[name] = groups.column(name).take(rows)
    return engine.view(pa.table(columns))


def main_path_log(log: OrderedLog, structure: JourneyStructure) -> OrderedLog:
    """The log seen by the funnel: ``steps`` are the stages of the main path and
    ``step_events``, ``contacts``, ``visits`` carry stage positions (events of optional,
    exception and outcome steps left out). The log itself when every step is a stage."""
    stage_ids = tuple(stage.id for stage in structure.stages)
    if not stage_ids:
        raise AnalyticsError("no_main_path")
    if structure.is_line and stage_ids == log.steps:
        return log
    position = {step: k for k, stage in enumerate(structure.stages) for step in stage.steps}
    stage_of = {
        map_pos: position[step] for map_pos, step in enumerate(log.steps) if step in position
    }

    def staged(table: ir.Table) -> ir.Table:
        stage = ibis.cases(
            *[(table.step_pos == p, k) for p, k in stage_of.items()], else_=None
        ).cast("int32")
        marked = table.mutate(stage_pos=stage)
        return marked.filter(marked.stage_pos.notnull())

    # Step events and contacts stay views (few queries read them); the visits, which
    # every funnel query reads, are rolled up from the step visits (no new pass over
    # the events) and materialised.
    events = staged(log.step_events)
    step_events = events.select(
        "case_id", "seq", "ts_us", "channel_code", "score", step_pos="stage_pos"
    )
    contacts = staged(log.contacts)
    contacts = contacts.group_by("case_id", "channel_code", step_pos="stage_pos").aggregate(
        events=contacts.events.sum(),
        first_seq=contacts.first_seq.min(),
        first_us=contacts.first_us.min(),
    )
    visits = staged(log.visits)
    visits = visits.group_by("case_id", step_pos="stage_pos").aggregate(
        events=visits.events.sum(),
        first_seq=visits.first_seq.min(),
        first_us=visits.first_us.min(),
    )
    visits = log.engine.materialize(with_previous(visits))
    return dataclasses.replace(
        log, steps=stage_ids, step_events=step_events, contacts=contacts, visits=visits
    )


def _from_entry(engine: Engine, visits: ir.Table) -> ir.Table:
    """Open funnel: each case's visits of its entry stage (the stage of its first stage
    event) and of the later stages, with the previous visit recomputed among them."""
    entry = visits.group_by(entry_case="case_id").aggregate(
        entry_pos=visits.step_pos.argmin(visits.first_seq)
    )
    kept = visits.join(entry, visits.case_id == entry.entry_case)
    kept = kept.filter(kept.step_pos >= kept.entry_pos)
    base = kept.select("case_id", "step_pos", "events", "first_seq", "first_us")
    return engine.materialize(with_previous(base))


def _links(visits: ir.Table, window_us: int | None, mode: FunnelMode) -> ir.Table:
    """Each visit (customer, stage) compared with the customer's visit of the previous
    stage (``visits`` carries it): ``stop_pos`` (the first position not matched, where
    this visit's first event does not follow the match of the previous stage, falls out of
    the window, or comes after a stage never visited),
    ``trouble_pos`` (the position, where the first visit came before the previous match
    but the stage was visited again), ``is_first`` (the case's first visited stage),
    ``t_us`` and ``delay_us`` from the previous visit."""
    adjacent = (visits.previous_pos == visits.step_pos - 1).fill_null(False)
    after = adjacent & (visits.first_seq > visits.previous_seq).fill_null(False)
    if window_us is not None:
        after = after & (visits.first_us <= visits.entry_us + window_us)
    is_first = visits.previous_pos.isnull()
    entry = (visits.step_pos == 0) if mode is FunnelMode.CLOSED else is_first
    matched = entry | after
    trouble = adjacent & (visits.first_seq < visits.previous_seq) & (visits.events > 1)
    return visits.select(
        "case_id",
        "step_pos",
        is_first=is_first,
        t_us=visits.first_us,
        delay_us=visits.first_us - visits.previous_us,
        stop_pos=ibis.ifelse(
            matched,
            ibis.null("int32"),
            ibis.ifelse(adjacent, visits.step_pos, visits.previous_pos + 1).cast("int32"),
        ),
        trouble_pos=ibis.ifelse(trouble.fill_null(False), visits.step_pos, ibis.null("int32")),
    )


def _groups(log: OrderedLog, mode: FunnelMode) -> ir.Table:
    """Per case: ``segment, period`` (from ``cases``) and ``entry_channel`` (the channel of
    the first event on the first stage, any stage in an open funnel; a known one if any,
    as ``argmin`` skips nulls)."""
    contacts = log.contacts
    known = contacts.channel_code.notnull()
    if mode is FunnelMode.CLOSED:
        known = known & (contacts.step_pos == 0)
    with_channel = contacts.filter(known)
    channels = with_channel.group_by(channel_case=with_channel.case_id).aggregate(
        entry_channel=with_channel.channel_code.argmin(with_channel.first_seq)
    )
    cases = log.cases
    joined = cases.left_join(channels, cases.case_id == channels.channel_case)
    return joined.select("case_id", "entry_channel", "period", segment=joined.segment_code)


def _customers_of(matches: ir.Table, n_steps: int) -> ir.Table:
    """The :class:`Journeys` ``customers`` rows (before the outcomes) of some ``matches``."""
    per_case = matches.group_by("case_id", *GROUPS).aggregate(
        start=matches.step_pos.min().cast("int32"),
        depth=matches.step_pos.max().cast("int32"),
        t0=matches.t_us.min(),
        t_end=matches.t_us.max(),
    )
    last = per_case.depth == n_steps - 1
    return per_case.select(
        "case_id",
        *GROUPS,
        "start",
        "depth",
        "t0",
        t_end=ibis.ifelse(last, per_case.t_end, ibis.null("int64")),
    )


def _outcome_steps(
    log: OrderedLog, structure: JourneyStructure
) -> tuple[tuple[int, str, OutcomeKind], ...]:
    return tuple(
        (log.steps.index(step), step, kind)
        for step, kind in structure.outcomes
        if step in log.steps
    )


def _decide(
    log: OrderedLog,
    customers: ir.Table,
    structure: JourneyStructure,
    outcomes: tuple[tuple[int, str, OutcomeKind], ...],
    window_us: int | None,
    n_steps: int,
    last: ir.Table | None = None,
) -> ir.Table:
    """``customers`` with their outcome and what is decided at ``as_of`` (see
    :class:`Journeys`). ``last``: the outcome of each customer who has one
    (``outcome_case, outcome_pos, outcome_us``) when already known (the compiled pass);
    otherwise found here from the step events."""
    opened = ibis.literal(False)
    if window_us is not None:
        opened = customers.t0 + window_us > log.as_of_us
    completed = customers.depth == n_steps - 1
    if not outcomes:
        return customers.select(
            "case_id",
            *GROUPS,
            "start",
            "depth",
            open=opened,
            outcome_pos=ibis.null("int32"),
            ended=ibis.literal(False),
            converted=completed,
            undecided=opened & ~completed,
            ttc_us=customers.t_end - customers.t0,
            tto_us=ibis.null("int64"),
        )
    if last is None:
        last = _last_outcomes(log, customers, outcomes, window_us)
    c = customers.left_join(last, customers.case_id == last.outcome_case)
    success = [p for p, _, kind in outcomes if kind is OutcomeKind.SUCCESS]
    failure = [p for p, _, kind in outcomes if kind is OutcomeKind.FAILURE]
    has_outcome = c.outcome_pos.notnull()
    is_success = c.outcome_pos.isin(success) if success else ibis.literal(False)
    is_failure = c.outcome_pos.isin(failure) if failure else ibis.literal(False)
    heads = [log.steps.index(stage.id) for stage in structure.stages]
    next_head = (
        ibis.cases(*[(c.depth == k - 1, heads[k]) for k in range(1, n_steps)], else_=None)
        if n_steps > 1
        else ibis.null("int64")
    )  # one stage: no next stage
    ended = has_outcome & ~completed & (is_failure | (c.outcome_pos > next_head))
    tto = c.outcome_us - c.t0
    return c.select(
        "case_id",
        *GROUPS,
        "start",
        "depth",
        open=opened,
        outcome_pos="outcome_pos",
        ended=ended.fill_null(False),
        converted=is_success.fill_null(False),
        undecided=(opened & ~has_outcome),
        ttc_us=ibis.ifelse(is_success.fill_null(False), tto, ibis.null("int64")),
        tto_us=tto,
    )


def _last_outcomes(
    log: OrderedLog,
    customers: ir.Table,
    outcomes: tuple[tuple[int, str, OutcomeKind], ...],
    window_us: int | None,
) -> ir.Table:
    """Per customer with one: the last event on an outcome step at or after entry (and
    within the window): ``outcome_case, outcome_pos, outcome_us`` (its latest time)."""
    positions = [position for position, _, _ in outcomes]
    events = log.step_events.filter(log.step_events.step_pos.isin(positions))
    entries = customers.select(entry_case="case_id", entry_us="t0")
    joined = events.join(entries, events.case_id == entries.entry_case)
    inside = joined.ts_us >= joined.entry_us
    if window_us is not None:
        inside = inside & (joined.ts_us <= joined.entry_us + window_us)
    joined = joined.filter(inside)
    return joined.group_by(outcome_case="case_id").aggregate(
        outcome_pos=joined.step_pos.argmax(joined.seq).cast("int32"),
        outcome_us=joined.ts_us.max(),
    )


def _exact(
    engine: Engine,
    step_events: ir.Table,
    starts: ir.Table,
    n_steps: int,
    window_us: int | None,
) -> ir.Table:
    """Stage-by-stage matches of the customers of ``starts`` (``case_id, start_pos``: the
    stage where each enters) on their step events: one materialised join per stage; then
    the window (a match later than entry + window ends the journey, every later match
    being later still). Columns ``case_id, step_pos, t_us, delay_us``."""
    events = engine.materialize(
        step_events.semi_join(starts, "case_id").select("case_id", "seq", "ts_us", "step_pos")
    )
    at_start = events.join(
        starts, [events.case_id == starts.case_id, events.step_pos == starts.start_pos]
    )
    entries = engine.materialize(
        at_start.group_by(case_id=at_start.case_id, start_pos=at_start.start_pos).aggregate(
            seq=at_start.seq.min(), t_us=at_start.ts_us.min(), delay_us=ibis.null("int64")
        )
    )
    stage = engine.materialize(
        entries.filter(entries.start_pos == 0).select("case_id", "seq", "t_us", "delay_us")
    )
    stages = [stage.mutate(step_pos=ibis.literal(0, "int32"))]
    for position in range(1, n_steps):
        following = _next_stage(events, stage, position)
        arriving = entries.filter(entries.start_pos == position)
        stage = engine.materialize(
            following.union(arriving.select("case_id", "seq", "t_us", "delay_us"))
        )
        stages.append(stage.mutate(step_pos=ibis.literal(position, "int32")))
    matches = ibis.union(*stages)
    if window_us is not None:
        t0 = entries.select(entry_case="case_id", t0="t_us")
        joined = matches.join(t0, matches.case_id == t0.entry_case)
        matches = joined.filter(joined.t_us <= joined.t0 + window_us)
    return matches.select("case_id", "step_pos", "t_us", "delay_us")


def _window_us(log: OrderedLog) -> int | None:
    seconds = log.options.window_seconds
    return None if seconds is None else round(seconds * MICROSECONDS)


def _next_stage(events: ir.Table, previous: ir.Table, position: int) -> ir.Table:
    candidates = events.filter(events.step_pos == position)
    before = previous.select("case_id", previous_seq=previous.seq, previous_us=previous.t_us)
    joined = candidates.join(before, ["case_id", candidates.seq > before.previous_seq])
    found = joined.group_by("case_id", "previous_us").aggregate(
        seq=joined.seq.min(), t_us=joined.ts_us.min()
    )
    return found.select("case_id", "seq", "t_us", delay_us=found.t_us - found.previous_us)


def _step_rows(journeys: Journeys, group: str | None) -> dict[Any, dict[int, dict[str, Any]]]:
    """Per group value and stage position: customers who reached it and their delay from
    the previous stage (one aggregation)."""
    matches = journeys.matches
    keys = {"step_pos": matches.step_pos}
    if group is not None:
        keys["group"] = matches[group]
    delay = matches.delay_us.cast("float64") / MICROSECONDS
    grouped = matches.group_by(**keys).aggregate(
        reached=matches.count(), **aggregations(delay, "delay")
    )
    rows: dict[Any, dict[int, dict[str, Any]]] = {}
    for row in journeys.engine.execute(grouped).to_pylist():
        rows.setdefault(row.get("group"), {})[int(row["step_pos"])] = row
    return rows


def _customer_rows(
    journeys: Journeys, group: str | None, n_steps: int
) -> dict[Any, dict[str, Any]]:
    """Per group value: customers entered, entries, in flight and ended at each stage,
    decided, converted, time to convert, and per outcome step its customers and time."""
    customers = journeys.customers
    aggs: dict[str, ir.Scalar] = {
        "entered": customers.count(),
        "converted": customers.count(where=customers.converted),
        "undecided": customers.count(where=customers.undecided),
        "no_outcome": customers.count(where=customers.outcome_pos.isnull() & ~customers.undecided),
    }
    for k in range(n_steps):
        aggs[f"entries{k}"] = customers.count(where=customers.start == k)
        if k == 0:
            continue
        here = customers.depth == k - 1
        aggs[f"ended{k}"] = customers.count(where=here & customers.ended)
        waiting = customers.open & here & ~customers.ended
        aggs[f"in_flight{k}"] = customers.count(where=waiting)
    aggs.update(aggregations(customers.ttc_us.cast("float64") / MICROSECONDS, "ttc"))
    tto = customers.tto_us.cast("float64") / MICROSECONDS
    for position, _, _ in journeys.outcomes:
        at = customers.outcome_pos == position
        aggs[f"outcome{position}"] = customers.count(where=at)
        aggs.update(aggregations(ibis.ifelse(at, tto, ibis.null("float64")), f"tto{position}"))
    if group is None:
        expr = customers.aggregate(**aggs)
    else:
        expr = customers.group_by(group=customers[group]).aggregate(**aggs)
    table = journeys.engine.execute(expr)
    return {row.get("group"): row for row in table.to_pylist()}


def _funnel_of(
    log: OrderedLog,
    found: Journeys,
    customers: Mapping[str, Any],
    steps: Mapping[int, Mapping[str, Any]],
) -> Funnel:
    """Build a :class:`Funnel` from the rows of one group."""
    entered = _count(customers, "entered")
    stages = found.stages or tuple((step,) for step in log.steps)
    funnel_steps: list[FunnelStep] = []
    entered_so_far = 0
    in_flight_so_far = 0
    for k, stage in enumerate(stages):
        row = steps.get(k)
        reached = int(row["reached"]) if row else 0
        entries = _count(customers, f"entries{k}")
        entered_so_far += entries
        if k == 0:
            funnel_steps.append(
                FunnelStep(
                    step=stage[0],
                    steps=stage,
                    position=0,
                    reached=reached,
                    entries=entries,
                    in_flight=0,
                    dropped=0,
                    conversion_from_previous=None,
                    conversion_from_start=ratio(reached, entered_so_far),
                    drop_off_rate=None,
                    delay_from_previous_seconds=None,
                )
            )
            continue
        before = funnel_steps[-1].reached
        in_flight = _count(customers, f"in_flight{k}")
        ended = _count(customers, f"ended{k}")
        in_flight_so_far += in_flight
        decided = before - in_flight
        continued = reached - entries
        dropped = decided - continued - ended
        funnel_steps.append(
            FunnelStep(
                step=stage[0],
                steps=stage,
                position=k,
                reached=reached,
                entries=entries,
                in_flight=in_flight,
                ended=ended,
                dropped=dropped,
                conversion_from_previous=ratio(continued, decided),
                conversion_from_start=ratio(reached, entered_so_far - in_flight_so_far),
                drop_off_rate=ratio(dropped, decided),
                delay_from_previous_seconds=(
                    Distribution.from_row(row, "delay") if row else Distribution.empty()
                ),
            )
        )
    outcomes = tuple(
        OutcomeCount(
            step=step,
            kind=kind.value,
            customers=_count(customers, f"outcome{position}"),
            share=ratio(_count(customers, f"outcome{position}"), entered),
            time_to_outcome_seconds=Distribution.from_row(customers, f"tto{position}"),
        )
        for position, step, kind in found.outcomes
    )
    return Funnel(
        steps=tuple(funnel_steps),
        entered=entered,
        converted=_count(customers, "converted"),
        time_to_convert_seconds=Distribution.from_row(customers, "ttc"),
        window_seconds=log.options.window_seconds,
        as_of=log.as_of,
        mode=found.mode.value,
        outcomes=outcomes,
        in_flight=_count(customers, "undecided"),
        no_outcome=_count(customers, "no_outcome") if outcomes else 0,
    )


def _count(row: Mapping[str, Any], key: str) -> int:
    """A count of an aggregate row (engines may give null for a filtered count of no row)."""
    return int(row[key] or 0)


def funnel(log: OrderedLog, found: Journeys | None = None) -> Funnel:
    """The funnel of all customers (``found``: a :func:`journeys` result to reuse; None:
    every map step is a stage of its own).

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions(window_seconds=None))
    >>> [(s.step, s.reached, s.dropped) for s in funnel(log).steps]
    [('a', 2, 0), ('b', 1, 1)]
    """
    found = journeys(log) if found is None else found
    n_stages = len(found.stages) or len(log.steps)
    customers = _customer_rows(found, None, n_stages)[None]
    return _funnel_of(log, found, customers, _step_rows(found, None).get(None, {}))


def funnel_breakdown(log: OrderedLog, found: Journeys, dimension: str) -> FunnelBreakdown:
    """The funnel per value of ``dimension``: ``segment``, ``channel`` (of the entry event)
    or ``period`` (of the customer's first event); groups sorted by value, None last.

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> groups = funnel_breakdown(log, journeys(log), "segment").groups
    >>> [(g.value, g.funnel.entered) for g in groups]
    [(None, 2)]
    """
    column = "entry_channel" if dimension == "channel" else dimension
    n_stages = len(found.stages) or len(log.steps)
    customers = _customer_rows(found, column, n_stages)
    steps = _step_rows(found, column)
    decode = {"segment": log.segment, "channel": log.channel}.get(dimension)
    groups = [
        FunnelGroup(
            value=decode(value) if decode else value,
            funnel=_funnel_of(log, found, row, steps.get(value, {})),
        )
        for value, row in customers.items()
    ]
    groups.sort(key=lambda g: (g.value is None, g.value or ""))
    return FunnelBreakdown(dimension=dimension, groups=tuple(groups))
