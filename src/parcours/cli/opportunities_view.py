"""How ``parcours opportunities`` prints its proposal, the two to start with and the
before / after checks."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from parcours.analytics import ImprovementCheck
from parcours.i18n import Catalog, format_delay, format_number, format_percent
from parcours.services.opportunities import OpportunitiesOutcome

TEXTS = Catalog(
    {
        "title": {"en": "Opportunities ranked", "fr": "Opportunités classées"},
        "rank": {"en": "#", "fr": "#"},
        "id": {"en": "Id", "fr": "Id"},
        "what": {"en": "Opportunity", "fr": "Opportunité"},
        "impact": {"en": "Impact", "fr": "Impact"},
        "estimate": {"en": "Estimate", "fr": "Estimation"},
        "effort": {"en": "Effort", "fr": "Effort"},
        "status": {"en": "Status", "fr": "Statut"},
        "proposed": {"en": "proposed", "fr": "proposée"},
        "in_map": {"en": "in the map", "fr": "dans la carte"},
        "unknown": {"en": "? (enter it)", "fr": "? (à saisir)"},
        "overridden": {"en": "(by hand)", "fr": "(saisi)"},
        "top": {
            "en": "The two actions to start with: {actions}",
            "fr": "Les deux actions par lesquelles commencer : {actions}",
        },
        "no_top": {
            "en": "No open opportunity to start with.",
            "fr": "Aucune opportunité à lancer.",
        },
        "accepted": {
            "en": "Accepted into {path}: {ids}",
            "fr": "Acceptées dans {path} : {ids}",
        },
        "check": {
            "en": "Done on {date}: {id} ({before} customers before, {after} after)",
            "fr": "Faite le {date} : {id} ({before} clients avant, {after} après)",
        },
        "change": {
            "en": "  {step} · {metric}: {before} → {after} (p = {p}) {verdict}",
            "fr": "  {step} · {metric} : {before} → {after} (p = {p}) {verdict}",
        },
        "better": {"en": "better", "fr": "mieux"},
        "worse": {"en": "worse", "fr": "moins bien"},
        "no_change": {"en": "no significant change", "fr": "pas de changement significatif"},
        "conversion": {"en": "conversion", "fr": "conversion"},
        "delay_seconds": {"en": "median delay", "fr": "délai médian"},
        "detour_share": {"en": "share taking it", "fr": "part qui y passe"},
        "satisfaction": {"en": "satisfaction", "fr": "satisfaction"},
    }
)


def print_opportunities(outcome: OpportunitiesOutcome, console: Console, lang: str) -> None:
    """The ranked table, the two to start with, what was accepted, the before / after."""
    proposal = outcome.proposal
    proposed = {o.id for o in proposal.candidates}
    view = Table(title=TEXTS.text("title", lang))
    for header in ("rank", "id", "what", "impact", "estimate", "effort", "status"):
        # ids are what --accept / --effort take: never cut them
        view.add_column(TEXTS.text(header, lang), no_wrap=header == "id")
    for rank, o in enumerate(proposal.ranked, start=1):
        estimate = "—"
        if o.impact_estimate is not None:
            estimate = f"{format_number(o.impact_estimate, lang)} {o.impact_unit}"
        impact = str(o.scored_impact)
        if o.impact_override is not None:
            impact += " " + TEXTS.text("overridden", lang)
        where = TEXTS.text("proposed" if o.id in proposed else "in_map", lang)
        view.add_row(
            str(rank),
            o.id or "",
            o.title,
            impact,
            estimate,
            TEXTS.text("unknown", lang) if o.effort_unknown else str(o.effort),
            f"{o.status.value} · {where}",
        )
    console.print(view)
    titles = {o.id: o.title for o in proposal.ranked}
    if proposal.top:
        actions = " ; ".join(f"{k}. {titles[i]} ({i})" for k, i in enumerate(proposal.top, 1))
        console.print(TEXTS.text("top", lang, actions=actions), highlight=False)
    else:
        console.print(TEXTS.text("no_top", lang), highlight=False)
    if outcome.accepted:
        ids = ", ".join(outcome.accepted)
        console.print(TEXTS.text("accepted", lang, path=outcome.map_path, ids=ids))
    for check in outcome.improvements:
        _print_check(check, console, lang)


def _print_check(check: ImprovementCheck, console: Console, lang: str) -> None:
    console.print(
        TEXTS.text(
            "check",
            lang,
            date=check.done_on.isoformat(),
            id=check.opportunity,
            before=check.customers_before,
            after=check.customers_after,
        ),
        highlight=False,
    )
    for change in check.changes:
        verdict = (
            "no_change" if change.improved is None else "better" if change.improved else "worse"
        )
        console.print(
            TEXTS.text(
                "change",
                lang,
                step=change.step,
                metric=TEXTS.text(change.metric, lang),
                before=_value(change.metric, change.before, lang),
                after=_value(change.metric, change.after, lang),
                p="—" if change.p_value is None else f"{change.p_value:.3g}",
                verdict=TEXTS.text(verdict, lang),
            ),
            highlight=False,
        )


def _value(metric: str, value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    if metric in ("conversion", "detour_share"):
        return format_percent(value, lang)
    if metric == "delay_seconds":
        return format_delay(value, lang)
    return format_number(value, lang)
