"""French and English labels of the journey-map report (HTML, PDF, PNG).

>>> text("lane_actions", "fr")
'Actions du client'
"""

from __future__ import annotations

from parcours.i18n import Catalog

SHARED_LABELS: dict[str, dict[str, str]] = {
    "no_steps": {
        "en": "This map has no steps yet.",
        "fr": "Cette carte n'a pas encore d'étape.",
    },
    "no_phase": {"en": "(no phase)", "fr": "(sans phase)"},
    "lane_phase": {"en": "Phase", "fr": "Phase"},
    "lane_step": {"en": "Step", "fr": "Étape"},
    "lane_actions": {"en": "Customer actions", "fr": "Actions du client"},
    "lane_touchpoints": {"en": "Touchpoints", "fr": "Points de contact"},
    "lane_moments": {
        "en": "Moments of truth / breaking points",
        "fr": "Moments de vérité / points de rupture",
    },
    "lane_data": {"en": "Data collected", "fr": "Données collectées"},
    "lane_stakeholders": {"en": "Stakeholders", "fr": "Acteurs"},
    "lane_metrics": {"en": "Metrics", "fr": "Indicateurs"},
    "moment_of_truth": {"en": "Moment of truth", "fr": "Moment de vérité"},
    "breaking_point": {"en": "Breaking point", "fr": "Point de rupture"},
    "col_step": {"en": "Step", "fr": "Étape"},
    "col_questions": {"en": "Question(s)", "fr": "Question(s)"},
    "col_medium": {"en": "Medium", "fr": "Support"},
    "col_timing": {"en": "Timing", "fr": "Moment d'envoi"},
    "col_frequency": {"en": "Frequency", "fr": "Fréquence"},
    "col_threshold": {"en": "Alert threshold", "fr": "Seuil d'alerte"},
    "survey_when": {
        "en": "{temperature}: {delay} after {trigger}",
        "fr": "{temperature} : {delay} après {trigger}",
    },
    "survey_any_event": {"en": "the step's event", "fr": "l'événement de l'étape"},
    "survey_hours": {"en": "{n} h", "fr": "{n} h"},
    "survey_days": {"en": "{n} days", "fr": "{n} jours"},
    "survey_sampling": {"en": "{rate} of customers asked", "fr": "{rate} des clients sollicités"},
    "survey_fatigue": {
        "en": "at most one survey per customer every {days} days",
        "fr": "au plus une enquête par client tous les {days} jours",
    },
    "survey_segments": {"en": "segments: {names}", "fr": "segments : {names}"},
    "survey_channels": {"en": "channels: {names}", "fr": "canaux : {names}"},
    "comparator_below": {"en": "below", "fr": "inférieur à"},
    "comparator_above": {"en": "above", "fr": "supérieur à"},
}
"""Labels both the report and its SVG drawings show, identical in both catalogs."""

