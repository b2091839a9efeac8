"""The structure of a journey proposed from an event log alone (part of ``parcours discover``).

A log does not say which activities form the main path, which ones are detours and which
ones are results. This module proposes a :class:`~parcours.model.vocabulary.StepRole` for
each activity kept as a step, from plain statistics a person can check (all computed by
the engine, see :func:`measure_evidence`), and says why in words (:func:`review_text`).

The decisions, in this order (thresholds are the module's constants, documented in
``docs/analytics.md``, "Discovery of the structure"):

1. **Outcomes.** An activity that is the last event of at least
   :data:`OUTCOME_MIN_LAST_SHARE` of its cases (:data:`OUTCOME_NAMED_MIN_LAST_SHARE` when
   its name says success or failure) is a terminal candidate. Candidates are
   taken, those named first, then the most terminal first, while they are mutually
   exclusive: two outcomes share at
   most :data:`OUTCOME_MAX_OVERLAP` of the cases of the rarer one. Success or failure is
   guessed from the name (:func:`guess_outcome_kind`); when no name decides, the most
   frequent terminal activity is proposed as success. Every outcome is flagged for review.
2. **Skip share.** For every other activity, in typical order: of the customers who reach
   a later activity (or a success outcome), the share who never had this one.
3. **Exceptions.** An activity skipped by at least :data:`MIN_SKIP_SHARE` of the
   customers who go further (it is not on the main path) is an exception when it sends
   customers back to an activity they already did (at least :data:`REWORK_MIN_SHARE` of
   its events are directly followed by such a return: ``returns_to`` is set), when it
   occurs at varying positions (:data:`SPREAD_MIN`: interquartile range of the rank of
   its first occurrence among the distinct activities of the case, over their median
   number), or when its name says so (support, complaint, incident, error, rejection,
   reminder...).
4. **Alternatives.** Two remaining activities whose typical positions differ by at most
   :data:`ALTERNATIVE_MAX_GAP` and that share at most :data:`ALTERNATIVE_MAX_OVERLAP` of
   the cases of the rarer one are one stage: the rarer is ``alternative_of`` the other.
5. **Optional steps.** The skip share is measured again over the stages of the main path
   (an activity of a stage or its alternative marks it); a stage skipped by at least
   :data:`MIN_SKIP_SHARE` of the customers who reach a later stage or a success outcome is
   optional: the funnel must not lose customers at a step they never needed.
6. **Parallel steps.** A stage whose first occurrence comes before that of an earlier
   stage in at least :data:`PARALLEL_MIN_SHARE` of the cases having both is optional too.
7. **Main path.** The rest, in typical order.

>>> guess_outcome_kind("Account opened"), guess_outcome_kind("Demande annulée")
(<OutcomeKind.SUCCESS: 'success'>, <OutcomeKind.FAILURE: 'failure'>)
>>> suggests_exception("Contacter le support"), suggests_exception("Sign online")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import ibis

from parcours.analytics.options import THIRTY_DAYS_SECONDS
from parcours.i18n import Catalog, format_number, format_percent
from parcours.model import slugify
from parcours.model.vocabulary import OutcomeKind, StepRole

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from parcours.engine import Engine

_DAY_SECONDS = 86400.0

OUTCOME_MIN_LAST_SHARE = 0.8
"""An outcome is the last event of at least this share of the cases that have it."""
OUTCOME_NAMED_MIN_LAST_SHARE = 0.5
"""An activity whose name says success or failure is an outcome from this last share on
(results are often followed by a few administrative events)."""
OUTCOME_MAX_OVERLAP = 0.05
"""Two outcomes share at most this share of the cases of the rarer one (mutually exclusive)."""
MIN_SKIP_SHARE = 0.25
"""A step skipped by at least this share of the customers who go further is not a stage."""
REWORK_MIN_SHARE = 0.3
"""A rework step: at least this share of its events are followed by a return to an
activity the customer already did."""
SPREAD_MIN = 0.3
"""Varying position: interquartile range of the first occurrence's rank among the distinct
activities of the case, over their median number, at least this."""
PARALLEL_MIN_SHARE = 0.2
"""A stage whose first occurrence comes before that of an earlier stage in at least this
share of the cases having both is done in parallel: optional, so that the ordered funnel
does not count as lost the customers who did it first."""
ALTERNATIVE_MAX_GAP = 0.1
"""Alternatives: typical positions (0..1) at most this far apart."""
ALTERNATIVE_MAX_OVERLAP = 0.05
"""Alternatives: both in one case for at most this share of the cases of the rarer one."""

_SUCCESS_WORDS = (
    "approved",
    "approve",
    "accepted",
    "accept",
    "accorde",
    "granted",
    "valide",
    "validated",
    "ouvert",
    "opened",
    "completed",
    "complete",
    "termine",
    "finished",
    "closed",
    "clos",
    "cloture",
    "resolved",
    "resolu",
    "delivered",
    "livre",
    "paid",
    "paye",
    "success",
    "succes",
    "reussi",
    "activated",
    "active",
    "won",
    "gagne",
    "converted",
    "souscrit",
    "signed",
    "signe",
    "done",
    "fini",
)
_FAILURE_WORDS = (
    "declined",
    "decline",
    "refuse",
    "refused",
    "rejected",
    "reject",
    "rejet",
    "rejete",
    "cancelled",
    "canceled",
    "cancel",
    "annule",
    "annulation",
    "abandoned",
    "abandon",
    "abandonne",
    "expired",
    "expire",
    "lost",
    "perdu",
    "withdrawn",
    "withdraw",
    "retire",
    "failed",
    "failure",
    "fail",
    "echec",
    "echoue",
    "denied",
    "unpaid",
    "impaye",
    "unresolved",
    "incomplete",
    "churn",
    "resilie",
    "resiliation",
)
_NEGATIONS = ("not", "non", "pas", "no", "sans", "without", "never", "jamais")
_EXCEPTION_WORDS = (
    "support",
    "contact",
    "contacter",
    "call",
    "appel",
    "complaint",
    "reclamation",
    "plainte",
    "incident",
    "error",
    "erreur",
    "rejet",
    "rejete",
    "rejected",
    "reject",
    "relance",
    "reminder",
    "anomaly",
    "anomalie",
    "escalation",
    "escalade",
    "dispute",
    "litige",
    "fraud",
    "fraude",
    "opposition",
    "retry",
    "problem",
    "probleme",
    "helpdesk",
    "hotline",
    "sav",
    "correction",
    "missing",
    "manquant",
)

TEXT = Catalog(
    {
        "outcome_named": {
            "en": "Proposed as a {kind} outcome: the last event of {last} of its cases{others}; "
            'the name suggests it ("{word}"). Confirm.',
            "fr": "Proposé comme résultat ({kind}) : dernier événement de {last} de ses "
            "dossiers{others} ; le nom le suggère (« {word} »). À confirmer.",
        },
        "outcome_guessed": {
            "en": "Proposed as a success outcome: the last event of {last} of its cases"
            "{others} and the most frequent end; no word of its name says success or failure, so "
            "this is a guess. Confirm.",
            "fr": "Proposé comme résultat (succès) : dernier événement de {last} de ses "
            "dossiers{others} et la fin la plus fréquente ; aucun mot du nom ne dit succès ou "
            "échec, c'est donc une supposition. À confirmer.",
        },
        "outcome_unnamed_failure": {
            "en": "Proposed as a failure outcome: the last event of {last} of its cases"
            "{others}; its name does not say success and it is not "
            "the most frequent end. Confirm.",
            "fr": "Proposé comme résultat (échec) : dernier événement de {last} de ses "
            "dossiers{others} ; son nom ne dit pas succès et ce "
            "n'est pas la fin la plus fréquente. À confirmer.",
        },
        "exception_rework": {
            "en": "Proposed as an exception (rework loop): {rework} of its events are "
            "directly followed by a return to a step the customer already did, most often "
            '"{target}"; {skip} of the customers who go further never have it.',
            "fr": "Proposé comme exception (boucle de reprise) : {rework} de ses événements "
            "sont directement suivis d'un retour à une étape déjà faite, le plus souvent "
            "« {target} » ; {skip} des clients qui vont plus loin ne l'ont jamais.",
        },
        "exception_spread": {
            "en": "Proposed as an exception: it occurs at varying positions in the cases "
            "(the middle half of its first occurrences spreads over {spread} of a case); "
            "{skip} of the customers who go further never have it.",
            "fr": "Proposé comme exception : il survient à des positions variables dans les "
            "dossiers (la moitié centrale de ses premières occurrences s'étale sur {spread} "
            "d'un dossier) ; {skip} des clients qui vont plus loin ne l'ont jamais.",
        },
        "exception_named": {
            "en": "Proposed as an exception: its name suggests a support contact, an error "
            'or an incident ("{word}"); {skip} of the customers who go further never have '
            "it.",
            "fr": "Proposé comme exception : son nom évoque un contact au support, une "
            "erreur ou un incident (« {word} ») ; {skip} des clients qui vont plus loin "
            "ne l'ont jamais.",
        },
        "alternative": {
            "en": 'Proposed as an alternative to "{head}" (one stage of the main path): '
            "same typical position ({position} against {head_position}), both in one case "
            "for {overlap} of its cases.",
            "fr": "Proposé comme alternative à « {head} » (une seule étape du parcours "
            "principal) : même position typique ({position} contre {head_position}), les "
            "deux dans un même dossier pour {overlap} de ses dossiers.",
        },
        "optional": {
            "en": "Proposed as optional: {skip} of the customers who reach a later step or "
            "a success outcome never have it.",
            "fr": "Proposé comme facultatif : {skip} des clients qui atteignent une étape "
            "suivante ou un résultat de succès ne l'ont jamais.",
        },
        "parallel": {
            "en": 'Proposed as optional: done in either order with "{earlier}" (first in '
            "{share} of the cases that have both), so the ordered funnel must not count as "
            "lost the customers who do it first.",
            "fr": "Proposé comme facultatif : fait dans un ordre ou l'autre avec « {earlier} » "
            "(en premier dans {share} des dossiers qui ont les deux) ; le tunnel ordonné ne "
            "doit pas compter comme perdus les clients qui le font d'abord.",
        },
        "core": {
            "en": "Main path, stage {stage} of {stages} (typical position {position}): "
            "{kept} of the customers who reach a later step or a success outcome have it.",
            "fr": "Parcours principal, étape {stage} sur {stages} (position typique "
            "{position}) : {kept} des clients qui atteignent une étape suivante ou un "
            "résultat de succès l'ont.",
        },
        "core_last": {
            "en": "Main path, stage {stage} of {stages} (typical position {position}).",
            "fr": "Parcours principal, étape {stage} sur {stages} (position typique {position}).",
        },
        "others": {
            "en": ", {overlap} of them with another outcome too",
            "fr": ", dont {overlap} avec un autre résultat aussi",
        },
        "late_outcome": {
            "en": "Customers reach it {median} days after their first event (median; 90 % "
            "within {p90} days): beyond the default 30-day conversion window, analyse with "
            "a window of at least {days} days.",
            "fr": "Les clients l'atteignent {median} jours après leur premier événement "
            "(médiane ; 90 % en moins de {p90} jours) : au-delà de la fenêtre de conversion "
            "de 30 jours par défaut, analysez avec une fenêtre d'au moins {days} jours.",
        },
        "kind_success": {"en": "success", "fr": "succès"},
        "kind_failure": {"en": "failure", "fr": "échec"},
    }
)


# ------------------------------------------------------------------------ names
def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", slugify(text, max_length=200)) if w]


def _matching_word(words: Sequence[str], vocabulary: Iterable[str]) -> str | None:
    for word in vocabulary:
        for w in words:
            if w == word or (len(word) >= 5 and w.startswith(word)):
                return w
    return None


def outcome_word(activity: str) -> tuple[OutcomeKind, str] | None:
    """The outcome kind an activity name suggests and the word that decided it.

    A failure word wins over a success word; a negation turns success into failure.

    >>> outcome_word("Application refused"), outcome_word("Not approved")
    ((<OutcomeKind.FAILURE: 'failure'>, 'refused'), (<OutcomeKind.FAILURE: 'failure'>, 'not'))
    >>> outcome_word("T10 Determine necessity") is None
    True
    """
    words = _words(activity)
    failure = _matching_word(words, _FAILURE_WORDS)
    if failure is not None:
        return OutcomeKind.FAILURE, failure
    success = _matching_word(words, _SUCCESS_WORDS)
    if success is None:
        return None
    negation = next((w for w in words if w in _NEGATIONS), None)
    if negation is not None:
        return OutcomeKind.FAILURE, negation
    return OutcomeKind.SUCCESS, success


def guess_outcome_kind(activity: str) -> OutcomeKind | None:
    """Success or failure, as an activity name in French or English suggests (None: no hint).

    >>> guess_outcome_kind("Dossier validé"), guess_outcome_kind("Closed")
    (<OutcomeKind.SUCCESS: 'success'>, <OutcomeKind.SUCCESS: 'success'>)
    >>> guess_outcome_kind("A_DECLINED"), guess_outcome_kind("Resolve ticket")
    (<OutcomeKind.FAILURE: 'failure'>, None)
    """
    found = outcome_word(activity)
    return found[0] if found else None


def exception_word(activity: str) -> str | None:
    """The word of an activity name that suggests an exception (support, error...), if any.

    >>> exception_word("Réclamation client"), exception_word("Create SW anomaly")
    ('reclamation', 'anomaly')
    """
    return _matching_word(_words(activity), _EXCEPTION_WORDS)


def suggests_exception(activity: str) -> bool:
    """Whether the name suggests a support contact, an error, a rejection or a reminder.

    >>> suggests_exception("document_rejected"), suggests_exception("Relance client")
    (True, True)
    """
    return exception_word(activity) is not None


# ------------------------------------------------------------------------ evidence
@dataclass(frozen=True)
class ActivityEvidence:
    """The statistics the structure of one activity is decided on."""

    activity: str
    events: int
    cases: int
    case_share: float
    typical_position: float
    """Median over cases of the relative position (0..1) of the first occurrence."""
    last_share: float
    """Share of its cases whose last event is this activity."""
    spread: float
    """Interquartile range of the rank of its first occurrence among the kept activities of
    the case (0: first), over the median number of kept activities in its cases."""
    rework_share: float
    """Share of its events directly followed by an activity the case already had."""
    rework_target: str | None
    """The activity most often returned to."""
    median_seconds_from_start: float = 0.0
    """Median time from the case's first event to the activity's first occurrence."""
    p90_seconds_from_start: float = 0.0
    """90th percentile of that time."""


@dataclass(frozen=True)
class Evidence:
    """Per-activity statistics and the co-occurrence of every pair of activities."""

    activities: dict[str, ActivityEvidence]
    both: dict[frozenset[str], int] = field(default_factory=dict)
    """Cases that have both activities of the pair."""
    sets: list[tuple[frozenset[str], int]] = field(default_factory=list)
    """The distinct sets of kept activities of the cases, with their number of cases."""
    first: dict[tuple[str, str], int] = field(default_factory=dict)
    """``(a, b)``: cases having both where the first ``a`` comes before the first ``b``."""

    def before_share(self, a: str, b: str) -> float:
        """Of the cases that have both, the share where ``a`` first occurs before ``b``."""
        both = self.both.get(frozenset((a, b)), 0)
        return self.first.get((a, b), 0) / both if both else 0.0

    def overlap(self, a: str, b: str) -> float:
        """Share of the cases of the rarer of ``a`` and ``b`` that have both."""
        rarer = min(self.activities[a].cases, self.activities[b].cases)
        return self.both.get(frozenset((a, b)), 0) / rarer if rarer else 0.0


def rank_events(engine: Engine, events: ir.Table) -> ir.Table:
    """Every event with its ``position`` in its case (0: first, by timestamp then row), the
    case's ``length``, the ``next_activity`` and the seconds since the case's first event
    (``since_start_seconds``), computed once (materialised)."""
    window = ibis.window(group_by=events.case_id, order_by=[events.timestamp, events.row])
    return engine.materialize(
        events.mutate(
            position=ibis.row_number().over(window),
            length=events.count().over(group_by=events.case_id),
            next_activity=events.activity.lead().over(window),
            since_start_seconds=events.timestamp.delta(
                events.timestamp.min().over(group_by=events.case_id), unit="second"
            ),
        ).select(
            "case_id", "activity", "position", "length", "next_activity", "since_start_seconds"
        )
    )


def measure_evidence(
    engine: Engine,
    events: ir.Table,
    activities: Sequence[str],
    *,
    typical_positions: Mapping[str, float],
    n_cases: int,
    ranked: ir.Table | None = None,
) -> Evidence:
    """Measure, through ``engine``, the statistics of the ``activities`` kept as steps;
    ``ranked``: :func:`rank_events` of ``events`` if already computed.

    Positions count every event of the case (rare activities included).
    """
    ranked = rank_events(engine, events) if ranked is None else ranked
    kept = list(activities)
    per_case = (
        ranked.filter(ranked.activity.isin(kept))
        .group_by(["case_id", "activity"])
        .aggregate(
            first_position=ranked.position.min(),
            since_start_seconds=ranked.since_start_seconds.min(),
        )
    )
    firsts = engine.materialize(
        per_case.mutate(
            rank_in_case=ibis.row_number().over(
                group_by=per_case.case_id, order_by=[per_case.first_position, per_case.activity]
            ),
            n_distinct=per_case.count().over(group_by=per_case.case_id),
        )
    )
    spread_rows = engine.execute(
        firsts.group_by("activity").aggregate(
            cases=firsts.case_id.count(),
            q1=firsts.rank_in_case.quantile(0.25),
            q3=firsts.rank_in_case.quantile(0.75),
            median_distinct=firsts.n_distinct.median(),
            median_seconds=firsts.since_start_seconds.median(),
            p90_seconds=firsts.since_start_seconds.quantile(0.9),
        )
    ).to_pylist()
    last = ranked.filter(ranked.position == ranked.length - 1)
    last_rows = engine.execute(last.group_by("activity").aggregate(n=last.count())).to_pylist()
    counts = engine.execute(ranked.group_by("activity").aggregate(n=ranked.count())).to_pylist()
    target = firsts.select(
        t_case=firsts.case_id, t_activity=firsts.activity, t_first=firsts.first_position
    )
    returns = ranked.join(
        target,
        [ranked.case_id == target.t_case, ranked.next_activity == target.t_activity],
    )
    returns = returns.filter(
        (returns.t_first < returns.position) & (returns.next_activity != returns.activity)
    )
    return_rows = engine.execute(
        returns.group_by(["activity", "next_activity"]).aggregate(n=returns.count())
    ).to_pylist()
    left = firsts.select(a_case=firsts.case_id, a=firsts.activity, a_rank=firsts.rank_in_case)
    right = firsts.select(b_case=firsts.case_id, b=firsts.activity, b_rank=firsts.rank_in_case)
    pairs = left.join(right, [left.a_case == right.b_case, left.a < right.b])
    pair_rows = engine.execute(
        pairs.group_by(["a", "b"]).aggregate(
            n=pairs.count(), a_first=(pairs.a_rank < pairs.b_rank).cast("int64").sum()
        )
    ).to_pylist()

    events_of = {str(r["activity"]): int(r["n"]) for r in counts}
    last_of = {str(r["activity"]): int(r["n"]) for r in last_rows}
    back: dict[str, dict[str, int]] = {}
    for r in return_rows:
        back.setdefault(str(r["activity"]), {})[str(r["next_activity"])] = int(r["n"])
    result: dict[str, ActivityEvidence] = {}
    for r in spread_rows:
        name = str(r["activity"])
        cases = int(r["cases"])
        returned = back.get(name, {})
        n_events = events_of.get(name, cases)
        result[name] = ActivityEvidence(
            activity=name,
            events=n_events,
            cases=cases,
            case_share=cases / max(n_cases, 1),
            typical_position=float(typical_positions.get(name, 0.0)),
            last_share=last_of.get(name, 0) / cases if cases else 0.0,
            spread=(float(r["q3"]) - float(r["q1"])) / max(float(r["median_distinct"]), 1.0),
            rework_share=sum(returned.values()) / n_events if n_events else 0.0,
            rework_target=max(sorted(returned), key=lambda a: returned[a]) if returned else None,
            median_seconds_from_start=float(r["median_seconds"] or 0.0),
            p90_seconds_from_start=float(r["p90_seconds"] or 0.0),
        )
    both = {frozenset((str(r["a"]), str(r["b"]))): int(r["n"]) for r in pair_rows}
    first = {(str(r["a"]), str(r["b"])): int(r["a_first"]) for r in pair_rows}
    first |= {(b, a): both[frozenset((a, b))] - n for (a, b), n in list(first.items())}
    return Evidence(result, both, case_sets(engine, firsts, kept), first)


def case_sets(
    engine: Engine, firsts: ir.Table, activities: Sequence[str]
) -> list[tuple[frozenset[str], int]]:
    """The distinct sets of ``activities`` the cases have, each with its number of cases
    (one query: a bit mask per case, the sum of its activities' distinct bits, grouped).

    ``firsts`` has one row per (case_id, activity).
    """
    chunks = [list(activities[i : i + 62]) for i in range(0, len(activities), 62)]
    bits = {
        f"m{k}": ibis.cases(
            *[(firsts.activity == a, ibis.literal(1 << i, "int64")) for i, a in enumerate(chunk)],
            else_=ibis.literal(0, "int64"),
        )
        for k, chunk in enumerate(chunks)
    }
    flagged = firsts.mutate(**bits)
    per_case = flagged.group_by("case_id").aggregate(**{name: flagged[name].sum() for name in bits})
    combos = per_case.group_by(list(bits)).aggregate(n=per_case.count())
    result: list[tuple[frozenset[str], int]] = []
    for row in engine.execute(combos).to_pylist():
        members = frozenset(
            a
            for k, chunk in enumerate(chunks)
            for i, a in enumerate(chunk)
            if int(row[f"m{k}"] or 0) >> i & 1
        )
        result.append((members, int(row["n"])))
    return result


def skip_shares(
    sets: Iterable[tuple[frozenset[str], int]],
    ranks: Mapping[str, int],
    later: Iterable[str] = (),
) -> dict[int, tuple[float, int]]:
    """For every rank of ``ranks`` (activity -> stage rank; several activities may share a
    rank): of the cases that reach an activity of a higher rank, or one of ``later`` (always
    after every rank), the share that has no activity of this rank, and their number.

    ``sets``: the sets of activities of the cases, with their number of cases
    (:func:`case_sets`). A rank that no case goes beyond has a skip share of 0 over 0 cases.

    >>> sets = [(frozenset({"a", "b", "c"}), 6), (frozenset({"a", "c"}), 4),
    ...         (frozenset({"a"}), 5)]
    >>> skip_shares(sets, {"a": 0, "b": 1, "c": 2})
    {0: (0.0, 10), 1: (0.4, 10), 2: (0.0, 0)}
    """
    after_all = set(later)
    beyond = max(ranks.values(), default=0) + 1
    reached: dict[int, int] = {}
    had: dict[int, int] = {}
    for members, n in sets:
        present = {ranks[a] for a in members if a in ranks}
        furthest = beyond if members & after_all else max(present, default=-1)
        for rank in set(ranks.values()):
            if rank < furthest:
                reached[rank] = reached.get(rank, 0) + n
                if rank in present:
                    had[rank] = had.get(rank, 0) + n
    result: dict[int, tuple[float, int]] = {}
    for rank in sorted(set(ranks.values())):
        total = reached.get(rank, 0)
        skipped = total - had.get(rank, 0)
        result[rank] = (skipped / total if total else 0.0, total)
    return result


# ------------------------------------------------------------------------ proposal
@dataclass(frozen=True)
class RoleProposal:
    """The role proposed for one activity and why (``reason`` keys :data:`TEXT`)."""

    activity: str
    role: StepRole
    reason: str
    outcome: OutcomeKind | None = None
    alternative_of: str | None = None
    """The activity of the stage this one is an alternative of."""
    returns_to: str | None = None
    """The activity this rework step sends customers back to."""
    word: str = ""
    """The word of the name that decided, if any."""
    skip_share: float = 0.0
    stage: int = 0
    """1-based stage of the main path (core steps), 0 otherwise."""


def propose_outcomes(evidence: Evidence, activities: Sequence[str]) -> dict[str, RoleProposal]:
    """The mutually exclusive terminal activities, each with its guessed kind.

    >>> e = Evidence({a: ActivityEvidence(a, 10, 10, 0.5, 1.0, last, 0.0, 0.0, None)
    ...     for a, last in [("pay", 1.0), ("Cancelled", 0.9), ("form", 0.2)]},
    ...     {frozenset(("pay", "form")): 5})
    >>> found = propose_outcomes(e, ["form", "pay", "Cancelled"])
    >>> sorted((a, p.outcome.value, p.reason) for a, p in found.items() if p.outcome)
    [('Cancelled', 'failure', 'outcome_named'), ('pay', 'success', 'outcome_guessed')]
    """
    candidates = [
        a
        for a in activities
        if evidence.activities[a].last_share >= OUTCOME_MIN_LAST_SHARE
        or (
            evidence.activities[a].last_share >= OUTCOME_NAMED_MIN_LAST_SHARE
            and outcome_word(a) is not None
        )
    ]
    candidates.sort(
        key=lambda a: (
            outcome_word(a) is None,
            -evidence.activities[a].last_share,
            -evidence.activities[a].cases,
            a,
        )
    )
    chosen: list[str] = []
    for candidate in candidates:
        if all(evidence.overlap(candidate, other) <= OUTCOME_MAX_OVERLAP for other in chosen):
            chosen.append(candidate)
    named = {a: outcome_word(a) for a in chosen}
    proposals: dict[str, RoleProposal] = {}
    for a in chosen:
        found = named[a]
        if found is not None:
            proposals[a] = RoleProposal(
                a, StepRole.OUTCOME, "outcome_named", found[0], word=found[1]
            )
    if not any(p.outcome is OutcomeKind.SUCCESS for p in proposals.values()):
        unnamed = [a for a in chosen if named[a] is None]
        if unnamed:
            guess = max(unnamed, key=lambda a: (evidence.activities[a].cases, a))
            proposals[guess] = RoleProposal(
                guess, StepRole.OUTCOME, "outcome_guessed", OutcomeKind.SUCCESS
            )
    for a in chosen:
        if a not in proposals:
            proposals[a] = RoleProposal(
                a, StepRole.OUTCOME, "outcome_unnamed_failure", OutcomeKind.FAILURE
            )
    return proposals


def _suspect(evidence: ActivityEvidence, kept: Sequence[str]) -> bool:
    """Whether an activity looks like a detour (a return, a varying position, its name)."""
    return (
        (evidence.rework_share >= REWORK_MIN_SHARE and evidence.rework_target in kept)
        or evidence.spread >= SPREAD_MIN
        or exception_word(evidence.activity) is not None
    )


def _stage_skips(
    evidence: Evidence,
    activities: Sequence[str],
    alternative_of: Mapping[str, str],
    later: Sequence[str],
) -> tuple[dict[int, tuple[float, int]], dict[str, int]]:
    """Skip shares of the stages formed by ``activities`` (in typical order) and their
    alternatives, and the stage rank of every activity."""
    heads = [a for a in activities if a not in alternative_of]
    rank_of_head = {head: i for i, head in enumerate(heads)}
    ranks = {a: rank_of_head[alternative_of.get(a, a)] for a in activities}
    return skip_shares(evidence.sets, ranks, later), ranks


def _exception(evidence: ActivityEvidence, skip: float, kept: Sequence[str]) -> RoleProposal | None:
    if skip < MIN_SKIP_SHARE:
        return None
    if evidence.rework_share >= REWORK_MIN_SHARE and evidence.rework_target in kept:
        return RoleProposal(
            evidence.activity,
            StepRole.EXCEPTION,
            "exception_rework",
            returns_to=evidence.rework_target,
            skip_share=skip,
        )
    if evidence.spread >= SPREAD_MIN:
        return RoleProposal(
            evidence.activity, StepRole.EXCEPTION, "exception_spread", skip_share=skip
        )
    word = exception_word(evidence.activity)
    if word is not None:
        return RoleProposal(
            evidence.activity, StepRole.EXCEPTION, "exception_named", word=word, skip_share=skip
        )
    return None


def propose_alternatives(evidence: Evidence, ordered: Sequence[str]) -> dict[str, str]:
    """Alternatives among ``ordered`` activities (typical order): activity -> its stage's head.

    >>> e = Evidence({a: ActivityEvidence(a, n, n, 0.5, pos, 0.0, 0.0, 0.0, None)
    ...     for a, n, pos in [("form", 10, 0.2), ("e-sign", 6, 0.6), ("branch", 3, 0.65)]},
    ...     {frozenset(("form", "e-sign")): 6, frozenset(("form", "branch")): 3})
    >>> propose_alternatives(e, ["form", "e-sign", "branch"])
    {'branch': 'e-sign'}
    """
    heads: dict[str, list[str]] = {}
    alternative_of: dict[str, str] = {}
    by_frequency = sorted(ordered, key=lambda a: (-evidence.activities[a].cases, a))
    for activity in by_frequency:
        position = evidence.activities[activity].typical_position
        for head, members in heads.items():
            gap = abs(evidence.activities[head].typical_position - position)
            if gap <= ALTERNATIVE_MAX_GAP and all(
                evidence.overlap(activity, m) <= ALTERNATIVE_MAX_OVERLAP for m in members
            ):
                members.append(activity)
                alternative_of[activity] = head
                break
        else:
            heads[activity] = [activity]
    return alternative_of


def propose_structure(
    evidence: Evidence,
    ordered: Sequence[str],
) -> list[RoleProposal]:
    """A role for each of the ``ordered`` activities (typical order), in map order: the
    main path and its detours in typical order, an alternative right after its stage's
    first step, the outcomes at the end (see the module docstring)."""
    outcomes = propose_outcomes(evidence, ordered)
    if len(outcomes) == len(ordered) and ordered:
        # keep one step on the main path: the most frequent non-success outcome or the first
        keep = ordered[0]
        outcomes.pop(keep)
    successes = [a for a, p in outcomes.items() if p.outcome is OutcomeKind.SUCCESS]
    rest = [a for a in ordered if a not in outcomes]
    suspects = [a for a in rest if _suspect(evidence.activities[a], rest)]
    grouped = propose_alternatives(evidence, [a for a in rest if a not in suspects])
    first_pass, stage_rank = _stage_skips(evidence, rest, grouped, successes)
    exceptions: dict[str, RoleProposal] = {}
    for activity in suspects:
        found = _exception(evidence.activities[activity], first_pass[stage_rank[activity]][0], rest)
        if found is not None:
            exceptions[activity] = found
    if len(exceptions) == len(rest) and rest:
        exceptions.pop(max(rest, key=lambda a: (evidence.activities[a].cases, a)))
    main = [a for a in rest if a not in exceptions]
    alternative_of = {a: head for a, head in grouped.items() if a in main and head in main}
    heads = [a for a in main if a not in alternative_of]
    second_pass, ranks = _stage_skips(evidence, main, alternative_of, successes)
    stage_of = {head: ranks[head] for head in heads}
    optional = {
        head
        for head in heads
        if second_pass[stage_of[head]][0] >= MIN_SKIP_SHARE and second_pass[stage_of[head]][1]
    }
    if len(optional) == len(heads) and heads:
        optional.discard(max(heads, key=lambda a: (evidence.activities[a].cases, a)))
    parallel = _parallel(evidence, [h for h in heads if h not in optional])
    proposals: dict[str, RoleProposal] = {**outcomes, **exceptions}
    numbers = {
        head: n
        for n, head in enumerate((h for h in heads if h not in optional and h not in parallel), 1)
    }
    for activity in main:
        head = alternative_of.get(activity, activity)
        skip = second_pass[stage_of[head]][0]
        reached = second_pass[stage_of[head]][1]
        stage = numbers.get(head, 0)
        if head in parallel:
            earlier, share = parallel[head]
            proposals[activity] = RoleProposal(
                activity,
                StepRole.OPTIONAL,
                "parallel",
                alternative_of=None,
                returns_to=None,
                word=earlier,
                skip_share=share,
            )
        elif head in optional:
            proposals[activity] = RoleProposal(
                activity, StepRole.OPTIONAL, "optional", skip_share=skip
            )
        elif activity in alternative_of:
            proposals[activity] = RoleProposal(
                activity, StepRole.CORE, "alternative", alternative_of=head, stage=stage
            )
        else:
            proposals[activity] = RoleProposal(
                activity,
                StepRole.CORE,
                "core" if reached else "core_last",
                skip_share=skip,
                stage=stage,
            )
    return _map_order(proposals, ordered)


def _parallel(evidence: Evidence, heads: Sequence[str]) -> dict[str, tuple[str, float]]:
    """Stages done in either order with an earlier stage: head -> (that stage, share of the
    cases with both where this one comes first). The first stage always stays."""
    kept: list[str] = []
    found: dict[str, tuple[str, float]] = {}
    for head in heads:
        worst = max(
            ((g, evidence.before_share(head, g)) for g in kept),
            key=lambda pair: pair[1],
            default=None,
        )
        if worst is not None and worst[1] >= PARALLEL_MIN_SHARE and len(kept) >= 1:
            found[head] = worst
        else:
            kept.append(head)
    return found


def _map_order(proposals: Mapping[str, RoleProposal], ordered: Sequence[str]) -> list[RoleProposal]:
    """Typical order; each alternative right after its stage's first step; a rework step
    after the step it returns to; the outcomes last (success first)."""
    body: list[str] = []
    for activity in ordered:
        proposal = proposals[activity]
        if proposal.role is StepRole.OUTCOME or proposal.alternative_of is not None:
            continue
        body.append(activity)
        body.extend(a for a in ordered if proposals[a].alternative_of == activity and a != activity)
    for activity in list(body):
        target = proposals[activity].returns_to
        if target in body and body.index(target) > body.index(activity):
            body.remove(activity)
            after = body.index(target) + 1
            while after < len(body) and proposals[body[after]].alternative_of == target:
                after += 1
            body.insert(after, activity)
    tail = sorted(
        (a for a in ordered if proposals[a].role is StepRole.OUTCOME),
        key=lambda a: (proposals[a].outcome is not OutcomeKind.SUCCESS, ordered.index(a)),
    )
    return [proposals[a] for a in [*body, *tail]]


def review_text(
    proposal: RoleProposal,
    evidence: Evidence,
    lang: str,
    *,
    names: Mapping[str, str],
    stages: int,
    outcomes: Sequence[str] = (),
) -> str:
    """Why ``proposal`` was made, in ``lang``, with the figures a person can check.

    ``names`` gives the step name of each activity; ``stages`` the number of stages of the
    main path; ``outcomes`` the other outcome activities.
    """
    seen = evidence.activities[proposal.activity]

    def pct(value: float) -> str:
        return format_percent(value, lang)

    params: dict[str, str | int] = {
        "last": pct(seen.last_share),
        "skip": pct(proposal.skip_share),
        "kept": pct(1.0 - proposal.skip_share),
        "word": proposal.word,
        "rework": pct(seen.rework_share),
        "target": names.get(proposal.returns_to or "", proposal.returns_to or ""),
        "spread": pct(seen.spread),
        "stage": proposal.stage,
        "stages": stages,
        "position": f"{seen.typical_position:.2f}",
        "earlier": names.get(proposal.word, proposal.word),
        "share": pct(proposal.skip_share),
    }
    window = ""
    if proposal.role is StepRole.OUTCOME and seen.p90_seconds_from_start > THIRTY_DAYS_SECONDS:
        window = " " + TEXT.text(
            "late_outcome",
            lang,
            median=format_number(seen.median_seconds_from_start / _DAY_SECONDS, lang, digits=0),
            p90=format_number(seen.p90_seconds_from_start / _DAY_SECONDS, lang, digits=0),
            days=suggested_window_days(seen),
        )
    if proposal.outcome is not None:
        params["kind"] = TEXT.text(f"kind_{proposal.outcome.value}", lang)
        params["others"] = ""
        if outcomes:
            overlap = max(evidence.overlap(proposal.activity, o) for o in outcomes)
            params["others"] = TEXT.text("others", lang, overlap=pct(overlap))
    if proposal.alternative_of is not None:
        head = evidence.activities[proposal.alternative_of]
        params |= {
            "head": names.get(head.activity, head.activity),
            "head_position": f"{head.typical_position:.2f}",
            "overlap": pct(evidence.overlap(proposal.activity, head.activity)),
        }
    return TEXT.text(proposal.reason, lang, **params) + window


def suggested_window_days(evidence: ActivityEvidence) -> int:
    """A conversion window (whole days, a multiple of 5) within which 90 % of the cases
    that reach the activity reach it.

    >>> e = ActivityEvidence("Closed", 9, 9, 1.0, 1.0, 1.0, 0.0, 0.0, None,
    ...     median_seconds_from_start=40 * 86400, p90_seconds_from_start=51.2 * 86400)
    >>> suggested_window_days(e)
    55
    """
    days = evidence.p90_seconds_from_start / _DAY_SECONDS
    return int(-(-days // 5) * 5)
