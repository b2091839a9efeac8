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
* they walk the stages of the map's main path (:meth:`JourneyMap.structure`) in order,
  each stage through one of its alternatives (a customer keeps to the same way, e.g. the
  same entry channel); after each stage they drop off with a small probability, three
  times larger at breaking points (so drop-offs concentrate there), calibrated so that a
  customer logs ``events_per_customer`` events on average;
* an optional step is taken by 35 % of the customers at its place; an exception step
  (support contact, incident) happens to some customers at varying positions around its
  place (from four stages before to three after), and those customers drop off more
  afterwards (they stay at each stage with the square of the usual probability);
* an exception with ``returns_to`` is a declared loop: 18 % of the visits of the stage it
  follows log it, then 60 % of those customers go back to the ``returns_to`` step and
  40 % give up (half as likely each further time, at most three loops); steps with a
  ``*reject*`` binding or a blocking irritant and no declared loop redo themselves
  instead; customers sometimes skip a stage or go back one;
* each decided customer gets exactly one outcome: a success outcome when they pass the
  stage it follows in map order (then the journey goes on, with fewer drop-offs), a
  failure outcome for 30 % of those who stop at the stage it follows (decided there, at
  the end of a delay); customers who stop elsewhere (abandon) get none;
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
channels, with an optional step, two exceptions (one a declared loop) and two outcomes.
``until`` cuts the log at an extraction date. The same arguments and seed give the same
rows; the chunk size (``chunk_rows``) never changes the data, only how it is cut.

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
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from parcours.errors import ParcoursError
from parcours.events.schema import EVENT_SCHEMA, MATCHED_SCHEMA
from parcours.i18n import Catalog
from parcours.model import JourneyMap
from parcours.model.step import Step
from parcours.model.vocabulary import OutcomeKind, PhaseKind, StepRole

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
_OPTIONAL_SHARE = 0.35
"""Share of the customers at an optional step's place who take it."""
_EXCEPTION_SHARE = 0.15
"""Chance that a customer walking the whole window of an exception step meets it."""
_EXCEPTION_WINDOW = (4, 3)
"""Stages before and after its place where an exception step may happen."""
_LOOP_SHARE = 0.18
"""Share of the visits of a stage followed by its declared loop (halved at each loop)."""
_LOOP_ABANDON_SHARE = 0.4
"""Share of the customers sent back by a declared loop who give up instead."""
_STRAIN_POWER = 2.0
"""After an exception a customer stays at each stage with ``continue_p ** 2``."""
_DECISION_SHARE = 0.3
"""Share of the customers stopping at a failure outcome's stage who get that outcome."""
_CONVERTED_DROP_FACTOR = 0.4
"""Customers who reached a success outcome drop off less often afterwards."""
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
_SYNTHETIC_DETOUR_MIN_STEPS = 10


