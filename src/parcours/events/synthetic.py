"""Seeded, realistic synthetic journey logs in the canonical event schema.

:func:`generate_events` simulates customers walking through a journey map and yields
Arrow record batches with the columns of :data:`parcours.events.schema.EVENT_SCHEMA`
(optionally :data:`~parcours.events.schema.MATCHED_SCHEMA`, with ``step`` and
``step_index`` written directly). The simulation is vectorised with numpy in blocks of
customers, so 100 million events stream to Parquet (:func:`write_parquet`) with bounded
memory; :func:`write_csv` writes the same data as CSV.

The model, per customer:

* the customer enters at a uniformly random moment of ``period_days`` after ``start``
  and belongs to one persona's segment (personas equally likely);
* they walk the map's steps in order; after each step they drop off with a small
  probability, three times larger at breaking points (so drop-offs concentrate there),
  calibrated so that a customer logs ``events_per_customer`` events on average;
* sometimes they loop (a rejected document, then a resubmission: steps with a
  ``*reject*`` binding or a blocking irritant loop most), sometimes skip a step or go back
  one step;
* delays between steps are log-normal with a step-dependent median: minutes for
  digital steps early in the journey, days for back-office steps (a binding without
  channel, or a mail / phone / branch touchpoint only) and for later phases;
* each step visit logs one event named after one of the step's event bindings
  (``step.events[*].activity``), on the binding's channel or else on one of the step's
  touchpoint channels, so that step matching finds them;
* moments of truth (and steps with a listening point) carry a 1-5 satisfaction score on
  some events, lower where the step has irritants or the persona's estimated emotion is
  negative, and lower still after a loop;
* some noise activities bound to no step (``page_viewed``, ``app_opened``,
  ``session_started``) are interleaved;
* payment-like activities (``payment``, ``deposit``, ``transfer``, ``order``) carry an
  amount; back-office and phone events a resource (``agent-NN``).

Without a map, :func:`synthetic_journey` builds one of ``n_steps`` steps over six
channels. The same arguments and seed give the same rows; the chunk size
(``chunk_rows``) never changes the data, only how it is cut.

>>> from datetime import datetime
>>> import pyarrow as pa
>>> batches = generate_events(None, customers=200, seed=7, start=datetime(2025, 1, 1))
>>> table = pa.Table.from_batches(list(batches))
>>> table.column_names[:3]
['case_id', 'timestamp', 'activity']
>>> 4 < table.num_rows / 200 < 12
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypedDict, Unpack

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from parcours.errors import ParcoursError
from parcours.events.schema import EVENT_SCHEMA, MATCHED_SCHEMA
from parcours.i18n import Catalog
from parcours.model import JourneyMap
from parcours.model.step import Step
from parcours.model.vocabulary import PhaseKind

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

DEFAULT_START = datetime(2025, 1, 1)
"""Default first possible entry time (naive UTC)."""

SYNTHETIC_CHANNELS: tuple[str, ...] = ("web", "app", "email", "phone", "chatbot", "mail")
"""The six channels of :func:`synthetic_journey`."""

NOISE_ACTIVITIES: tuple[tuple[str, str], ...] = (
    ("page_viewed", "web"),
    ("app_opened", "app"),
    ("session_started", "web"),
)
"""Activities (with their channel) that mark no step: page views and the like."""

_MINUTE = 60.0
_HOUR = 3600.0
_DAY = 86400.0
_PHASE_MEDIAN_SECONDS: dict[PhaseKind | None, float] = {
    PhaseKind.DISCOVERY: 1 * _HOUR,
    PhaseKind.INFORMATION_SEARCH: 5 * _MINUTE,
    PhaseKind.PURCHASE: 4 * _MINUTE,
    PhaseKind.ONBOARDING: 1 * _DAY,
    PhaseKind.FIRST_USE: 3 * _DAY,
    PhaseKind.USAGE: 15 * _DAY,
    PhaseKind.SUPPORT: 20 * _DAY,
    PhaseKind.LOYALTY: 45 * _DAY,
    PhaseKind.EXIT: 30 * _DAY,
    PhaseKind.CUSTOM: 10 * _MINUTE,
    None: 10 * _MINUTE,
}
_BACK_OFFICE_MEDIAN_SECONDS = 2 * _DAY
_OFFLINE_CHANNELS = frozenset({"mail", "phone", "branch", "in_person"})
_RESOURCE_CHANNELS = frozenset({"phone", "branch", "in_person", "live_chat"})
_AMOUNT_WORDS = ("payment", "deposit", "transfer", "order", "paid", "purchase")
_DELAY_SIGMA = 1.0
_SKIP_SHARE = 0.3
_BACK_PROBABILITY = 0.02
_NOISE_PROBABILITY = 0.08
_MAX_LOOPS = 3
_RESOURCES = tuple(f"agent-{i:02d}" for i in range(1, 41))

_MESSAGES = Catalog(
    {
        "no_size": {
            "en": "Say how much to generate: give customers=N or events=N (or both).",
            "fr": "Indiquez la taille à générer : customers=N ou events=N (ou les deux).",
        },
        "bad_size": {
            "en": "'{name}' must be a positive number, got {value}.",
            "fr": "« {name} » doit être un nombre positif ; reçu {value}.",
        },
        "no_steps": {
            "en": "The journey map has no step with an event binding: nothing to generate.",
            "fr": "La carte n’a aucune étape liée à des événements : rien à générer.",
        },
    }
)


class SyntheticLogError(ParcoursError, ValueError):
    """Arguments of the generator that cannot produce a log.

    >>> SyntheticLogError("no_size").message("fr").startswith("Indiquez")
    True
    """

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The explanation in ``lang``."""
        return _MESSAGES.text(self.key, lang, **self.params)


