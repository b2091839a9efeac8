"""A journey map as a readable Markdown document, with its Mermaid experience curve.

User text is escaped: HTML-significant characters become entities and Markdown
markup characters are backslash-escaped, so a name never turns into a link or a tag.

>>> from parcours.model import JourneyMap
>>> doc = to_markdown(JourneyMap(journey={"title": "Ouvrir un <compte>"}, language="fr"))
>>> doc.splitlines()[0]
'# Ouvrir un &lt;compte&gt;'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from parcours.i18n import Catalog, label
from parcours.io.mermaid import mermaid_journey
from parcours.model import JourneyMap, Step

TEXT = Catalog(
    {
        "scope": {"en": "Scope", "fr": "Périmètre"},
        "objective": {"en": "Customer objective", "fr": "Objectif du client"},
        "expectations": {"en": "Expectations", "fr": "Attentes"},
        "owner": {"en": "Owner", "fr": "Responsable"},
        "personas": {"en": "Personas", "fr": "Personas"},
        "segment": {"en": "Segment", "fr": "Segment"},
        "goals": {"en": "Goals", "fr": "Objectifs"},
        "needs": {"en": "Needs", "fr": "Besoins"},
        "frustrations": {"en": "Frustrations", "fr": "Frustrations"},
        "channels": {"en": "Preferred channels", "fr": "Canaux préférés"},
        "curve": {"en": "Experience curve", "fr": "Courbe d'expérience"},
        "other_steps": {"en": "Other steps", "fr": "Autres étapes"},
        "moment_of_truth": {"en": "Moment of truth", "fr": "Moment de vérité"},
        "breaking_point": {"en": "Breaking point", "fr": "Point de rupture"},
        "goal": {"en": "Customer goal", "fr": "But du client"},
        "actions": {"en": "Actions", "fr": "Actions"},
        "touchpoints": {"en": "Touchpoints", "fr": "Points de contact"},
        "emotions": {"en": "Emotions", "fr": "Émotions"},
        "irritants": {"en": "Irritants", "fr": "Irritants"},
        "severity": {"en": "severity {n}/3", "fr": "gravité {n}/3"},
        "enchantments": {"en": "Enchantments", "fr": "Enchantements"},
        "data": {"en": "Data collected", "fr": "Données collectées"},
        "stakeholders": {"en": "Stakeholders", "fr": "Intervenants"},
        "metrics": {"en": "Metrics", "fr": "Indicateurs"},
        "target": {"en": "target {value}", "fr": "cible {value}"},
        "listening": {"en": "Listening points", "fr": "Points d'écoute"},
        "step": {"en": "Step", "fr": "Étape"},
        "medium": {"en": "Medium", "fr": "Média"},
        "questions": {"en": "Questions", "fr": "Questions"},
        "alert": {"en": "Alert", "fr": "Alerte"},
        "opportunities": {"en": "Opportunities", "fr": "Opportunités"},
        "title": {"en": "Title", "fr": "Titre"},
        "impact": {"en": "Impact", "fr": "Impact"},
        "effort": {"en": "Effort", "fr": "Effort"},
        "status": {"en": "Status", "fr": "Statut"},
        "steps": {"en": "Steps", "fr": "Étapes"},
    }
)

_MARKUP = re.compile(r"([\\`*_\[\]|])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")


def inline(text: str) -> str:
    """User text on one line, safe in Markdown (and in the HTML it renders to).

    >>> inline("a *b* | <i>\\n# c")
    'a \\\\*b\\\\* \\\\| &lt;i&gt; # c'
    """
    one_line = " ".join(text.split())
    html_safe = one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MARKUP.sub(r"\\\1", html_safe)
    return _LINE_START.sub(r"\1\\\2", escaped)


def block(text: str) -> str:
    """Multi-line user text: each line escaped, line breaks kept."""
    return "  \n".join(inline(line) for line in text.splitlines() if line.strip())


def to_markdown(m: JourneyMap, lang: str | None = None) -> str:
    """The map as Markdown in ``lang`` (default: the map's language)."""
    language = lang or m.language.value
    out: list[str] = [f"# {inline(m.journey.title)}", ""]
    out += _journey(m, language)
    out += _personas(m, language)
    out += [f"## {TEXT.text('curve', language)}", "", "```mermaid"]
    out += [mermaid_journey(m, language), "```", ""]
    number = 0
    sections = [(p.name, _kind(p.name, label(p.kind, language)), m.steps_in(p)) for p in m.phases]
    loose = [s for s in m.steps if m.phase_of(s) is None]
    if loose:
        sections.append((TEXT.text("other_steps", language), "", loose))
    for name, kind, steps in sections:
        out += [f"## {inline(name)}" + (f" ({kind})" if kind else ""), ""]
        for step in steps:
            number += 1
            out += _step(m, step, number, language)
    out += _listening(m, language)
    out += _opportunities(m, language)
    return "\n".join(out).rstrip() + "\n"


def _kind(name: str, kind_label: str) -> str:
    """The phase kind label, unless the phase is already named so."""
    return "" if name.strip().casefold() == kind_label.casefold() else kind_label


def _field(key: str, value: str, lang: str) -> list[str]:
    return (
        [
            f"**{TEXT.text(key, lang)}** : {value}"
            if lang == "fr"
            else f"**{TEXT.text(key, lang)}**: {value}",
            "",
        ]
        if value
        else []
    )


def _bullets(key: str, items: Iterable[str], lang: str) -> list[str]:
    lines = [f"- {item}" for item in items]
    return [f"**{TEXT.text(key, lang)}**", "", *lines, ""] if lines else []


def _journey(m: JourneyMap, lang: str) -> list[str]:
    j = m.journey
    return [
        *_field("scope", block(j.scope), lang),
        *_field("objective", block(j.objective), lang),
        *_bullets("expectations", (inline(e) for e in j.expectations), lang),
        *_field("owner", inline(j.owner), lang),
    ]


def _personas(m: JourneyMap, lang: str) -> list[str]:
    if not m.personas:
        return []
    out = [f"## {TEXT.text('personas', lang)}", ""]
    for p in m.personas:
        out += [f"### {inline(p.name)}", ""]
        if p.description:
            out += [block(p.description), ""]
        if p.quote:
            out += [f"> {inline(p.quote)}", ""]
        out += _field("segment", inline(p.segment), lang)
        out += _bullets("goals", map(inline, p.goals), lang)
        out += _bullets("needs", map(inline, p.needs), lang)
        out += _bullets("frustrations", map(inline, p.frustrations), lang)
        channels = ", ".join(label(c, lang) for c in p.preferred_channels)
        out += _field("channels", channels, lang)
    return out


def _step(m: JourneyMap, step: Step, number: int, lang: str) -> list[str]:
    flags = [TEXT.text(k, lang) for k in ("moment_of_truth", "breaking_point") if getattr(step, k)]
    out = [f"### {number}. {inline(step.name)}" + (f" — {', '.join(flags)}" if flags else ""), ""]
    if step.description:
        out += [block(step.description), ""]
    out += _field("goal", inline(step.customer_goal), lang)
    out += _bullets("actions", map(inline, step.actions), lang)
    out += _bullets(
        "touchpoints",
        (
            label(t.channel, lang) + (f" — {inline(t.name)}" if t.name else "")
            for t in step.touchpoints
        ),
        lang,
    )
    names = {p.id: p.name for p in m.personas}
    emotions = []
    for e in step.emotions:
        score = f"{e.score:+d}" if e.score else "0"
        sep = " : " if lang == "fr" else ": "
        text = f"{inline(names.get(e.persona, e.persona))}{sep}{score}"
        text += f" ({inline(e.word)})" if e.word else ""
        text += f" — {inline(e.reason)}" if e.reason else ""
        emotions.append(text)
    out += _bullets("emotions", emotions, lang)
    out += _bullets(
        "irritants",
        (f"{inline(i.text)} ({TEXT.text('severity', lang, n=i.severity)})" for i in step.irritants),
        lang,
    )
    out += _bullets("enchantments", (inline(e.text) for e in step.enchantments), lang)
    out += _bullets(
        "data",
        (
            inline(d.name) + (f" ({label(d.category, lang)})" if d.category else "")
            for d in step.data_collected
        ),
        lang,
    )
    out += _bullets(
        "stakeholders",
        (
            inline(s.name) + (f" — {inline(s.deliverable)}" if s.deliverable else "")
            for s in step.stakeholders
        ),
        lang,
    )
    out += _bullets(
        "metrics",
        (
            inline(x.name)
            + (f" ({inline(x.unit)})" if x.unit else "")
            + (
                f", {TEXT.text('target', lang, value=f'{x.target:g}')}"
                if x.target is not None
                else ""
            )
            for x in step.metrics
        ),
        lang,
    )
    return out


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _listening(m: JourneyMap, lang: str) -> list[str]:
    if not m.listening_points:
        return []
    rows = [
        [
            inline(lp.step),
            label(lp.medium, lang),
            "<br>".join(inline(q) for q in lp.questions),
            inline(lp.alert_threshold.describe()) if lp.alert_threshold else "",
        ]
        for lp in m.listening_points
    ]
    headers = [TEXT.text(k, lang) for k in ("step", "medium", "questions", "alert")]
    return [f"## {TEXT.text('listening', lang)}", "", *_table(headers, rows)]


def _opportunities(m: JourneyMap, lang: str) -> list[str]:
    if not m.opportunities:
        return []
    ranked = sorted(m.opportunities, key=lambda o: -o.priority)
    rows = [
        [
            inline(o.title),
            str(o.scored_impact),
            str(o.effort),
            label(o.status, lang),
            ", ".join(inline(s) for s in o.steps),
        ]
        for o in ranked
    ]
    headers = [TEXT.text(k, lang) for k in ("title", "impact", "effort", "status", "steps")]
    return [f"## {TEXT.text('opportunities', lang)}", "", *_table(headers, rows)]