def _synthetic_roles(n_steps: int) -> dict[int, dict[str, str]]:
    """The roles of the detour and outcome steps of :func:`synthetic_journey` (1-based)."""
    if n_steps < _SYNTHETIC_DETOUR_MIN_STEPS:
        return {}
    success = max(9, n_steps // 2 + 1)
    return {
        3: {"role": "optional"},
        6: {"role": "exception", "returns_to": "s-05"},
        7: {"role": "outcome", "outcome": "failure"},
        success: {"role": "outcome", "outcome": "success"},
        n_steps - 2: {"role": "exception"},
    }


def synthetic_journey(n_steps: int = 20, *, seed: int = 0, detours: bool = True) -> JourneyMap:
    """A plausible journey map of ``n_steps`` steps over :data:`SYNTHETIC_CHANNELS`.

    Steps ``s-01``... are spread over the lifecycle phases; every step is bound to the
    activity ``a01``...; every fifth core step is a breaking point with a blocking irritant
    and a second binding ``aNN_rejected`` (loops); every fourth is a moment of truth.

    With ``detours`` (the default) and at least 10 steps, five steps are not stages of
    the main path: ``s-03`` is optional, ``s-06`` an exception that sends the customer back
    to ``s-05`` (a declared loop), ``s-07`` a failure outcome decided after ``s-05``, the
    step after the middle a success outcome, and the third-last step an exception (a support
    contact at varying positions). ``detours=False`` gives the straight line of core steps.

    >>> m = synthetic_journey(12, seed=1)
    >>> [s.id for s in m.steps][:3], m.steps[0].events[0].activity
    (['s-01', 's-02', 's-03'], 'a01')
    >>> [s.role.value for s in m.steps][:8]
    ['core', 'core', 'optional', 'core', 'core', 'exception', 'outcome', 'core']
    >>> synthetic_journey(12, detours=False).structure().is_line
    True
    """
    rng = np.random.default_rng([seed, 12345])
    roles = _synthetic_roles(n_steps) if detours else {}
    loop_targets = {r["returns_to"] for r in roles.values() if "returns_to" in r}
    kinds = [k for k in PhaseKind if k not in (PhaseKind.CUSTOM, PhaseKind.EXIT)]
    phases = [{"id": f"ph-{k.value.replace('_', '-')}", "name": k.value, "kind": k} for k in kinds]
    steps: list[dict[str, object]] = []
    for i in range(1, n_steps + 1):
        kind_index = min(len(kinds) - 1, (i - 1) * len(kinds) // n_steps)
        # early phases are digital, later ones use every channel
        pool = SYNTHETIC_CHANNELS[:2] if kind_index < 3 else SYNTHETIC_CHANNELS
        channel = str(pool[int(rng.integers(len(pool)))])
        second = str(SYNTHETIC_CHANNELS[int(rng.integers(len(SYNTHETIC_CHANNELS)))])
        role = roles.get(i, {})
        core = not role
        breaking = core and i % 5 == 0
        bindings: list[dict[str, str]] = [{"activity": f"a{i:02d}", "channel": channel}]
        irritants: list[dict[str, object]] = []
        if breaking:
            if f"s-{i:02d}" not in loop_targets:
                bindings.append({"activity": f"a{i:02d}_rejected"})
            irritants.append({"text": f"Blocking problem at step {i}", "severity": 3})
        elif i % 3 == 0:
            irritants.append({"text": f"Irritant at step {i}", "severity": 2})
        steps.append(
            {
                "id": f"s-{i:02d}",
                "name": f"Step {i}",
                "phase": phases[kind_index]["id"],
                **role,
                "touchpoints": [{"channel": channel}, {"channel": second}],
                "irritants": irritants,
                "moment_of_truth": i % 4 == 0 and role.get("role") != "outcome",
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
    """Numeric arrays the simulation reads, derived once from the map.

    Arrays indexed ``(K, ...)`` are per walked step (step codes), ``(N, ...)`` per stage of
    the main path.
    """

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
    loop_p: FloatArray  # (K,) the visit is redone (undeclared loop)
    score_p: FloatArray  # (K,)
    score_mean: FloatArray  # (K, S)
    resource_step: BoolArray  # (K,)
    stage_cum: FloatArray  # (N, A) cumulative choice of the stage's alternatives
    stage_step: IntArray  # (N, A) step codes of the alternatives
    continue_p: FloatArray  # (N,)
    strained_continue_p: FloatArray  # (N,) after an exception
    skip_p: FloatArray  # (N,)
    median_delay_seconds: FloatArray  # (N,) to reach the stage
    loop_step: IntArray  # (N,) declared loop step taken after the stage, -1: none
    loop_share: FloatArray  # (N,)
    loop_target: IntArray  # (N,) stage the declared loop returns to
    detour_p: FloatArray  # (N, J) chance that detour j happens after a visit of the stage
    detour_step: IntArray  # (J,)
    detour_near: BoolArray  # (N,) some detour may happen after the stage
    detour_strains: BoolArray  # (J,) an exception: customers drop off more afterwards
    failure_p: FloatArray  # (N,) chance that a customer stopping after the stage is refused
    failure_cum: FloatArray  # (N, F)
    failure_step: IntArray  # (N, F)
    success_p: FloatArray  # (N,) chance that an undecided customer succeeds at the stage
    success_cum: FloatArray  # (N, X)
    success_step: IntArray  # (N, X)
    has_loops: bool
    has_strain: bool
    has_outcomes: bool
    amount_activity: BoolArray  # (A,)
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
    width = max([len(r) for r in rows] + [1])
    return np.array([r + [fill] * (width - len(r)) for r in rows], dtype=np.float64).reshape(
        len(rows), width
    )


def _cumulative(weights: list[list[float]]) -> FloatArray:
    cum: list[list[float]] = []
    for w in weights:
        if not w:
            cum.append([])
            continue
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


def _expected_events(drop: FloatArray, stage_events: FloatArray) -> float:
    reach = np.concatenate([[1.0], np.cumprod(1.0 - drop)[:-1]])
    return float((reach * stage_events).sum() * (1.0 + _NOISE_PROBABILITY))


def _calibrated_drop(weights: FloatArray, stage_events: FloatArray, target: float) -> FloatArray:
    """Drop probabilities ``min(0.9, base * weight)`` whose expected events hit ``target``."""
    low, high = 1e-4, 0.5
    for _ in range(60):
        mid = (low + high) / 2
        if _expected_events(np.minimum(0.9, mid * weights), stage_events) > target:
            low = mid
        else:
            high = mid
    return np.minimum(0.9, high * weights)


@dataclass
class _Layout:
    """Where each walked step sits: stages of the main path and the steps beside it."""

    stages: list[list[Step]]
    detours: list[Step]
    outcomes: list[Step]
    anchor: dict[str, int]
    """Stage after which a non-core step happens (the last stage before it in map order)."""
    stage_of: dict[str, int]


def _layout(m: JourneyMap) -> _Layout:
    by_id = {s.id: s for s in m.steps}
    walked = {s.id for s in m.steps if any(b.activity for b in s.events)}
    stages = [[by_id[i] for i in stage.steps if i in walked] for stage in m.structure().stages]
    stages = [stage for stage in stages if stage]
    if not stages:
        raise SyntheticLogError("no_steps")
    position = {s.id: i for i, s in enumerate(m.steps)}
    head_position = [position[stage[0].id] for stage in stages]
    stage_of = {s.id: k for k, stage in enumerate(stages) for s in stage}
    others = [s for s in m.steps if s.id in walked and s.id not in stage_of]
    anchor = {
        s.id: max([k for k, p in enumerate(head_position) if p < position[s.id]], default=0)
        for s in others
    }
    return _Layout(
        stages=stages,
        detours=[s for s in others if s.is_detour],
        outcomes=[s for s in others if s.role is StepRole.OUTCOME],
        anchor=anchor,
        stage_of=stage_of,
    )


def _plan(m: JourneyMap, events_per_customer: float) -> _Plan:
    layout = _layout(m)
    n_stages = len(layout.stages)
    steps = [s for stage in layout.stages for s in stage] + layout.detours + layout.outcomes
    code = {s.id: i for i, s in enumerate(steps)}
    activities, channels = _Codes(), _Codes()
    listened = {lp.step for lp in m.listening_points}
    persona_ids: list[str | None] = [p.id for p in m.personas] or [None]
    segments: list[str | None] = [p.segment or p.id for p in m.personas] or [None]

    # declared loops: a detour that returns to a stage, taken after the later of the two
    loop_step = np.full(n_stages, -1, dtype=np.int64)
    loop_share = np.zeros(n_stages)
    loop_target = np.zeros(n_stages, dtype=np.int64)
    free_detours: list[Step] = []
    for s in layout.detours:
        target = layout.stage_of.get(s.returns_to or "")
        at = max(target, layout.anchor[s.id]) if target is not None else -1
        if target is None or loop_step[at] >= 0:
            free_detours.append(s)
            continue
        loop_step[at], loop_share[at], loop_target[at] = code[s.id], _LOOP_SHARE, target
    detour_p = np.zeros((n_stages, len(free_detours)))
    for j, s in enumerate(free_detours):
        if s.role is StepRole.OPTIONAL:
            detour_p[layout.anchor[s.id], j] = _OPTIONAL_SHARE
        else:  # an exception happens at varying positions around its place
            before, after = _EXCEPTION_WINDOW
            first = max(0, layout.anchor[s.id] - before)
            last = min(n_stages, layout.anchor[s.id] + after + 1)
            detour_p[first:last, j] = _EXCEPTION_SHARE / (last - first)

    failures: list[list[int]] = [[] for _ in range(n_stages)]
    successes: list[list[int]] = [[] for _ in range(n_stages)]
    for s in layout.outcomes:
        kind_list = successes if s.outcome is OutcomeKind.SUCCESS else failures
        kind_list[layout.anchor[s.id]].append(code[s.id])
    last_success = max([k for k in range(n_stages) if successes[k]], default=-1)
    success_p = np.array(
        [1.0 if k == last_success else 0.5 if successes[k] else 0.0 for k in range(n_stages)]
    )
    failure_p = np.array([_DECISION_SHARE if f else 0.0 for f in failures])

    bind_w, bind_a, bind_c, touch_w, touch_c = [], [], [], [], []
    reject_a, reject_c, loop, score_p, score_mean, medians = [], [], [], [], [], []
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
        declared = step.id in layout.stage_of and loop_step[layout.stage_of[step.id]] >= 0
        undeclared = 0.25 if reject else 0.08 if blocking and not declared else 0.01
        loop.append(undeclared if step.on_main_path else 0.0)
        medians.append(_median_delay_seconds(m, step))
        score_p.append(0.3 if step.moment_of_truth or step.id in listened else 0.0)
        score_mean.append(_score_mean(m, step, persona_ids))

    loop_p = np.array(loop)
    stage_loop = np.array([np.mean([loop_p[code[s.id]] for s in st]) for st in layout.stages])
    stage_events = 1.0 / (1.0 - stage_loop) + 2.0 * loop_share + detour_p.sum(axis=1) + success_p
    weights = np.array([3.0 if any(s.breaking_point for s in st) else 1.0 for st in layout.stages])
    weights[last_success + 1 :] *= _CONVERTED_DROP_FACTOR if last_success >= 0 else 1.0
    drop = _calibrated_drop(weights, stage_events, events_per_customer)
    drop[-1] = 1.0
    skip_p = np.minimum(0.05, _SKIP_SHARE * drop)
    skip_p[:-1][success_p[1:] > 0] = 0.0  # never skip the stage where customers succeed
    noise = [(a, c) for a, c in NOISE_ACTIVITIES if a not in activities.names]  # never a step's
    noise_a = [activities.code(a) for a, _ in noise]
    noise_c = [channels.code(c) for _, c in noise]
    index = {s.id: i for i, s in enumerate(m.steps)}
    stage_codes = [[float(code[s.id]) for s in st] for st in layout.stages]
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
        loop_p=loop_p,
        score_p=np.array(score_p),
        score_mean=np.array(score_mean),
        resource_step=np.array(medians) >= _BACK_OFFICE_MEDIAN_SECONDS,
        stage_cum=_cumulative([[1.0] * len(st) for st in stage_codes]),
        stage_step=_padded(stage_codes, 0).astype(np.int64),
        continue_p=1.0 - drop,
        strained_continue_p=(1.0 - drop) ** _STRAIN_POWER,
        skip_p=skip_p,
        median_delay_seconds=np.array([medians[code[st[0].id]] for st in layout.stages]),
        loop_step=loop_step,
        loop_share=loop_share,
        loop_target=loop_target,
        detour_p=detour_p,
        detour_step=np.array([code[s.id] for s in free_detours], dtype=np.int64),
        detour_near=detour_p.sum(axis=1) > 0,
        detour_strains=np.array([s.role is StepRole.EXCEPTION for s in free_detours], dtype=bool),
        failure_p=failure_p,
        failure_cum=_cumulative([[1.0] * len(f) for f in failures]),
        failure_step=_padded([[float(c) for c in f] for f in failures], 0).astype(np.int64),
        success_p=success_p,
        success_cum=_cumulative([[1.0] * len(x) for x in successes]),
        success_step=_padded([[float(c) for c in x] for x in successes], 0).astype(np.int64),
        has_loops=bool(loop_share.any()),
        has_strain=any(s.role is StepRole.EXCEPTION for s in free_detours),
        has_outcomes=bool(layout.outcomes),
        amount_activity=np.array(
            [any(w in a.lower() for w in _AMOUNT_WORDS) for a in activities.names]
        ),
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


def _visit(
    plan: _Plan,
    step: IntArray,
    segment: IntArray,
    after_loop: BoolArray,
    u: FloatArray,
    noise: FloatArray,
    rejected: BoolArray | None = None,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Activity, channel and score of one visit of each ``step`` (``u``: 3 uniforms a row).

    ``rejected`` visits log the step's reject binding instead (an undeclared loop).
    """
    choice = _choose(plan.bind_cum[step], u[:, 0])
    activity = plan.bind_activity[step, choice]
    channel = plan.bind_channel[step, choice]
    if rejected is not None:
        activity = np.where(rejected, plan.reject_activity[step], activity)
        channel = np.where(rejected, plan.reject_channel[step], channel)
    touch = plan.touch_channel[step, _choose(plan.touch_cum[step], u[:, 1])]
    channel = np.where(channel < 0, touch, channel)
    scored = u[:, 2] < plan.score_p[step]
    mean = plan.score_mean[step, segment] - np.where(after_loop, 1.0, 0.0)
    score = np.where(scored, np.clip(np.rint(mean + 0.9 * noise), 1, 5), np.nan)
    return activity, channel, score


def _simulate_block(
    plan: _Plan, n: int, rng: np.random.Generator, period_us: int
) -> tuple[_Events, IntArray]:
    """Walk ``n`` customers through the plan; returns their events and segment codes."""
    n_stages = plan.stage_step.shape[0]
    segment = rng.integers(len(plan.segments), size=n).astype(np.int64)
    time = rng.integers(period_us, size=n).astype(np.int64)
    alternative_u = rng.random(n)  # a customer keeps to their way through alternatives
    pos = np.zeros(n, dtype=np.int64)
    loops = np.zeros(n, dtype=np.int64)
    went_back = np.zeros(n, dtype=bool)
    after_loop = np.zeros(n, dtype=bool)
    decided = np.zeros(n, dtype=bool)
    strained = np.zeros(n, dtype=bool)
    alive = np.arange(n, dtype=np.int64)
    out = _Events([], [], [], [], [], [])
    for _ in range(4 * n_stages + (n_stages + 2) * _MAX_LOOPS):
        if alive.size == 0:
            break
        m = alive.size
        k = pos[alive]
        u = rng.random((m, 11))
        if plan.stage_step.shape[1] > 1:
            step = plan.stage_step[k, _choose(plan.stage_cum[k], alternative_u[alive])]
        else:
            step = plan.stage_step[k, 0]
        loops_before = loops[alive]
        can_loop = loops_before < _MAX_LOOPS
        looping = (u[:, 0] < plan.loop_p[step]) & can_loop
        rejected = looping & (plan.reject_activity[step] >= 0)
        seg, was_looping = segment[alive], after_loop[alive]
        activity, channel, score = _visit(
            plan, step, seg, was_looping, u[:, 1:4], rng.standard_normal(m), rejected
        )
        out.add(alive, time[alive], step, activity, channel, score)
        # what happens next
        # (a uniform serves two mutually exclusive draws: u[:, 5] decides whether free
        # customers leave and whether looped ones give up, u[:, 6] whether staying
        # customers go back and whether leaving ones are refused)
        if plan.has_loops:
            share = plan.loop_share[k] * np.ldexp(1.0, -loops_before)  # halved at each loop
            declared = ~looping & can_loop & (u[:, 4] < share)
            free = ~looping & ~declared
            gives_up = declared & (u[:, 5] < _LOOP_ABANDON_SHARE)
        else:
            declared = gives_up = np.zeros(m, dtype=bool)
            free = ~looping
        if plan.has_strain:
            continue_p = np.where(strained[alive], plan.strained_continue_p[k], plan.continue_p[k])
        else:
            continue_p = plan.continue_p[k]
        leaving = (free & (u[:, 5] >= continue_p)) | gives_up
        back = free & ~leaving & (u[:, 6] < _BACK_PROBABILITY) & ~went_back[alive] & (k > 0)
        skip = free & ~leaving & ~back & (u[:, 7] < plan.skip_p[k])
        new_pos = np.where(looping, k, np.where(back, k - 1, np.where(skip, k + 2, k + 1)))
        if plan.has_loops:
            new_pos = np.where(declared, plan.loop_target[k], new_pos)
        if plan.has_outcomes:
            undecided = ~decided[alive]
            fails = leaving & undecided & (u[:, 6] < plan.failure_p[k])
            wins = free & undecided & ~fails & (u[:, 8] < plan.success_p[k])
            decided[alive] |= fails | wins
        else:
            fails = wins = np.zeros(m, dtype=bool)
        loops[alive] += looping | declared
        went_back[alive] |= back
        after_loop[alive] = looping | declared
        median = plan.median_delay_seconds[np.minimum(new_pos, n_stages - 1)]
        delay_s = median * np.exp(_DELAY_SIGMA * rng.standard_normal(m))
        delay_us = np.maximum(1, (delay_s * 1e6).astype(np.int64))
        hurt = _detours_and_outcomes(
            plan, out, rng, alive, time, seg, k, u, delay_us, declared, fails, wins
        )
        strained[hurt] = True
        staying = ~leaving & (new_pos < n_stages)
        alive, new_pos, delay_us = alive[staying], new_pos[staying], delay_us[staying]
        if alive.size == 0:
            break
        # a noise event sometimes happens between two steps
        noisy = u[staying, 9] < _NOISE_PROBABILITY
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


def _detours_and_outcomes(
    plan: _Plan,
    out: _Events,
    rng: np.random.Generator,
    alive: IntArray,
    time: IntArray,
    segment: IntArray,
    k: IntArray,
    u: FloatArray,
    delay_us: IntArray,
    declared: BoolArray,
    fails: BoolArray,
    wins: BoolArray,
) -> IntArray:
    """The events logged between a visit of stage ``k`` and the next one.

    A declared loop's step comes early in that gap, a success soon after the visit, a
    failure at the end of the gap (the decision takes that long), detours at random.
    Returns the customers who met an exception step (they drop off more afterwards).
    """
    rows: list[IntArray] = []
    steps: list[IntArray] = []
    fracs: list[FloatArray] = []
    if plan.loop_share.any():
        r = np.flatnonzero(declared)
        rows.append(r)
        steps.append(plan.loop_step[k[r]])
        fracs.append(0.1 + 0.4 * u[r, 10])
    if plan.success_p.any():
        r = np.flatnonzero(wins)
        rows.append(r)
        steps.append(plan.success_step[k[r], _choose(plan.success_cum[k[r]], u[r, 10])])
        fracs.append(0.02 + 0.08 * u[r, 10])
    if plan.failure_p.any():
        r = np.flatnonzero(fails)
        rows.append(r)
        steps.append(plan.failure_step[k[r], _choose(plan.failure_cum[k[r]], u[r, 10])])
        fracs.append(np.ones(r.size))
    if plan.detour_step.size:
        near = np.flatnonzero(plan.detour_near[k])  # only customers where a detour may happen
        hit, j = np.nonzero(rng.random((near.size, plan.detour_step.size)) < plan.detour_p[k[near]])
        r = near[hit]
        rows.append(r)
        steps.append(plan.detour_step[j])
        fracs.append(rng.random(r.size))
        hurt = alive[r[plan.detour_strains[j]]]
    else:
        hurt = np.zeros(0, dtype=np.int64)
    if not rows:
        return hurt
    row, step, frac = np.concatenate(rows), np.concatenate(steps), np.concatenate(fracs)
    if row.size == 0:
        return hurt
    activity, channel, score = _visit(
        plan,
        step,
        segment[row],
        np.zeros(row.size, dtype=bool),
        rng.random((row.size, 3)),
        rng.standard_normal(row.size),
    )
    at = time[alive[row]] + (delay_us[row] * frac).astype(np.int64)
    out.add(alive[row], at, step, activity, channel, score)
    return hurt


def _strings(codes: IntArray, names: list[str] | list[str | None] | pa.Array) -> pa.Array:
    """Arrow strings from integer codes (-1: null), via one dictionary take."""
    dictionary = names if isinstance(names, pa.Array) else pa.array(list(names), pa.string())
    narrow = codes.astype(np.int32)  # numpy narrows ten times faster than Arrow with a mask
    missing = narrow < 0
    indices = pa.array(narrow, mask=missing) if missing.any() else pa.array(narrow)
    return dictionary.take(indices)


def _case_names(first: int, n: int) -> pa.Array:
    """``C000000001``... for ``n`` customers from number ``first``, computed by Arrow.

    >>> _case_names(41, 2).to_pylist()
    ['C000000041', 'C000000042']
    """
    numbers = pc.cast(pa.array(np.arange(first, first + n, dtype=np.int64)), pa.string())
    return pc.binary_join_element_wise("C", pc.utf8_lpad(numbers, 9, "0"), "")


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
    until_us: int | None,
) -> pa.RecordBatch:
    rng = np.random.default_rng([seed, block])
    ev, segment = _simulate_block(plan, n, rng, period_us)
    case = np.concatenate(ev.case)
    time = np.concatenate(ev.time)
    order = np.lexsort((case, time))
    if until_us is not None:  # the extraction date: later events have not happened yet
        order = order[time[order] < until_us - start_us]
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
    case_names = _case_names(first_case, n)
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
    until: datetime | None = None,
    n_steps: int = 20,
    events_per_customer: float = 8.0,
    with_steps: bool = False,
    chunk_rows: int = 1 << 20,
    block_customers: int = 1 << 16,
) -> Iterator[pa.RecordBatch]:
    """Yield a synthetic event log walking ``journey_map``, in batches of ``chunk_rows``.

    ``customers`` caps the number of customers, ``events`` the number of rows (the log
    then ends exactly after ``events`` rows, as an extraction cut at that size would);
    give either or both. Customers enter during ``period_days`` after ``start``; ``until``
    (exclusive) is the extraction date: events after it are left out, as in a log
    extracted that day (customers still on their way have no outcome yet).
    ``journey_map=None`` uses ``synthetic_journey(n_steps, seed=seed)``.
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
        _blocks(
            plan,
            customers,
            events,
            seed,
            (start, period_days, until),
            with_steps,
            block_customers,
        ),
        chunk_rows,
    )


def _blocks(
    plan: _Plan,
    customers: int | None,
    events: int | None,
    seed: int,
    dates: tuple[datetime, float, datetime | None],
    with_steps: bool,
    block_customers: int,
) -> Iterator[pa.RecordBatch]:
    start, period_days, until = dates
    start_us = _naive_utc_us(start)
    until_us = _naive_utc_us(until) if until is not None else None
    period_us = max(1, int(period_days * _DAY * 1e6))
    remaining_customers = customers if customers is not None else math.inf
    remaining_events = events if events is not None else math.inf
    row, block = 1, 0
    while remaining_customers > 0 and remaining_events > 0:
        n = int(min(block_customers, remaining_customers))
        batch = _block_batch(
            plan, block, block_customers, n, seed, start_us, period_us, row, with_steps, until_us
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
    until: datetime | None
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
