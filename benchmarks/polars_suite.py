"""parcours' full metric suite written in straightforward, eager Polars (benchmark contender).

:func:`compute` reads the matched Parquet log and computes what
``parcours.analytics.analyze(engine, table, steps, AnalysisOptions(), structure)``
computes with the default options (``docs/analytics.md``), in the layout of
``JourneyAnalysis.to_dict()``: step stats and touchpoints, satisfaction (scale
inferred), the funnel (closed by default, or open) over the STAGES of the main path (a
core step and its alternatives) with the 30-day window from entry, the outcomes (a
customer's last event on an outcome step at or after entry and within the window;
converted = a success outcome), per stage the customers reached, entering, ended (by an
outcome), in flight at ``as_of`` (the last timestamp of the log) and dropped, and the
delay distributions; the detours (every optional and exception step: share, events per
customer, conversion and time to convert with and without, customers and days lost);
activity and step directly-follows graphs, eventually-follows between consecutive map
steps, activity and step variants, paths, breakdowns of step stats and funnel by
segment, entry channel and week of first event, breaking points (main path) with the
detours ranked beside them.
:func:`full_suite` returns a compact summary of it (what ``run.py`` prints).

The structure is a plain dict (:func:`line`, or ``generate.plain_structure``): ``steps``
(every map step id, in map order), ``stages`` (lists of step ids, the core step first),
``detours`` (optional and exception step ids), ``outcomes`` (``[step id, "success" |
"failure"]``) and ``loops`` (``[step id, returns_to]``). None: the map is a straight line
of the file's ``step`` values in ``step_index`` order.

The log is sorted once by ``(case_id, timestamp, row)``; a row index over the sorted log
orders the events of a case, neighbours come from ``shift`` on the sorted frame, and
everything else is ``group_by`` / ``join``.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import polars as pl

COLUMNS = [
    "case_id",
    "timestamp",
    "row",
    "activity",
    "channel",
    "segment",
    "score",
    "step",
    "step_index",
]
WINDOW_SECONDS = 30 * 24 * 3600
TOP_VARIANTS = 20
TOP_PATHS = 10
MAX_PATH_POSITIONS = 10
DIMENSIONS = ("segment", "channel", "period")
CSAT_THRESHOLDS = {"1-5": 4.0, "0-10": 8.0}
MICROSECONDS = 1_000_000
DAY_SECONDS = 86400

Structure = dict[str, Any]
"""``{"steps", "stages", "detours", "outcomes", "loops"}`` (see the module docstring)."""


# --------------------------------------------------------------------------- entry points
def full_suite(
    path: Path | str, structure: Structure | None = None, mode: str = "closed"
) -> dict[str, Any]:
    """Compute the whole suite on the file (reading included); return its summary."""
    return summary(compute(path, structure, mode))


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """A compact summary of a :func:`compute` result (or of ``analyze(...).to_dict()``)."""
    stages = [s["funnel"] for s in result["steps"] if s["funnel"] is not None]
    return {
        "steps": len(result["steps"]),
        "cases": result["n_cases"],
        "funnel": [s["reached"] for s in stages],
        "in_flight": [s["in_flight"] for s in stages],
        "ended": [s["ended"] for s in stages],
        "converted": result["converted"],
        "outcomes": [o["customers"] for o in result["outcomes"]],
        "detours": [d["customers"] for d in result["detours"]],
        "activity_edges": len(result["activity_flows"]["flows"]),
        "step_edges": len(result["step_flows"]["flows"]),
        "activity_variants": result["activity_variants"]["n_variants"],
        "step_variants": result["step_variants"]["n_variants"],
    }


def line(steps: list[str]) -> Structure:
    """The structure of a straight line: every step a stage, no detour, no outcome."""
    return {
        "steps": list(steps),
        "stages": [[s] for s in steps],
        "detours": [],
        "outcomes": [],
        "loops": [],
        "exceptions": [],
    }


def compute(
    path: Path | str, structure: Structure | None = None, mode: str = "closed"
) -> dict[str, Any]:
    """Every metric of the suite, laid out as ``JourneyAnalysis.to_dict()`` (``mode``:
    ``closed`` or ``open`` funnel)."""
    events = load(path)
    structure = structure or line(step_order(events))
    steps = list(structure["steps"])
    step_events = step_log(events)
    as_of = events["timestamp"].max()
    cases = case_attributes(events)
    grouped = step_events.join(cases, on="case_id")  # step events with customer attributes
    customers = journeys(step_events, structure, as_of, mode).join(cases, on="case_id")
    exprs = funnel_exprs(structure)
    funnel = funnel_of(customers.select(exprs).row(0, named=True), structure, as_of, mode)
    detours = detours_of(step_events, customers, structure)
    stats = step_stats(step_events, steps)
    scale, satisfaction = satisfaction_of(events, step_events, steps)
    step_flows = directly_follows(
        step_events, "step", "next_step", "step_delay", pl.col("step_seq") == 0
    )
    step_variants = variants_of(step_events, "step", "step")
    result = {
        "format_version": 1,
        "n_events": events.height,
        "n_cases": cases.height,
        "as_of": as_of.isoformat(),
        "window_seconds": WINDOW_SECONDS,
        "funnel_mode": funnel["mode"],
        **{key: funnel[key] for key in HEADLINE},
        "outcomes": funnel["outcomes"],
        "stages": structure["stages"],
        "detours": detours,
        "satisfaction_scale": scale,
        "overall_satisfaction": satisfaction["overall"],
        "steps": step_entries(structure, stats, funnel, satisfaction, detours),
        "touchpoints": stats["touchpoints"],
        "activity_flows": directly_follows(
            events, "activity", "next_activity", "delay", pl.col("first")
        ),
        "step_flows": step_flows,
        "eventually_follows": eventually_follows(step_events, steps),
        "activity_variants": variants_of(events, "activity", "activity"),
        "step_variants": step_variants,
        "breakdowns": {
            "step_stats": [stats_breakdown(grouped, steps, d) for d in DIMENSIONS],
            "funnel": [
                funnel_breakdown(customers, structure, exprs, as_of, mode, d) for d in DIMENSIONS
            ],
        },
        "paths": paths_of(step_events, step_variants),
        "breaking_points": breaking_points(funnel["steps"], detours),
    }
    result["transitions"] = transitions(funnel["steps"], result)
    return result


HEADLINE = (
    "entered",
    "converted",
    "in_flight",
    "no_outcome",
    "conversion_rate",
    "time_to_convert_seconds",
)
"""Keys of the funnel repeated at the top of the result."""


# ---------------------------------------------------------------------------- the log
def load(path: Path | str) -> pl.DataFrame:
    """The events sorted by ``(case_id, timestamp, row)`` with ``pos`` (row index of the
    sorted log: orders the events of a case), ``first`` (first event of its case), the
    next activity of the case and the delay to it in seconds (null on the last event)."""
    events = pl.read_parquet(path, columns=COLUMNS).sort("case_id", "timestamp", "row")
    return events.with_row_index("pos").with_columns(
        first=new_case(),
        next_activity=pl.when(same_case()).then(pl.col("activity").shift(-1)),
        delay=pl.when(same_case()).then(
            seconds(pl.col("timestamp").shift(-1), pl.col("timestamp"))
        ),
    )


def same_case() -> pl.Expr:
    """On a frame sorted by case: the next row belongs to the same case."""
    return pl.col("case_id") == pl.col("case_id").shift(-1)


def new_case() -> pl.Expr:
    """On a frame sorted by case: the row is the first of its case."""
    return (pl.col("case_id") != pl.col("case_id").shift(1)).fill_null(True)


def seconds(later: pl.Expr, earlier: pl.Expr) -> pl.Expr:
    """``later - earlier`` in seconds (float, from exact microseconds)."""
    return (later - earlier).dt.total_microseconds().cast(pl.Float64) / MICROSECONDS


def step_order(events: pl.DataFrame) -> list[str]:
    """The map's step ids, in ``step_index`` order (read from the file)."""
    marked = events.filter(pl.col("step").is_not_null())
    return marked.select("step", "step_index").unique().sort("step_index")["step"].to_list()


