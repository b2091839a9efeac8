"""Alerts: every threshold of the map evaluated on survey answers, with a significance test.

**Input interface.** :class:`ScoreTable` holds additive aggregates of survey answers per
(step, channel, day, scale): responses, sum and sum of squares of the scores, top-box and
bottom-box counts. Any feedback reader can feed it (:func:`score_table` builds it from a
plain answer table); every period / channel total is a sum of cells.

**Periods.** The *current* period runs from ``start`` to ``end`` (days, both included);
the *previous* period is the same number of days just before it.

**Indicators** (per step, all channels together):

- ``csat_share``: share of CSAT answers 4-5 (top box), in % (1-5 scale);
- ``csat_mean``: mean CSAT (1-5); ``ces_mean``: mean CES (1-7, 7 = very easy);
- ``nps``: ``100 * (share 9-10 - share 0-6)`` on 0-10 answers;
- ``response_rate``: answers / surveys sent in the period, in % (sent counts come from the
  listening plan, :mod:`parcours.analytics.listening_volume`).

**Checks** of each threshold (``bad`` direction: down for ``below``, up for ``above``):

1. *Level*: the current value crosses the threshold, with at least ``min_responses``
   answers (else the result says *small sample* and nothing fires).
2. *Trend*: the change from the previous period, in the bad direction, is significant at
   ``alpha`` (one-sided), both periods having at least ``min_responses`` answers. Shares
   use the pooled two-proportion z-test ``z = (p1 - p0) / sqrt(p (1 - p) (1/n1 + 1/n0))``;
   means and NPS use Welch's t-test ``t = (m1 - m0) / sqrt(v1/n1 + v0/n0)`` with the
   Welch-Satterthwaite degrees of freedom (NPS as the mean of a score of +100 / 0 / -100
   per answer).
3. *Response rate*: a significant drop of answers / surveys sent (two-proportion z-test),
   when the sent counts are known.

**Level of an alert**: ``critical`` when the level is crossed *and* the trend is a
significant drop; ``warning`` when exactly one check fires (any of the three); ``ok`` when
none does; ``small_sample`` when there are too few answers to tell.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

import ibis
import ibis.expr.types as ir

from parcours.engine import Engine
from parcours.model import Comparator, Direction, Measure, QuestionScale, Threshold

DEFAULT_ALPHA = 0.05
DEFAULT_MIN_RESPONSES = 30

SCORED_SCALES = (QuestionScale.CSAT, QuestionScale.NPS, QuestionScale.CES)
"""The scales whose answers are scores (their bounds, top and bottom box are on
:class:`~parcours.model.QuestionScale`)."""


class Indicator(StrEnum):
    """What a threshold watches."""

    CSAT_SHARE = "csat_share"
    CSAT_MEAN = "csat_mean"
    NPS = "nps"
    CES_MEAN = "ces_mean"
    RESPONSE_RATE = "response_rate"


INDICATOR_SCALE = {
    Indicator.CSAT_SHARE: QuestionScale.CSAT,
    Indicator.CSAT_MEAN: QuestionScale.CSAT,
    Indicator.NPS: QuestionScale.NPS,
    Indicator.CES_MEAN: QuestionScale.CES,
}


class AlertLevel(StrEnum):
    """How serious the result of one threshold is."""

    OK = "ok"
    SMALL_SAMPLE = "small_sample"
    WARNING = "warning"
    CRITICAL = "critical"


# --- the input interface -------------------------------------------------------------


@dataclass(frozen=True)
class ScoreCell:
    """Additive aggregates of the answers of one (step, channel, day, scale)."""

    step: str | None
    channel: str | None
    day: dt.date
    scale: QuestionScale
    responses: int
    total: float
    total_squares: float
    top: int
    bottom: int


@dataclass(frozen=True)
class ScoreSummary:
    """Answers of one step and scale over one period."""

    responses: int
    total: float
    total_squares: float
    top: int
    bottom: int

    @property
    def mean(self) -> float | None:
        """Mean score (None without answers)."""
        return self.total / self.responses if self.responses else None

    @property
    def variance(self) -> float | None:
        """Sample variance of the scores (None under 2 answers)."""
        n = self.responses
        if n < 2:
            return None
        return max((self.total_squares - self.total**2 / n) / (n - 1), 0.0)


@dataclass(frozen=True)
class ScoreTable:
    """Every cell of the feedback: the input of :func:`evaluate_alerts`."""

    cells: tuple[ScoreCell, ...]

    def summary(
        self,
        step: str | None,
        scale: QuestionScale,
        start: dt.date,
        end: dt.date,
        *,
        channel: str | None = None,
    ) -> ScoreSummary:
        """Answers of ``step`` (None: every step) on ``scale`` from ``start`` to ``end``.

        >>> c = ScoreCell("a", None, dt.date(2026, 1, 1), QuestionScale.CSAT, 2, 9.0, 41.0, 2, 0)
        >>> ScoreTable((c,)).summary("a", QuestionScale.CSAT, c.day, c.day).mean
        4.5
        """
        chosen = [
            c
            for c in self._by_scale_and_step.get((scale, step), ())
            if start <= c.day <= end and (channel is None or c.channel == channel)
        ]
        return ScoreSummary(
            responses=sum(c.responses for c in chosen),
            total=sum(c.total for c in chosen),
            total_squares=sum(c.total_squares for c in chosen),
            top=sum(c.top for c in chosen),
            bottom=sum(c.bottom for c in chosen),
        )

    @cached_property
    def _by_scale_and_step(self) -> dict[tuple[QuestionScale, str | None], list[ScoreCell]]:
        """The cells of each scale and step, and of each scale under step None (all steps):
        thresholds ask for hundreds of summaries of a feedback of thousands of cells."""
        index: dict[tuple[QuestionScale, str | None], list[ScoreCell]] = {}
        for c in self.cells:
            index.setdefault((c.scale, None), []).append(c)
            if c.step is not None:
                index.setdefault((c.scale, c.step), []).append(c)
        return index

    def channels(self, step: str | None) -> list[str]:
        """The channels of the answers of ``step`` (None: every step), sorted."""
        return sorted(
            {c.channel for c in self.cells if c.channel and (step is None or c.step == step)}
        )

    @property
    def last_day(self) -> dt.date | None:
        """The last day with an answer."""
        return max((c.day for c in self.cells), default=None)


def score_table(engine: Engine, answers: ir.Table) -> ScoreTable:
    """Aggregate a plain answer table (columns ``answered_at`` timestamp, ``step``,
    ``channel``, ``score`` float, ``scale`` (a :class:`QuestionScale` value)).

    >>> import pyarrow as pa
    >>> engine = Engine.duckdb()
    >>> t = engine.table(pa.table({"answered_at": pa.array([dt.datetime(2026, 1, 1, 9)] * 2),
    ...     "step": ["a", "a"], "channel": ["web", "web"], "score": [4.0, 2.0],
    ...     "scale": ["csat_1_5", "csat_1_5"]}))
    >>> cell = score_table(engine, t).cells[0]
    >>> (cell.responses, cell.total, cell.total_squares, cell.top, cell.bottom)
    (2, 6.0, 20.0, 1, 1)
    """
    t = answers.filter(answers.score.notnull())
    t = t.mutate(day=t.answered_at.date())
    cells: list[ScoreCell] = []
    for scale in SCORED_SCALES:
        part = t.filter(t.scale == scale.value)
        score = part.score
        grouped = part.group_by(["step", "channel", "day"]).aggregate(
            responses=part.count(),
            total=score.sum(),
            total_squares=(score * score).sum(),
            top=part.count(where=score >= scale.top_box),
            bottom=part.count(where=score <= scale.bottom_box),
        )
        for row in engine.execute(grouped).to_pylist():
            cells.append(
                ScoreCell(
                    step=row["step"],
                    channel=row["channel"],
                    day=row["day"],
                    scale=scale,
                    responses=int(row["responses"]),
                    total=float(row["total"]),
                    total_squares=float(row["total_squares"]),
                    top=int(row["top"]),
                    bottom=int(row["bottom"]),
                )
            )
    cells.sort(key=lambda c: (c.day, c.step or "", c.channel or "", c.scale.value))
    return ScoreTable(tuple(cells))


WIDE_SCORE_COLUMNS = {
    "csat": QuestionScale.CSAT,
    "nps": QuestionScale.NPS,
    "ces": QuestionScale.CES,
}
"""Score columns of the canonical feedback table (one column per score type)."""


def wide_score_table(engine: Engine, feedback: ir.Table) -> ScoreTable:
    """Aggregate a canonical feedback table with one column per score type (``timestamp``,
    ``step``, ``channel`` and any of ``csat``, ``nps``, ``ces``), as the feedback reader
    writes it once joined to the journey.

    >>> import pyarrow as pa
    >>> engine = Engine.duckdb()
    >>> t = engine.table(pa.table({"timestamp": pa.array([dt.datetime(2026, 1, 1, 9)] * 2),
    ...     "step": ["a", "a"], "channel": ["web", "web"], "csat": [5.0, None],
    ...     "nps": [None, 3.0]}))
    >>> [(c.scale.value, c.responses, c.top, c.bottom) for c in wide_score_table(engine, t).cells]
    [('csat_1_5', 1, 1, 0), ('nps_0_10', 1, 0, 1)]
    """
    columns = set(feedback.columns)
    parts = [
        feedback.select(
            answered_at=feedback.timestamp,
            step=feedback.step.cast("string") if "step" in columns else ibis.null("string"),
            channel=feedback.channel.cast("string")
            if "channel" in columns
            else ibis.null("string"),
            score=feedback[name].cast("float64"),
            scale=ibis.literal(scale.value),
        )
        for name, scale in WIDE_SCORE_COLUMNS.items()
        if name in columns
    ]
    if not parts:
        return ScoreTable(())
    return score_table(engine, ibis.union(*parts))


# --- statistics ----------------------------------------------------------------------


def normal_cdf(z: float) -> float:
    """Standard normal distribution function.

    >>> round(normal_cdf(-1.6448536), 4)
    0.05
    """
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def _beta_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the regularised incomplete beta function (modified Lentz)."""
    tiny, c, d = 1e-300, 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1.0) < 1e-14:
            break
    return result


