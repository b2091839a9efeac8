"""``parcours opportunities``: propose improvement opportunities from evidence, rank them,
accept some into the map, and check the done ones before / after.

The use case: measure the map on an event log (:func:`parcours.services.analysis.analyze_map`,
nothing stored), turn its breaking points, long waits and costly detours, plus the
voice-of-the-customer evidence given (:class:`VoiceEvidence`), into candidates
(:func:`parcours.analytics.propose_opportunities`; the satisfaction gaps of the log's own
``score`` column count where the voice evidence gives none for a step), apply the efforts
and impact overrides a person entered, and name the two actions to start with. Accepted
candidates are written into the map like ``analyze`` stores its snapshot: locked,
conflict-detected, previous version kept, atomic. Every opportunity of the map marked
``done`` with a ``done_on`` date gets its steps compared before / after
(:func:`parcours.analytics.compare_before_after`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from parcours import io
from parcours.analytics import (
    AnalysisOptions,
    ChannelGap,
    ImprovementCheck,
    NegativeTheme,
    OpportunityProposal,
    SatisfactionGap,
    ScoreSample,
    compare_before_after,
    propose_opportunities,
    rank_opportunities,
    satisfaction_gaps,
    top_actions,
)
from parcours.analytics.feedback import RECENT_DAYS, FeedbackAnalysis, channel_gaps
from parcours.engine import Engine
from parcours.errors import ParcoursError
from parcours.events import ColumnMapping
from parcours.events.feedback import FeedbackMapping
from parcours.i18n import Catalog
from parcours.io.atomic import locked
from parcours.model import JourneyMap, Opportunity, OpportunityStatus
from parcours.render.svg import opportunity_matrix_svg
from parcours.services.analysis import AnalysisOutcome, analyze_map, with_map_zone
from parcours.services.errors import OptionError
from parcours.services.maps import load
from parcours.services.outputs import check_outputs, source_path

MESSAGES = Catalog(
    {
        "unknown_candidate": {
            "en": "--accept {id}: no opportunity of that id was proposed (expected one of: "
            "{known}). Nothing was written.",
            "fr": "--accept {id} : aucune opportunité de cet identifiant n'a été proposée "
            "(attendu : {known}). Rien n'a été écrit.",
        },
        "unknown_entry": {
            "en": "{option} {id}: no opportunity of that id, proposed or in the map "
            "(expected one of: {known}).",
            "fr": "{option} {id} : aucune opportunité de cet identifiant, proposée ou dans "
            "la carte (attendu : {known}).",
        },
        "voice_file": {
            "en": "{path}: {where}: {problem}. Expected a JSON object with the lists "
            "satisfaction_gaps, negative_themes and scores (docs/cli.md).",
            "fr": "{path} : {where} : {problem}. Attendu : un objet JSON avec les listes "
            "satisfaction_gaps, negative_themes et scores (docs/cli.md).",
        },
        "problem.missing": {
            "en": "the field {detail} is missing",
            "fr": "le champ {detail} manque",
        },
        "problem.value": {"en": "bad value ({detail})", "fr": "valeur incorrecte ({detail})"},
        "problem.json": {"en": "not JSON ({detail})", "fr": "pas du JSON ({detail})"},
        "problem.object": {"en": "not an object", "fr": "pas un objet"},
        "problem.list": {"en": "not a list", "fr": "pas une liste"},
        "none": {"en": "none proposed", "fr": "aucune proposée"},
    }
)


class UnknownCandidateError(ParcoursError):
    """``--accept`` names an id no candidate has."""

    def __init__(self, opportunity: str, known: Sequence[str]) -> None:
        super().__init__(opportunity)
        self.opportunity = opportunity
        self.known = list(known)

    def message(self, lang: str = "en") -> str:
        known = ", ".join(self.known) or MESSAGES.text("none", lang)
        return MESSAGES.text("unknown_candidate", lang, id=self.opportunity, known=known)


class UnknownEntryError(ParcoursError):
    """``--effort`` / ``--impact`` names an id that is neither proposed nor in the map."""

    def __init__(self, option: str, opportunity: str, known: Sequence[str]) -> None:
        super().__init__(opportunity)
        self.option = option
        self.opportunity = opportunity
        self.known = list(known)

    def message(self, lang: str = "en") -> str:
        known = ", ".join(self.known) or MESSAGES.text("none", lang)
        return MESSAGES.text(
            "unknown_entry", lang, option=self.option, id=self.opportunity, known=known
        )


class VoiceFileError(ParcoursError):
    """The voice-of-the-customer evidence file cannot be read."""

    def __init__(self, path: Path, where: str, problem: str, detail: str = "") -> None:
        super().__init__(f"{path}: {where}: {problem} {detail}")
        self.path, self.where, self.problem, self.detail = path, where, problem, detail

    def message(self, lang: str = "en") -> str:
        problem = MESSAGES.text(f"problem.{self.problem}", lang, detail=self.detail)
        return MESSAGES.text("voice_file", lang, path=self.path, where=self.where, problem=problem)


@dataclass(frozen=True)
class VoiceEvidence:
    """What customers said, in the typed form the proposal reads: satisfaction gaps per
    step, negative themes with their counts, dated scores (before / after)."""

    gaps: tuple[SatisfactionGap, ...] = ()
    themes: tuple[NegativeTheme, ...] = ()
    scores: tuple[ScoreSample, ...] = ()
    channels: tuple[ChannelGap, ...] = ()


@dataclass(frozen=True)
class Entries:
    """What a person entered on the command line: ids to accept, efforts, impacts."""

    accept: tuple[str, ...] = ()
    efforts: Mapping[str, int] = field(default_factory=dict)
    impacts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class OpportunitiesOutcome:
    """Everything ``opportunities`` read, proposed, compared and wrote."""

    journey_map: JourneyMap
    analysis: AnalysisOutcome
    proposal: OpportunityProposal
    improvements: tuple[ImprovementCheck, ...]
    accepted: tuple[str, ...] = ()
    map_path: Path | None = None
    json_path: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON result: the proposal, the accepted ids and the before / after checks."""
        return {
            "source": self.analysis.log.source,
            "as_of": self.analysis.analysis.as_of.isoformat(),
            **self.proposal.to_dict(),
            "accepted": list(self.accepted),
            "improvements": [c.to_dict() for c in self.improvements],
        }


