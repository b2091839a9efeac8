"""The voice of the customer: survey answers joined to the journey *and* their verbatims read.

:func:`analyze_voice` chains the two halves that :mod:`parcours.analytics.feedback` and
:mod:`parcours.analytics.text` provide:

1. the answers are tied to a step by the step they name, else the customer's position in
   the journey (:func:`~parcours.analytics.feedback.assign_feedback`);
2. every non-blank verbatim is read (language, sentiment, theme); the verbatims those two
   rules left unassigned are assigned from their words (:class:`StepAssigner` built from the
   map), and that choice goes back into the join (``assigned_by = text``);
3. satisfaction is measured per group, and the themes per step and polarity (the map's
   ``theme_overrides`` applied) become :func:`proposals`: irritants (negative themes) and
   enchantments (positive ones) with their count, share and quotes.

>>> import pandas as pd
>>> from parcours.events.feedback import feedback_from_dataframe
>>> from parcours.model import JourneyMap
>>> fb = feedback_from_dataframe(pd.DataFrame({"client": ["a", "b", "c"],
...     "date": ["2026-01-01", "2026-01-02", "2026-01-03"], "etape": ["Pay", "Pay", ""],
...     "csat": [1, 2, 5], "comment": ["Fees abroad are a rip-off", "fees abroad too high",
...     "Very quick card delivery, thanks"]}))
>>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "s-pay", "name": "Pay"},
...     {"id": "s-card", "name": "Card delivery", "description": "the card arrives by post"}])
>>> result = analyze_voice(fb.engine, fb.table, m, min_count=2)
>>> result.verbatims, result.assigned
(3, {'step': 2, 'text': 1})
>>> [(p.kind, p.step, p.theme, p.count) for p in result.proposals]
[('irritant', 's-pay', 'fees_abroad', 2)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Final

from parcours.analytics.feedback import (
    RECENT_DAYS,
    FeedbackAnalysis,
    Proposal,
    analyze_feedback,
    assign_feedback,
)
from parcours.analytics.text import Polarity, Progress, StepAssigner, Verbatim, read_verbatims
from parcours.analytics.text.themes import OTHER, Theme
from parcours.engine import Engine
from parcours.model import JourneyMap

if TYPE_CHECKING:
    import ibis.expr.types as ir

MIN_PROPOSAL_COUNT: Final = 5
"""A theme needs at least this many verbatims to be proposed as an irritant/enchantment."""

KEYWORD: Final = "kw:"
"""Prefix of the keyword themes (less reliable than the catalogue's: proposed once pinned)."""

MIN_LIFT: Final = 2.0
"""A proposed theme is at least this many times more frequent at its step than overall."""


def analyze_voice(
    engine: Engine,
    feedback: ir.Table,
    journey_map: JourneyMap,
    matched: ir.Table | None = None,
    *,
    recent_days: int = RECENT_DAYS,
    lang: str | None = None,
    progress: Progress | None = None,
    min_count: int = MIN_PROPOSAL_COUNT,
) -> FeedbackAnalysis:
    """Satisfaction, themes and proposals of the answers (module docstring).

    ``lang``: language of the theme labels (default: the map's); ``progress(done, total)``
    is called as verbatims are read."""
    placed = assign_feedback(engine, feedback, journey_map, matched)
    texts = placed.filter(placed.text.notnull() & (placed.text.strip() != ""))
    rows = engine.execute(
        texts.select("row", "text", "step_id", "timestamp").order_by("row")
    ).to_pylist()
    verbatims = [Verbatim(str(r["text"]), r["step_id"], _day(r["timestamp"])) for r in rows]
    reading = read_verbatims(
        verbatims,
        assigner=StepAssigner.from_map(journey_map),
        lang=lang or journey_map.language.value,
        overrides=journey_map.theme_overrides,
        step_order=[s.id for s in journey_map.steps],
        progress=progress,
    )
    text_steps = {
        int(r["row"]): v.step
        for r, v in zip(rows, reading.readings, strict=True)
        if v.step_source == "text" and v.step is not None
    }
    result = analyze_feedback(
        engine, feedback, journey_map, matched, recent_days=recent_days, text_steps=text_steps
    )
    return replace(
        result,
        verbatims=len(verbatims),
        themes=reading.themes,
        proposals=proposals(reading.themes, min_count=min_count),
    )


def _day(value: object) -> date | None:
    return value.date() if isinstance(value, datetime) else None


def proposals(
    themes: Sequence[Theme], *, min_count: int = MIN_PROPOSAL_COUNT, min_lift: float = MIN_LIFT
) -> tuple[Proposal, ...]:
    """Negative themes as irritants, positive ones as enchantments, most frequent first.

    A theme is proposed when it is named (not ``other``; a keyword theme ``kw:...`` only
    once a person pinned it), has at least ``min_count`` verbatims, and is specific to its
    step: found at no other step, or its share among the step's verbatims of that polarity
    is at least ``min_lift`` times its share over every step (``lift``), or pinned.

    >>> fee = Theme("fees", "fees and prices", "s-pay", Polarity.NEGATIVE, 6, 0.5, (), ("Dear",))
    >>> slow = Theme("waiting", "waiting", "s-pay", Polarity.NEGATIVE, 6, 0.5, (), ("Long",))
    >>> slow2 = Theme("waiting", "waiting", "s-card", Polarity.NEGATIVE, 6, 1.0, (), ("Long",))
    >>> [(p.kind, p.theme, p.count, p.lift) for p in proposals([fee, slow, slow2])]
    [('irritant', 'fees', 6, 1.5)]
    """
    kinds = {Polarity.NEGATIVE: "irritant", Polarity.POSITIVE: "enchantment"}
    totals: dict[Polarity, int] = defaultdict(int)
    by_key: dict[tuple[Polarity, str], int] = defaultdict(int)
    steps: dict[tuple[Polarity, str], set[str]] = defaultdict(set)
    for t in themes:
        if t.step is not None:
            totals[t.polarity] += t.count
            by_key[t.polarity, t.key] += t.count
            steps[t.polarity, t.key].add(t.step)
    found: list[Proposal] = []
    for t in themes:
        named = t.key != OTHER and (not t.key.startswith(KEYWORD) or t.pinned)
        if t.polarity not in kinds or t.step is None or not named or t.count < min_count:
            continue
        overall = by_key[t.polarity, t.key] / totals[t.polarity]
        lift = round(t.share / overall, 2) if overall else 0.0
        if lift >= min_lift or t.pinned or len(steps[t.polarity, t.key]) == 1:
            found.append(
                Proposal(
                    kinds[t.polarity], t.step, t.key, t.label, t.count, t.share, t.quotes, lift
                )
            )
    return tuple(sorted(found, key=lambda p: (p.kind, -p.count, p.step, p.theme)))
