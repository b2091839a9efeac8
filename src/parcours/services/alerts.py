"""``parcours alerts``: evaluate every threshold of a map on survey answers.

The use case: read the feedback (a plain answer table, :func:`read_answers`), aggregate
it into the :class:`~parcours.analytics.alerts.ScoreTable` interface, count the surveys
the listening plan sends per step and day on the event log (for response rates), list
the thresholds of the map (listening points and step metrics), evaluate them
(:func:`parcours.analytics.alerts.evaluate_alerts`), write the JSON and optionally POST
it to a webhook (timeout, retries with backoff; a dead URL is a warning, never a crash).

The reader here is the minimal adapter of a plain feedback table: columns ``customer_id,
date, step, score, score_type`` (``channel`` optional), or one column per score type
(``csat``, ``nps``, ``ces``). A richer feedback reader only has to produce the same
answer table (``answered_at, step, channel, score, scale``).
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
from typing import Any

import pandas as pd
import pyarrow as pa

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
    score_table,
)
from parcours.analytics.listening_volume import listening_volume, point_key
from parcours.engine import Engine
from parcours.errors import ParcoursError
from parcours.events import ColumnMapping
from parcours.i18n import Catalog
from parcours.io.atomic import write_text_atomic
from parcours.model import JourneyMap, QuestionScale
from parcours.services.discovery import read_log
from parcours.services.errors import OptionError
from parcours.services.maps import load
from parcours.services.outputs import check_outputs, source_path

MESSAGES = Catalog(
    {
        "unreadable": {
            "en": "{path}: cannot read the feedback file ({reason}).",
            "fr": "{path} : impossible de lire le fichier d'avis ({reason}).",
        },
        "missing_column": {
            "en": "{path}: no column for {field} (expected one of: {names}; found: {found}).",
            "fr": "{path} : aucune colonne pour {field} (attendu l'une de : {names} ; "
            "trouvé : {found}).",
        },
        "bad_scale": {
            "en": "{path}, row {row}: unknown score type {value!r} (expected csat, nps or ces).",
            "fr": "{path}, ligne {row} : type de note inconnu {value!r} "
            "(attendu csat, nps ou ces).",
        },
        "no_answers": {
            "en": "{path}: no answer with a date and a score.",
            "fr": "{path} : aucune réponse avec une date et une note.",
        },
    }
)

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "customer_id": ("customer_id", "customer", "client", "client_id", "case_id", "id_client"),
    "date": ("date", "answered_at", "timestamp", "submitted_at", "response_date", "date_reponse"),
    "step": ("step", "etape", "étape", "step_id", "touchpoint"),
    "channel": ("channel", "canal"),
    "score": ("score", "note", "rating"),
    "score_type": ("score_type", "type", "scale", "echelle", "échelle"),
}
"""Column names the minimal feedback adapter recognises (case-insensitive)."""

SCALE_WORDS = {
    "csat": QuestionScale.CSAT,
    "csat_1_5": QuestionScale.CSAT,
    "nps": QuestionScale.NPS,
    "nps_0_10": QuestionScale.NPS,
    "ces": QuestionScale.CES,
    "ces_1_7": QuestionScale.CES,
}


class FeedbackFileError(ParcoursError):
    """A feedback file that cannot be used, naming the file, row or column."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(f"{key}: {params}")
        self.key, self.params = key, params

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text(self.key, lang, **self.params)


def _column(frame: pd.DataFrame, field: str) -> str | None:
    lowered = {str(c).strip().lower(): str(c) for c in frame.columns}
    return next((lowered[n] for n in COLUMN_NAMES[field] if n in lowered), None)


def _read_frame(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=object)
        if suffix == ".parquet":
            return pd.read_parquet(path)
        return pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python")
    except (OSError, ValueError, ImportError) as exc:
        raise FeedbackFileError("unreadable", path=path, reason=str(exc)[:200]) from None


