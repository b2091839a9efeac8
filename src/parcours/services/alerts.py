"""``parcours alerts``: evaluate every threshold of a map on survey answers.

The use case: read the feedback (:func:`feedback_scores`), aggregate
it into the :class:`~parcours.analytics.alerts.ScoreTable` interface, count the surveys
the listening plan sends per step and day on the event log (for response rates), list
the thresholds of the map (listening points and step metrics), evaluate them
(:func:`parcours.analytics.alerts.evaluate_alerts`), write the JSON and optionally POST
it to a webhook (timeout, retries with backoff; a dead URL is a warning, never a crash).

The answers are read by the feedback reader of ``analyze --feedback``
(:func:`parcours.services.feedback.read_feedback_files`: guessed columns, ``--feedback-mapping``,
rejected rows, time zones) and joined to the journey the same way (the step named, else the
customer's position on the event log), then aggregated by
:func:`parcours.analytics.alerts.wide_score_table`.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parcours import events
from parcours.analytics.alerts import (
    MEASURE_INDICATOR,
    AlertOptions,
    AlertReport,
    ScoreTable,
    Sent,
    Watched,
    evaluate_alerts,
    metric_direction_comparator,
    percent_value,
    resolve_indicator,
    wide_score_table,
)
from parcours.analytics.feedback import assign_feedback
from parcours.analytics.listening_volume import listening_volume, point_key
from parcours.engine import Engine
from parcours.events import ColumnMapping
from parcours.events.feedback import FeedbackMapping
from parcours.io.atomic import write_text_atomic
from parcours.model import JourneyMap
from parcours.services.discovery import read_log
from parcours.services.errors import OptionError
from parcours.services.feedback import read_feedback_files
from parcours.services.maps import load
from parcours.services.outputs import check_outputs, source_path

if TYPE_CHECKING:
    import ibis.expr.types as ir


def feedback_scores(
    engine: Engine,
    feedback: Sequence[str | Path],
    m: JourneyMap,
    *,
    matched: ir.Table | None = None,
    mapping: FeedbackMapping | str | Path | None = None,
    timezone: str | None = None,
) -> tuple[ScoreTable, int]:
    """The :class:`ScoreTable` of the feedback files, read by the feedback reader
    (:func:`parcours.events.feedback.read_feedback`) and joined to the journey as
    ``analyze --feedback`` does (:func:`parcours.analytics.feedback.assign_feedback`: the
    step named, else the customer's position on the matched log); and the answer count."""
    _, table = read_feedback_files(feedback, engine, mapping=mapping, timezone=timezone)
    placed = assign_feedback(engine, table, m, matched)
    answers = int(engine.execute(placed.aggregate(n=placed.count())).to_pylist()[0]["n"])
    return placed_scores(engine, placed), answers


def watched_thresholds(m: JourneyMap) -> tuple[list[Watched], list[tuple[str, str]]]:
    """Every threshold of the map that survey answers can evaluate, and the others with
    why (``unknown_indicator``: a listening point's indicator that is not CSAT, NPS, CES or
    a response rate; ``not_from_feedback``: a metric measured from the event log).

    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"}],
    ...     listening_points=[{"id": "lp", "step": "a", "medium": "sms",
    ...         "alert_threshold": {"indicator": "CSAT", "value": 80, "unit": "%"}}])
    >>> [(w.indicator.value, w.value) for w in watched_thresholds(m)[0]]
    [('csat_share', 80.0)]
    """
    watched: list[Watched] = []
    skipped: list[tuple[str, str]] = []
    for index, lp in enumerate(m.listening_points):
        threshold = lp.alert_threshold
        if threshold is None:
            continue
        key = point_key(lp, index)
        indicator = resolve_indicator(threshold)
        if indicator is None:
            skipped.append((f"{key}: {threshold.describe()}", "unknown_indicator"))
            continue
        value = percent_value(threshold.value, threshold.unit, indicator)
        watched.append(
            Watched(
                "listening_point",
                key,
                lp.step,
                indicator,
                threshold.comparator,
                value,
                threshold.indicator,
            )
        )
    for step in m.steps:
        for metric in step.metrics:
            if metric.alert_threshold is None:
                continue
            name = f"{step.id}: {metric.name}"
            indicator = MEASURE_INDICATOR.get(metric.measure) if metric.measure else None
            if indicator is None:
                skipped.append((name, "not_from_feedback"))
                continue
            watched.append(
                Watched(
                    "metric",
                    metric.id or metric.name,
                    step.id,
                    indicator,
                    metric_direction_comparator(metric.direction),
                    percent_value(metric.alert_threshold, metric.unit, indicator),
                    metric.name,
                )
            )
    return watched, skipped


def sent_per_step(engine: Engine, table: Any, m: JourneyMap, *, response_rate: float = 0.2) -> Sent:
    """Surveys the listening plan sends per step and day on a matched event table."""
    volume = listening_volume(engine, table, m.listening_points, response_rate=response_rate)
    sent: Sent = {}
    for point in volume.points:
        days = sent.setdefault(point.step, {})
        for day, n in point.daily.items():
            days[day] = days.get(day, 0) + n
    return sent


@dataclass(frozen=True)
class AlertsOutcome:
    """What ``parcours alerts`` found and wrote."""

    report: AlertReport
    json_path: Path | None
    answers: int


def parse_since(text: str | None) -> dt.date | None:
    """``--since`` as a date (YYYY-MM-DD).

    >>> parse_since("2026-11-30")
    datetime.date(2026, 11, 30)
    """
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise OptionError("--since", "date", text) from None


def periods(table: ScoreTable, since: dt.date | None, days: int) -> AlertOptions:
    """Current period: ``since`` (else ``days`` days back) to the last answer day."""
    end = table.last_day or dt.date.today()
    start = since or end - dt.timedelta(days=days - 1)
    return AlertOptions(start=start, end=max(end, start))


def run_alerts(
    map_path: str | Path,
    feedback: Sequence[str | Path],
    *,
    source: str | Path | None = None,
    since: dt.date | None = None,
    days: int = 7,
    min_responses: int = 30,
    alpha: float = 0.05,
    mapping: ColumnMapping | str | Path | None = None,
    timezone: str | None = None,
    table: str | None = None,
    json_path: str | Path | None = None,
    feedback_mapping: FeedbackMapping | str | Path | None = None,
) -> AlertsOutcome:
    """Evaluate every threshold of a map on feedback files (and the event log, for the
    survey counts behind response rates); write the JSON report when asked."""
    inputs: dict[str, str | Path | None] = {"MAP": map_path, "--events": source_path(source)}
    inputs |= {f"--feedback {i + 1}": f for i, f in enumerate(feedback)}
    if isinstance(feedback_mapping, str | Path):
        inputs["--feedback-mapping"] = feedback_mapping
    check_outputs(inputs, {"--json": json_path})
    m = load(map_path)
    sent: Sent | None = None
    matched: ir.Table | None = None
    if source is not None:
        log = read_log(source, mapping, timezone=timezone, table=table)
        engine = log.engine
        matched = events.match_steps(log, m).table
        sent = sent_per_step(engine, matched, m)
    else:
        engine = Engine.duckdb()
    scores, answers = feedback_scores(
        engine, feedback, m, matched=matched, mapping=feedback_mapping, timezone=timezone
    )
    report = evaluate_scores(
        m, scores, sent=sent, since=since, days=days, min_responses=min_responses, alpha=alpha
    )
    if json_path is not None:
        write_text_atomic(json_path, report_json(report))
    return AlertsOutcome(report, Path(json_path) if json_path else None, answers)


def evaluate_scores(
    m: JourneyMap,
    scores: ScoreTable,
    *,
    sent: Sent | None = None,
    since: dt.date | None = None,
    days: int = 7,
    min_responses: int = 30,
    alpha: float = 0.05,
) -> AlertReport:
    """Every threshold of ``m`` evaluated on ``scores`` (periods: :func:`periods`)."""
    options = periods(scores, since, days)
    options = AlertOptions(options.start, options.end, alpha=alpha, min_responses=min_responses)
    watched, skipped = watched_thresholds(m)
    return evaluate_alerts(watched, scores, options, sent=sent, skipped=skipped)


def placed_scores(engine: Engine, placed: ir.Table) -> ScoreTable:
    """The :class:`ScoreTable` of answers already joined to the journey (a
    :class:`~parcours.analytics.feedback.FeedbackAnalysis` ``table``: ``step_id``)."""
    return wide_score_table(engine, placed.drop("step").rename(step="step_id"))


def report_json(report: AlertReport) -> str:
    """The alert report as JSON text."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n"


@dataclass(frozen=True)
class Delivery:
    """The result of a webhook delivery."""

    delivered: bool
    attempts: int
    status: int | None
    error: str | None


Sleep = Callable[[float], None]


def check_webhook_url(url: str) -> None:
    """Refuse an address that is not http(s) before anything is read or sent.

    >>> check_webhook_url("https://hooks.example.org/x")
    """
    if not url.lower().startswith(("http://", "https://")):
        raise OptionError("--webhook", "http_url", url)


def deliver(
    url: str,
    payload: str,
    *,
    timeout_seconds: float = 5.0,
    attempts: int = 3,
    backoff_seconds: float = 0.5,
    sleep: Sleep = time.sleep,
) -> Delivery:
    """POST ``payload`` (JSON) to ``url``; retry ``attempts`` times, waiting
    ``backoff_seconds`` then twice as long each time. Never raises on network errors."""
    check_webhook_url(url)
    error: str | None = None
    status: int | None = None
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(
            url,
            data=payload.encode("utf-8"),
            headers={"Content-Type": "application/json", "User-Agent": "parcours-alerts"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout_seconds) as response:
                status = int(response.status)
            return Delivery(True, attempt, status, None)
        except urllib.error.HTTPError as exc:
            status, error = exc.code, f"HTTP {exc.code}"
            if exc.code < 500 and exc.code != 429:
                return Delivery(False, attempt, status, error)
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            error = str(getattr(exc, "reason", exc))
        if attempt < attempts:
            sleep(backoff_seconds * 2 ** (attempt - 1))
    return Delivery(False, attempts, status, error)
