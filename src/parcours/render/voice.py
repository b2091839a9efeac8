"""The voice-of-the-customer, alerts and opportunities sections of the analysis report.

:func:`voice_context` turns what ``analyze --feedback`` measured
(:class:`~parcours.analytics.feedback.FeedbackAnalysis`), the alerts evaluated on the map's
thresholds (:class:`~parcours.analytics.alerts.AlertReport`) and the ranked opportunities
(:class:`~parcours.analytics.opportunities.OpportunityProposal`) into preformatted rows
for ``analysis_voice.html.j2``. Every text is plain: customers' quotes, theme labels and
step names are escaped by the template (Jinja autoescape), never marked safe here.

>>> from parcours.model import JourneyMap
>>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"}])
>>> voice_context(m, "en")["voice"] is None
True
"""

from __future__ import annotations

from typing import Any, Final

from parcours.analytics.alerts import Alert, AlertLevel, AlertReport
from parcours.analytics.feedback import Estimate, FeedbackAnalysis, GroupSatisfaction
from parcours.analytics.opportunities import OpportunityProposal
from parcours.i18n import Catalog, format_number, format_percent
from parcours.model import JourneyMap

THEMES_SHOWN: Final = 12
"""The largest named themes of a step shown in the report (the JSON has them all)."""

EMOTION_GAP: Final = 1.0
"""A measured emotion this far from the estimate (on -2..+2) is flagged."""

OPPORTUNITIES_SHOWN: Final = 10

LABELS = Catalog(
    {
        "voice": {"en": "Voice of the customer", "fr": "Voix du client"},
        "voice_intro": {
            "en": "Survey answers joined to the journey: satisfaction with its 95 % interval "
            "by step and channel, themes of the verbatims with quotes, measured emotion "
            "beside the map's estimate. * marks a small sample: an indication, not a fact.",
            "fr": "Réponses d'enquête rattachées au parcours : satisfaction avec son "
            "intervalle à 95 % par étape et par canal, thèmes des verbatims avec citations, "
            "émotion mesurée à côté de l'estimation de la carte. * signale un petit "
            "échantillon : une indication, pas un fait.",
        },
        "answers_line": {
            "en": "{answers} answers, {verbatims} verbatims read; tied to a step: {step} by "
            "the step named, {position} by the journey position, {text} by their text, "
            "{unassigned} unassigned.",
            "fr": "{answers} réponses, {verbatims} verbatims lus ; rattachées à une étape : "
            "{step} par l'étape nommée, {position} par la position dans le parcours, {text} "
            "par leur texte, {unassigned} non rattachées.",
        },
        "by_step": {"en": "Satisfaction by step", "fr": "Satisfaction par étape"},
        "by_channel": {"en": "Satisfaction by channel", "fr": "Satisfaction par canal"},
        "group": {"en": "Group", "fr": "Groupe"},
        "answers": {"en": "Answers", "fr": "Réponses"},
        "csat": {"en": "CSAT 4-5 (95 % CI)", "fr": "CSAT 4-5 (IC 95 %)"},
        "nps": {"en": "NPS (95 % CI)", "fr": "NPS (IC 95 %)"},
        "ces": {"en": "CES", "fr": "CES"},
        "drops": {"en": "Recent drops", "fr": "Baisses récentes"},
        "drop": {
            "en": "{step}: {measure} {before} → {recent} over the last {days} days (p {p}).",
            "fr": "{step} : {measure} {before} → {recent} sur les {days} derniers jours (p {p}).",
        },
        "themes": {"en": "Themes of the verbatims", "fr": "Thèmes des verbatims"},
        "step": {"en": "Step", "fr": "Étape"},
        "theme": {"en": "Theme", "fr": "Thème"},
        "tone": {"en": "Tone", "fr": "Tonalité"},
        "count": {"en": "Verbatims (share)", "fr": "Verbatims (part)"},
        "trend": {"en": "By period", "fr": "Par période"},
        "quotes": {"en": "Quotes", "fr": "Citations"},
        "negative": {"en": "negative", "fr": "négatif"},
        "positive": {"en": "positive", "fr": "positif"},
        "neutral": {"en": "neutral", "fr": "neutre"},
        "no_step": {"en": "(no step)", "fr": "(sans étape)"},
        "proposals": {
            "en": "Proposed irritants and enchantments (to accept into the map)",
            "fr": "Irritants et enchantements proposés (à accepter dans la carte)",
        },
        "irritant": {"en": "irritant", "fr": "irritant"},
        "enchantment": {"en": "enchantment", "fr": "enchantement"},
        "emotion": {"en": "Measured and estimated emotion", "fr": "Émotion mesurée et estimée"},
        "measured": {"en": "Measured (95 % CI)", "fr": "Mesurée (IC 95 %)"},
        "estimated": {"en": "Estimated", "fr": "Estimée"},
        "gap": {"en": "Gap", "fr": "Écart"},
        "disagree": {"en": "disagree", "fr": "désaccord"},
        "alerts": {"en": "Alerts", "fr": "Alertes"},
        "alerts_intro": {
            "en": "Every threshold of the map evaluated on the answers of the current period "
            "({start} to {end}): level, significant drop against the previous period, "
            "response-rate drop.",
            "fr": "Chaque seuil de la carte évalué sur les réponses de la période en cours "
            "(du {start} au {end}) : niveau, baisse significative par rapport à la période "
            "précédente, baisse du taux de réponse.",
        },
        "threshold": {"en": "Threshold", "fr": "Seuil"},
        "level": {"en": "Level", "fr": "Niveau"},
        "current": {"en": "Current", "fr": "Actuel"},
        "previous": {"en": "Previous", "fr": "Précédent"},
        "trend_p": {"en": "Trend (p)", "fr": "Tendance (p)"},
        "ok": {"en": "ok", "fr": "ok"},
        "small_sample": {"en": "small sample", "fr": "petit échantillon"},
        "warning": {"en": "warning", "fr": "alerte"},
        "critical": {"en": "critical", "fr": "critique"},
        "fired": {"en": "{n} alert(s) fired.", "fr": "{n} alerte(s) déclenchée(s)."},
        "none_fired": {"en": "No alert fired.", "fr": "Aucune alerte déclenchée."},
        "opportunities": {"en": "Opportunities", "fr": "Opportunités"},
        "opportunities_intro": {
            "en": "Breaking points, long waits, satisfaction gaps and negative themes ranked "
            "by impact against effort. Start with: {top}.",
            "fr": "Points de rupture, attentes longues, écarts de satisfaction et thèmes "
            "négatifs classés par impact et effort. Commencer par : {top}.",
        },
        "rank": {"en": "Rank", "fr": "Rang"},
        "action": {"en": "Action", "fr": "Action"},
        "impact": {"en": "Impact", "fr": "Impact"},
        "effort": {"en": "Effort", "fr": "Effort"},
        "estimate": {"en": "Estimated impact", "fr": "Impact estimé"},
        "top": {"en": "top 2", "fr": "top 2"},
    }
)