# ------------------------------------------------------------------- reading
def read_voice(path: str | Path) -> VoiceEvidence:
    """Read a voice-of-the-customer evidence JSON (format in ``docs/cli.md``).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "voice.json"
    >>> _ = p.write_text(json.dumps({"negative_themes": [{"label": "frais", "step": "b",
    ...     "mentions": 3, "verbatims": 10}]}), encoding="utf-8")
    >>> read_voice(p).themes[0].severity
    0.15
    """
    target = Path(path)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise VoiceFileError(target, "JSON", "json", str(exc)) from None
    if not isinstance(data, dict):
        raise VoiceFileError(target, "/", "object")
    return VoiceEvidence(
        gaps=tuple(_items(target, data, "satisfaction_gaps", _gap)),
        themes=tuple(_items(target, data, "negative_themes", _theme)),
        scores=tuple(_items(target, data, "scores", _score)),
        channels=tuple(_items(target, data, "channel_gaps", _channel_gap)),
    )


def _items(path: Path, data: dict[str, Any], key: str, build: Any) -> list[Any]:
    rows = data.get(key, [])
    if not isinstance(rows, list):
        raise VoiceFileError(path, key, "list")
    found = []
    for k, row in enumerate(rows):
        try:
            found.append(build(row))
        except (KeyError, TypeError, ValueError) as exc:
            problem = "missing" if isinstance(exc, KeyError) else "value"
            raise VoiceFileError(path, f"{key}[{k}]", problem, str(exc)) from None
    return found