def incomplete_beta(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta function ``I_x(a, b)``.

    >>> round(incomplete_beta(2.0, 3.0, 0.5), 6)
    0.6875
    """
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def student_cdf(t: float, df: float) -> float:
    """Student's t distribution function with ``df`` degrees of freedom.

    >>> round(student_cdf(-2.0, 10.0), 5)
    0.03669
    """
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return tail if t < 0 else 1.0 - tail


@dataclass(frozen=True)
class DropTest:
    """A one-sided test of a change in the bad direction between two periods."""

    method: str
    """``two_proportion_z`` or ``welch_t``."""
    previous: float
    current: float
    change: float
    statistic: float | None
    p_value: float | None
    significant: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return asdict(self)


def proportion_drop(
    hits_now: int, n_now: int, hits_before: int, n_before: int, *, worse_when_lower: bool = True
) -> tuple[float | None, float | None]:
    """Pooled two-proportion z statistic and its one-sided p-value (bad direction).

    >>> z, p = proportion_drop(60, 100, 80, 100)
    >>> round(z, 3), round(p, 4)
    (-3.086, 0.001)
    """
    if not n_now or not n_before:
        return None, None
    pooled = (hits_now + hits_before) / (n_now + n_before)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_now + 1 / n_before))
    if se == 0:
        return None, None
    z = (hits_now / n_now - hits_before / n_before) / se
    return z, normal_cdf(z if worse_when_lower else -z)


def welch_drop(
    now: ScoreSummary, before: ScoreSummary, *, worse_when_lower: bool = True
) -> tuple[float | None, float | None]:
    """Welch t statistic and its one-sided p-value (bad direction).

    >>> a = ScoreSummary(responses=4, total=8.0, total_squares=18.0, top=0, bottom=0)
    >>> b = ScoreSummary(responses=4, total=16.0, total_squares=66.0, top=0, bottom=0)
    >>> t, p = welch_drop(a, b)
    >>> round(t, 3), round(p, 4)
    (-3.464, 0.0067)
    """
    v1, v0 = now.variance, before.variance
    if v1 is None or v0 is None or now.mean is None or before.mean is None:
        return None, None
    s1, s0 = v1 / now.responses, v0 / before.responses
    if s1 + s0 == 0:
        return None, None
    t = (now.mean - before.mean) / math.sqrt(s1 + s0)
    df = (s1 + s0) ** 2 / (
        (s1**2 / (now.responses - 1) if s1 else 0.0)
        + (s0**2 / (before.responses - 1) if s0 else 0.0)
    )
    return t, student_cdf(t if worse_when_lower else -t, df)


# --- indicators ----------------------------------------------------------------------


def nps_summary(s: ScoreSummary) -> ScoreSummary:
    """The NPS as a mean: +100 per promoter, -100 per detractor, 0 otherwise.

    >>> nps_summary(ScoreSummary(4, 30.0, 0.0, 2, 1)).mean
    25.0
    """
    return ScoreSummary(
        responses=s.responses,
        total=100.0 * (s.top - s.bottom),
        total_squares=10000.0 * (s.top + s.bottom),
        top=s.top,
        bottom=s.bottom,
    )


def resolve_indicator(threshold: Threshold) -> Indicator | None:
    """What a free-text threshold of a listening point watches (None: not a survey figure).

    >>> resolve_indicator(Threshold(indicator="Average satisfaction", value=3.8, unit="/5"))
    <Indicator.CSAT_MEAN: 'csat_mean'>
    >>> resolve_indicator(Threshold(indicator="CSAT", value=80, unit="%"))
    <Indicator.CSAT_SHARE: 'csat_share'>
    """
    text = threshold.indicator.lower()
    if "respon" in text or "réponse" in text:
        return Indicator.RESPONSE_RATE
    if "nps" in text or "recommand" in text or "recommend" in text:
        return Indicator.NPS
    if "ces" in text.split() or "effort" in text:
        return Indicator.CES_MEAN
    if "csat" in text or "satisf" in text:
        if "%" in threshold.unit or threshold.value > 5:
            return Indicator.CSAT_SHARE
        return Indicator.CSAT_MEAN
    return None


MEASURE_INDICATOR = {
    Measure.SATISFACTION_MEAN: Indicator.CSAT_MEAN,
    Measure.CSAT_SHARE: Indicator.CSAT_SHARE,
    Measure.NPS: Indicator.NPS,
}
"""Metric measures that survey answers can evaluate."""


def percent_value(value: float, unit: str, indicator: Indicator) -> float:
    """A share threshold in %: ``0.8`` without ``%`` unit means 80 %.

    >>> percent_value(0.8, "", Indicator.CSAT_SHARE)
    80.0
    """
    shares = (Indicator.CSAT_SHARE, Indicator.RESPONSE_RATE)
    if indicator in shares and "%" not in unit and value <= 1:
        return value * 100.0
    return value


# --- evaluation ----------------------------------------------------------------------


@dataclass(frozen=True)
class Watched:
    """One threshold to evaluate: where it comes from, the step and the rule."""

    source: str
    """``listening_point`` or ``metric``."""
    source_id: str
    step: str | None
    indicator: Indicator
    comparator: Comparator
    value: float
    """The threshold, in the indicator's unit (% for shares and response rates)."""
    label: str


@dataclass(frozen=True)
class PeriodValue:
    """An indicator over one period with its sample size and 95 % interval."""

    start: dt.date
    end: dt.date
    value: float | None
    responses: int
    low: float | None
    high: float | None
    sent: int | None = None


@dataclass(frozen=True)
class Alert:
    """The result of one threshold: level, trend, response rate and the verdict."""

    watched: Watched
    current: PeriodValue
    previous: PeriodValue
    breached: bool
    trend: DropTest | None
    response_rate: DropTest | None
    level: AlertLevel
    channels: tuple[tuple[str, PeriodValue], ...] = ()
    """The current period per channel of the answers (evidence, never a verdict)."""

    @property
    def fired(self) -> bool:
        """Whether this alert should wake someone up."""
        return self.level in (AlertLevel.WARNING, AlertLevel.CRITICAL)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "source": self.watched.source,
            "source_id": self.watched.source_id,
            "label": self.watched.label,
            "step": self.watched.step,
            "indicator": self.watched.indicator.value,
            "comparator": self.watched.comparator.value,
            "threshold": self.watched.value,
            "level": self.level.value,
            "fired": self.fired,
            "breached": self.breached,
            "current": _period_dict(self.current),
            "previous": _period_dict(self.previous),
            "trend": self.trend.to_dict() if self.trend else None,
            "response_rate": self.response_rate.to_dict() if self.response_rate else None,
            "channels": {name: _period_dict(value) for name, value in self.channels},
        }