def step_log(events: pl.DataFrame) -> pl.DataFrame:
    """The events marking a step (still sorted), with ``step_seq`` (position among the
    case's step events), the next step of the case and the delay to it in seconds."""
    marked = events.filter(pl.col("step").is_not_null())
    return marked.with_columns(
        step_seq=pl.int_range(pl.len()).over("case_id"),
        next_step=pl.when(same_case()).then(pl.col("step").shift(-1)),
        step_delay=pl.when(same_case()).then(
            seconds(pl.col("timestamp").shift(-1), pl.col("timestamp"))
        ),
    )


def case_attributes(events: pl.DataFrame) -> pl.DataFrame:
    """One row per case: its first non-null segment (``customer_segment``) and the week
    (Monday, UTC) of its first event (``period``, ``YYYY-MM-DD``)."""
    return events.group_by("case_id").agg(
        customer_segment=pl.col("segment").drop_nulls().first(),
        period=pl.col("timestamp").first().dt.truncate("1w").dt.date().cast(pl.String),
    )


def distribution(values: pl.Expr, prefix: str) -> list[pl.Expr]:
    """Count, mean, median and p90 (linear interpolation) of ``values``, nulls ignored."""
    return [
        values.count().alias(f"{prefix}_count"),
        values.mean().alias(f"{prefix}_mean"),
        values.median().alias(f"{prefix}_median"),
        values.quantile(0.9, interpolation="linear").alias(f"{prefix}_p90"),
    ]