LABELS = Catalog(
    {
        **SHARED_LABELS,
        # document
        "report_kind": {"en": "Customer journey map", "fr": "Cartographie de parcours client"},
        "generated_on": {"en": "Generated on {date}", "fr": "Généré le {date}"},
        "page_of": {"en": "Page {page} / {pages}", "fr": "Page {page} / {pages}"},
        "contents": {"en": "Contents", "fr": "Sommaire"},
        # cover
        "scope": {"en": "Scope", "fr": "Périmètre"},
        "objective": {"en": "Customer objective", "fr": "Objectif du client"},
        "expectations": {"en": "Expectations", "fr": "Attentes"},
        "owner": {"en": "Owner", "fr": "Responsable"},
        "owner_is": {"en": "Owner: {owner}", "fr": "Responsable : {owner}"},
        "updated_on": {"en": "Updated: {date}", "fr": "Mis à jour : {date}"},
        "created_on": {"en": "Created: {date}", "fr": "Créé le {date}"},
        "personas": {"en": "Personas", "fr": "Personas"},
        "segment": {"en": "Segment", "fr": "Segment"},
        "goals": {"en": "Goals", "fr": "Objectifs"},
        "needs": {"en": "Needs", "fr": "Besoins"},
        "frustrations": {"en": "Frustrations", "fr": "Frustrations"},
        "preferred_channels": {"en": "Preferred channels", "fr": "Canaux préférés"},
        "no_personas": {
            "en": "No persona is described yet.",
            "fr": "Aucun persona n'est encore décrit.",
        },
        "kpi_phases": {"en": "phases", "fr": "phases"},
        "kpi_steps": {"en": "steps", "fr": "étapes"},
        "kpi_moments": {"en": "moments of truth", "fr": "moments de vérité"},
        "kpi_breaking": {"en": "breaking points", "fr": "points de rupture"},
        "kpi_irritants": {"en": "irritants", "fr": "irritants"},
        "kpi_opportunities": {"en": "opportunities", "fr": "opportunités"},
        # view titles
        "view_map": {"en": "Journey map", "fr": "Carte du parcours"},
        "view_experience": {"en": "Experience map", "fr": "Courbe d'expérience"},
        "view_funnel": {"en": "Measured funnel", "fr": "Entonnoir mesuré"},
        "view_blueprint": {"en": "Service blueprint", "fr": "Blueprint de service"},
        "view_listening": {"en": "Listening plan", "fr": "Plan d'écoute"},
        "view_data": {"en": "Data collected", "fr": "Données collectées"},
        "view_opportunities": {"en": "Improvement opportunities", "fr": "Pistes d'amélioration"},
        "view_rubric": {"en": "Quality report", "fr": "Rapport de qualité"},
        "intro_map": {
            "en": "Phases and steps across, what the customer does, meets and feels down.",
            "fr": "Les phases et étapes en colonnes ; ce que le client fait, rencontre et "
            "ressent en lignes.",
        },
        "intro_experience": {
            "en": "Estimated emotion of each persona along the journey (−2 to +2).",
            "fr": "Émotion estimée de chaque persona tout au long du parcours (−2 à +2).",
        },
        "intro_funnel": {
            "en": "Customers who reached each step, measured from event logs "
            "(parcours analyze), with the conversion and the median delay from the step before.",
            "fr": "Clients ayant atteint chaque étape, mesurés à partir des journaux "
            "d'événements (parcours analyze), avec la conversion et le délai médian depuis "
            "l'étape précédente.",
        },
        "funnel_not_measured": {
            "en": "Not measured yet: run parcours analyze MAP --events LOG to fill this view.",
            "fr": "Pas encore mesuré : lancez parcours analyze CARTE --events JOURNAL pour "
            "remplir cette vue.",
        },
        "funnel_measured_on": {
            "en": "Measured on {date} from {source}.",
            "fr": "Mesuré le {date} à partir de {source}.",
        },
        "intro_blueprint": {
            "en": "What the customer sees and what the company does behind the scenes.",
            "fr": "Ce que voit le client et ce que l'entreprise fait en coulisses.",
        },
        "intro_listening": {
            "en": "How the voice of the customer is collected at each moment that matters.",
            "fr": "Comment la voix du client est recueillie à chaque moment qui compte.",
        },
        "intro_data": {
            "en": "Data the company collects at each step, by category.",
            "fr": "Données collectées par l'entreprise à chaque étape, par catégorie.",
        },
        "intro_opportunities": {
            "en": "Improvement ideas on the impact × effort matrix, ranked by priority.",
            "fr": "Pistes d'amélioration sur la matrice impact × effort, classées par priorité.",
        },
        "intro_rubric": {
            "en": "Every rule of the journey-mapping checklist and what it found.",
            "fr": "Chaque règle de la grille de qualité et ce qu'elle a relevé.",
        },
        "continued": {"en": "continued", "fr": "suite"},
        "part_of": {"en": "part {part} of {parts}", "fr": "partie {part} sur {parts}"},
        "drawing_unavailable": {
            "en": "This drawing is not available in this installation.",
            "fr": "Ce dessin n'est pas disponible dans cette installation.",
        },
        # grid lanes
        "lane": {"en": "Lane", "fr": "Ligne"},
        "lane_emotions": {"en": "Emotions", "fr": "Émotions"},
        "lane_irritants": {"en": "Irritants", "fr": "Irritants"},
        "lane_enchantments": {"en": "Enchantments", "fr": "Enchantements"},
        "severity": {"en": "Severity", "fr": "Gravité"},
        "severity_1": {"en": "minor", "fr": "mineur"},
        "severity_2": {"en": "major", "fr": "majeur"},
        "severity_3": {"en": "blocking", "fr": "bloquant"},
        "target": {"en": "target", "fr": "cible"},
        "alert": {"en": "alert", "fr": "alerte"},
        "measured": {"en": "measured", "fr": "mesuré"},
        "measured_on": {"en": "on {date}", "fr": "le {date}"},
        "in_alert": {"en": "below expectations", "fr": "en alerte"},
        "unclassified": {"en": "Unclassified", "fr": "Non classée"},
        "legend": {"en": "Legend", "fr": "Légende"},
        "emotion_scale": {"en": "Emotion", "fr": "Émotion"},
        "emotion_-2": {"en": "very negative", "fr": "très négative"},
        "emotion_-1": {"en": "negative", "fr": "négative"},
        "emotion_0": {"en": "neutral", "fr": "neutre"},
        "emotion_1": {"en": "positive", "fr": "positive"},
        "emotion_2": {"en": "very positive", "fr": "très positive"},
        # experience
        "key_moments": {"en": "Key moments", "fr": "Moments clés"},
        "main_irritant": {"en": "Main irritant", "fr": "Irritant principal"},
        # listening
        "col_target": {"en": "Population asked", "fr": "Population interrogée"},
        "no_listening": {
            "en": "No listening point is planned yet.",
            "fr": "Aucun point d'écoute n'est encore prévu.",
        },
        # data
        "col_purpose": {"en": "purpose", "fr": "finalité"},
        "col_system": {"en": "system", "fr": "système"},
        "no_data": {
            "en": "No collected data is described yet.",
            "fr": "Aucune donnée collectée n'est encore décrite.",
        },
        "data_totals": {"en": "Items", "fr": "Éléments"},
        # opportunities
        "col_rank": {"en": "#", "fr": "N°"},
        "col_opportunity": {"en": "Opportunity", "fr": "Piste"},
        "col_quadrant": {"en": "Quadrant", "fr": "Quadrant"},
        "col_impact": {"en": "Impact", "fr": "Impact"},
        "col_effort": {"en": "Effort", "fr": "Effort"},
        "col_priority": {"en": "Priority", "fr": "Priorité"},
        "col_steps": {"en": "Steps", "fr": "Étapes"},
        "col_irritants": {"en": "Irritants addressed", "fr": "Irritants traités"},
        "col_owner": {"en": "Owner", "fr": "Porteur"},
        "col_status": {"en": "Status", "fr": "Statut"},
        "quick_win": {"en": "Quick win", "fr": "Gain rapide"},
        "major_project": {"en": "Major project", "fr": "Projet majeur"},
        "fill_in": {"en": "Fill-in", "fr": "Tâche d'appoint"},
        "thankless": {"en": "Thankless task", "fr": "Tâche ingrate"},
        "no_opportunities": {
            "en": "No opportunity is recorded yet.",
            "fr": "Aucune piste d'amélioration n'est encore enregistrée.",
        },
        # rubric
        "checklist": {"en": "Checklist", "fr": "Grille de contrôle"},
        "findings": {"en": "Findings", "fr": "Constats"},
        "col_rule": {"en": "Rule", "fr": "Règle"},
        "col_rule_id": {"en": "Rule id", "fr": "Identifiant"},
        "col_result": {"en": "Result", "fr": "Résultat"},
        "col_count": {"en": "Findings", "fr": "Constats"},
        "col_severity": {"en": "Severity", "fr": "Gravité"},
        "col_element": {"en": "Element", "fr": "Élément"},
        "col_message": {"en": "Finding", "fr": "Constat"},
        "col_hint": {"en": "How to fix", "fr": "Comment corriger"},
        "passed": {"en": "passed", "fr": "conforme"},
        "failed": {"en": "to fix", "fr": "à corriger"},
        "rules_passed": {
            "en": "{passed} of {total} rules passed",
            "fr": "{passed} règles conformes sur {total}",
        },
        "no_findings": {
            "en": "No finding: the map meets every rule.",
            "fr": "Aucun constat : la carte respecte toutes les règles.",
        },
        # analysis report
        "an_kind": {
            "en": "Journey analysis from data",
            "fr": "Analyse du parcours par les données",
        },
        "an_source": {"en": "Source: {source}", "fr": "Source : {source}"},
        "an_scope": {
            "en": "{events} events, {cases} customers, data up to {date}",
            "fr": "{events} événements, {cases} clients, données jusqu'au {date}",
        },
        "an_kpi_entered": {"en": "customers entered", "fr": "clients entrés"},
        "an_kpi_converted": {"en": "completed the journey", "fr": "ont terminé le parcours"},
        "an_kpi_conversion": {"en": "conversion", "fr": "conversion"},
        "an_kpi_time": {"en": "median time to complete", "fr": "durée médiane du parcours"},
        "an_kpi_satisfaction": {"en": "mean satisfaction", "fr": "satisfaction moyenne"},
        "an_empty": {
            "en": "No event of the log matched the first step of the map: nothing to measure. "
            "Check the event names bound to the steps.",
            "fr": "Aucun événement du journal ne correspond à la première étape de la carte : "
            "rien à mesurer. Vérifiez les noms d'événements associés aux étapes.",
        },
        "an_funnel": {"en": "Measured funnel", "fr": "Entonnoir mesuré"},
        "an_funnel_intro": {
            "en": "How many customers reach each step of the map, in order, and where they are "
            "lost.",
            "fr": "Combien de clients atteignent chaque étape de la carte, dans l'ordre, et où ils "
            "sont perdus.",
        },
        "an_breaking": {"en": "Breaking points", "fr": "Points de rupture"},
        "an_breaking_intro": {
            "en": "The transitions between steps that lose the most customers and those where "
            "customers wait the longest.",
            "fr": "Les transitions entre étapes qui perdent le plus de clients et celles où les "
            "clients attendent le plus longtemps.",
        },
        "an_drop_offs": {"en": "Where customers drop out", "fr": "Où les clients abandonnent"},
        "an_waits": {"en": "Where customers wait", "fr": "Où les clients attendent"},
        "an_none": {"en": "None.", "fr": "Aucun."},
        "col_transition": {"en": "Transition", "fr": "Transition"},
        "col_lost": {"en": "Customers lost", "fr": "Clients perdus"},
        "col_drop_rate": {"en": "Drop-off rate", "fr": "Taux d'abandon"},
        "col_waited": {"en": "Customers who waited", "fr": "Clients concernés"},
        "col_median": {"en": "Median", "fr": "Médiane"},
        "col_median_wait": {"en": "Median wait", "fr": "Attente médiane"},
        "col_p90": {"en": "90th percentile", "fr": "9e décile"},
        "col_mean": {"en": "Mean", "fr": "Moyenne"},
        "an_paths": {"en": "Real paths", "fr": "Parcours réels"},
        "an_paths_intro": {
            "en": "The order in which customers really go through the steps, and where they leave.",
            "fr": "L'ordre dans lequel les clients passent réellement par les étapes, et où ils "
            "sortent.",
        },
        "an_top_paths": {"en": "Most frequent paths", "fr": "Parcours les plus fréquents"},
        "an_steps": {"en": "Figures per step", "fr": "Chiffres par étape"},
        "an_steps_intro": {
            "en": "Contacts, conversion, delays from the previous step and satisfaction.",
            "fr": "Contacts, conversion, délais depuis l'étape précédente et satisfaction.",
        },
        "col_customers": {"en": "Customers", "fr": "Clients"},
        "col_events": {"en": "Events", "fr": "Événements"},
        "col_contacts": {"en": "Contacts per customer", "fr": "Contacts par client"},
        "col_repeats": {"en": "Repeat contacts", "fr": "Contacts répétés"},
        "col_conversion": {
            "en": "Conversion from previous",
            "fr": "Conversion depuis la précédente",
        },
        "col_from_start": {"en": "From start", "fr": "Depuis l'entrée"},
        "col_dropped": {"en": "Dropped", "fr": "Abandons"},
        "col_in_flight": {"en": "In progress", "fr": "En cours"},
        "col_delay": {"en": "Delay from previous step", "fr": "Délai depuis l'étape précédente"},
        "col_satisfaction": {"en": "Satisfaction", "fr": "Satisfaction"},
        "col_responses": {"en": "Answers", "fr": "Réponses"},
        "col_score": {"en": "Mean /{scale}", "fr": "Moyenne /{scale}"},
        "col_csat": {"en": "CSAT", "fr": "CSAT"},
        "col_nps": {"en": "NPS", "fr": "NPS"},
        "col_share": {"en": "Share", "fr": "Part"},
        "col_sequence": {"en": "Sequence", "fr": "Séquence"},
        "col_from": {"en": "From", "fr": "De"},
        "col_to": {"en": "To", "fr": "Vers"},
        "col_times": {"en": "Times", "fr": "Fois"},
        "an_touchpoints": {"en": "Contacts per touchpoint", "fr": "Contacts par point de contact"},
        "an_touchpoints_intro": {
            "en": "Events per step and channel (customers in grey): where the contacts happen.",
            "fr": "Événements par étape et par canal (clients en gris) : où ont lieu les contacts.",
        },
        "an_no_channel": {"en": "(no channel)", "fr": "(sans canal)"},
        "an_unknown": {"en": "(unknown)", "fr": "(inconnu)"},
        "an_segments": {"en": "Comparison by segment", "fr": "Comparaison par segment"},
        "an_segments_intro": {
            "en": "Customers reaching each step and share of those who entered, per segment.",
            "fr": "Clients atteignant chaque étape et part des entrants, par segment.",
        },
        "an_channels": {
            "en": "Comparison by entry channel",
            "fr": "Comparaison par canal d'entrée",
        },
        "an_channels_intro": {
            "en": "The same funnel split by the channel of the customer's first step.",
            "fr": "Le même entonnoir selon le canal de la première étape du client.",
        },
        "an_entered_n": {"en": "{count} entered", "fr": "{count} entrés"},
        "an_trend": {"en": "Evolution over time", "fr": "Évolution dans le temps"},
        "an_trend_intro": {
            "en": "Customers grouped by the period of their entry.",
            "fr": "Clients regroupés selon la période de leur entrée.",
        },
        "an_variants": {"en": "Most frequent sequences", "fr": "Séquences les plus fréquentes"},
        "an_variants_intro": {
            "en": "The most frequent sequences, from entry to last event.",
            "fr": "Les séquences les plus fréquentes, de l'entrée au dernier événement.",
        },
        "an_numbers_note": {
            "en": "Numbers are the steps of the map (see the funnel).",
            "fr": "Les numéros sont ceux des étapes de la carte (voir l'entonnoir).",
        },
        "an_conformance": {"en": "Conformance to the map", "fr": "Conformité à la carte"},
        "an_conformance_intro": {
            "en": "How real journeys depart from the designed order: skipped steps, loops "
            "(rework), returns to an earlier step, steps done out of order.",
            "fr": "Comment les parcours réels s'écartent de l'ordre prévu : étapes sautées, "
            "boucles (reprises), retours en arrière, étapes faites dans le désordre.",
        },
        "an_conformance_rate": {
            "en": "{rate} of customers follow the map ({conforming} of {cases}).",
            "fr": "{rate} des clients suivent la carte ({conforming} sur {cases}).",
        },
        "an_skipped": {"en": "Skipped by", "fr": "Sautée par"},
        "an_loops": {"en": "Loops", "fr": "Boucles"},
        "an_returns": {"en": "Returns to", "fr": "Retours vers"},
        "an_out_of_order": {"en": "Out of order", "fr": "Dans le désordre"},
        "an_back_steps": {"en": "Most frequent returns", "fr": "Retours les plus fréquents"},
        "an_unexpected": {
            "en": "Activities tied to no step",
            "fr": "Activités rattachées à aucune étape",
        },
        "an_from": {"en": "From", "fr": "Depuis"},
        "an_to": {"en": "Back to", "fr": "Retour à"},
        "an_activity": {"en": "Activity", "fr": "Activité"},
        "an_events_n": {"en": "Events", "fr": "Événements"},
        "an_customers_n": {"en": "Customers", "fr": "Clients"},
        "an_transitions": {"en": "Direct transitions", "fr": "Transitions directes"},
        "an_transitions_intro": {
            "en": "What customers do right after each step or event, and how long it takes.",
            "fr": "Ce que font les clients juste après chaque étape ou événement, et en combien "
            "de temps.",
        },
        "an_step_variants": {"en": "Step sequences", "fr": "Séquences d'étapes"},
        "an_activity_variants": {"en": "Event sequences", "fr": "Séquences d'événements"},
        "an_variants_summary": {
            "en": "{variants} distinct sequences among {cases} customers; the ones shown cover "
            "{share}.",
            "fr": "{variants} séquences distinctes pour {cases} clients ; celles présentées en "
            "couvrent {share}.",
        },
        "an_step_transitions": {
            "en": "Most frequent transitions between steps",
            "fr": "Transitions les plus fréquentes entre étapes",
        },
        "an_activity_transitions": {
            "en": "Most frequent transitions between events",
            "fr": "Transitions les plus fréquentes entre événements",
        },
        "an_more": {"en": "… +{count}", "fr": "… +{count}"},
        "an_loop": {"en": "repeat", "fr": "répétition"},
        "an_exit": {"en": "(exit)", "fr": "(sortie)"},
        "an_emotion": {"en": "Measured vs estimated emotion", "fr": "Émotion mesurée et estimée"},
        "an_emotion_intro": {
            "en": "Satisfaction measured at each step (dashed) beside the emotion estimated in "
            "the map.",
            "fr": "Satisfaction mesurée à chaque étape (pointillés) à côté de l'émotion estimée "
            "dans la carte.",
        },
        "an_no_scores": {
            "en": "The log carries no satisfaction score: nothing to compare.",
            "fr": "Le journal ne contient aucune note de satisfaction : rien à comparer.",
        },
        "blueprint_delays_note": {
            "en": "Median delays measured on {date} ({source}).",
            "fr": "Délais médians mesurés le {date} ({source}).",
        },
        # ---- issue 9: journey structure (roles) in the views and the analysis report
        "role_optional": {"en": "Optional", "fr": "Facultative"},
        "role_exception": {"en": "Detour", "fr": "Détour"},
        "role_success": {"en": "Success", "fr": "Succès"},
        "role_failure": {"en": "Failure", "fr": "Échec"},
        "role_or": {"en": "or", "fr": "ou"},
        "role_main_path": {"en": "Main path", "fr": "Parcours principal"},
        "role_detour_legend": {
            "en": "Detour (optional or exception step)",
            "fr": "Détour (étape facultative ou exception)",
        },
        "role_outcomes": {"en": "Outcomes", "fr": "Issues"},
        "role_detours": {"en": "Detours", "fr": "Détours"},
        "role_stage": {"en": "Stage {number}", "fr": "Étape {number}"},
        "funnel_ended": {"en": "−{count} ended (outcome)", "fr": "−{count} terminés (issue)"},
        "legend_ended": {
            "en": "Ended before the stage (an outcome, e.g. refused)",
            "fr": "Terminés avant l'étape (une issue, ex. refus)",
        },
        "an_kpi_success": {"en": "reached a success", "fr": "ont abouti"},
        "an_kpi_no_outcome": {"en": "ended with no outcome", "fr": "sans issue"},
        "an_kpi_in_flight": {"en": "still in progress", "fr": "encore en cours"},
        "an_outcomes": {"en": "Outcomes", "fr": "Issues du parcours"},
        "an_outcomes_intro": {
            "en": "How the journeys of the customers who entered ended: each outcome with its "
            "share, those who stopped with no outcome and those still in progress.",
            "fr": "Comment se sont terminés les parcours des clients entrés : chaque issue avec "
            "sa part, ceux qui se sont arrêtés sans issue et ceux encore en cours.",
        },
        "an_no_outcome": {"en": "No outcome (abandoned)", "fr": "Sans issue (abandon)"},
        "an_still_in_flight": {"en": "Still in progress", "fr": "Encore en cours"},
        "an_conversion_line": {
            "en": "Conversion: {rate} of the decided customers reached a success ({converted} "
            "of {decided}).",
            "fr": "Conversion : {rate} des clients fixés sur leur sort ont abouti ({converted} "
            "sur {decided}).",
        },
        "an_conversion_line_last": {
            "en": "Conversion: {rate} of the decided customers reached the last step "
            "({converted} of {decided}). The map declares no outcome step.",
            "fr": "Conversion : {rate} des clients fixés sur leur sort ont atteint la dernière "
            "étape ({converted} sur {decided}). La carte ne déclare aucune issue.",
        },
        "an_completed": {
            "en": "Completed the journey (last step)",
            "fr": "Ont terminé le parcours (dernière étape)",
        },
        "an_not_completed": {"en": "Did not complete", "fr": "N'ont pas terminé"},
        "an_stages": {
            "en": "Main path, stage by stage",
            "fr": "Parcours principal, étape par étape",
        },
        "col_stage": {"en": "Stage", "fr": "Étape"},
        "col_reached": {"en": "Reached", "fr": "Atteinte"},
        "col_ended": {"en": "Ended (outcome)", "fr": "Terminés (issue)"},
        "col_outcome": {"en": "Outcome", "fr": "Issue"},
        "col_kind": {"en": "Kind", "fr": "Nature"},
        "col_time_to_outcome": {"en": "Median time", "fr": "Durée médiane"},
        "an_detours": {"en": "Detours", "fr": "Détours"},
        "an_detours_intro": {
            "en": "Optional and exception steps, off the main path, ranked by what they cost: "
            "customers lost (takers × conversion gap) and days lost. An association, not a "
            "proof of cause.",
            "fr": "Étapes facultatives et exceptions, hors du parcours principal, classées par "
            "coût : clients perdus (clients concernés × écart de conversion) et jours perdus. "
            "Une association, pas une preuve de cause.",
        },
        "col_detour": {"en": "Detour", "fr": "Détour"},
        "col_taken_by": {"en": "Taken by", "fr": "Clients concernés"},
        "col_rework": {"en": "Events per customer", "fr": "Passages par client"},
        "col_conversion_group": {"en": "Conversion", "fr": "Conversion"},
        "col_time_group": {
            "en": "Median time to convert",
            "fr": "Durée médiane de conversion",
        },
        "col_with": {"en": "with", "fr": "avec"},
        "col_without": {"en": "without", "fr": "sans"},
        "col_customers_lost": {"en": "Customers lost", "fr": "Clients perdus"},
        "col_days_lost": {"en": "Days lost", "fr": "Jours perdus"},
        "an_returns_to": {"en": "returns to {step}", "fr": "retour à {step}"},
        "rubric_unavailable": {
            "en": "The quality check is not available: no report was given.",
            "fr": "Le contrôle de qualité n'est pas disponible : aucun rapport fourni.",
        },
    }
)


def text(key: str, lang: str, /, **params: object) -> str:
    """A label of :data:`LABELS` in ``lang``.

    >>> text("page_of", "en", page=2, pages=9)
    'Page 2 / 9'
    """
    return LABELS.text(key, lang, **params)