def _period_dict(p: PeriodValue) -> dict[str, Any]:
    data = asdict(p)
    data["start"], data["end"] = p.start.isoformat(), p.end.isoformat()
    return data


@dataclass(frozen=True)
class AlertOptions:
    """The periods and the test settings."""

    start: dt.date
    end: dt.date
    alpha: float = DEFAULT_ALPHA
    min_responses: int = DEFAULT_MIN_RESPONSES

    @property
    def previous(self) -> tuple[dt.date, dt.date]:
        """The previous period: as many days, just before ``start``.

        >>> AlertOptions(dt.date(2026, 1, 8), dt.date(2026, 1, 14)).previous
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 7))
        """
        days = (self.end - self.start).days + 1
        return self.start - dt.timedelta(days=days), self.start - dt.timedelta(days=1)


@dataclass(frozen=True)
class AlertReport:
    """Every evaluated threshold, and those that could not be evaluated (with why)."""

    options: AlertOptions
    alerts: tuple[Alert, ...]
    skipped: tuple[tuple[str, str], ...]
    """(threshold label, reason key: ``unknown_indicator`` or ``not_from_feedback``)."""

    @property
    def fired(self) -> tuple[Alert, ...]:
        """The alerts that fire."""
        return tuple(a for a in self.alerts if a.fired)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        previous = self.options.previous
        return {
            "current_period": [self.options.start.isoformat(), self.options.end.isoformat()],
            "previous_period": [previous[0].isoformat(), previous[1].isoformat()],
            "alpha": self.options.alpha,
            "min_responses": self.options.min_responses,
            "fired": len(self.fired),
            "alerts": [a.to_dict() for a in self.alerts],
            "skipped": [{"threshold": t, "reason": r} for t, r in self.skipped],
        }