def distribution_of(row: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The ``{count, mean, median, p90}`` dict of the :func:`distribution` columns."""
    return {
        "count": int(row[f"{prefix}_count"] or 0),
        "mean": number(row[f"{prefix}_mean"]),
        "median": number(row[f"{prefix}_median"]),
        "p90": number(row[f"{prefix}_p90"]),
    }


def number(value: Any) -> float | None:
    """A float, or None for null / NaN."""
    return None if value is None or value != value else float(value)


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, None when the denominator is zero."""
    return numerator / denominator if denominator else None


def by_value(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Groups sorted by ``value``, unknown (None) last."""
    return sorted(groups, key=lambda g: (g["value"] is None, g["value"] or ""))


# ---------------------------------------------------------------------------- funnel
def journeys(
    step_events: pl.DataFrame, structure: Structure, as_of: Any, mode: str = "closed"
) -> pl.DataFrame:
    """One row per customer who entered: ``start`` (the stage where they entered), match
    times ``t0..t{N-1}`` of the N stages (null: not reached within the window), ``entry``
    (time of entry), ``entry_channel``, ``open`` (window still open at ``as_of``),
    ``depth`` (last stage matched), their outcome (``outcome``: step id), ``ended``,
    ``converted``, ``undecided``, ``ttc`` and ``tto`` (seconds to convert / to the outcome).

    Closed funnel: a customer enters at their first event on the first stage; open funnel
    (``mode="open"``): at their first event on any stage. Stage k is matched at the first
    event on any step of stage k after the match of k-1 (one join per stage with the
    customers still in the funnel, plus those entering at k); the window is applied
    afterwards (match times only increase, so a match beyond the window ends the journey).
    """
    stages = structure["stages"]
    n_stages = len(stages)
    stage_of = {step: k for k, stage in enumerate(stages) for step in stage}
    columns = step_events.filter(pl.col("step").is_in(list(stage_of))).select(
        "case_id",
        "pos",
        "timestamp",
        "channel",
        stage=pl.col("step").replace_strict(stage_of, return_dtype=pl.Int32),
    )
    # where and when each customer enters, and the channel of their entry
    entering = columns.filter(pl.col("stage") == 0) if mode == "closed" else columns
    entries = entering.group_by("case_id").agg(
        start=pl.col("stage").first(),
        m=pl.col("pos").min(),
        entry=pl.col("timestamp").min(),
        entry_channel=pl.col("channel").drop_nulls().first(),
    )
    by_stage = columns.partition_by("stage", as_dict=True, include_key=False)
    none = columns.drop("stage").clear()
    matches = entries.drop("m")
    frontier = entries.filter(pl.col("start") == 0).select("case_id", "m", t0="entry")
    matches = matches.join(frontier.drop("m"), on="case_id", how="left")
    for k in range(1, n_stages):
        advanced = (
            by_stage.get((k,), none)
            .join(frontier, on="case_id")
            .filter(pl.col("pos") > pl.col("m"))
            .group_by("case_id")
            .agg(m=pl.col("pos").min(), **{f"t{k}": pl.col("timestamp").min()})
        )
        arriving = entries.filter(pl.col("start") == k).select("case_id", "m", **{f"t{k}": "entry"})
        frontier = pl.concat([advanced, arriving])
        matches = matches.join(frontier.drop("m"), on="case_id", how="left")
    bound = pl.col("entry") + pl.duration(seconds=WINDOW_SECONDS)
    reached = [pl.col(f"t{k}").is_not_null() for k in range(n_stages)]
    matches = matches.with_columns(
        *[pl.when(pl.col(f"t{k}") <= bound).then(pl.col(f"t{k}")) for k in range(n_stages)],
        open=bound > pl.lit(as_of),
    ).with_columns(depth=pl.col("start") + pl.sum_horizontal(reached) - 1)
    return decide(matches, step_events, structure)


def outcome_steps(structure: Structure) -> list[tuple[str, str]]:
    """The outcome steps of the structure that are map steps: ``(step id, kind)``."""
    return [(step, kind) for step, kind in structure["outcomes"] if step in structure["steps"]]


def decide(matches: pl.DataFrame, step_events: pl.DataFrame, structure: Structure) -> pl.DataFrame:
    """The :func:`journeys` matches with each customer's outcome and what it decides."""
    n_stages = len(structure["stages"])
    completed = pl.col("depth") == n_stages - 1
    outcomes = outcome_steps(structure)
    if not outcomes:
        return matches.with_columns(
            outcome=pl.lit(None, pl.String),
            ended=pl.lit(False),
            converted=completed,
            undecided=pl.col("open") & ~completed,
            ttc=seconds(pl.col(f"t{n_stages - 1}"), pl.col("entry")),
            tto=pl.lit(None, pl.Float64),
        )
    # the customer's last event on an outcome step at or after entry, within the window
    found = (
        step_events.filter(pl.col("step").is_in([step for step, _ in outcomes]))
        .select("case_id", "pos", "timestamp", "step")
        .join(matches.select("case_id", "entry"), on="case_id")
        .filter(
            (pl.col("timestamp") >= pl.col("entry"))
            & (pl.col("timestamp") <= pl.col("entry") + pl.duration(seconds=WINDOW_SECONDS))
        )
        .group_by("case_id")
        .agg(
            outcome=pl.col("step").sort_by("pos").last(),
            outcome_time=pl.col("timestamp").max(),
        )
    )
    map_position = {step: i for i, step in enumerate(structure["steps"])}
    heads = [map_position[stage[0]] for stage in structure["stages"]]
    # map position of the head of the stage after the customer's last matched stage
    next_head = pl.col("depth").replace_strict(
        {k - 1: heads[k] for k in range(1, n_stages)}, default=None, return_dtype=pl.Int64
    )
    outcome_position = pl.col("outcome").replace_strict(
        map_position, default=None, return_dtype=pl.Int64
    )
    success = pl.col("outcome").is_in([s for s, kind in outcomes if kind == "success"])
    failure = pl.col("outcome").is_in([s for s, kind in outcomes if kind == "failure"])
    has_outcome = pl.col("outcome").is_not_null()
    ended = has_outcome & ~completed & (failure | (outcome_position > next_head))
    converted = success.fill_null(False)
    to_outcome = seconds(pl.col("outcome_time"), pl.col("entry"))
    return (
        matches.join(found, on="case_id", how="left")
        .with_columns(
            ended=ended.fill_null(False),
            converted=converted,
            undecided=pl.col("open") & ~has_outcome,
            ttc=pl.when(converted).then(to_outcome),
            tto=to_outcome,
        )
        .drop("outcome_time")
    )


def funnel_exprs(structure: Structure) -> list[pl.Expr]:
    """Aggregations of a :func:`journeys` table: entered, converted, undecided, no
    outcome; per stage reached, in flight, ended and the delay distribution; the time to
    convert; per outcome step its customers and time from entry."""
    n_stages = len(structure["stages"])
    times = [pl.col(f"t{k}") for k in range(n_stages)]
    undecided = pl.col("undecided")
    exprs = [
        pl.len().alias("entered"),
        *[(pl.col("start") == k).sum().alias(f"entries{k}") for k in range(n_stages)],
        pl.col("converted").sum().alias("converted"),
        undecided.sum().alias("undecided"),
        (pl.col("outcome").is_null() & ~undecided).sum().alias("no_outcome"),
        times[0].count().alias("reached0"),
    ]
    for k in range(1, n_stages):
        here = pl.col("depth") == k - 1
        exprs += [
            times[k].count().alias(f"reached{k}"),
            (here & pl.col("ended")).sum().alias(f"ended{k}"),
            (here & pl.col("open") & ~pl.col("ended")).sum().alias(f"in_flight{k}"),
            *distribution(seconds(times[k], times[k - 1]), f"d{k}"),
        ]
    exprs += distribution(pl.col("ttc"), "ttc")
    for step, _ in outcome_steps(structure):
        at = pl.col("outcome") == step
        exprs += [at.sum().alias(f"outcome:{step}")]
        exprs += distribution(pl.when(at).then(pl.col("tto")), f"tto:{step}")
    return exprs


def funnel_of(
    row: dict[str, Any], structure: Structure, as_of: Any, mode: str = "closed"
) -> dict[str, Any]:
    """The funnel (``Funnel.to_dict()`` layout) from one row of :func:`funnel_exprs`."""
    entered = int(row["entered"])
    rows: list[dict[str, Any]] = []
    entered_so_far = in_flight_so_far = 0
    for k, stage in enumerate(structure["stages"]):
        reached, entries = int(row[f"reached{k}"]), int(row[f"entries{k}"])
        entered_so_far += entries
        if k == 0:
            rows.append(funnel_step(stage, 0, reached, entries, 0, 0, 0, None, None, None, None))
            rows[0]["conversion_from_start"] = ratio(reached, entered_so_far)
            continue
        in_flight, ended = int(row[f"in_flight{k}"]), int(row[f"ended{k}"])
        in_flight_so_far += in_flight
        decided = rows[-1]["reached"] - in_flight
        continued = reached - entries
        dropped = decided - continued - ended
        rows.append(
            funnel_step(
                stage,
                k,
                reached,
                entries,
                in_flight,
                ended,
                dropped,
                ratio(continued, decided),
                ratio(reached, entered_so_far - in_flight_so_far),
                ratio(dropped, decided),
                distribution_of(row, f"d{k}"),
            )
        )
    outcomes = outcome_steps(structure)
    undecided = int(row["undecided"])
    converted = int(row["converted"])
    return {
        "mode": mode,
        "entered": entered,
        "converted": converted,
        "in_flight": undecided,
        "no_outcome": int(row["no_outcome"]) if outcomes else 0,
        "conversion_rate": ratio(converted, entered - undecided),
        "time_to_convert_seconds": distribution_of(row, "ttc"),
        "window_seconds": WINDOW_SECONDS,
        "as_of": as_of.isoformat(),
        "outcomes": [
            {
                "step": step,
                "kind": kind,
                "customers": int(row[f"outcome:{step}"]),
                "share": ratio(int(row[f"outcome:{step}"]), entered),
                "time_to_outcome_seconds": distribution_of(row, f"tto:{step}"),
            }
            for step, kind in outcomes
        ],
        "steps": rows,
    }


def funnel_step(stage: list[str], *values: Any) -> dict[str, Any]:
    """One funnel stage (``FunnelStep.to_dict()`` layout) from its values in key order."""
    keys = (
        "position",
        "reached",
        "entries",
        "in_flight",
        "ended",
        "dropped",
        "conversion_from_previous",
        "conversion_from_start",
        "drop_off_rate",
        "delay_from_previous_seconds",
    )
    return {"step": stage[0], "steps": list(stage), **dict(zip(keys, values, strict=True))}


FUNNEL_GROUPS = {"segment": "customer_segment", "channel": "entry_channel", "period": "period"}
"""The column of a :func:`journeys` table (joined with the cases) per funnel dimension."""


def funnel_breakdown(
    customers: pl.DataFrame,
    structure: Structure,
    exprs: list[pl.Expr],
    as_of: Any,
    mode: str,
    dimension: str,
) -> dict[str, Any]:
    """The funnel per segment, entry channel or period of first event."""
    column = FUNNEL_GROUPS[dimension]
    rows = customers.group_by(column).agg(exprs).to_dicts()
    groups = [{"value": r[column], "funnel": funnel_of(r, structure, as_of, mode)} for r in rows]
    return {"dimension": dimension, "groups": by_value(groups)}


# --------------------------------------------------------------------------- detours
def detours_of(
    step_events: pl.DataFrame, customers: pl.DataFrame, structure: Structure
) -> list[dict[str, Any]]:
    """The detour of every optional and exception step, in map order (``Detour.to_dict()``
    layout): of the entered customers, those with at least one event on the step (any
    time) against the others."""
    wanted = [step for step in structure["detours"] if step in structure["steps"]]
    loops = dict(structure["loops"])
    people = customers.select("case_id", "converted", "undecided", "ttc")
    taken = (
        step_events.filter(pl.col("step").is_in(wanted))
        .group_by("case_id", "step")
        .agg(events=pl.len())
    )
    found = []
    for step in wanted:
        took = taken.filter(pl.col("step") == step).drop("step")
        rows = (
            people.join(took, on="case_id", how="left")
            .group_by(took=pl.col("events").is_not_null())
            .agg(
                pl.len().alias("customers"),
                pl.col("events").sum(),
                (~pl.col("undecided")).sum().alias("decided"),
                pl.col("converted").sum(),
                *distribution(pl.col("ttc"), "ttc"),
            )
            .to_dicts()
        )
        by_took = {r["took"]: r for r in rows}
        found.append(detour(step, by_took.get(True), by_took.get(False), loops.get(step)))
    return found


def detour(
    step: str, taken: dict[str, Any] | None, other: dict[str, Any] | None, returns_to: Any
) -> dict[str, Any]:
    """One detour from the aggregated rows of its takers and of the other customers."""
    empty = {"customers": 0, "events": 0, "decided": 0, "converted": 0}
    with_, without = taken or empty, other or empty
    takers, events = int(with_["customers"]), int(with_["events"] or 0)
    conversion_with = ratio(int(with_["converted"]), int(with_["decided"]))
    conversion_without = ratio(int(without["converted"]), int(without["decided"]))
    nothing = {"count": 0, "mean": None, "median": None, "p90": None}
    ttc_with = distribution_of(with_, "ttc") if taken else nothing
    ttc_without = distribution_of(without, "ttc") if other else nothing
    lost = 0.0
    if conversion_with is not None and conversion_without is not None:
        lost = max(0.0, int(with_["decided"]) * (conversion_without - conversion_with))
    days = 0.0
    if ttc_with["mean"] is not None and ttc_without["mean"] is not None:
        gap = ttc_with["mean"] - ttc_without["mean"]
        days = max(0.0, ttc_with["count"] * gap / DAY_SECONDS)
    return {
        "step": step,
        "customers": takers,
        "share": ratio(takers, takers + int(without["customers"])),
        "events": events,
        "events_per_customer": ratio(events, takers),
        "conversion_with": conversion_with,
        "conversion_without": conversion_without,
        "time_to_convert_with_seconds": ttc_with,
        "time_to_convert_without_seconds": ttc_without,
        "customers_lost": lost,
        "days_lost": days,
        "returns_to": returns_to,
    }


# ------------------------------------------------------------------------ step stats
def counts(frame: pl.DataFrame, keys: list[str]) -> list[dict[str, Any]]:
    """Distinct customers and events per ``keys``."""
    aggregated = frame.group_by(keys).agg(customers=pl.col("case_id").n_unique(), events=pl.len())
    return aggregated.to_dicts()


def stats_table(
    steps: list[str], per_step: list[dict[str, Any]], per_touchpoint: list[dict[str, Any]]
) -> dict[str, Any]:
    """Step stats of every map step (zeros when unreached) and the touchpoints
    (``StepStatsTable.to_dict()`` layout) from :func:`counts` rows."""
    found = {r["step"]: (r["customers"], r["events"]) for r in per_step}
    rows = []
    for position, step in enumerate(steps):
        customers, events = found.get(step, (0, 0))
        rows.append(
            {
                "step": step,
                "position": position,
                "customers": customers,
                "events": events,
                "repeat_contacts": events - customers,
                "contacts_per_customer": ratio(events, customers),
            }
        )
    position = {step: k for k, step in enumerate(steps)}
    touchpoints = [
        {
            "step": r["step"],
            "position": position[r["step"]],
            "channel": r["channel"],
            "customers": r["customers"],
            "events": r["events"],
        }
        for r in per_touchpoint
    ]
    touchpoints.sort(key=lambda t: (t["position"], t["channel"] is None, t["channel"] or ""))
    return {"steps": rows, "touchpoints": touchpoints}


def step_stats(step_events: pl.DataFrame, steps: list[str]) -> dict[str, Any]:
    """Customers and events per step and per (step, channel)."""
    return stats_table(
        steps, counts(step_events, ["step"]), counts(step_events, ["step", "channel"])
    )


STATS_GROUPS = {"segment": "customer_segment", "channel": "channel", "period": "period"}
"""The column of the step events (joined with the cases) per step stats dimension."""


def stats_breakdown(step_events: pl.DataFrame, steps: list[str], dimension: str) -> dict[str, Any]:
    """Step stats per segment (of the customer), channel (of the event: the step stats of
    a channel are its touchpoints) or period (of the customer's first event)."""
    column = STATS_GROUPS[dimension]
    per_step = counts(step_events, [column, "step"])
    per_touchpoint = per_step
    if dimension != "channel":
        per_touchpoint = counts(step_events, [column, "step", "channel"])
    values = {r[column] for r in per_step}
    groups = [
        {
            "value": value,
            "stats": stats_table(
                steps,
                [r for r in per_step if r[column] == value],
                [r for r in per_touchpoint if r[column] == value],
            ),
        }
        for value in values
    ]
    return {"dimension": dimension, "groups": by_value(groups)}


# ---------------------------------------------------------------------- satisfaction
def satisfaction_of(
    events: pl.DataFrame, step_events: pl.DataFrame, steps: list[str]
) -> tuple[str, dict[str, Any]]:
    """The inferred scale (0-10 if any score is above 5 or below 1, else 1-5) and the
    satisfaction of every step and of the whole log."""
    low, high = events["score"].min(), events["score"].max()
    zero_to_ten = (high is not None and high > 5) or (low is not None and low < 1)
    scale = "0-10" if zero_to_ten else "1-5"
    score = pl.col("score")
    exprs = [
        score.count().alias("responses"),
        score.mean().alias("mean_score"),
        (score >= CSAT_THRESHOLDS[scale]).sum().alias("satisfied"),
        (score >= 9).sum().alias("promoters"),
        (score <= 6).sum().alias("detractors"),
    ]
    overall = events.select(exprs).row(0, named=True)
    per_step = {r["step"]: r for r in step_events.group_by("step").agg(exprs).to_dicts()}
    return scale, {
        "overall": scores(None, None, overall, scale),
        "steps": [scores(s, k, per_step.get(s, {}), scale) for k, s in enumerate(steps)],
    }


def scores(step: str | None, position: int | None, row: dict[str, Any], scale: str) -> dict:
    """Responses, mean score, CSAT share and (0-10 only) NPS of one aggregated row."""
    responses = int(row.get("responses") or 0)
    nps = None
    if responses and scale == "0-10":
        nps = 100.0 * (row["promoters"] - row["detractors"]) / responses
    return {
        "step": step,
        "position": position,
        "responses": responses,
        "mean_score": number(row.get("mean_score")),
        "csat_share": row["satisfied"] / responses if responses else None,
        "nps": nps,
    }


# ----------------------------------------------------------------------------- flows
def flow_rows(frame: pl.DataFrame, source: str, target: str, delay: pl.Expr) -> list[dict]:
    """Count and delay distribution per (source, target), as ``Flow.to_dict()`` rows
    sorted by count (descending), source and target."""
    grouped = frame.group_by(source, target).agg(pl.len().alias("n"), *distribution(delay, "d"))
    flows = [
        {
            "source": r[source],
            "target": r[target],
            "count": r["n"],
            "delay_seconds": distribution_of(r, "d"),
        }
        for r in grouped.to_dicts()
    ]
    return sorted(flows, key=lambda f: (-f["count"], f["source"], f["target"]))


def node_counts(frame: pl.DataFrame, node: str) -> dict[str, int]:
    """Rows per value of ``node``, sorted by value."""
    return dict(sorted(frame.group_by(node).len().iter_rows()))


def directly_follows(
    frame: pl.DataFrame, node: str, following: str, delay: str, first: pl.Expr
) -> dict[str, Any]:
    """The directly-follows graph of ``frame`` (``FlowGraph.to_dict()`` layout): flows to
    the next node with delay distributions, starts (rows where ``first`` holds) and ends
    (rows with no next node)."""
    pairs = frame.filter(pl.col(following).is_not_null())
    return {
        "level": node,
        "kind": "directly_follows",
        "flows": flow_rows(pairs, node, following, pl.col(delay)),
        "starts": node_counts(frame.filter(first), node),
        "ends": node_counts(frame.filter(pl.col(following).is_null()), node),
    }


def eventually_follows(step_events: pl.DataFrame, steps: list[str]) -> dict[str, Any]:
    """Per pair of consecutive map steps (A, B): the cases where B occurs after the first
    A, with the delay from the first A to the first B after it."""
    previous = dict(zip(steps[1:], steps[:-1], strict=True))
    firsts = step_events.group_by("case_id", "step").agg(
        a_pos=pl.col("pos").min(), a_time=pl.col("timestamp").min()
    )
    later = (
        step_events.select("case_id", "pos", "timestamp", "step")
        .with_columns(source=pl.col("step").replace_strict(previous, default=None))
        .join(firsts.rename({"step": "source"}), on=["case_id", "source"])
        .filter(pl.col("pos") > pl.col("a_pos"))
        .group_by("case_id", "source", "step")
        .agg(a_time=pl.col("a_time").first(), b_time=pl.col("timestamp").min())
    )
    delay = seconds(pl.col("b_time"), pl.col("a_time"))
    return {
        "level": "step",
        "kind": "eventually_follows",
        "flows": flow_rows(later, "source", "step", delay),
        "starts": {},
        "ends": {},
    }


# -------------------------------------------------------------------- variants, paths
def variants_of(frame: pl.DataFrame, column: str, level: str) -> dict[str, Any]:
    """The sequences of ``column`` per case counted (``Variants.to_dict()`` layout): the
    ``TOP_VARIANTS`` most frequent, by count (descending) then sequence."""
    per_case = frame.group_by("case_id").agg(pl.col(column))
    counted = per_case.group_by(column).agg(pl.len().alias("count"))
    n_cases = per_case.height
    ranked = counted.sort("count", descending=True)
    kept = ranked.head(0)
    if ranked.height:
        threshold = ranked["count"][min(TOP_VARIANTS, ranked.height) - 1]
        kept = ranked.filter(pl.col("count") >= threshold)
    top = sorted(((tuple(seq), n) for seq, n in kept.iter_rows()), key=lambda v: (-v[1], v[0]))
    return {
        "level": level,
        "n_cases": n_cases,
        "n_variants": counted.height,
        "top": [
            {"sequence": list(seq), "count": n, "share": n / n_cases}
            for seq, n in top[:TOP_VARIANTS]
        ],
    }


def paths_of(step_events: pl.DataFrame, step_variants: dict[str, Any]) -> dict[str, Any]:
    """Sankey data: cases per (position, step, next step) for positions below
    ``MAX_PATH_POSITIONS`` (next None: the path ends), and the top step paths."""
    kept = step_events.filter(pl.col("step_seq") < MAX_PATH_POSITIONS)
    grouped = kept.group_by("step_seq", "step", "next_step").len()
    edges = [
        {"position": position, "source": source, "target": target, "count": n}
        for position, source, target, n in grouped.iter_rows()
    ]
    edges.sort(
        key=lambda e: (e["position"], e["source"], e["target"] is not None, e["target"] or "")
    )
    return {"edges": edges, "top_paths": step_variants["top"][:TOP_PATHS]}


# ------------------------------------------------------------------- derived entries
def breaking_points(
    funnel_steps: list[dict[str, Any]], detours: list[dict[str, Any]]
) -> dict[str, Any]:
    """The transitions between stages ranked by customers dropped and by median wait
    (customers affected: those who made the transition); beside them the detours that
    cost something, most customers lost (then days lost) first."""
    drops, waits = [], []
    for previous, step in itertools.pairwise(funnel_steps):
        delay = step["delay_from_previous_seconds"]
        point = {
            "kind": "drop_off",
            "step": step["step"],
            "previous_step": previous["step"],
            "customers_affected": step["dropped"],
            "drop_off_rate": step["drop_off_rate"],
            "median_wait_seconds": delay["median"] if delay else None,
            "p90_wait_seconds": delay["p90"] if delay else None,
        }
        if step["dropped"] > 0:
            drops.append(point)
        if delay and delay["median"] is not None:
            waits.append({**point, "kind": "wait", "customers_affected": delay["count"]})
    drops.sort(key=lambda p: -p["customers_affected"])
    waits.sort(key=lambda p: -p["median_wait_seconds"])
    costly = [d for d in detours if d["customers_lost"] > 0 or d["days_lost"] > 0]
    costly.sort(key=lambda d: (-d["customers_lost"], -d["days_lost"]))
    return {"drop_offs": drops, "waits": waits, "detours": costly}


def flow_between(graph: dict[str, Any] | None, source: str, target: str) -> dict | None:
    """Count and delay of the flow ``source -> target`` of a graph (count 0 if none)."""
    if graph is None:
        return None
    for flow in graph["flows"]:
        if flow["source"] == source and flow["target"] == target:
            return {"count": flow["count"], "delay_seconds": flow["delay_seconds"]}
    return {"count": 0, "delay_seconds": None}


def transitions(funnel_steps: list[dict[str, Any]], result: dict[str, Any]) -> list[dict]:
    """One entry per pair of consecutive stages (named by their core steps): funnel
    conversion, dropped, in flight, delay, and the directly- and eventually-follows flows
    between the two steps."""
    entries = []
    for previous, step in itertools.pairwise(funnel_steps):
        source, target = previous["step"], step["step"]
        entries.append(
            {
                "source": source,
                "target": target,
                "conversion": step["conversion_from_previous"],
                "dropped": step["dropped"],
                "in_flight": step["in_flight"],
                "funnel_delay_seconds": step["delay_from_previous_seconds"],
                "directly_follows": flow_between(result["step_flows"], source, target),
                "eventually_follows": flow_between(result["eventually_follows"], source, target),
            }
        )
    return entries


def step_entries(
    structure: Structure,
    stats: dict[str, Any],
    funnel: dict[str, Any],
    satisfaction: dict[str, Any],
    detours: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """One entry per map step: its role, stats, funnel stage (on the core step that names
    a stage), detour (optional and exception steps) and satisfaction."""
    stage_of = {stage[0]: k for k, stage in enumerate(structure["stages"])}
    on_path = {step for stage in structure["stages"] for step in stage}
    outcomes = {step for step, _ in structure["outcomes"]}
    exceptions = set(structure.get("exceptions", ()))
    detour_of = {d["step"]: d for d in detours}
    entries = []
    for k, step in enumerate(structure["steps"]):
        role = (
            "core"
            if step in on_path
            else "outcome"
            if step in outcomes
            else "exception"
            if step in exceptions
            else "optional"
        )
        stage = funnel["steps"][stage_of[step]] if step in stage_of else None
        entry = {"step": step, "position": k, "role": role, **stats["steps"][k]}
        entry["funnel"] = (
            None
            if stage is None
            else {key: v for key, v in stage.items() if key not in ("step", "position")}
        )
        entry["detour"] = detour_of.get(step)
        entry["satisfaction"] = {
            key: v for key, v in satisfaction["steps"][k].items() if key not in ("step", "position")
        }
        entries.append(entry)
    return entries