def _gap(row: dict[str, Any]) -> SatisfactionGap:
    return SatisfactionGap(
        step=str(row["step"]),
        score=float(row["score"]),
        reference=float(row["reference"]),
        responses=int(row["responses"]),
        scale_min=float(row.get("scale_min", 1)),
        scale_max=float(row.get("scale_max", 5)),
    )


def _channel_gap(row: dict[str, Any]) -> ChannelGap:
    step = row.get("step")
    return ChannelGap(
        step=None if step is None else str(step),
        channel=str(row["channel"]),
        best_channel=str(row["best_channel"]),
        score=float(row["score"]),
        best_score=float(row["best_score"]),
        responses=int(row["responses"]),
        scale_min=float(row.get("scale_min", 1)),
        scale_max=float(row.get("scale_max", 5)),
    )


def _theme(row: dict[str, Any]) -> NegativeTheme:
    step = row.get("step")
    return NegativeTheme(
        label=str(row["label"]),
        step=None if step is None else str(step),
        mentions=int(row["mentions"]),
        verbatims=int(row["verbatims"]),
        valence=float(row.get("valence", 0.5)),
        quotes=tuple(str(q) for q in row.get("quotes", [])),
    )


def _score(row: dict[str, Any]) -> ScoreSample:
    return ScoreSample(
        step=str(row["step"]),
        answered_at=dt.datetime.fromisoformat(str(row["answered_at"])),
        score=float(row["score"]),
    )


def parse_scores(values: Sequence[str], option: str) -> dict[str, int]:
    """``ID=N`` entries (N from 1 to 5) as a mapping; :class:`OptionError` otherwise.

    >>> parse_scores(["opp-a=2", "opp-b=5"], "--effort")
    {'opp-a': 2, 'opp-b': 5}
    >>> parse_scores(["opp-a=9"], "--effort")
    Traceback (most recent call last):
    ...
    parcours.services.errors.OptionError: --effort: expected id_score, got opp-a=9
    """
    found: dict[str, int] = {}
    for value in values:
        key, _, number = value.rpartition("=")
        if not key or not number.strip().isdigit() or not 1 <= int(number) <= 5:
            raise OptionError(option, "id_score", value)
        found[key.strip()] = int(number)
    return found


# ----------------------------------------------------------------- use cases
def voice_from_feedback(result: FeedbackAnalysis, engine: Engine | None = None) -> VoiceEvidence:
    """The voice evidence of an ``analyze --feedback`` result: each step's CSAT mean
    against the mean of all answers (small samples left out) or, at a step whose
    satisfaction dropped recently, its recent CSAT share (or emotion) against its earlier
    one; the
    irritants proposed from
    the verbatims (:func:`parcours.analytics.voice.proposals`) as negative themes, and the
    dated CSAT answers of each step (for the before / after check)."""
    overall = result.overall.csat_mean
    scales = {"csat_share": (0.0, 1.0), "emotion": (-2.0, 2.0)}
    gaps: list[SatisfactionGap] = [
        SatisfactionGap(
            c.step, c.recent.value, c.before.value, c.recent.responses, *scales[c.measure]
        )
        for c in result.recent
        if c.dropped and c.measure in scales
    ]
    dropped = {g.step for g in gaps}
    if overall is not None:
        for group in result.steps:
            if group.value in dropped:
                continue
            mean = group.csat_mean
            if mean is None or mean.small_sample or group.value is None:
                continue
            gaps.append(SatisfactionGap(group.value, mean.value, overall.value, mean.responses))
    texts = {g.value: g.texts for g in result.steps}
    themes = tuple(
        NegativeTheme(
            label=p.label,
            step=p.step,
            mentions=p.count,
            verbatims=max(p.count, texts.get(p.step, 0)),
            quotes=p.quotes,
        )
        for p in result.proposals
        if p.kind == "irritant"
    )
    scores: list[ScoreSample] = []
    if result.table is not None and engine is not None:
        t = result.table
        rows = engine.execute(
            t.filter(t.step_id.notnull() & t.csat.notnull()).select("step_id", "timestamp", "csat")
        ).to_pylist()
        scores = [ScoreSample(r["step_id"], r["timestamp"], float(r["csat"])) for r in rows]
    channels = channel_gaps(engine, result.table) if result.table is not None and engine else ()
    return VoiceEvidence(tuple(gaps), themes, tuple(scores), channels)