Sent = dict[str, dict[dt.date, int]]
"""Surveys sent per step and day (from the listening plan)."""


def _sent_between(sent: Sent | None, step: str | None, start: dt.date, end: dt.date) -> int | None:
    if sent is None or step is None or step not in sent:
        return None
    return sum(n for day, n in sent[step].items() if start <= day <= end)


def _wilson(hits: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * (centre - half), 100 * (centre + half)


def _period_value(
    w: Watched,
    table: ScoreTable,
    sent: Sent | None,
    start: dt.date,
    end: dt.date,
    channel: str | None = None,
) -> tuple[PeriodValue, ScoreSummary]:
    scale = INDICATOR_SCALE.get(w.indicator, QuestionScale.CSAT)
    if w.indicator is Indicator.RESPONSE_RATE:
        n = sum(table.summary(w.step, s, start, end).responses for s in SCORED_SCALES)
        summary = ScoreSummary(n, 0.0, 0.0, n, 0)
    else:
        summary = table.summary(w.step, scale, start, end, channel=channel)
        if w.indicator is Indicator.NPS:
            summary = nps_summary(summary)
    sent_n = _sent_between(sent, w.step, start, end)
    value, low, high = _estimate(w.indicator, summary, sent_n)
    return PeriodValue(start, end, value, summary.responses, low, high, sent_n), summary


def _estimate(
    indicator: Indicator, s: ScoreSummary, sent: int | None
) -> tuple[float | None, float | None, float | None]:
    if indicator is Indicator.RESPONSE_RATE:
        if not sent:
            return None, None, None
        low, high = _wilson(min(s.responses, sent), sent)
        return 100.0 * s.responses / sent, low, high
    if not s.responses:
        return None, None, None
    if indicator is Indicator.CSAT_SHARE:
        low, high = _wilson(s.top, s.responses)
        return 100.0 * s.top / s.responses, low, high
    mean, variance = s.mean, s.variance
    assert mean is not None
    if variance is None:
        return mean, None, None
    half = 1.959964 * math.sqrt(variance / s.responses)
    return mean, mean - half, mean + half


def _trend(
    w: Watched,
    now: tuple[PeriodValue, ScoreSummary],
    before: tuple[PeriodValue, ScoreSummary],
    options: AlertOptions,
) -> DropTest | None:
    (cur, s1), (prev, s0) = now, before
    if cur.value is None or prev.value is None:
        return None
    lower_is_worse = w.comparator is Comparator.BELOW
    if w.indicator is Indicator.RESPONSE_RATE:
        return _rate_test(cur, prev, options, lower_is_worse)
    enough = min(s1.responses, s0.responses) >= options.min_responses
    if w.indicator is Indicator.CSAT_SHARE:
        stat, p = proportion_drop(
            s1.top, s1.responses, s0.top, s0.responses, worse_when_lower=lower_is_worse
        )
        method = "two_proportion_z"
    else:
        stat, p = welch_drop(s1, s0, worse_when_lower=lower_is_worse)
        method = "welch_t"
    return DropTest(
        method=method,
        previous=prev.value,
        current=cur.value,
        change=cur.value - prev.value,
        statistic=stat,
        p_value=p,
        significant=bool(enough and p is not None and p < options.alpha),
    )


def _rate_test(
    cur: PeriodValue, prev: PeriodValue, options: AlertOptions, lower_is_worse: bool = True
) -> DropTest | None:
    if cur.value is None or prev.value is None or not cur.sent or not prev.sent:
        return None
    n1, n0 = cur.sent, prev.sent
    hits1, hits0 = min(cur.responses, n1), min(prev.responses, n0)
    stat, p = proportion_drop(hits1, n1, hits0, n0, worse_when_lower=lower_is_worse)
    enough = min(cur.responses, prev.responses) >= options.min_responses
    return DropTest(
        method="two_proportion_z",
        previous=prev.value,
        current=cur.value,
        change=cur.value - prev.value,
        statistic=stat,
        p_value=p,
        significant=bool(enough and p is not None and p < options.alpha),
    )


def evaluate(w: Watched, table: ScoreTable, sent: Sent | None, options: AlertOptions) -> Alert:
    """Evaluate one threshold (see the module docstring for the checks and levels)."""
    now = _period_value(w, table, sent, options.start, options.end)
    before = _period_value(w, table, sent, *options.previous)
    current = now[0]
    big_enough = current.responses >= options.min_responses and current.value is not None
    breached = bool(
        big_enough
        and current.value is not None
        and (
            current.value < w.value if w.comparator is Comparator.BELOW else current.value > w.value
        )
    )
    trend = _trend(w, now, before, options)
    rate = None
    if w.indicator is not Indicator.RESPONSE_RATE:
        rate_w = Watched(
            w.source, w.source_id, w.step, Indicator.RESPONSE_RATE, Comparator.BELOW, 0.0, w.label
        )
        rate = _rate_test(
            _period_value(rate_w, table, sent, options.start, options.end)[0],
            _period_value(rate_w, table, sent, *options.previous)[0],
            options,
        )
    return Alert(
        watched=w,
        current=current,
        previous=before[0],
        breached=breached,
        trend=trend,
        response_rate=rate,
        level=_level(breached, trend, rate, big_enough),
        channels=_by_channel(w, table, options),
    )


def _by_channel(
    w: Watched, table: ScoreTable, options: AlertOptions
) -> tuple[tuple[str, PeriodValue], ...]:
    if w.indicator is Indicator.RESPONSE_RATE:
        return ()
    values = (
        (name, _period_value(w, table, None, options.start, options.end, name)[0])
        for name in table.channels(w.step)
    )
    return tuple((name, value) for name, value in values if value.responses)


def _level(
    breached: bool, trend: DropTest | None, rate: DropTest | None, big_enough: bool
) -> AlertLevel:
    dropped = bool(trend and trend.significant)
    rate_dropped = bool(rate and rate.significant)
    if breached and dropped:
        return AlertLevel.CRITICAL
    if breached or dropped or rate_dropped:
        return AlertLevel.WARNING
    return AlertLevel.OK if big_enough else AlertLevel.SMALL_SAMPLE


def evaluate_alerts(
    watched: Sequence[Watched],
    table: ScoreTable,
    options: AlertOptions,
    *,
    sent: Sent | None = None,
    skipped: Iterable[tuple[str, str]] = (),
) -> AlertReport:
    """Evaluate every threshold on the score table (and the sent counts, when known).

    >>> day = dt.date(2026, 1, 10)
    >>> cell = ScoreCell("a", None, day, QuestionScale.CSAT, 40, 100.0, 300.0, 10, 20)
    >>> w = Watched("metric", "m", "a", Indicator.CSAT_MEAN, Comparator.BELOW, 3.0, "CSAT")
    >>> report = evaluate_alerts([w], ScoreTable((cell,)), AlertOptions(day, day))
    >>> report.alerts[0].level.value, report.alerts[0].current.value
    ('warning', 2.5)
    """
    alerts = tuple(evaluate(w, table, sent, options) for w in watched)
    return AlertReport(options=options, alerts=alerts, skipped=tuple(skipped))


def metric_direction_comparator(direction: Direction) -> Comparator:
    """The comparator of a metric's alert threshold from its direction.

    >>> metric_direction_comparator(Direction.HIGHER_IS_BETTER).value
    'below'
    """
    return Comparator.BELOW if direction is Direction.HIGHER_IS_BETTER else Comparator.ABOVE
