"""How ``parcours listening`` and ``parcours alerts`` show their results (FR / EN)."""

from __future__ import annotations

from rich.table import Table

from parcours.analytics.alerts import Alert, AlertLevel, AlertReport, DropTest, Indicator
from parcours.cli.terminal import SafeConsole
from parcours.i18n import Catalog, format_number
from parcours.services.listening import COLUMNS, ListeningPlan

TEXTS = Catalog(
    {
        "plan.title": {"en": "Listening plan", "fr": "Plan d'écoute"},
        "plan.questions": {"en": "Questions", "fr": "Questions"},
        "alerts.title": {
            "en": "Alerts: {start} to {end} against {pstart} to {pend}",
            "fr": "Alertes : du {start} au {end} comparé au {pstart} au {pend}",
        },
        "alerts.level": {"en": "Level", "fr": "Niveau"},
        "alerts.threshold": {"en": "Threshold", "fr": "Seuil"},
        "alerts.step": {"en": "Step", "fr": "Étape"},
        "alerts.now": {"en": "Now", "fr": "Actuel"},
        "alerts.before": {"en": "Before", "fr": "Avant"},
        "alerts.trend": {"en": "Trend", "fr": "Tendance"},
        "alerts.rate": {"en": "Response rate", "fr": "Taux de réponse"},
        "alerts.fired": {
            "en": "{count} alert(s) fired out of {total} thresholds ({answers} answers read).",
            "fr": "{count} alerte(s) déclenchée(s) sur {total} seuils ({answers} réponses lues).",
        },
        "alerts.channels": {
            "en": "{label}, by channel: {values}",
            "fr": "{label}, par canal : {values}",
        },
        "alerts.skipped": {
            "en": "Not evaluated: {threshold} ({reason})",
            "fr": "Non évalué : {threshold} ({reason})",
        },
        "reason.unknown_indicator": {
            "en": "indicator not CSAT, NPS, CES or a response rate",
            "fr": "indicateur autre que CSAT, NPS, CES ou taux de réponse",
        },
        "reason.not_from_feedback": {
            "en": "measured from the event log: see parcours analyze",
            "fr": "mesuré sur le journal d'événements : voir parcours analyze",
        },
        "comparator.below": {"en": "below", "fr": "sous"},
        "comparator.above": {"en": "above", "fr": "au-dessus de"},
        "level.ok": {"en": "ok", "fr": "ok"},
        "level.small_sample": {"en": "small sample", "fr": "petit échantillon"},
        "level.warning": {"en": "WARNING", "fr": "ALERTE"},
        "level.critical": {"en": "CRITICAL", "fr": "CRITIQUE"},
        "trend.significant": {
            "en": "significant (p = {p})",
            "fr": "significative (p = {p})",
        },
        "trend.noise": {"en": "not significant (p = {p})", "fr": "non significative (p = {p})"},
        "webhook.sent": {
            "en": "Alerts sent to the webhook (HTTP {status}, attempt {attempts}).",
            "fr": "Alertes envoyées au webhook (HTTP {status}, tentative {attempts}).",
        },
        "webhook.failed": {
            "en": "Warning: the webhook could not be reached after {attempts} attempt(s) "
            "({error}); the alerts are still in the output and the exit code.",
            "fr": "Attention : le webhook n'a pas pu être joint après {attempts} tentative(s) "
            "({error}) ; les alertes restent dans la sortie et le code de retour.",
        },
    }
)

LEVEL_STYLE = {
    AlertLevel.OK: "green",
    AlertLevel.SMALL_SAMPLE: "dim",
    AlertLevel.WARNING: "yellow",
    AlertLevel.CRITICAL: "bold red",
}


def print_plan(plan: ListeningPlan, console: SafeConsole, lang: str) -> None:
    """One line per listening point, with its volume when measured."""
    table = Table(title=TEXTS.text("plan.title", lang))
    keys = ["point", "step_name", "medium", "delay_hours", "sampling_rate", "fatigue_days"]
    if plan.volume is not None:
        keys += ["surveyed_per_week", "answers_per_week"]
    for key in keys:
        table.add_column(COLUMNS.text(key, lang))
    points = plan.points(lang)
    for point in points:
        table.add_row(*["" if point[k] is None else str(point[k]) for k in keys])
    console.print(table)
    for point in points:
        console.print(
            f"{point['point']} — {point['trigger']}, {point['temperature']}", highlight=False
        )
        for number, question in enumerate(point["questions"], start=1):
            console.print(f"  {number}. {question['text']} [{question['scale']}]", highlight=False)


def _value(indicator: Indicator, value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    percent = indicator in (Indicator.CSAT_SHARE, Indicator.RESPONSE_RATE)
    text = format_number(value, lang, digits=1 if percent or indicator is Indicator.NPS else 2)
    return f"{text} %" if percent else text


def _test(test: DropTest | None, indicator: Indicator, lang: str) -> str:
    if test is None:
        return "—"
    p = "—" if test.p_value is None else f"{test.p_value:.3g}"
    verdict = TEXTS.text("trend.significant" if test.significant else "trend.noise", lang, p=p)
    change = _value(indicator, test.change, lang).replace(" %", " pts")
    return f"{'+' if test.change > 0 else ''}{change}, {verdict}"


def _row(alert: Alert, lang: str) -> list[str]:
    w = alert.watched
    comparator = TEXTS.text(f"comparator.{w.comparator.value}", lang)
    return [
        TEXTS.text(f"level.{alert.level.value}", lang),
        f"{w.label} {comparator} {_value(w.indicator, w.value, lang)}",
        w.step or "",
        f"{_value(w.indicator, alert.current.value, lang)} (n = {alert.current.responses})",
        f"{_value(w.indicator, alert.previous.value, lang)} (n = {alert.previous.responses})",
        _test(alert.trend, w.indicator, lang),
        _test(alert.response_rate, Indicator.RESPONSE_RATE, lang),
    ]


def print_alerts(report: AlertReport, answers: int, console: SafeConsole, lang: str) -> None:
    """The alerts (fired first) with their evidence, then what was not evaluated."""
    previous = report.options.previous
    table = Table(
        title=TEXTS.text(
            "alerts.title",
            lang,
            start=report.options.start,
            end=report.options.end,
            pstart=previous[0],
            pend=previous[1],
        )
    )
    for key in ("level", "threshold", "step", "now", "before", "trend", "rate"):
        table.add_column(TEXTS.text(f"alerts.{key}", lang))
    ordered = sorted(report.alerts, key=lambda a: (not a.fired, a.level is not AlertLevel.CRITICAL))
    for alert in ordered:
        table.add_row(*_row(alert, lang), style=LEVEL_STYLE[alert.level])
    console.print(table)
    for alert in ordered:
        if alert.fired and len(alert.channels) > 1:
            indicator = alert.watched.indicator
            shares = ", ".join(
                f"{name} {_value(indicator, value.value, lang)} (n = {value.responses})"
                for name, value in alert.channels
            )
            console.print(
                TEXTS.text("alerts.channels", lang, label=alert.watched.label, values=shares),
                highlight=False,
            )
    for threshold, reason in report.skipped:
        console.print(
            TEXTS.text(
                "alerts.skipped",
                lang,
                threshold=threshold,
                reason=TEXTS.text(f"reason.{reason}", lang),
            ),
            highlight=False,
        )
    console.print(
        TEXTS.text(
            "alerts.fired", lang, count=len(report.fired), total=len(report.alerts), answers=answers
        ),
        highlight=False,
    )