def merged_voice(*parts: VoiceEvidence) -> VoiceEvidence:
    """The evidence of several sources together (a step's first gap wins)."""
    gaps: dict[str, SatisfactionGap] = {}
    for part in parts:
        for gap in part.gaps:
            gaps.setdefault(gap.step, gap)
    return VoiceEvidence(
        tuple(gaps.values()),
        tuple(t for part in parts for t in part.themes),
        tuple(x for part in parts for x in part.scores),
        tuple(c for part in parts for c in part.channels),
    )


def propose_for_map(
    m: JourneyMap,
    outcome: AnalysisOutcome,
    voice: VoiceEvidence | None = None,
    entries: Entries | None = None,
    options: AnalysisOptions | None = None,
) -> tuple[OpportunityProposal, tuple[ImprovementCheck, ...]]:
    """The proposal for ``m`` from an analysis of it (and the voice evidence), with the
    person's entries applied, and the before / after check of its done opportunities.

    >>> import pandas as pd
    >>> from parcours.model import JourneyMap
    >>> m = JourneyMap(journey={"title": "T"}, steps=[
    ...     {"id": "a", "name": "A", "events": [{"activity": "visit"}]},
    ...     {"id": "b", "name": "B", "events": [{"activity": "order"}]}])
    >>> df = pd.DataFrame({"customer_id": ["1", "1", "2"], "event": ["visit", "order", "visit"],
    ...     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 11:00",
    ...                                  "2026-01-02 09:00"])})
    >>> options = AnalysisOptions(window_seconds=None)
    >>> proposal, _ = propose_for_map(m, analyze_map(m, df, options=options))
    >>> proposal.top
    ('opp-drop-off-b',)
    """
    voice = voice or VoiceEvidence()
    entries = entries or Entries()
    surveyed = {g.step for g in voice.gaps}
    from_log = [g for g in satisfaction_gaps(outcome.analysis) if g.step not in surveyed]
    proposal = propose_opportunities(
        outcome.analysis,
        gaps=[*voice.gaps, *from_log],
        themes=voice.themes,
        channels=voice.channels,
        existing=m.opportunities,
        value=m.journey.conversion_value,
        currency=m.journey.currency,
        names={s.id: s.name for s in m.steps},
        lang=m.language.value,
    )
    proposal = with_entries(proposal, entries)
    return proposal, check_done(m, outcome, voice.scores, options)


def with_entries(proposal: OpportunityProposal, entries: Entries) -> OpportunityProposal:
    """``proposal`` with the efforts and impact overrides a person entered, re-ranked.

    >>> from parcours.model import Opportunity
    >>> p = OpportunityProposal(candidates=(Opportunity(id="o", title="O", effort_unknown=True),),
    ...     ranked=(), top=())
    >>> with_entries(p, Entries(efforts={"o": 1})).candidates[0].effort_unknown
    False
    """
    known = [o.id for o in (*proposal.ranked, *proposal.candidates) if o.id is not None]
    for option, chosen in (("--effort", entries.efforts), ("--impact", entries.impacts)):
        for key in chosen:
            if key not in known:
                raise UnknownEntryError(option, key, sorted(set(known)))

    def entered(o: Opportunity) -> Opportunity:
        update: dict[str, Any] = {}
        key = o.id or ""
        if key in entries.efforts:
            update |= {"effort": entries.efforts[key], "effort_unknown": False}
        if key in entries.impacts:
            update["impact_override"] = entries.impacts[key]
        return o.model_copy(update=update) if update else o

    candidates = tuple(rank_opportunities(entered(o) for o in proposal.candidates))
    ranked = tuple(rank_opportunities(entered(o) for o in proposal.ranked))
    return replace(proposal, candidates=candidates, ranked=ranked, top=top_actions(ranked))