def voice_context(
    m: JourneyMap,
    lang: str,
    *,
    voice: FeedbackAnalysis | None = None,
    alerts: AlertReport | None = None,
    opportunities: OpportunityProposal | None = None,
) -> dict[str, Any]:
    """The template context of the three sections (None for an absent one)."""
    names = {s.id: s.name for s in m.steps}
    return {
        "vt": {key: LABELS.text(key, lang) for key in _PLAIN},
        "voice": None if voice is None else _voice(voice, names, lang),
        "alerts": None if alerts is None else _alerts(alerts, names, lang),
        "opportunities": (
            None if opportunities is None else _opportunities(opportunities, names, lang)
        ),
    }


_PLAIN = (
    "voice", "voice_intro", "by_step", "by_channel", "group", "answers", "csat", "nps", "ces",
    "drops", "themes", "step", "theme", "tone", "count", "trend", "quotes", "proposals",
    "emotion", "measured", "estimated", "gap", "alerts", "threshold", "level", "current",
    "previous", "trend_p", "opportunities", "rank", "action", "impact", "effort", "estimate",
    "top",
)  # fmt: skip


def _estimate(estimate: Estimate | None, kind: str, lang: str) -> str:
    """``62 % [58 %–66 %] *``: the value, its interval, a star on a small sample."""
    if estimate is None:
        return "—"
    star = " *" if estimate.small_sample else ""
    if kind == "share":
        shown = [format_percent(x, lang) for x in (estimate.low, estimate.high) if x is not None]
        value = format_percent(estimate.value, lang)
    else:
        digits = 0 if kind == "nps" else 2
        shown = [
            format_number(x, lang, digits=digits)
            for x in (estimate.low, estimate.high)
            if x is not None
        ]
        value = format_number(estimate.value, lang, digits=1 if kind == "nps" else 2)
    interval = f" [{shown[0]}–{shown[1]}]" if len(shown) == 2 else ""
    return f"{value}{interval}{star}"


def _group_row(group: GroupSatisfaction, names: dict[str, str], lang: str) -> dict[str, Any]:
    return {
        "name": names.get(group.value or "", group.value or "—"),
        "responses": group.responses,
        "small": group.small_sample,
        "csat": _estimate(group.csat_share, "share", lang),
        "nps": _estimate(group.nps, "nps", lang),
        "ces": _estimate(group.ces_mean, "mean", lang),
    }


def _p(p: float | None, lang: str) -> str:
    if p is None:
        return "—"
    if p < 0.001:
        return "< " + format_number(0.001, lang, digits=3)
    return "= " + format_number(p, lang, digits=3)