def _long_form(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """One row per (answer, score): a ``score`` + ``score_type`` pair, or wide columns."""
    score, kind = _column(frame, "score"), _column(frame, "score_type")
    if score is not None:
        out = pd.DataFrame({"score": frame[score], "scale": frame[kind] if kind else "csat"})
        out["row"] = range(2, len(frame) + 2)
        return out.join(frame.drop(columns=[c for c in (score, kind) if c]))
    wide = [c for c in frame.columns if str(c).strip().lower() in ("csat", "nps", "ces")]
    if not wide:
        raise FeedbackFileError(
            "missing_column",
            path=path,
            field="score",
            names=", ".join(COLUMN_NAMES["score"] + ("csat", "nps", "ces")),
            found=", ".join(map(str, frame.columns)),
        )
    parts = []
    for column in wide:
        part = frame.drop(columns=wide).assign(score=frame[column], scale=str(column).lower())
        part["row"] = range(2, len(frame) + 2)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def read_answers(path: str | Path, m: JourneyMap) -> pd.DataFrame:
    """The answers of a plain feedback file: ``answered_at`` (naive UTC), ``step`` (map id;
    a step name is accepted), ``channel``, ``score``, ``scale`` (a QuestionScale value).
    Rows without a readable date or score are left out."""
    source = Path(path)
    frame = _long_form(_read_frame(source), source)
    date = _column(frame, "date")
    if date is None:
        raise FeedbackFileError(
            "missing_column",
            path=source,
            field="date",
            names=", ".join(COLUMN_NAMES["date"]),
            found=", ".join(map(str, frame.columns)),
        )
    moments = pd.to_datetime(frame[date], errors="coerce", utc=True).dt.tz_localize(None)
    scores = pd.to_numeric(frame["score"].replace("", None), errors="coerce")
    step, channel = _column(frame, "step"), _column(frame, "channel")
    ids = {s.id: s.id for s in m.steps} | {s.name.lower(): s.id for s in m.steps}
    answers = pd.DataFrame(
        {
            "answered_at": moments,
            "step": frame[step].map(lambda v: _step_id(v, ids)) if step else None,
            "channel": frame[channel].map(_text) if channel else None,
            "score": scores.astype("float64"),
            "scale": [
                _scale(v, r, source) for v, r in zip(frame["scale"], frame["row"], strict=True)
            ],
        }
    )
    answers = answers[answers.answered_at.notna() & answers.score.notna()]
    if answers.empty:
        raise FeedbackFileError("no_answers", path=source)
    return answers.reset_index(drop=True)


def _text(value: Any) -> str | None:
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    return text.strip() or None


def _step_id(value: Any, ids: dict[str, str]) -> str | None:
    text = _text(value)
    if text is None:
        return None
    return ids.get(text, ids.get(text.lower(), text))


def _scale(value: Any, row: int, path: Path) -> str:
    word = str(value).strip().lower()
    if word in SCALE_WORDS:
        return SCALE_WORDS[word].value
    raise FeedbackFileError("bad_scale", path=path, row=row, value=str(value))


def answers_table(engine: Engine, answers: pd.DataFrame) -> ScoreTable:
    """The :class:`ScoreTable` of an answer frame (see :func:`read_answers`)."""
    arrow = pa.table(
        {
            "answered_at": pa.array(answers["answered_at"], pa.timestamp("us")),
            "step": pa.array(answers["step"], pa.string()),
            "channel": pa.array(answers["channel"], pa.string()),
            "score": pa.array(answers["score"], pa.float64()),
            "scale": pa.array(answers["scale"], pa.string()),
        }
    )
    return score_table(engine, engine.table(arrow))


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
) -> AlertsOutcome:
    """Evaluate every threshold of a map on feedback files (and the event log, for the
    survey counts behind response rates); write the JSON report when asked."""
    inputs: dict[str, str | Path | None] = {"MAP": map_path, "--events": source_path(source)}
    inputs |= {f"--feedback {i + 1}": f for i, f in enumerate(feedback)}
    check_outputs(inputs, {"--json": json_path})
    m = load(map_path)
    answers = pd.concat([read_answers(f, m) for f in feedback], ignore_index=True)
    sent: Sent | None = None
    if source is not None:
        log = read_log(source, mapping, timezone=timezone, table=table)
        engine = log.engine
        sent = sent_per_step(engine, events.match_steps(log, m).table, m)
    else:
        engine = Engine.duckdb()
    scores = answers_table(engine, answers)
    options = periods(scores, since, days)
    options = AlertOptions(options.start, options.end, alpha=alpha, min_responses=min_responses)
    watched, skipped = watched_thresholds(m)
    report = evaluate_alerts(watched, scores, options, sent=sent, skipped=skipped)
    if json_path is not None:
        write_text_atomic(json_path, report_json(report))
    return AlertsOutcome(report, Path(json_path) if json_path else None, len(answers))


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