# --------------------------------------------------------------------------- synthetic map
def synthetic_journey(n_steps: int = 20, *, seed: int = 0) -> JourneyMap:
    """A plausible journey map of ``n_steps`` steps over :data:`SYNTHETIC_CHANNELS`.

    Steps ``s-01``... are spread over the lifecycle phases; every step is bound to the
    activity ``a01``...; every fifth step is a breaking point with a blocking irritant and a
    second binding ``aNN_rejected`` (loops); every fourth step is a moment of truth.

    >>> m = synthetic_journey(12, seed=1)
    >>> [s.id for s in m.steps][:3], m.steps[0].events[0].activity
    (['s-01', 's-02', 's-03'], 'a01')
    """
    rng = np.random.default_rng([seed, 12345])
    kinds = [k for k in PhaseKind if k not in (PhaseKind.CUSTOM, PhaseKind.EXIT)]
    phases = [{"id": f"ph-{k.value.replace('_', '-')}", "name": k.value, "kind": k} for k in kinds]
    steps: list[dict[str, object]] = []
    for i in range(1, n_steps + 1):
        kind_index = min(len(kinds) - 1, (i - 1) * len(kinds) // n_steps)
        # early phases are digital, later ones use every channel
        pool = SYNTHETIC_CHANNELS[:2] if kind_index < 3 else SYNTHETIC_CHANNELS
        channel = str(pool[int(rng.integers(len(pool)))])
        second = str(SYNTHETIC_CHANNELS[int(rng.integers(len(SYNTHETIC_CHANNELS)))])
        breaking = i % 5 == 0
        bindings: list[dict[str, str]] = [{"activity": f"a{i:02d}", "channel": channel}]
        irritants: list[dict[str, object]] = []
        if breaking:
            bindings.append({"activity": f"a{i:02d}_rejected"})
            irritants.append({"text": f"Blocking problem at step {i}", "severity": 3})
        elif i % 3 == 0:
            irritants.append({"text": f"Irritant at step {i}", "severity": 2})
        steps.append(
            {
                "id": f"s-{i:02d}",
                "name": f"Step {i}",
                "phase": phases[kind_index]["id"],
                "touchpoints": [{"channel": channel}, {"channel": second}],
                "irritants": irritants,
                "moment_of_truth": i % 4 == 0,
                "breaking_point": breaking,
                "events": bindings,
            }
        )
    personas = [
        {"id": f"p-{name}", "name": name.title(), "segment": name}
        for name in ("young", "family", "freelance")
    ]
    return JourneyMap.model_validate(
        {
            "id": "synthetic",
            "journey": {"title": f"Synthetic journey ({n_steps} steps)"},
            "personas": personas,
            "phases": phases,
            "steps": steps,
        }
    )


# --------------------------------------------------------------------------- the plan
@dataclass(frozen=True)
class _Plan:
    """Numeric arrays the simulation reads, derived once from the map."""

    step_ids: list[str]
    step_map_index: IntArray
    activities: list[str]
    channels: list[str]
    segments: list[str | None]
    bind_cum: FloatArray  # (K, B) cumulative choice probabilities of non-reject bindings
    bind_activity: IntArray  # (K, B) activity code
    bind_channel: IntArray  # (K, B) channel code, -1: pick a touchpoint channel
    reject_activity: IntArray  # (K,) activity code logged before a loop, -1: none
    reject_channel: IntArray  # (K,)
    touch_cum: FloatArray  # (K, T)
    touch_channel: IntArray  # (K, T) channel code, -1: null channel
    continue_p: FloatArray
    loop_p: FloatArray
    skip_p: FloatArray
    median_delay_seconds: FloatArray
    score_p: FloatArray
    score_mean: FloatArray  # (K, S)
    amount_activity: BoolArray  # (A,)
    resource_step: BoolArray  # (K,)
    resource_channel: BoolArray  # (C,)
    noise_activity: IntArray
    noise_channel: IntArray


class _Codes:
    """Assigns stable integer codes to strings in order of first appearance."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._index: dict[str, int] = {}

    def code(self, name: str) -> int:
        if name not in self._index:
            self._index[name] = len(self.names)
            self.names.append(name)
        return self._index[name]


def _padded(rows: list[list[float]], fill: float) -> FloatArray:
    width = max(len(r) for r in rows)
    return np.array([r + [fill] * (width - len(r)) for r in rows], dtype=np.float64)


def _cumulative(weights: list[list[float]]) -> FloatArray:
    cum = []
    for w in weights:
        total = sum(w)
        acc = np.cumsum(np.array(w) / total).tolist()
        acc[-1] = 1.0
        cum.append(acc)
    return _padded(cum, 2.0)


def _is_reject(activity: str) -> bool:
    return "reject" in activity.lower() or "refus" in activity.lower()


def _median_delay_seconds(m: JourneyMap, step: Step) -> float:
    phase = m.phase_of(step)
    median = _PHASE_MEDIAN_SECONDS[phase.kind if phase else None]
    channels = {str(t.channel) for t in step.touchpoints}
    system_event = any(b.channel is None for b in step.events)
    offline = bool(channels) and channels <= _OFFLINE_CHANNELS
    if system_event or offline:
        median = max(median, _BACK_OFFICE_MEDIAN_SECONDS)
    return median


def _score_mean(m: JourneyMap, step: Step, persona_ids: list[str | None]) -> list[float]:
    severity = max((i.severity for i in step.irritants), default=0)
    base = 4.0 - 0.4 * severity + (0.3 if step.enchantments else 0.0)
    means = []
    for persona in persona_ids:
        emotion = step.emotion_for(persona) if persona else None
        means.append(min(5.0, max(1.0, base + 0.4 * (emotion.score if emotion else 0))))
    return means


def _expected_events(drop: FloatArray, loop: FloatArray) -> float:
    reach = np.concatenate([[1.0], np.cumprod(1.0 - drop)[:-1]])
    return float((reach / (1.0 - loop)).sum() * (1.0 + _NOISE_PROBABILITY))


def _calibrated_drop(weights: FloatArray, loop: FloatArray, target: float) -> FloatArray:
    """Drop probabilities ``min(0.9, base * weight)`` whose expected events hit ``target``."""
    low, high = 1e-4, 0.5
    for _ in range(60):
        mid = (low + high) / 2
        if _expected_events(np.minimum(0.9, mid * weights), loop) > target:
            low = mid
        else:
            high = mid
    return np.minimum(0.9, high * weights)


def _plan(m: JourneyMap, events_per_customer: float) -> _Plan:
    steps = [s for s in m.steps if any(b.activity for b in s.events)]
    if not steps:
        raise SyntheticLogError("no_steps")
    activities, channels = _Codes(), _Codes()
    listened = {lp.step for lp in m.listening_points}
    persona_ids: list[str | None] = [p.id for p in m.personas] or [None]
    segments: list[str | None] = [p.segment or p.id for p in m.personas] or [None]

    bind_w, bind_a, bind_c, touch_w, touch_c = [], [], [], [], []
    reject_a, reject_c, loop, weights, medians, score_p, score_mean = [], [], [], [], [], [], []
    for step in steps:
        bound = [b for b in step.events if b.activity]
        normal = [b for b in bound if not _is_reject(str(b.activity))] or bound
        rejects = [b for b in bound if _is_reject(str(b.activity))]
        bind_w.append([2.0] + [1.0] * (len(normal) - 1))
        bind_a.append([float(activities.code(str(b.activity))) for b in normal])
        bind_c.append([float(channels.code(b.channel)) if b.channel else -1.0 for b in normal])
        tps = [str(t.channel) for t in step.touchpoints]
        touch_w.append([1.0] * len(tps) or [1.0])
        touch_c.append([float(channels.code(c)) for c in tps] or [-1.0])
        reject = rejects[0] if rejects else None
        reject_a.append(activities.code(str(reject.activity)) if reject else -1)
        reject_c.append(channels.code(reject.channel) if reject and reject.channel else -1)
        blocking = any(i.severity >= 3 for i in step.irritants)
        loop.append(0.25 if reject else 0.08 if blocking else 0.01)
        weights.append(3.0 if step.breaking_point else 1.0)
        medians.append(_median_delay_seconds(m, step))
        score_p.append(0.3 if step.moment_of_truth or step.id in listened else 0.0)
        score_mean.append(_score_mean(m, step, persona_ids))

    noise = [(a, c) for a, c in NOISE_ACTIVITIES if a not in activities.names]  # never a step's
    noise_a = [activities.code(a) for a, _ in noise]
    noise_c = [channels.code(c) for _, c in noise]
    loop_p = np.array(loop)
    drop = _calibrated_drop(np.array(weights), loop_p, events_per_customer)
    drop[-1] = 1.0
    back_office = np.array(medians) >= _BACK_OFFICE_MEDIAN_SECONDS
    index = {s.id: i for i, s in enumerate(m.steps)}
    return _Plan(
        step_ids=[s.id for s in steps],
        step_map_index=np.array([index[s.id] for s in steps], dtype=np.int64),
        activities=activities.names,
        channels=channels.names,
        segments=segments,
        bind_cum=_cumulative(bind_w),
        bind_activity=_padded(bind_a, 0).astype(np.int64),
        bind_channel=_padded(bind_c, -1).astype(np.int64),
        reject_activity=np.array(reject_a, dtype=np.int64),
        reject_channel=np.array(reject_c, dtype=np.int64),
        touch_cum=_cumulative(touch_w),
        touch_channel=_padded(touch_c, -1).astype(np.int64),
        continue_p=1.0 - drop,
        loop_p=loop_p,
        skip_p=np.minimum(0.05, _SKIP_SHARE * drop),
        median_delay_seconds=np.array(medians),
        score_p=np.array(score_p),
        score_mean=np.array(score_mean),
        amount_activity=np.array(
            [any(w in a.lower() for w in _AMOUNT_WORDS) for a in activities.names]
        ),
        resource_step=back_office,
        resource_channel=np.array([c in _RESOURCE_CHANNELS for c in channels.names]),
        noise_activity=np.array(noise_a, dtype=np.int64),
        noise_channel=np.array(noise_c, dtype=np.int64),
    )


# --------------------------------------------------------------------------- simulation
@dataclass
class _Events:
    """Columns of the events of one block, appended iteration by iteration."""

    case: list[IntArray]
    time: list[IntArray]
    step: list[IntArray]
    activity: list[IntArray]
    channel: list[IntArray]
    score: list[FloatArray]

    def add(
        self,
        case: IntArray,
        time: IntArray,
        step: IntArray,
        activity: IntArray,
        channel: IntArray,
        score: FloatArray,
    ) -> None:
        self.case.append(case)
        self.time.append(time)
        self.step.append(step)
        self.activity.append(activity)
        self.channel.append(channel)
        self.score.append(score)


def _choose(cum: FloatArray, u: FloatArray) -> IntArray:
    """Row-wise categorical choice: index of the first cumulative bound above ``u``."""
    return np.asarray((u[:, None] >= cum).sum(axis=1), dtype=np.int64)


def _simulate_block(
    plan: _Plan, n: int, rng: np.random.Generator, period_us: int
) -> tuple[_Events, IntArray]:
    """Walk ``n`` customers through the plan; returns their events and segment codes."""
    n_steps = len(plan.step_ids)
    segment = rng.integers(len(plan.segments), size=n).astype(np.int64)
    time = rng.integers(period_us, size=n).astype(np.int64)
    pos = np.zeros(n, dtype=np.int64)
    loops = np.zeros(n, dtype=np.int64)
    went_back = np.zeros(n, dtype=bool)
    after_loop = np.zeros(n, dtype=bool)
    alive = np.arange(n, dtype=np.int64)
    out = _Events([], [], [], [], [], [])
    for _ in range(4 * n_steps + 2 * _MAX_LOOPS):
        if alive.size == 0:
            break
        m = alive.size
        k = pos[alive]
        u = rng.random((m, 8))
        looping = (u[:, 0] < plan.loop_p[k]) & (loops[alive] < _MAX_LOOPS)
        # the event of this visit
        choice = _choose(plan.bind_cum[k], u[:, 1])
        activity = plan.bind_activity[k, choice]
        channel = plan.bind_channel[k, choice]
        rejected = looping & (plan.reject_activity[k] >= 0)
        activity = np.where(rejected, plan.reject_activity[k], activity)
        channel = np.where(rejected, plan.reject_channel[k], channel)
        touch = plan.touch_channel[k, _choose(plan.touch_cum[k], u[:, 2])]
        channel = np.where(channel < 0, touch, channel)
        scored = u[:, 3] < plan.score_p[k]
        mean = plan.score_mean[k, segment[alive]] - np.where(after_loop[alive], 1.0, 0.0)
        noise = rng.standard_normal(m)
        score = np.where(scored, np.clip(np.rint(mean + 0.9 * noise), 1, 5), np.nan)
        out.add(alive, time[alive], k, activity, channel, score)
        # what happens next
        leaving = ~looping & (u[:, 4] >= plan.continue_p[k])
        back = ~looping & ~leaving & (u[:, 5] < _BACK_PROBABILITY) & ~went_back[alive] & (k > 0)
        skip = ~looping & ~leaving & ~back & (u[:, 6] < plan.skip_p[k])
        new_pos = np.where(looping, k, np.where(back, k - 1, np.where(skip, k + 2, k + 1)))
        loops[alive] += looping
        went_back[alive] |= back
        after_loop[alive] = looping
        staying = ~leaving & (new_pos < n_steps)
        alive, new_pos = alive[staying], new_pos[staying]
        if alive.size == 0:
            break
        median = plan.median_delay_seconds[new_pos]
        delay_s = median * np.exp(_DELAY_SIGMA * rng.standard_normal(alive.size))
        delay_us = np.maximum(1, (delay_s * 1e6).astype(np.int64))
        # a noise event sometimes happens between two steps
        noisy = u[staying, 7] < _NOISE_PROBABILITY
        if noisy.any() and plan.noise_activity.size:
            which = rng.integers(plan.noise_activity.size, size=int(noisy.sum()))
            frac = rng.random(which.size)
            at = time[alive[noisy]] + (delay_us[noisy] * frac).astype(np.int64)
            out.add(
                alive[noisy],
                at,
                np.full(which.size, -1, dtype=np.int64),
                plan.noise_activity[which],
                plan.noise_channel[which],
                np.full(which.size, np.nan),
            )
        time[alive] += delay_us
        pos[alive] = new_pos
    return out, segment


def _strings(codes: IntArray, names: list[str] | list[str | None]) -> pa.Array:
    """Arrow strings from integer codes (-1: null), via one dictionary take."""
    dictionary = pa.array(list(names), type=pa.string())
    indices = pa.array(codes, mask=codes < 0, type=pa.int32())
    return dictionary.take(indices)


def _block_batch(
    plan: _Plan,
    block: int,
    block_customers: int,
    n: int,
    seed: int,
    start_us: int,
    period_us: int,
    first_row: int,
    with_steps: bool,
) -> pa.RecordBatch:
    rng = np.random.default_rng([seed, block])
    ev, segment = _simulate_block(plan, n, rng, period_us)
    case = np.concatenate(ev.case)
    time = np.concatenate(ev.time)
    order = np.lexsort((case, time))
    case, time = case[order], time[order]
    step = np.concatenate(ev.step)[order]
    activity = np.concatenate(ev.activity)[order]
    channel = np.concatenate(ev.channel)[order]
    score = np.concatenate(ev.score)[order]
    size = case.size
    spread = rng.standard_normal(size)
    pick = rng.random(size)
    is_amount = plan.amount_activity[activity]
    amount = np.where(is_amount, np.round(np.exp(np.log(60.0) + 0.8 * spread), 2), np.nan)
    step_known = step >= 0
    with_resource = plan.resource_channel[channel] & (channel >= 0)
    with_resource |= step_known & plan.resource_step[np.maximum(step, 0)]
    resource = np.where(with_resource, (pick * len(_RESOURCES)).astype(np.int64), -1)
    first_case = block * block_customers
    case_names = [f"C{first_case + i:09d}" for i in range(n)]
    segment_codes = segment[case]
    columns: list[pa.Array] = [
        _strings(case, case_names),
        pa.array(time + start_us, type=pa.timestamp("us")),
        _strings(activity, plan.activities),
        _strings(channel, plan.channels),
        _strings(segment_codes, plan.segments),
        pa.array(score, from_pandas=True, type=pa.float64()),
        pa.array(amount, from_pandas=True, type=pa.float64()),
        _strings(resource, list(_RESOURCES)),
        pa.array(np.arange(first_row, first_row + size, dtype=np.int64)),
    ]
    schema = EVENT_SCHEMA
    if with_steps:
        map_index = np.where(step_known, plan.step_map_index[np.maximum(step, 0)], -1)
        columns.append(_strings(step, plan.step_ids))
        columns.append(pa.array(map_index, mask=~step_known, type=pa.int32()))
        schema = MATCHED_SCHEMA
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def _rechunk(batches: Iterable[pa.RecordBatch], rows: int) -> Iterator[pa.RecordBatch]:
    """Cut a stream of batches into batches of exactly ``rows`` rows (the last shorter)."""
    pending: list[pa.RecordBatch] = []
    count = 0
    for batch in batches:
        pending.append(batch)
        count += batch.num_rows
        while count >= rows:
            table = pa.Table.from_batches(pending).combine_chunks()
            yield from table.slice(0, rows).to_batches()
            rest = table.slice(rows)
            pending = rest.to_batches() if rest.num_rows else []
            count = rest.num_rows
    if count:
        yield from pa.Table.from_batches(pending).combine_chunks().to_batches()


def _check_size(name: str, value: int | None) -> None:
    if value is not None and value <= 0:
        raise SyntheticLogError("bad_size", name=name, value=value)


def _naive_utc_us(moment: datetime) -> int:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return (moment - datetime(1970, 1, 1)) // _TIMEDELTA_US


_TIMEDELTA_US = datetime(1970, 1, 1, 0, 0, 0, 1) - datetime(1970, 1, 1)


def generate_events(
    journey_map: JourneyMap | None = None,
    *,
    customers: int | None = None,
    events: int | None = None,
    seed: int = 0,
    start: datetime = DEFAULT_START,
    period_days: float = 365.0,
    n_steps: int = 20,
    events_per_customer: float = 8.0,
    with_steps: bool = False,
    chunk_rows: int = 1 << 20,
    block_customers: int = 1 << 16,
) -> Iterator[pa.RecordBatch]:
    """Yield a synthetic event log walking ``journey_map``, in batches of ``chunk_rows``.

    ``customers`` caps the number of customers, ``events`` the number of rows (the log
    then ends exactly after ``events`` rows, as an extraction cut at that size would);
    give either or both. ``journey_map=None`` uses ``synthetic_journey(n_steps, seed=seed)``.
    ``with_steps`` adds the ``step`` / ``step_index`` columns of the matched schema.
    Customers are simulated ``block_customers`` at a time, each block with its own seeded
    generator: the same arguments give the same rows whatever ``chunk_rows``.
    Rows are ordered by time within each block of customers. Steps bound only by a
    ``pattern`` (no exact ``activity``) are not walked.

    >>> batches = list(generate_events(None, events=1000, seed=1, chunk_rows=400))
    >>> [b.num_rows for b in batches]
    [400, 400, 200]
    """
    _check_size("customers", customers)
    _check_size("events", events)
    _check_size("chunk_rows", chunk_rows)
    _check_size("block_customers", block_customers)
    if customers is None and events is None:
        raise SyntheticLogError("no_size")
    the_map = journey_map if journey_map is not None else synthetic_journey(n_steps, seed=seed)
    plan = _plan(the_map, events_per_customer)
    return _rechunk(
        _blocks(plan, customers, events, seed, start, period_days, with_steps, block_customers),
        chunk_rows,
    )


def _blocks(
    plan: _Plan,
    customers: int | None,
    events: int | None,
    seed: int,
    start: datetime,
    period_days: float,
    with_steps: bool,
    block_customers: int,
) -> Iterator[pa.RecordBatch]:
    start_us = _naive_utc_us(start)
    period_us = max(1, int(period_days * _DAY * 1e6))
    remaining_customers = customers if customers is not None else math.inf
    remaining_events = events if events is not None else math.inf
    row, block = 1, 0
    while remaining_customers > 0 and remaining_events > 0:
        n = int(min(block_customers, remaining_customers))
        batch = _block_batch(
            plan, block, block_customers, n, seed, start_us, period_us, row, with_steps
        )
        if batch.num_rows > remaining_events:
            batch = batch.slice(0, int(remaining_events))
        yield batch
        row += batch.num_rows
        remaining_customers -= n
        remaining_events -= batch.num_rows
        block += 1


class GenerateOptions(TypedDict, total=False):
    """Keyword arguments of :func:`generate_events`, passed on by the writers."""

    customers: int | None
    events: int | None
    seed: int
    start: datetime
    period_days: float
    n_steps: int
    events_per_customer: float
    with_steps: bool
    chunk_rows: int
    block_customers: int


def write_parquet(
    path: str | Path,
    journey_map: JourneyMap | None = None,
    *,
    row_group_rows: int = 1 << 20,
    compression: str = "zstd",
    **options: Unpack[GenerateOptions],
) -> int:
    """Stream :func:`generate_events` to a Parquet file; returns the number of rows.

    Row groups hold ``row_group_rows`` rows; strings are dictionary-encoded. ``options``
    are passed to :func:`generate_events`. Same arguments, same bytes.

    >>> import tempfile, pyarrow.parquet as pq
    >>> target = Path(tempfile.mkdtemp()) / "events.parquet"
    >>> rows = write_parquet(target, customers=100, seed=3)
    >>> pq.read_metadata(target).num_rows == rows > 400
    True
    """
    options["chunk_rows"] = row_group_rows
    batches = generate_events(journey_map, **options)
    rows = 0
    writer: pq.ParquetWriter | None = None
    try:
        for batch in batches:
            if writer is None:
                writer = pq.ParquetWriter(
                    str(path), batch.schema, compression=compression, use_dictionary=True
                )
            writer.write_batch(batch, row_group_size=row_group_rows)
            rows += batch.num_rows
    finally:
        if writer is not None:
            writer.close()
    return rows


def write_csv(
    path: str | Path, journey_map: JourneyMap | None = None, **options: Unpack[GenerateOptions]
) -> int:
    """Stream :func:`generate_events` to a CSV file (header, ISO timestamps); returns rows.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "events.csv"
    >>> rows = write_csv(target, customers=20, seed=3)
    >>> target.read_text().splitlines()[0]
    '"case_id","timestamp","activity","channel","segment","score","amount","resource","row"'
    """
    batches = generate_events(journey_map, **options)
    rows = 0
    writer: pacsv.CSVWriter | None = None
    try:
        for batch in batches:
            if writer is None:
                writer = pacsv.CSVWriter(str(path), batch.schema)
            writer.write_batch(batch)
            rows += batch.num_rows
    finally:
        if writer is not None:
            writer.close()
    return rows
