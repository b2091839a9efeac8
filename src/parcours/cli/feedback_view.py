"""Printing what ``parcours analyze --feedback`` measured: the files read and the
satisfaction table (small samples marked, never shown as plain facts)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from parcours.analytics.feedback import SMALL_SAMPLE, Estimate, FeedbackAnalysis
from parcours.cli.terminal import SafeConsole
from parcours.events.feedback import FeedbackLog
from parcours.i18n import Catalog, format_number, format_percent
from parcours.model import JourneyMap

TEXTS = Catalog(
    {
        "read": {
            "en": "Read {source}: {answers} answers ({kinds}), {texts} with a text, "
            "from {start} to {end} (UTC).",
            "fr": "Lu {source} : {answers} réponses ({kinds}), {texts} avec un texte, "
            "du {start} au {end} (UTC).",
        },
        "columns": {"en": "Feedback columns: {columns}", "fr": "Colonnes des retours : {columns}"},
        "assigned": {
            "en": "Answers tied to a step: {step} by the step named, {position} by the "
            "customer's position in the journey, {text} by their text, {unassigned} unassigned.",
            "fr": "Réponses rattachées à une étape : {step} par l'étape nommée, {position} par "
            "la position du client dans le parcours, {text} par leur texte, {unassigned} non "
            "rattachées.",
        },
        "themes": {"en": "Themes of the verbatims", "fr": "Thèmes des verbatims"},
        "theme": {"en": "Theme", "fr": "Thème"},
        "polarity": {"en": "Tone", "fr": "Tonalité"},
        "count": {"en": "Verbatims (share)", "fr": "Verbatims (part)"},
        "trend": {"en": "Trend", "fr": "Tendance"},
        "quotes": {"en": "Quotes", "fr": "Citations"},
        "negative": {"en": "negative", "fr": "négatif"},
        "positive": {"en": "positive", "fr": "positif"},
        "neutral": {"en": "neutral", "fr": "neutre"},
        "unassigned_step": {"en": "(no step)", "fr": "(sans étape)"},
        "proposals": {
            "en": "Proposed for the map (accept them by editing the steps' irritants and "
            "enchantments):",
            "fr": "Proposés pour la carte (à accepter en éditant les irritants et "
            "enchantements des étapes) :",
        },
        "irritant": {"en": "irritant", "fr": "irritant"},
        "enchantment": {"en": "enchantment", "fr": "enchantement"},
        "proposal": {
            "en": "  {kind} at {step}: {label}, {count} verbatims ({share}) — « {quote} »",
            "fr": "  {kind} à {step} : {label}, {count} verbatims ({share}) — « {quote} »",
        },
        "title": {"en": "Measured satisfaction", "fr": "Satisfaction mesurée"},
        "group": {"en": "Group", "fr": "Groupe"},
        "answers": {"en": "Answers", "fr": "Réponses"},
        "csat": {"en": "CSAT 4-5 (95 % CI)", "fr": "CSAT 4-5 (IC 95 %)"},
        "nps": {"en": "NPS (95 % CI)", "fr": "NPS (IC 95 %)"},
        "ces": {"en": "CES mean", "fr": "CES moyen"},
        "emotion": {"en": "Emotion -2..+2", "fr": "Émotion -2..+2"},
        "overall": {"en": "All answers", "fr": "Toutes les réponses"},
        "dim.step": {"en": "step", "fr": "étape"},
        "dim.touchpoint": {"en": "touchpoint", "fr": "point de contact"},
        "dim.channel": {"en": "channel", "fr": "canal"},
        "dim.segment": {"en": "segment", "fr": "segment"},
        "dim.persona": {"en": "persona", "fr": "persona"},
        "small": {
            "en": "* fewer than {n} answers: an indication, not a measure to rely on.",
            "fr": "* moins de {n} réponses : une indication, pas une mesure fiable.",
        },
        "no_persona_segment": {
            "en": "No persona of the map names a segment: no satisfaction per persona.",
            "fr": "Aucun persona de la carte ne nomme de segment : pas de satisfaction par "
            "persona.",
        },
        "drop": {
            "en": "Recent drop at {step}: {measure} {before} → {recent} over the last "
            "{days} days (p {p}).",
            "fr": "Baisse récente à {step} : {measure} {before} → {recent} sur les {days} "
            "derniers jours (p {p}).",
        },
    }
)


def print_voice(
    logs: Sequence[FeedbackLog],
    result: FeedbackAnalysis,
    journey_map: JourneyMap,
    console: SafeConsole,
    errors: SafeConsole,
    lang: str,
) -> None:
    """What ``analyze --feedback`` read, the measured satisfaction and the verbatims'
    themes (with or without an event log)."""
    print_feedback_logs(logs, console, errors, lang)
    print_satisfaction(result, journey_map, console, lang)
    print_themes(result, journey_map, console, lang)


def print_feedback_logs(
    logs: Sequence[FeedbackLog], console: SafeConsole, errors: SafeConsole, lang: str
) -> None:
    """The columns used and what was read, rejected rows and notes on stderr."""
    for log in logs:
        used = ", ".join(f"{name} ← {column}" for name, column in log.mapping.columns().items())
        console.print(TEXTS.text("columns", lang, columns=used), highlight=False, markup=False)
        console.print(
            TEXTS.text(
                "read",
                lang,
                source=log.source,
                answers=log.n_answers,
                kinds=", ".join(log.kinds) or "—",
                texts=log.n_texts,
                start=log.start,
                end=log.end,
            ),
            highlight=False,
            markup=False,
        )
        if log.rejected:
            errors.print(log.rejected.describe(lang), highlight=False, markup=False)
        for note in log.notes:
            errors.print(note.describe(lang), highlight=False, markup=False)


def _cell(estimate: Estimate | None, kind: str, lang: str) -> str:
    if estimate is None:
        return "—"
    star = " *" if estimate.small_sample else ""
    if kind == "share":
        low = "?" if estimate.low is None else format_percent(estimate.low, lang)
        high = "?" if estimate.high is None else format_percent(estimate.high, lang)
        return f"{format_percent(estimate.value, lang)} [{low}–{high}]{star}"
    value = format_number(round(estimate.value, 1 if kind == "nps" else 2), lang)
    if estimate.low is None or estimate.high is None:
        return f"{value}{star}"
    digits = 0 if kind == "nps" else 2
    low = format_number(round(estimate.low, digits), lang)
    high = format_number(round(estimate.high, digits), lang)
    return f"{value} [{low}–{high}]{star}"


def _p_value(p: float, lang: str) -> str:
    """``< 0.001`` for tiny p-values, else ``= `` and three decimals.

    >>> _p_value(1e-9, "fr"), _p_value(0.0123, "en")
    ('< 0,001', '= 0.012')
    """
    comma = "," if lang == "fr" else "."
    if p < 0.001:
        return f"< 0{comma}001"
    return f"= {p:.3f}".replace(".", comma)


def print_satisfaction(
    result: FeedbackAnalysis, m: JourneyMap, console: SafeConsole, lang: str
) -> None:
    """The satisfaction table: overall, then per step, channel, touchpoint, segment, persona."""
    assigned = result.assigned
    console.print(
        TEXTS.text(
            "assigned",
            lang,
            step=assigned.get("step", 0),
            position=assigned.get("position", 0),
            text=assigned.get("text", 0),
            unassigned=assigned.get("unassigned", 0),
        ),
        highlight=False,
        markup=False,
    )
    names = {s.id: s.name for s in m.steps} | {p.id: p.name for p in m.personas}
    table = Table(title=TEXTS.text("title", lang))
    for header in ("group", "answers", "csat", "nps", "ces", "emotion"):
        table.add_column(TEXTS.text(header, lang))
    rows = [(TEXTS.text("overall", lang), result.overall)]
    for dimension in ("step", "channel", "touchpoint", "segment", "persona"):
        label = TEXTS.text(f"dim.{dimension}", lang)
        for group in result.groups.get(dimension, ()):
            shown = names.get(group.value or "", group.value or "")
            rows.append((f"{label}: {shown}", group))
    small = False
    for label, group in rows:
        small = small or group.small_sample
        table.add_row(
            label,
            f"{group.responses}{' *' if group.small_sample else ''}",
            _cell(group.csat_share, "share", lang),
            _cell(group.nps, "nps", lang),
            _cell(group.ces_mean, "mean", lang),
            _cell(group.emotion, "mean", lang),
        )
    console.print(table)
    if small:
        console.print(TEXTS.text("small", lang, n=SMALL_SAMPLE), highlight=False, markup=False)
    for note in result.notes:
        console.print(TEXTS.text(note, lang), highlight=False, markup=False)
    for change in result.recent:
        if not change.dropped:
            continue
        as_share = change.measure == "csat_share"
        before = change.before.value
        recent = change.recent.value
        console.print(
            TEXTS.text(
                "drop",
                lang,
                step=names.get(change.step, change.step),
                measure="CSAT" if as_share else TEXTS.text("emotion", lang),
                before=format_percent(before, lang) if as_share else format_number(before, lang),
                recent=format_percent(recent, lang) if as_share else format_number(recent, lang),
                days=result.recent_days,
                p=_p_value(change.p_value, lang),
            ),
            highlight=False,
            markup=False,
        )


THEMES_SHOWN = 20
"""At most this many themes are printed (the JSON has them all)."""


def print_themes(result: FeedbackAnalysis, m: JourneyMap, console: SafeConsole, lang: str) -> None:
    """The largest named themes of a step (not ``other``, not unassigned) with a quote,
    then the proposals."""
    if not result.themes:
        return
    names = {s.id: s.name for s in m.steps}
    table = Table(title=TEXTS.text("themes", lang))
    for header in ("group", "theme", "polarity", "count", "trend", "quotes"):
        table.add_column(TEXTS.text(header, lang))
    named = [t for t in result.themes if t.step is not None and t.key != "other"]
    largest = sorted(named, key=lambda t: -t.count)[:THEMES_SHOWN]
    for theme in largest:
        step = names.get(theme.step or "", theme.step or TEXTS.text("unassigned_step", lang))
        trend = " ".join(str(n) for _, n in theme.trend[-6:])
        table.add_row(
            Text(step),
            Text(theme.label),
            TEXTS.text(theme.polarity.value, lang),
            f"{theme.count} ({format_percent(theme.share, lang)})",
            trend,
            Text(theme.quotes[0] if theme.quotes else "—"),
        )
    console.print(table)
    if not result.proposals:
        return
    console.print(TEXTS.text("proposals", lang), highlight=False, markup=False)
    for proposal in result.proposals:
        console.print(
            TEXTS.text(
                "proposal",
                lang,
                kind=TEXTS.text(proposal.kind, lang),
                step=names.get(proposal.step, proposal.step),
                label=proposal.label,
                count=proposal.count,
                share=format_percent(proposal.share, lang),
                quote=proposal.quotes[0] if proposal.quotes else "",
            ),
            highlight=False,
            markup=False,
        )
