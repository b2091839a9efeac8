"""French and English labels of the SVG drawings.

>>> LABELS.text("quick_win", "fr")
'Gains rapides'
"""

from __future__ import annotations

from parcours.i18n import Catalog
from parcours.render.labels import SHARED_LABELS

LABELS = Catalog(
    {
        **SHARED_LABELS,
        # drawing titles
        "experience_title": {"en": "Experience map", "fr": "Courbe d'expérience"},
        "grid_title": {"en": "Journey map", "fr": "Carte du parcours"},
        "blueprint_title": {"en": "Service blueprint", "fr": "Blueprint de service"},
        "matrix_title": {"en": "Opportunity matrix", "fr": "Matrice des opportunités"},
        "listening_title": {"en": "Listening plan", "fr": "Plan d'écoute"},
        "data_title": {"en": "Data inventory", "fr": "Inventaire des données"},
        "titled": {"en": "{view} — {journey}", "fr": "{view} — {journey}"},
        "text_cut": {
            "en": "[text cut: read it whole in the HTML report or the map file]",
            "fr": "[texte coupé : lisez-le en entier dans le rapport HTML ou le fichier]",
        },
        "no_rows": {"en": "Nothing to show yet.", "fr": "Rien à afficher pour l'instant."},
        # experience map
        "positive": {"en": "Positive", "fr": "Positif"},
        "negative": {"en": "Negative", "fr": "Négatif"},
        "neutral": {"en": "Neutral", "fr": "Neutre"},
        "irritants": {"en": "Irritants", "fr": "Irritants"},
        "enchantments": {"en": "Enchantments", "fr": "Enchantements"},
        "measured": {
            "en": "Measured satisfaction (1–5 scaled to −2..+2)",
            "fr": "Satisfaction mesurée (1–5 ramenée à −2..+2)",
        },
        "measured_persona": {"en": "{name} (measured)", "fr": "{name} (mesurée)"},
        "unknown_persona": {
            "en": "Unknown persona '{persona}' (expected one of: {known}).",
            "fr": "Persona « {persona} » inconnu (attendu : {known}).",
        },
        "estimated": {"en": "Estimated emotion", "fr": "Émotion estimée"},
        "no_personas": {
            "en": "No persona: add personas and their emotions to draw the curve.",
            "fr": "Aucun persona : ajoutez des personas et leurs émotions pour tracer la courbe.",
        },
        # journey grid lanes
        "lane_goal": {"en": "Customer goal", "fr": "Objectif du client"},
        "lane_emotion": {"en": "Emotion", "fr": "Émotion"},
        "target": {"en": "target {value}", "fr": "cible {value}"},
        "measured_value": {"en": "measured {value}", "fr": "mesuré {value}"},
        "alert_value": {"en": "alert {value}", "fr": "alerte {value}"},
        # blueprint
        "lane_evidence": {"en": "Physical evidence", "fr": "Preuves physiques"},
        "lane_frontstage": {"en": "Frontstage", "fr": "Front-office (visible)"},
        "lane_backstage": {"en": "Backstage", "fr": "Back-office (invisible)"},
        "lane_support": {"en": "Support processes", "fr": "Processus de support"},
        "lane_systems": {"en": "Systems", "fr": "Systèmes"},
        "line_interaction": {"en": "Line of interaction", "fr": "Ligne d'interaction"},
        "line_visibility": {"en": "Line of visibility", "fr": "Ligne de visibilité"},
        "line_internal": {
            "en": "Line of internal interaction",
            "fr": "Ligne d'interaction interne",
        },
        "lane_evidence_any": {
            "en": "Physical / digital evidence",
            "fr": "Preuves physiques / numériques",
        },
        "legend_triggers": {
            "en": "Customer action triggering the frontstage",
            "fr": "Action du client qui déclenche le front-office",
        },
        "legend_delay": {
            "en": "Median delay since the previous step",
            "fr": "Délai médian depuis l'étape précédente",
        },
        "unknown_step": {
            "en": "Unknown step '{step}' (expected one of: {known}).",
            "fr": "Étape « {step} » inconnue (attendu : {known}).",
        },
        "negative_delay": {
            "en": "The delay of step '{step}' is negative ({value} s): expected 0 or more.",
            "fr": "Le délai de l'étape « {step} » est négatif ({value} s) : attendu 0 ou plus.",
        },
        # opportunity matrix
        "impact": {"en": "Impact", "fr": "Impact"},
        "effort": {"en": "Effort", "fr": "Effort"},
        "low": {"en": "low", "fr": "faible"},
        "high": {"en": "high", "fr": "fort"},
        "quick_win": {"en": "Quick wins", "fr": "Gains rapides"},
        "major_project": {"en": "Major projects", "fr": "Projets majeurs"},
        "fill_in": {"en": "Fill-ins", "fr": "Tâches d'appoint"},
        "thankless": {"en": "Thankless tasks", "fr": "Tâches ingrates"},
        "opportunity_scores": {
            "en": "impact {impact} · effort {effort} · {status}",
            "fr": "impact {impact} · effort {effort} · {status}",
        },
        "no_opportunities": {
            "en": "No opportunity yet.",
            "fr": "Aucune opportunité pour l'instant.",
        },
        "matrix_legend": {"en": "Opportunities by rank", "fr": "Opportunités par rang"},
        "matrix_status": {"en": "Status:", "fr": "Statut :"},
        "matrix_top": {
            "en": "Start with: {ranks}",
            "fr": "Par où commencer : {ranks}",
        },
        "matrix_top_tag": {"en": "start here", "fr": "à lancer en premier"},
        "matrix_proposed": {"en": "proposed from evidence", "fr": "proposée par les données"},
        "matrix_effort_unknown": {"en": "effort to enter", "fr": "effort à saisir"},
        "matrix_impact_overridden": {"en": "impact set by hand", "fr": "impact saisi"},
        "no_opportunities_hint": {
            "en": "Add opportunities with an impact and an effort from 1 to 5.",
            "fr": "Ajoutez des opportunités avec un impact et un effort de 1 à 5.",
        },
        # measured funnel
        "funnel_title": {"en": "Measured funnel", "fr": "Entonnoir mesuré"},
        "funnel_reached": {"en": "{count} customers", "fr": "{count} clients"},
        "funnel_reached_one": {"en": "{count} customer", "fr": "{count} client"},
        "funnel_of_entered": {"en": "{share} of those who entered", "fr": "{share} des entrants"},
        "funnel_dropped": {"en": "−{count} dropped", "fr": "−{count} abandons"},
        "funnel_in_flight": {"en": "{count} still in progress", "fr": "{count} encore en cours"},
        "funnel_lost": {"en": "−{count} not converted", "fr": "−{count} non convertis"},
        "funnel_delay": {
            "en": "median {delay} since previous step",
            "fr": "médiane {delay} depuis l'étape précédente",
        },
        "funnel_empty": {
            "en": "No customer reached the first step: no event of the log matched it.",
            "fr": "Aucun client n'a atteint la première étape : aucun événement ne lui correspond.",
        },
        "legend_reached": {"en": "Reached the step", "fr": "Ont atteint l'étape"},
        "legend_dropped": {"en": "Dropped out", "fr": "Ont abandonné"},
        "legend_in_flight": {
            "en": "Still within the conversion window",
            "fr": "Encore dans la fenêtre de conversion",
        },
        "legend_not_converted": {"en": "Did not reach the step", "fr": "N'ont pas atteint l'étape"},
        "biggest_drop": {"en": "Biggest drop-off", "fr": "Plus forte perte"},
        "conversion_arrow": {
            "en": "Conversion from the previous step",
            "fr": "Conversion depuis l'étape précédente",
        },
        # sankey of real paths
        "sankey_title": {"en": "Real paths", "fr": "Parcours réels"},
        "sankey_column": {"en": "Step {n}", "fr": "Étape {n}"},
        "sankey_exit": {"en": "Exit", "fr": "Sortie"},
        "sankey_other": {"en": "Other steps", "fr": "Autres étapes"},
        "sankey_customers": {"en": "{count} customers", "fr": "{count} clients"},
        "sankey_caption": {
            "en": "Columns: the n-th step each customer went through; ribbon width: customers.",
            "fr": "Colonnes : n-ième étape vécue par chaque client ; épaisseur : clients.",
        },
        "sankey_empty": {
            "en": "No path to draw: no event of the log matched a step.",
            "fr": "Aucun parcours à tracer : aucun événement ne correspond à une étape.",
        },
        # evolution over time
        "trend_entered": {"en": "Customers entered per period", "fr": "Clients entrés par période"},
        "trend_title": {"en": "Conversion over time", "fr": "Évolution de la conversion"},
        "trend_caption": {
            "en": "Share of the customers entered in each period who reached the step.",
            "fr": "Part des clients entrés sur chaque période qui ont atteint l'étape.",
        },
        # tables
        "col_target": {"en": "Target", "fr": "Cible"},
        "col_unclassified": {"en": "Unclassified", "fr": "Non classées"},
    }
)


def text(key: str, lang: str, /, **params: object) -> str:
    """A label of :data:`LABELS` in ``lang``.

    >>> text("line_visibility", "en")
    'Line of visibility'
    """
    return LABELS.text(key, lang, **params)