def _voice(result: FeedbackAnalysis, names: dict[str, str], lang: str) -> dict[str, Any]:
    assigned = result.assigned
    drops = [
        LABELS.text(
            "drop",
            lang,
            step=names.get(c.step, c.step),
            measure="CSAT 4-5" if c.measure == "csat_share" else "emotion",
            before=_estimate(c.before, "share" if c.measure == "csat_share" else "mean", lang),
            recent=_estimate(c.recent, "share" if c.measure == "csat_share" else "mean", lang),
            days=result.recent_days,
            p=_p(c.p_value, lang),
        )
        for c in result.recent
        if c.dropped
    ]
    named = [t for t in result.themes if t.step is not None and t.key != "other"]
    themes = sorted(named, key=lambda t: -t.count)[:THEMES_SHOWN]
    return {
        "line": LABELS.text(
            "answers_line",
            lang,
            answers=result.answers,
            verbatims=result.verbatims,
            step=assigned.get("step", 0),
            position=assigned.get("position", 0),
            text=assigned.get("text", 0),
            unassigned=assigned.get("unassigned", 0),
        ),
        "steps": [_group_row(g, names, lang) for g in result.steps],
        "channels": [_group_row(g, names, lang) for g in result.groups.get("channel", ())],
        "drops": drops,
        "themes": [
            {
                "step": names.get(t.step or "", t.step or LABELS.text("no_step", lang)),
                "label": t.label,
                "tone": LABELS.text(t.polarity.value, lang),
                "polarity": t.polarity.value,
                "count": f"{t.count} ({format_percent(t.share, lang)})",
                "trend": " · ".join(str(n) for _, n in t.trend[-6:]),
                "quotes": list(t.quotes[:3]),
            }
            for t in themes
        ],
        "proposals": [
            {
                "kind": LABELS.text(p.kind, lang),
                "css": p.kind,
                "step": names.get(p.step, p.step),
                "label": p.label,
                "count": f"{p.count} ({format_percent(p.share, lang)})",
                "quotes": list(p.quotes[:2]),
            }
            for p in result.proposals
        ],
        "emotions": [
            {
                "step": names.get(e.step, e.step),
                "measured": _estimate(e.measured, "mean", lang),
                "estimated": "—"
                if e.estimated is None
                else format_number(e.estimated, lang, digits=1),
                "gap": "—" if e.gap is None else format_number(e.gap, lang, digits=1),
                "disagree": e.gap is not None and abs(e.gap) >= EMOTION_GAP,
                "disagree_label": LABELS.text("disagree", lang),
            }
            for e in result.emotions
        ],
    }


def _alert_row(alert: Alert, names: dict[str, str], lang: str) -> dict[str, Any]:
    watched = alert.watched
    trend = alert.trend
    value = alert.current.value
    previous = alert.previous.value
    return {
        "step": names.get(watched.step or "", watched.step or "—"),
        "threshold": f"{watched.label} {watched.comparator.value} "
        f"{format_number(watched.value, lang, digits=1)}",
        "level": LABELS.text(alert.level.value, lang),
        "css": alert.level.value,
        "fired": alert.fired,
        "current": "—"
        if value is None
        else f"{format_number(value, lang, digits=1)} (n = {alert.current.responses})",
        "previous": "—"
        if previous is None
        else f"{format_number(previous, lang, digits=1)} (n = {alert.previous.responses})",
        "trend": "—"
        if trend is None
        else f"{format_number(trend.change, lang, digits=1)} (p {_p(trend.p_value, lang)})",
    }


def _alerts(report: AlertReport, names: dict[str, str], lang: str) -> dict[str, Any]:
    order = {AlertLevel.CRITICAL: 0, AlertLevel.WARNING: 1, AlertLevel.SMALL_SAMPLE: 2}
    alerts = sorted(report.alerts, key=lambda a: order.get(a.level, 3))
    fired = len(report.fired)
    return {
        "intro": LABELS.text(
            "alerts_intro", lang, start=report.options.start, end=report.options.end
        ),
        "summary": LABELS.text("fired", lang, n=fired)
        if fired
        else LABELS.text("none_fired", lang),
        "rows": [_alert_row(a, names, lang) for a in alerts],
    }


def _opportunities(
    proposal: OpportunityProposal, names: dict[str, str], lang: str
) -> dict[str, Any]:
    top = set(proposal.top)
    titles = {o.id: o.title for o in proposal.ranked}
    rows = [
        {
            "rank": rank,
            "title": o.title,
            "steps": ", ".join(names.get(s, s) for s in o.steps),
            "impact": o.impact_override or o.impact,
            "effort": "?" if o.effort_unknown else o.effort,
            "estimate": "—"
            if o.impact_estimate is None
            else f"{format_number(o.impact_estimate, lang, digits=0)} {o.impact_unit}".strip(),
            "top": o.id in top,
        }
        for rank, o in enumerate(proposal.ranked[:OPPORTUNITIES_SHOWN], start=1)
    ]
    return {
        "intro": LABELS.text(
            "opportunities_intro",
            lang,
            top=" ; ".join(titles.get(i, i) for i in proposal.top) or "—",
        ),
        "rows": rows,
    }
