"""A first journey map drafted from an event log alone (``parcours discover``).

The draft is a starting point for a person, not a finished map: it proposes

- **steps** from the frequent activities (those reached by at least
  ``min_case_share`` of the cases), in their *typical order*: the median, over the
  cases, of the relative position of the activity's first occurrence in the case
  (0 = first event, 1 = last event);
- **phases** from the lifecycle vocabulary, suggested by words of the activity names
  (French and English: "order", "souscription", "delivery", "ticket"...), kept in
  lifecycle order so that every phase is one contiguous run of steps;
- **touchpoints** from the channels seen on each activity (at least 10 % of its events);
- **personas** from the segments, when the log has a segment column;
- **metrics** bound to the built-in measures, so ``parcours analyze`` fills them;
- the **structure**: each step's role (main path, optional, exception with the step a
  rework loop returns to, alternative, success or failure outcome), with a ``review`` note
  saying why (:mod:`parcours.analytics.structure_discovery`).

Everything a person must add (emotions, irritants, blueprint, data collected...) is
left empty, so that the quality rubric lists the work still to do.

>>> import pyarrow as pa
>>> from datetime import datetime
>>> from parcours.engine import Engine
>>> rows = [("c1", "visit"), ("c1", "order"), ("c2", "visit"), ("c2", "order")]
>>> t = pa.table({"case_id": [r[0] for r in rows], "activity": [r[1] for r in rows],
...     "timestamp": [datetime(2026, 1, 1, h) for h in range(4)], "row": [1, 2, 3, 4],
...     "channel": ["web"] * 4, "segment": pa.nulls(4, pa.string()),
...     "score": pa.nulls(4, pa.float64())})
>>> engine = Engine.duckdb()
>>> draft = discover(engine, engine.table(t), lang="en")
>>> [s.name for s in draft.journey_map.steps]
['Visit', 'Order']
>>> [p.kind.value for p in draft.journey_map.phases]
['information_search', 'purchase']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import ibis

from parcours.analytics.options import MAX_STEPS, MIN_CASE_SHARE, THIRTY_DAYS_SECONDS
from parcours.analytics.structure_discovery import (
    Evidence,
    RoleProposal,
    measure_evidence,
    propose_structure,
    rank_events,
    review_text,
    suggested_window_days,
)
from parcours.i18n import Catalog, label
from parcours.model import (
    Channel,
    EventBinding,
    Journey,
    JourneyMap,
    Language,
    Measure,
    MetricDefinition,
    OutcomeKind,
    Persona,
    Phase,
    PhaseKind,
    Step,
    StepRole,
    Touchpoint,
    slugify,
    unique_id,
)
from parcours.model.vocabulary import Direction

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pandas as pd

    from parcours.engine import Engine

LIFECYCLE = (
    PhaseKind.DISCOVERY,
    PhaseKind.INFORMATION_SEARCH,
    PhaseKind.PURCHASE,
    PhaseKind.ONBOARDING,
    PhaseKind.FIRST_USE,
    PhaseKind.USAGE,
    PhaseKind.SUPPORT,
    PhaseKind.LOYALTY,
    PhaseKind.EXIT,
)
"""Phase kinds in lifecycle order: suggested phases never go backwards."""

_KIND_WORDS: dict[PhaseKind, tuple[str, ...]] = {
    PhaseKind.DISCOVERY: (
        "ad",
        "advert",
        "campaign",
        "banner",
        "pub",
        "publicite",
        "landing",
        "referral",
        "impression",
        "social",
        "discover",
        "decouverte",
    ),
    PhaseKind.INFORMATION_SEARCH: (
        "search",
        "recherche",
        "compare",
        "comparateur",
        "simulat",
        "faq",
        "view",
        "browse",
        "visit",
        "visite",
        "info",
        "catalog",
        "catalogue",
        "product",
        "produit",
        "quote",
        "devis",
    ),
    PhaseKind.PURCHASE: (
        "order",
        "commande",
        "purchase",
        "achat",
        "buy",
        "checkout",
        "pay",
        "paiement",
        "payment",
        "sign",
        "signature",
        "souscri",
        "subscribe",
        "contract",
        "contrat",
        "form",
        "formulaire",
        "application",
        "demande",
        "kyc",
        "submit",
        "register",
        "inscription",
    ),
    PhaseKind.ONBOARDING: (
        "deliver",
        "livraison",
        "livre",
        "receive",
        "reception",
        "receipt",
        "welcome",
        "bienvenue",
        "activation",
        "activate",
        "onboard",
        "ship",
        "expedi",
        "card_sent",
    ),
    PhaseKind.FIRST_USE: ("first", "premier", "premiere", "setup", "install"),
    PhaseKind.USAGE: ("use", "usage", "login", "connexion", "transaction", "transfer"),
    PhaseKind.SUPPORT: (
        "ticket",
        "support",
        "complaint",
        "reclamation",
        "claim",
        "incident",
        "resolve",
        "resolution",
        "call",
        "appel",
        "assign",
        "escalat",
        "anomaly",
        "wait",
        "closed",
        "close",
        "sav",
        "return",
        "retour",
        "refund",
        "rembourse",
    ),
    PhaseKind.LOYALTY: ("loyal", "fidel", "review", "avis", "recommend", "nps", "renew"),
    PhaseKind.EXIT: ("churn", "cancel", "resili", "close_account", "cloture", "depart"),
}

_CHANNEL_WORDS: dict[Channel, tuple[str, ...]] = {
    Channel.WEB: ("web", "internet", "site", "online", "en ligne", "www", "portal", "portail"),
    Channel.APP: ("app", "mobile", "application", "ios", "android"),
    Channel.EMAIL: ("email", "e-mail", "courriel"),
    Channel.SMS: ("sms", "text"),
    Channel.PHONE: ("phone", "telephone", "call", "appel", "tel", "ivr", "svi"),
    Channel.BRANCH: ("branch", "agence", "desk", "guichet", "counter", "store", "magasin"),
    Channel.CHATBOT: ("chatbot", "bot", "assistant"),
    Channel.LIVE_CHAT: ("chat", "tchat"),
    Channel.MAIL: ("mail", "post", "courrier", "letter", "lettre", "paper", "papier"),
    Channel.KIOSK: ("kiosk", "borne"),
    Channel.SOCIAL: ("social", "facebook", "instagram", "linkedin", "twitter", "tiktok"),
    Channel.VIDEO: ("video", "visio"),
    Channel.PARTNER: ("partner", "partenaire", "broker", "courtier", "comparator"),
    Channel.ADVERTISING: ("ad", "ads", "advertising", "publicite", "display", "campaign"),
}

TEXT = Catalog(
    {
        "title": {"en": "Draft journey from {source}", "fr": "Parcours esquissé depuis {source}"},
        "scope": {
            "en": "Drafted from data: {cases} cases, {events} events, {activities} activities. "
            "To be completed: scope, personas' goals, emotions, irritants, blueprint.",
            "fr": "Esquissé à partir des données : {cases} dossiers, {events} événements, "
            "{activities} activités. À compléter : périmètre, objectifs des personas, "
            "émotions, irritants, blueprint.",
        },
        "step_description": {
            "en": "Activity '{activity}': {events} events, {cases} cases ({share} of all cases).",
            "fr": "Activité « {activity} » : {events} événements, {cases} dossiers "
            "({share} des dossiers).",
        },
        "journey_phase": {"en": "Journey", "fr": "Parcours"},
        "persona_description": {
            "en": "Segment '{segment}' in the data ({share} of cases).",
            "fr": "Segment « {segment} » dans les données ({share} des dossiers).",
        },
        "m_customers": {"en": "Customers reached", "fr": "Clients atteints"},
        "m_conversion": {
            "en": "Conversion from previous step",
            "fr": "Conversion depuis l'étape précédente",
        },
        "m_delay": {
            "en": "Median delay from previous step",
            "fr": "Délai médian depuis l'étape précédente",
        },
        "m_satisfaction": {"en": "Mean satisfaction", "fr": "Satisfaction moyenne"},
    }
)


@dataclass(frozen=True)
class ActivityProfile:
    """What the data says about one activity."""

    activity: str
    events: int
    cases: int
    case_share: float
    typical_position: float
    """Median over cases of the relative position (0..1) of the first occurrence."""
    channels: dict[str, int] = field(default_factory=dict)
    scores: int = 0


@dataclass(frozen=True)
class DraftMap:
    """The drafted map and the evidence it was drafted from."""

    journey_map: JourneyMap
    activities: list[ActivityProfile]
    """Every activity, most frequent first."""
    kept: list[str]
    """Activities that became steps, in journey order."""
    rare: list[str]
    """Activities below the threshold (reported, not turned into steps)."""
    n_events: int
    n_cases: int
    structure: list[RoleProposal] = field(default_factory=list)
    """The role proposed for each kept activity, in map order (see
    :mod:`parcours.analytics.structure_discovery`)."""
    evidence: Evidence | None = None
    """The statistics the roles were proposed from."""

    @property
    def suggested_window_days(self) -> int | None:
        """A conversion window (days) that lets 90 % of the customers who reach a success
        outcome reach it, when the default 30 days is too short; None otherwise."""
        if self.evidence is None:
            return None
        days = [
            suggested_window_days(self.evidence.activities[p.activity])
            for p in self.structure
            if p.outcome is OutcomeKind.SUCCESS
            and self.evidence.activities[p.activity].p90_seconds_from_start > THIRTY_DAYS_SECONDS
        ]
        return max(days, default=None)

    def role_of(self, activity: str) -> RoleProposal | None:
        """The role proposed for ``activity`` (None: not a step)."""
        return next((p for p in self.structure if p.activity == activity), None)

    def to_pandas(self) -> pd.DataFrame:
        """One row per activity: counts, share, typical position, whether it is a step."""
        import pandas as pd

        kept = set(self.kept)
        return pd.DataFrame(
            [
                {
                    "activity": a.activity,
                    "events": a.events,
                    "cases": a.cases,
                    "case_share": a.case_share,
                    "typical_position": a.typical_position,
                    "step": a.activity in kept,
                    "role": proposal.role.value if proposal else None,
                }
                for a in self.activities
                for proposal in [self.role_of(a.activity)]
            ]
        )


def discover(
    engine: Engine,
    events: ir.Table,
    *,
    lang: str = "en",
    min_case_share: float = MIN_CASE_SHARE,
    max_steps: int = MAX_STEPS,
    source: str = "",
) -> DraftMap:
    """Draft a journey map from a canonical event table (see :mod:`parcours.events.schema`).

    ``min_case_share``: an activity becomes a step when at least this share of cases has it;
    at most ``max_steps`` steps are kept (the most frequent).
    """
    ranked = rank_events(engine, events)
    profiles = activity_profiles(engine, events, ranked=ranked)
    n_cases = int(engine.scalar(events.case_id.nunique()))
    n_events = int(engine.scalar(events.count()))
    frequent = [p for p in profiles if p.case_share >= min_case_share][:max_steps]
    if not frequent:
        frequent = profiles[:1]
    ordered = sorted(frequent, key=lambda p: (p.typical_position, -p.cases, p.activity))
    evidence = measure_evidence(
        engine,
        events,
        [p.activity for p in ordered],
        typical_positions={p.activity: p.typical_position for p in ordered},
        n_cases=n_cases,
        ranked=ranked,
    )
    structure = propose_structure(evidence, [p.activity for p in ordered])
    kept = [p.activity for p in structure]
    by_activity = {p.activity: p for p in ordered}
    segments = _segments(engine, events, n_cases)
    journey_map = _build_map(
        [by_activity[a] for a in kept],
        segments,
        lang,
        source,
        n_cases,
        n_events,
        len(profiles),
        structure=(structure, evidence),
    )
    rare = [p.activity for p in profiles if p.activity not in set(kept)]
    draft = DraftMap(journey_map, profiles, kept, rare, n_events, n_cases, structure, evidence)
    window = draft.suggested_window_days
    if window is not None:
        journey_map.journey.conversion_window_days = float(window)
    return draft


def activity_profiles(
    engine: Engine, events: ir.Table, *, ranked: ir.Table | None = None
) -> list[ActivityProfile]:
    """Counts, case coverage, typical position and channels of every activity;
    ``ranked``: the events with their position in the case and the case's length
    (:func:`~parcours.analytics.structure_discovery.rank_events`), if already computed."""
    n_cases = max(int(engine.scalar(events.case_id.nunique())), 1)
    if ranked is None:
        ranked = events.mutate(
            position=ibis.row_number().over(
                group_by=events.case_id, order_by=[events.timestamp, events.row]
            ),
            length=events.count().over(group_by=events.case_id),
        )
    first = ranked.group_by(["case_id", "activity"]).aggregate(
        first_position=ranked.position.min(), length=ranked.length.max()
    )
    relative = first.mutate(
        relative=ibis.ifelse(
            first.length > 1,
            first.first_position.cast("float64") / (first.length - 1).cast("float64"),
            0.0,
        )
    )
    positions = relative.group_by("activity").aggregate(
        typical_position=relative.relative.median(), cases=relative.case_id.count()
    )
    counts = events.group_by("activity").aggregate(
        events=events.count(), scores=events.score.count()
    )
    stats = engine.execute(counts.join(positions, "activity")).to_pylist()
    channels = _channels(engine, events)
    profiles = [
        ActivityProfile(
            activity=str(row["activity"]),
            events=int(row["events"]),
            cases=int(row["cases"]),
            case_share=int(row["cases"]) / n_cases,
            typical_position=float(row["typical_position"]),
            channels=channels.get(str(row["activity"]), {}),
            scores=int(row["scores"]),
        )
        for row in stats
    ]
    return sorted(profiles, key=lambda p: (-p.cases, -p.events, p.activity))


def _channels(engine: Engine, events: ir.Table) -> dict[str, dict[str, int]]:
    with_channel = events.filter(events.channel.notnull())
    counts = with_channel.group_by(["activity", "channel"]).aggregate(n=with_channel.count())
    result: dict[str, dict[str, int]] = {}
    for row in engine.execute(counts).to_pylist():
        result.setdefault(str(row["activity"]), {})[str(row["channel"])] = int(row["n"])
    return result


def _segments(engine: Engine, events: ir.Table, n_cases: int) -> list[tuple[str, float]]:
    with_segment = events.filter(events.segment.notnull())
    per_segment = with_segment.group_by("segment").aggregate(cases=with_segment.case_id.nunique())
    rows = engine.execute(per_segment).to_pylist()
    shares = [(str(r["segment"]), int(r["cases"]) / max(n_cases, 1)) for r in rows]
    return sorted((s for s in shares if s[1] >= 0.05), key=lambda s: -s[1])[:6]


# ------------------------------------------------------------------------ suggestions
def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", slugify(text, max_length=200)) if w]


def suggest_kind(activity: str) -> PhaseKind | None:
    """The lifecycle phase an activity name suggests, if any.

    >>> suggest_kind("Resolve ticket"), suggest_kind("form_submitted"), suggest_kind("xyz")
    (<PhaseKind.SUPPORT: 'support'>, <PhaseKind.PURCHASE: 'purchase'>, None)
    """
    words = _words(activity)
    joined = "_".join(words)
    for kind in reversed(LIFECYCLE):
        for word in _KIND_WORDS[kind]:
            if "_" in word and word in joined:
                return kind
    for kind in LIFECYCLE:
        for word in _KIND_WORDS[kind]:
            if any(w == word or (len(word) >= 5 and w.startswith(word)) for w in words):
                return kind
    return None


def suggest_channel(name: str) -> Channel:
    """The channel of the vocabulary closest to a channel name found in data.

    >>> suggest_channel("Internet"), suggest_channel("Guichet"), suggest_channel("fax")
    (<Channel.WEB: 'web'>, <Channel.BRANCH: 'branch'>, <Channel.OTHER: 'other'>)
    """
    text = slugify(name, max_length=200).replace("-", " ")
    if text in {c.value for c in Channel}:
        return Channel(text)
    words = text.split()
    compact = "".join(words)
    for channel, names in _CHANNEL_WORDS.items():
        if compact in {n.replace("-", "").replace(" ", "") for n in names}:
            return channel
    for channel, names in _CHANNEL_WORDS.items():
        if any(n in words or (" " in n and n in text) for n in names):
            return channel
    return Channel.OTHER


def suggest_kinds(activities: Sequence[str]) -> list[PhaseKind]:
    """A phase kind per activity (in journey order) that never goes backwards.

    Activities with no hint take the kind of the step before them (the first ones take
    the first hinted kind); with no hint at all, every step is ``custom``.

    >>> [k.value for k in suggest_kinds(["visit", "something", "order", "parcel_delivered"])]
    ['information_search', 'information_search', 'purchase', 'onboarding']
    """
    hints = [suggest_kind(a) for a in activities]
    known = [h for h in hints if h is not None]
    if not known:
        return [PhaseKind.CUSTOM] * len(activities)
    kinds: list[PhaseKind] = []
    current = known[0]
    for hint in hints:
        if hint is not None and LIFECYCLE.index(hint) > LIFECYCLE.index(current):
            current = hint
        kinds.append(current)
    return kinds


def humanize(activity: str) -> str:
    """A readable step name from an activity code.

    >>> humanize("kyc_submitted"), humanize("Resolve ticket")
    ('Kyc submitted', 'Resolve ticket')
    """
    text = re.sub(r"[_\s]+", " ", activity).strip()
    return text[:1].upper() + text[1:] if text else activity


# ------------------------------------------------------------------------ building
def _build_map(
    ordered: Sequence[ActivityProfile],
    segments: Sequence[tuple[str, float]],
    lang: str,
    source: str,
    n_cases: int,
    n_events: int,
    n_activities: int,
    *,
    structure: tuple[Sequence[RoleProposal], Evidence] | None = None,
) -> JourneyMap:
    from parcours.i18n import format_percent

    detours = (
        {p.activity for p in structure[0] if p.role is StepRole.EXCEPTION} if structure else set()
    )
    # exceptions (support, incidents...) can happen anywhere: they take the phase they
    # fall in and never move the lifecycle forward
    kinds = suggest_kinds(["" if p.activity in detours else p.activity for p in ordered])
    phases: list[Phase] = []
    steps: list[Step] = []
    used_ids: set[str] = set()
    for profile, kind in zip(ordered, kinds, strict=True):
        if not phases or phases[-1].kind is not kind:
            name = (
                label(kind, lang)
                if kind is not PhaseKind.CUSTOM
                else TEXT.text("journey_phase", lang)
            )
            phases.append(Phase(id=_unique(f"ph-{kind.value}", used_ids), name=name, kind=kind))
        steps.append(_step(profile, phases[-1].id, lang, used_ids))
    if structure is not None:
        steps = _with_roles(steps, [p.activity for p in ordered], *structure, lang)
    personas = [
        Persona(
            id=_unique(f"p-{slugify(segment, max_length=30)}", used_ids),
            name=segment,
            description=TEXT.text(
                "persona_description", lang, segment=segment, share=format_percent(share, lang)
            ),
        )
        for segment, share in segments
    ]
    journey = Journey(
        title=TEXT.text("title", lang, source=source or "events"),
        scope=TEXT.text("scope", lang, cases=n_cases, events=n_events, activities=n_activities),
    )
    return JourneyMap(
        language=Language(lang) if lang in {"en", "fr"} else Language.EN,
        journey=journey,
        personas=personas,
        phases=phases,
        steps=steps,
    ).assign_missing_ids()


def _step(profile: ActivityProfile, phase_id: str, lang: str, used: set[str]) -> Step:
    from parcours.i18n import format_percent

    total = sum(profile.channels.values())
    touchpoints: list[Touchpoint] = []
    for name, count in sorted(profile.channels.items(), key=lambda kv: -kv[1]):
        channel = suggest_channel(name)
        if count >= 0.1 * total and all(t.channel is not channel for t in touchpoints):
            touchpoints.append(Touchpoint(channel=channel, name=name))
    metrics = [
        MetricDefinition(name=TEXT.text("m_customers", lang), measure=Measure.CUSTOMERS),
        MetricDefinition(
            name=TEXT.text("m_conversion", lang),
            unit="%",
            measure=Measure.CONVERSION_FROM_PREVIOUS,
        ),
        MetricDefinition(
            name=TEXT.text("m_delay", lang),
            unit="s",
            measure=Measure.DELAY_MEDIAN_SECONDS,
            direction=Direction.LOWER_IS_BETTER,
        ),
    ]
    if profile.scores:
        metrics.append(
            MetricDefinition(
                name=TEXT.text("m_satisfaction", lang), measure=Measure.SATISFACTION_MEAN
            )
        )
    description = TEXT.text(
        "step_description",
        lang,
        activity=profile.activity,
        events=profile.events,
        cases=profile.cases,
        share=format_percent(profile.case_share, lang),
    )
    return Step(
        id=_unique(f"s-{slugify(profile.activity, max_length=40)}", used),
        name=humanize(profile.activity),
        phase=phase_id,
        description=description,
        touchpoints=touchpoints,
        metrics=metrics,
        events=[EventBinding(activity=profile.activity)],
    )


def _with_roles(
    steps: Sequence[Step],
    activities: Sequence[str],
    proposals: Sequence[RoleProposal],
    evidence: Evidence,
    lang: str,
) -> list[Step]:
    """The steps with the proposed roles, links to other steps and review notes."""
    ids = dict(zip(activities, (s.id for s in steps), strict=True))
    names = dict(zip(activities, (s.name for s in steps), strict=True))
    by_activity = {p.activity: p for p in proposals}
    stages = len({p.stage for p in proposals if p.stage})
    outcomes = [p.activity for p in proposals if p.role is StepRole.OUTCOME]
    result: list[Step] = []
    for activity, step in zip(activities, steps, strict=True):
        proposal = by_activity[activity]
        others = [o for o in outcomes if o != activity]
        result.append(
            step.model_copy(
                update={
                    "role": proposal.role,
                    "outcome": proposal.outcome,
                    "alternative_of": ids.get(proposal.alternative_of or ""),
                    "returns_to": ids.get(proposal.returns_to or ""),
                    "review": review_text(
                        proposal, evidence, lang, names=names, stages=stages, outcomes=others
                    ),
                }
            )
        )
    return result


def _unique(candidate: str, used: set[str]) -> str:
    new_id = unique_id(candidate, used)
    used.add(new_id)
    return new_id