def check_done(
    m: JourneyMap,
    outcome: AnalysisOutcome,
    scores: Sequence[ScoreSample] = (),
    options: AnalysisOptions | None = None,
) -> tuple[ImprovementCheck, ...]:
    """Before / after of every opportunity of ``m`` marked done with a ``done_on`` date."""
    matched = outcome.matched
    done = [
        o
        for o in m.opportunities
        if o.status is OpportunityStatus.DONE and o.done_on is not None and o.steps
    ]
    return tuple(
        compare_before_after(
            matched.engine,
            matched.table,
            matched.steps,
            m.structure(),
            opportunity=o.id or o.title,
            done_on=o.done_on,
            opportunity_steps=o.steps,
            options=with_map_zone(options, m),
            scores=scores,
        )
        for o in done
        if o.done_on is not None
    )


def opportunities_file(
    map_path: str | Path,
    source: str | Path,
    *,
    mapping: ColumnMapping | str | Path | None = None,
    options: AnalysisOptions | None = None,
    timezone: str | None = None,
    table: str | None = None,
    voice_path: str | Path | None = None,
    feedback: Sequence[str | Path] = (),
    feedback_mapping: FeedbackMapping | str | Path | None = None,
    recent_days: int = RECENT_DAYS,
    entries: Entries | None = None,
    json_path: str | Path | None = None,
    matrix_path: str | Path | None = None,
    lang: str | None = None,
) -> OpportunitiesOutcome:
    """Propose, rank and (with ``entries.accept``) accept opportunities for the map at
    ``map_path`` measured on ``source``; write the JSON result and the matrix SVG.

    Outputs are checked before anything is read; accepting locks the map from its read
    to its write and refuses to write when it changed meanwhile (``ConflictError``)."""
    path = Path(map_path)
    entries = entries or Entries()
    inputs: dict[str, str | Path | None] = {
        "MAP": path,
        "--events": source_path(source),
        "--mapping": mapping if isinstance(mapping, str | Path) else None,
        "--voice": voice_path,
    }
    inputs |= {f"--feedback {i + 1}": f for i, f in enumerate(feedback)}
    if isinstance(feedback_mapping, str | Path):
        inputs["--feedback-mapping"] = feedback_mapping
    check_outputs(inputs, {"--output": json_path, "--matrix": matrix_path})
    voice = read_voice(voice_path) if voice_path is not None else VoiceEvidence()
    with locked(path) if entries.accept else contextlib.nullcontext():
        m = load(path)
        digest = io.file_digest(path)
        analysis = analyze_map(
            m,
            source,
            mapping=mapping,
            options=options,
            timezone=timezone,
            table=table,
            feedback=feedback,
            feedback_mapping=feedback_mapping,
            recent_days=recent_days,
        )
        if analysis.feedback is not None:
            heard = voice_from_feedback(analysis.feedback, analysis.log.engine)
            voice = merged_voice(voice, heard)
        proposal, improvements = propose_for_map(m, analysis, voice, entries, options)
        outcome = OpportunitiesOutcome(m, analysis, proposal, improvements)
        if entries.accept:
            chosen = _accepted(proposal, entries.accept)
            saved = io.upsert_opportunities(path, chosen, expected_digest=digest)
            outcome = replace(
                outcome,
                journey_map=saved,
                accepted=tuple(o.id for o in chosen if o.id is not None),
                map_path=path,
            )
    if matrix_path is not None:
        drawing = opportunity_matrix_svg(
            outcome.journey_map, lang or m.language.value, proposal.candidates
        )
        io.write_text_atomic(matrix_path, drawing)
    if json_path is not None:
        text = json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2, default=str)
        io.write_text_atomic(json_path, text + "\n")
        outcome = replace(outcome, json_path=Path(json_path))
    return outcome


def _accepted(proposal: OpportunityProposal, ids: Sequence[str]) -> list[Opportunity]:
    by_id = {o.id: o for o in proposal.candidates if o.id is not None}
    for key in ids:
        if key not in by_id:
            raise UnknownCandidateError(key, sorted(by_id))
    return [by_id[key] for key in dict.fromkeys(ids)]
