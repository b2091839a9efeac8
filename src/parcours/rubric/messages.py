"""Every French and English text of the rubric: rule titles, descriptions, findings, report.

Keys: ``<rule-id>.title``, ``<rule-id>.description``, ``<rule-id>.<variant>.message`` and
``<rule-id>.<variant>.hint`` for findings, ``severity.<level>``, ``report.*`` for the report.

>>> MESSAGES.text("severity.error", "fr")
'erreur'
"""

from __future__ import annotations

from parcours.i18n import Catalog

_SEVERITIES = {
    "severity.error": {"en": "error", "fr": "erreur"},
    "severity.warning": {"en": "warning", "fr": "avertissement"},
    "severity.info": {"en": "info", "fr": "information"},
}

_REPORT = {
    "report.heading": {
        "en": 'Quality rubric — "{journey}"',
        "fr": "Grille de qualité — « {journey} »",
    },
    "report.rules_run": {
        "en": "{total} rules checked, {passed} passed.",
        "fr": "{total} règles vérifiées, {passed} respectées.",
    },
    "report.summary": {
        "en": "Result: {counts} — {passed} of {total} rules passed.",
        "fr": "Bilan : {counts} — {passed} règles respectées sur {total}.",
    },
    "report.verdict_ok": {
        "en": "The map passes the rubric (no error).",
        "fr": "La carte est conforme à la grille (aucune erreur).",
    },
    "report.verdict_ko": {
        "en": "The map does not pass the rubric: fix the errors first.",
        "fr": "La carte n’est pas conforme à la grille : corrigez d’abord les erreurs.",
    },
    "report.finding_line": {"en": "{element}: {message}", "fr": "{element} : {message}"},
    "report.hint_line": {"en": "→ Fix: {hint}", "fr": "→ À faire : {hint}"},
    "report.journey": {"en": "journey", "fr": "parcours"},
    "count.error.one": {"en": "{n} error", "fr": "{n} erreur"},
    "count.error.other": {"en": "{n} errors", "fr": "{n} erreurs"},
    "count.warning.one": {"en": "{n} warning", "fr": "{n} avertissement"},
    "count.warning.other": {"en": "{n} warnings", "fr": "{n} avertissements"},
    "count.info.one": {"en": "{n} info", "fr": "{n} information"},
    "count.info.other": {"en": "{n} info", "fr": "{n} informations"},
    "unknown_rule": {
        "en": "Unknown rubric rule '{rule}'. Known rules: {rules}.",
        "fr": "Règle « {rule} » inconnue dans la grille. Règles connues : {rules}.",
    },
}

_JOURNEY = {
    "journey-scope-objective.title": {
        "en": "The scope and the customer's objective are written",
        "fr": "Le périmètre et l’objectif du client sont rédigés",
    },
    "journey-scope-objective.description": {
        "en": "The journey states its scope (who does what) and the customer's objective, so "
        "that every step can be judged against them.",
        "fr": "Le parcours précise son périmètre (qui fait quoi) et l’objectif du client, pour "
        "que chaque étape puisse être jugée à leur aune.",
    },
    "journey-scope-objective.scope.message": {
        "en": 'The journey "{journey}" has no scope.',
        "fr": "Le parcours « {journey} » n’a pas de périmètre.",
    },
    "journey-scope-objective.scope.hint": {
        "en": 'Write `journey.scope`: who does what, e.g. "a prospect opens an online account '
        'with a card, paying the least fees".',
        "fr": "Rédigez `journey.scope` : qui fait quoi, par exemple « un prospect ouvre un "
        "compte en ligne avec une carte en payant le moins de frais possible ».",
    },
    "journey-scope-objective.objective.message": {
        "en": 'The journey "{journey}" does not state the customer\'s objective.',
        "fr": "Le parcours « {journey} » ne précise pas l’objectif du client.",
    },
    "journey-scope-objective.objective.hint": {
        "en": "Write `journey.objective`: what the customer wants to achieve, in their words.",
        "fr": "Rédigez `journey.objective` : ce que le client veut obtenir, avec ses mots.",
    },
    "journey-personas.title": {
        "en": "The map describes at least one persona",
        "fr": "La carte décrit au moins un persona",
    },
    "journey-personas.description": {
        "en": "Emotions are estimated per persona: without a persona there is no experience "
        "curve and no way to tell whose journey the map tells.",
        "fr": "Les émotions sont estimées par persona : sans persona, pas de courbe "
        "d’expérience ni de moyen de savoir de quel client la carte raconte le parcours.",
    },
    "journey-personas.none.message": {
        "en": "The map has no persona.",
        "fr": "La carte n’a aucun persona.",
    },
    "journey-personas.none.hint": {
        "en": "Add at least one entry under `personas` (id, name, goals, needs, frustrations).",
        "fr": "Ajoutez au moins un persona sous `personas` (id, nom, objectifs, besoins, "
        "frustrations).",
    },
    "journey-steps.title": {
        "en": "The map has steps",
        "fr": "La carte comporte des étapes",
    },
    "journey-steps.description": {
        "en": "A journey map is a sequence of steps; most rules have nothing to check without "
        "them.",
        "fr": "Une carte de parcours est une suite d’étapes ; sans elles, la plupart des règles "
        "n’ont rien à vérifier.",
    },
    "journey-steps.none.message": {
        "en": "The map has no step.",
        "fr": "La carte n’a aucune étape.",
    },
    "journey-steps.none.hint": {
        "en": "Add the steps of the journey under `steps`, in the order the customer lives them.",
        "fr": "Ajoutez les étapes sous `steps`, dans l’ordre où le client les vit.",
    },
}

_LIFECYCLE = {
    "first-step-before-purchase.title": {
        "en": "The first step comes before the act of purchase",
        "fr": "La première étape précède l’acte d’achat",
    },
    "first-step-before-purchase.description": {
        "en": "A journey map starts before the purchase (discovery, information search): "
        "that is where prospects are won or lost.",
        "fr": "Une carte de parcours commence avant l’achat (découverte, recherche "
        "d’information) : c’est là que les prospects se gagnent ou se perdent.",
    },
    "first-step-before-purchase.no-phase.message": {
        "en": 'The first step "{step}" has no phase, so nothing says it comes before the purchase.',
        "fr": "La première étape « {step} » n’a pas de phase : rien n’indique qu’elle précède "
        "l’achat.",
    },
    "first-step-before-purchase.no-phase.hint": {
        "en": "Give the step a `phase` of kind `discovery` or `information_search`.",
        "fr": "Rattachez l’étape à une `phase` de type `discovery` ou `information_search`.",
    },
    "first-step-before-purchase.unknown.message": {
        "en": 'The first step "{step}" is in the custom phase "{phase}", which does not say '
        "whether it comes before the purchase.",
        "fr": "La première étape « {step} » est dans la phase personnalisée « {phase} », qui "
        "ne dit pas si elle précède l’achat.",
    },
    "first-step-before-purchase.unknown.hint": {
        "en": 'Set `before_purchase: true` on phase "{phase}", or use a phase of kind '
        "`discovery` or `information_search`.",
        "fr": "Indiquez `before_purchase: true` sur la phase « {phase} », ou utilisez une "
        "phase de type `discovery` ou `information_search`.",
    },
    "first-step-before-purchase.after.message": {
        "en": 'The journey starts at step "{step}", in phase "{phase}", which is not before '
        "the purchase.",
        "fr": "Le parcours commence à l’étape « {step} », dans la phase « {phase} », qui ne "
        "précède pas l’achat.",
    },
    "first-step-before-purchase.after.hint": {
        "en": "Add the steps where the prospect discovers the offer and looks for "
        "information, in a phase of kind `discovery` or `information_search`, before "
        '"{step}".',
        "fr": "Ajoutez avant « {step} » les étapes où le prospect découvre l’offre et "
        "s’informe, dans une phase de type `discovery` ou `information_search`.",
    },
    "step-phase.title": {
        "en": "Every step belongs to a lifecycle phase",
        "fr": "Chaque étape appartient à une phase du cycle de vie",
    },
    "step-phase.description": {
        "en": "The correspondence between steps and lifecycle phases is explicit: each step "
        "is in exactly one phase.",
        "fr": "La correspondance entre étapes et phases du cycle de vie est explicite : chaque "
        "étape est dans exactement une phase.",
    },
    "step-phase.none.message": {
        "en": 'Step "{step}" belongs to no phase.',
        "fr": "L’étape « {step} » n’appartient à aucune phase.",
    },
    "step-phase.none.hint": {
        "en": "Set `phase:` on the step to the id of one of the map's phases.",
        "fr": "Renseignez `phase:` sur l’étape avec l’identifiant d’une des phases de la carte.",
    },
    "phase-steps.title": {
        "en": "Every phase has at least one step",
        "fr": "Chaque phase comporte au moins une étape",
    },
    "phase-steps.description": {
        "en": "A phase without steps is a hole in the journey: either its steps are missing "
        "or the phase should go.",
        "fr": "Une phase sans étape est un trou dans le parcours : soit ses étapes manquent, "
        "soit la phase est à retirer.",
    },
    "phase-steps.none.message": {
        "en": 'Phase "{phase}" has no step.',
        "fr": "La phase « {phase} » ne contient aucune étape.",
    },
    "phase-steps.none.hint": {
        "en": 'Add the steps the customer goes through in "{phase}" (`phase:` on each step), '
        "or remove the phase.",
        "fr": "Ajoutez les étapes que le client vit pendant « {phase} » (`phase:` sur chaque "
        "étape), ou supprimez la phase.",
    },
    "phase-order.title": {
        "en": "Steps and phases follow the lifecycle order",
        "fr": "Étapes et phases suivent l’ordre du cycle de vie",
    },
    "phase-order.description": {
        "en": "Steps are listed in the order of their phases, and phases before the purchase "
        "are listed before the others, so that the map reads left to right.",
        "fr": "Les étapes sont listées dans l’ordre de leurs phases, et les phases d’avant "
        "l’achat précèdent les autres, pour que la carte se lise de gauche à droite.",
    },
    "phase-order.step.message": {
        "en": 'Step "{step}" (phase "{phase}") comes after a step of the later phase "{previous}".',
        "fr": "L’étape « {step} » (phase « {phase} ») vient après une étape de la phase "
        "suivante « {previous} ».",
    },
    "phase-order.step.hint": {
        "en": 'Move the step up among the steps of "{phase}", or put it in the right phase.',
        "fr": "Remontez l’étape parmi celles de « {phase} », ou rattachez-la à la bonne phase.",
    },
    "phase-order.phase.message": {
        "en": 'Phase "{phase}" comes before the purchase but is listed after "{later}".',
        "fr": "La phase « {phase} » précède l’achat mais est listée après « {later} ».",
    },
    "phase-order.phase.hint": {
        "en": 'Move "{phase}" before "{later}" in `phases`.',
        "fr": "Placez « {phase} » avant « {later} » dans `phases`.",
    },
    "custom-phase-position.title": {
        "en": "Custom phases say where they stand relative to the purchase",
        "fr": "Les phases personnalisées se situent par rapport à l’achat",
    },
    "custom-phase-position.description": {
        "en": "Other rules need to know whether each phase comes before the act of purchase; "
        "a custom phase must say it.",
        "fr": "D’autres règles doivent savoir si chaque phase précède l’acte d’achat ; une "
        "phase personnalisée doit le préciser.",
    },
    "custom-phase-position.unknown.message": {
        "en": 'The custom phase "{phase}" does not say whether it comes before the purchase.',
        "fr": "La phase personnalisée « {phase} » ne dit pas si elle précède l’achat.",
    },
    "custom-phase-position.unknown.hint": {
        "en": "Set `before_purchase: true` or `false` on the phase, or give it a standard "
        "`kind` (discovery, purchase, onboarding, support...).",
        "fr": "Indiquez `before_purchase: true` ou `false` sur la phase, ou donnez-lui un "
        "`kind` standard (discovery, purchase, onboarding, support...).",
    },
    "after-purchase.title": {
        "en": "The journey goes on after the purchase",
        "fr": "Le parcours se poursuit après l’achat",
    },
    "after-purchase.description": {
        "en": "Reception, first use, support and loyalty are where the promise is kept or "
        "broken; a map that stops at the purchase misses them.",
        "fr": "Réception, première utilisation, service après-vente et fidélité sont les "
        "moments où la promesse est tenue ou trahie ; une carte qui s’arrête à l’achat les "
        "ignore.",
    },
    "after-purchase.no-phase.message": {
        "en": 'The journey "{journey}" has no phase after the purchase.',
        "fr": "Le parcours « {journey} » n’a aucune phase après l’achat.",
    },
    "after-purchase.no-phase.hint": {
        "en": "Add phases of kind `onboarding`, `first_use`, `usage` or `support`, with their "
        "steps.",
        "fr": "Ajoutez des phases de type `onboarding`, `first_use`, `usage` ou `support`, "
        "avec leurs étapes.",
    },
    "after-purchase.no-step.message": {
        "en": 'The journey "{journey}" has no step after the purchase (phases {phases} are empty).',
        "fr": "Le parcours « {journey} » n’a aucune étape après l’achat (phases {phases} vides).",
    },
    "after-purchase.no-step.hint": {
        "en": "Describe what the customer does after buying: reception, first use, support.",
        "fr": "Décrivez ce que fait le client après l’achat : réception, première "
        "utilisation, service après-vente.",
    },
}

_ACTIONS = {
    "step-actions.title": {
        "en": "Every step describes what the customer does",
        "fr": "Chaque étape décrit ce que fait le client",
    },
    "step-actions.description": {
        "en": "The customer-actions lane lists every operation of the visitor, prospect or "
        "customer at the step: it is the backbone of the map.",
        "fr": "La ligne des actions du client liste toutes les opérations du visiteur, du "
        "prospect ou du client à l’étape : c’est la colonne vertébrale de la carte.",
    },
    "step-actions.none.message": {
        "en": 'Step "{step}" describes no action of the customer.',
        "fr": "L’étape « {step} » ne décrit aucune action du client.",
    },
    "step-actions.none.hint": {
        "en": 'List under `actions` each operation the customer performs, e.g. "Enters their '
        'monthly card spending in the fee simulator".',
        "fr": "Listez sous `actions` chaque opération du client, par exemple « Il saisit ses "
        "dépenses mensuelles par carte dans le simulateur de frais ».",
    },
    "action-precision.title": {
        "en": "Actions are described precisely",
        "fr": "Les actions sont décrites précisément",
    },
    "action-precision.description": {
        "en": "Each action says who does what on what (at least 4 words), is not an open "
        "list (etc., ...) and is not repeated within its step.",
        "fr": "Chaque action dit qui fait quoi sur quoi (au moins 4 mots), n’est pas une liste "
        "ouverte (etc., ...) et n’est pas répétée dans son étape.",
    },
    "action-precision.short.message": {
        "en": 'Step "{step}", action {number} ("{action}") is too short to be precise.',
        "fr": "Étape « {step} », action {number} (« {action} ») : trop courte pour être précise.",
    },
    "action-precision.short.hint": {
        "en": "Write at least {minimum} words: who does what, on which screen, document or "
        "channel.",
        "fr": "Écrivez au moins {minimum} mots : qui fait quoi, sur quel écran, document ou canal.",
    },
    "action-precision.open.message": {
        "en": 'Step "{step}", action {number} ("{action}") ends an open list.',
        "fr": "Étape « {step} », action {number} (« {action} ») : la liste reste ouverte.",
    },
    "action-precision.open.hint": {
        "en": 'Replace "etc." or "..." with the operations themselves, one action each.',
        "fr": "Remplacez « etc. » ou « ... » par les opérations elles-mêmes, une action chacune.",
    },
    "action-precision.duplicate.message": {
        "en": 'Step "{step}", action {number} ("{action}") repeats an earlier action.',
        "fr": "Étape « {step} », action {number} (« {action} ») : répète une action précédente.",
    },
    "action-precision.duplicate.hint": {
        "en": "Remove the duplicate or say what differs the second time.",
        "fr": "Supprimez le doublon ou précisez ce qui change la seconde fois.",
    },
}

_SERVICE = {
    "step-touchpoints.title": {
        "en": "Every step has at least one touchpoint",
        "fr": "Chaque étape a au moins un point de contact",
    },
    "step-touchpoints.description": {
        "en": "A touchpoint says where and through which channel the customer meets the "
        "company at the step, and which team owns it.",
        "fr": "Un point de contact dit où et par quel canal le client rencontre l’entreprise "
        "à l’étape, et quelle équipe en est responsable.",
    },
    "step-touchpoints.none.message": {
        "en": 'Step "{step}" has no touchpoint.',
        "fr": "L’étape « {step} » n’a aucun point de contact.",
    },
    "step-touchpoints.none.hint": {
        "en": "Add under `touchpoints` the channel (web, app, email, phone, branch...), a name "
        "and the owner team.",
        "fr": "Ajoutez sous `touchpoints` le canal (web, app, email, phone, branch...), un nom "
        "et l’équipe responsable.",
    },
    "step-stakeholders.title": {
        "en": "The stakeholders of each step are known by their deliverables",
        "fr": "Les acteurs de chaque étape sont identifiés par leurs livrables",
    },
    "step-stakeholders.description": {
        "en": "Each step names who produces the service, what each of them delivers and "
        "whether they work in the front or the back office.",
        "fr": "Chaque étape nomme qui produit le service, ce que chacun livre et s’il "
        "travaille en front office ou en back office.",
    },
    "step-stakeholders.none.message": {
        "en": 'Step "{step}" names no stakeholder producing the service.',
        "fr": "L’étape « {step} » ne nomme aucun acteur qui produit le service.",
    },
    "step-stakeholders.none.hint": {
        "en": "Add under `stakeholders` each team or partner, with its `deliverable` and its "
        "`office` (front or back).",
        "fr": "Ajoutez sous `stakeholders` chaque équipe ou partenaire, avec son "
        "`deliverable` et son `office` (front ou back).",
    },
    "step-stakeholders.no-deliverable.message": {
        "en": 'Step "{step}": stakeholder "{stakeholder}" has no deliverable.',
        "fr": "Étape « {step} » : l’acteur « {stakeholder} » n’a pas de livrable.",
    },
    "step-stakeholders.no-deliverable.hint": {
        "en": 'Write what "{stakeholder}" produces for this step in `deliverable`, e.g. '
        '"identity check decision".',
        "fr": "Indiquez dans `deliverable` ce que « {stakeholder} » produit pour cette étape, "
        "par exemple « décision de vérification d’identité ».",
    },
    "step-stakeholders.no-office.message": {
        "en": 'Step "{step}": stakeholder "{stakeholder}" is neither front nor back office.',
        "fr": "Étape « {step} » : l’acteur « {stakeholder} » n’est ni front ni back office.",
    },
    "step-stakeholders.no-office.hint": {
        "en": "Set `office: front` (seen by the customer) or `office: back` (behind the scenes).",
        "fr": "Indiquez `office: front` (visible du client) ou `office: back` (en coulisses).",
    },
    "step-metrics.title": {
        "en": "Every step has at least one metric",
        "fr": "Chaque étape a au moins un indicateur",
    },
    "step-metrics.description": {
        "en": "What is not measured cannot be improved: each step follows at least one "
        "metric (conversion, delay, satisfaction...).",
        "fr": "Ce qui n’est pas mesuré ne s’améliore pas : chaque étape suit au moins un "
        "indicateur (conversion, délai, satisfaction...).",
    },
    "step-metrics.none.message": {
        "en": 'Step "{step}" has no metric.',
        "fr": "L’étape « {step} » n’a aucun indicateur.",
    },
    "step-metrics.none.hint": {
        "en": "Add under `metrics` a name, unit, source and target (e.g. conversion rate, "
        "median delay, CSAT).",
        "fr": "Ajoutez sous `metrics` un nom, une unité, une source et une cible (taux de "
        "conversion, délai médian, satisfaction...).",
    },
    "metric-target.title": {
        "en": "Metrics have a target",
        "fr": "Les indicateurs ont une cible",
    },
    "metric-target.description": {
        "en": "A target turns a number into a judgement: above or below what was expected.",
        "fr": "Une cible transforme un chiffre en jugement : au-dessus ou au-dessous de l’attendu.",
    },
    "metric-target.none.message": {
        "en": 'Step "{step}": metric "{metric}" has no target.',
        "fr": "Étape « {step} » : l’indicateur « {metric} » n’a pas de cible.",
    },
    "metric-target.none.hint": {
        "en": "Set `target` (and ideally `alert_threshold` and `direction`).",
        "fr": "Renseignez `target` (et si possible `alert_threshold` et `direction`).",
    },
}

_DATA = {
    "step-data.title": {
        "en": "The data collected at each step is identified",
        "fr": "Les données collectées à chaque étape sont identifiées",
    },
    "step-data.description": {
        "en": "Knowing what the company learns at each step is the basis of personalisation, "
        "of measurement and of GDPR compliance.",
        "fr": "Savoir ce que l’entreprise apprend à chaque étape fonde la personnalisation, "
        "la mesure et la conformité au RGPD.",
    },
    "step-data.none.message": {
        "en": 'Step "{step}" lists no data collected.',
        "fr": "L’étape « {step} » ne liste aucune donnée collectée.",
    },
    "step-data.none.hint": {
        "en": "List under `data_collected` what the company records at this step (identity, "
        "transactions, clicks...), or confirm with the data team that it records nothing.",
        "fr": "Listez sous `data_collected` ce que l’entreprise enregistre à cette étape "
        "(identité, transactions, clics...), ou vérifiez avec l’équipe data qu’elle "
        "n’enregistre rien.",
    },
    "data-category.title": {
        "en": "Collected data is classified personal, transactional or behavioural",
        "fr": "Les données collectées sont classées personnelles, transactionnelles ou "
        "comportementales",
    },
    "data-category.description": {
        "en": "The category of each data item drives how it may be used and protected.",
        "fr": "La catégorie de chaque donnée détermine son usage et sa protection.",
    },
    "data-category.none.message": {
        "en": 'Step "{step}": data item "{item}" is not classified.',
        "fr": "Étape « {step} » : la donnée « {item} » n’est pas classée.",
    },
    "data-category.none.hint": {
        "en": "Set `category: personal`, `transactional` or `behavioural` on the item.",
        "fr": "Indiquez `category: personal`, `transactional` ou `behavioural` sur la donnée.",
    },
}

_EMOTION = {
    "emotion-coverage.title": {
        "en": "Every persona has an emotion at every step",
        "fr": "Chaque persona a une émotion à chaque étape",
    },
    "emotion-coverage.description": {
        "en": "The experience curve of a persona needs an estimate at every step; a gap "
        "hides where the journey hurts.",
        "fr": "La courbe d’expérience d’un persona demande une estimation à chaque étape ; "
        "un trou cache l’endroit où le parcours fait mal.",
    },
    "emotion-coverage.missing.message": {
        "en": 'Step "{step}" has no estimated emotion for: {personas}.',
        "fr": "L’étape « {step} » n’a pas d’émotion estimée pour : {personas}.",
    },
    "emotion-coverage.missing.hint": {
        "en": "Add under `emotions` one entry per persona: score from -2 to +2, a word and "
        "the reason.",
        "fr": "Ajoutez sous `emotions` une entrée par persona : note de -2 à +2, un mot et la "
        "raison.",
    },
    "emotion-variation.title": {
        "en": "Each persona's experience curve moves",
        "fr": "La courbe d’expérience de chaque persona varie",
    },
    "emotion-variation.description": {
        "en": "A flat curve usually means the emotions were not really estimated: a real "
        "journey has highs and lows.",
        "fr": "Une courbe plate signifie en général que les émotions n’ont pas vraiment été "
        "estimées : un vrai parcours a des hauts et des bas.",
    },
    "emotion-variation.flat.message": {
        "en": 'The experience curve of "{persona}" is flat: score {score} at all {steps} steps.',
        "fr": "La courbe d’expérience de « {persona} » est plate : note {score} aux {steps} "
        "étapes.",
    },
    "emotion-variation.flat.hint": {
        "en": "Estimate each step from the persona's point of view; lower it where "
        "irritants are, raise it where enchantments are.",
        "fr": "Estimez chaque étape du point de vue du persona ; baissez la note là où sont "
        "les irritants, montez-la là où sont les enchantements.",
    },
    "emotion-lows.title": {
        "en": "The curve dips at irritants and breaking points",
        "fr": "La courbe baisse aux irritants et aux points de rupture",
    },
    "emotion-lows.description": {
        "en": "A step with an irritant or a breaking point should leave at least one persona "
        "with a negative emotion; otherwise the curve or the irritant is wrong.",
        "fr": "Une étape avec un irritant ou un point de rupture devrait laisser au moins un "
        "persona avec une émotion négative ; sinon la courbe ou l’irritant est faux.",
    },
    "emotion-lows.breaking-point.message": {
        "en": 'Step "{step}" is a breaking point, yet no persona has a negative emotion there.',
        "fr": "L’étape « {step} » est un point de rupture, mais aucun persona n’y a d’émotion "
        "négative.",
    },
    "emotion-lows.breaking-point.hint": {
        "en": "Lower the score of the personas who may abandon here, or remove `breaking_point`.",
        "fr": "Baissez la note des personas qui risquent d’abandonner ici, ou retirez "
        "`breaking_point`.",
    },
    "emotion-lows.irritant.message": {
        "en": 'Step "{step}" has an irritant ("{irritant}"), yet no persona has a negative '
        "emotion there.",
        "fr": "L’étape « {step} » a un irritant (« {irritant} »), mais aucun persona n’y a "
        "d’émotion négative.",
    },
    "emotion-lows.irritant.hint": {
        "en": "Lower the score of the personas who suffer the irritant, or check that it "
        "really belongs to this step.",
        "fr": "Baissez la note des personas qui subissent l’irritant, ou vérifiez qu’il "
        "appartient bien à cette étape.",
    },
    "emotion-highs.title": {
        "en": "The curve rises at enchantments",
        "fr": "La courbe monte aux enchantements",
    },
    "emotion-highs.description": {
        "en": "A step with an enchantment (and no irritant) should delight at least one persona.",
        "fr": "Une étape avec un enchantement (et sans irritant) devrait ravir au moins un "
        "persona.",
    },
    "emotion-highs.flat.message": {
        "en": 'Step "{step}" has an enchantment ("{enchantment}"), yet no persona has a '
        "positive emotion there.",
        "fr": "L’étape « {step} » a un enchantement (« {enchantment} »), mais aucun persona "
        "n’y a d’émotion positive.",
    },
    "emotion-highs.flat.hint": {
        "en": "Raise the score of the personas the enchantment delights, or rewrite the "
        "enchantment.",
        "fr": "Montez la note des personas que l’enchantement ravit, ou reformulez l’enchantement.",
    },
    "emotion-measured.title": {
        "en": "The estimated curve agrees with what customers say",
        "fr": "La courbe estimée s’accorde avec ce que disent les clients",
    },
    "emotion-measured.description": {
        "en": "Where survey answers measure an emotion (30 answers or more), the personas' "
        "mean estimate should be within 1.5 points of it on the -2..+2 scale.",
        "fr": "Là où des réponses d’enquête mesurent une émotion (30 réponses ou plus), "
        "l’estimation moyenne des personas devrait en être à moins de 1,5 point sur "
        "l’échelle -2..+2.",
    },
    "emotion-measured.lower.message": {
        "en": 'At step "{step}", customers say worse than the map estimates: measured '
        "{measured} ({responses} answers) against {estimated} estimated.",
        "fr": "À l’étape « {step} », les clients disent pire que ce qu’estime la carte : "
        "{measured} mesuré ({responses} réponses) contre {estimated} estimé.",
    },
    "emotion-measured.lower.hint": {
        "en": "Lower the estimated emotions, and look for the irritant in the verbatims.",
        "fr": "Baissez les émotions estimées, et cherchez l’irritant dans les verbatims.",
    },
    "emotion-measured.higher.message": {
        "en": 'At step "{step}", customers say better than the map estimates: measured '
        "{measured} ({responses} answers) against {estimated} estimated.",
        "fr": "À l’étape « {step} », les clients disent mieux que ce qu’estime la carte : "
        "{measured} mesuré ({responses} réponses) contre {estimated} estimé.",
    },
    "emotion-measured.higher.hint": {
        "en": "Raise the estimated emotions, or write down the enchantment customers mention.",
        "fr": "Montez les émotions estimées, ou notez l’enchantement que citent les clients.",
    },
    "emotion-explained.title": {
        "en": "Lows and peaks of the curve are explained",
        "fr": "Les creux et les pics de la courbe sont expliqués",
    },
    "emotion-explained.description": {
        "en": "A negative emotion points to an irritant worth writing down; a +2 points to an "
        "enchantment worth keeping.",
        "fr": "Une émotion négative signale un irritant à écrire ; un +2 signale un "
        "enchantement à préserver.",
    },
    "emotion-explained.low.message": {
        "en": 'Step "{step}": negative emotion without irritant or breaking point ({personas}).',
        "fr": "Étape « {step} » : émotion négative sans irritant ni point de rupture ({personas}).",
    },
    "emotion-explained.low.hint": {
        "en": "Write the cause under `irritants` (with its severity), or raise the score.",
        "fr": "Décrivez la cause sous `irritants` (avec sa gravité), ou remontez la note.",
    },
    "emotion-explained.high.message": {
        "en": 'Step "{step}": very positive emotion without enchantment ({personas}).',
        "fr": "Étape « {step} » : émotion très positive sans enchantement ({personas}).",
    },
    "emotion-explained.high.hint": {
        "en": "Write what delights the persona under `enchantments`, so it is kept.",
        "fr": "Décrivez ce qui ravit le persona sous `enchantments`, pour le préserver.",
    },
}

_LISTENING = {
    "success-outcome.title": {
        "en": "The journey has at least one success outcome",
        "fr": "Le parcours a au moins une issue de succès",
    },
    "success-outcome.description": {
        "en": "Conversion is reaching a success outcome (account opened, order delivered); "
        "without one, the measured conversion is only reaching the last step, and a refusal "
        "or a cancellation counts as a customer lost.",
        "fr": "La conversion, c’est atteindre une issue de succès (compte ouvert, commande "
        "livrée) ; sans elle, la conversion mesurée n’est que l’arrivée à la dernière étape, "
        "et un refus ou une annulation compte comme un client perdu.",
    },
    "success-outcome.none.message": {
        "en": 'The journey "{journey}" has no step with role `outcome` and `outcome: success`.',
        "fr": "Le parcours « {journey} » n’a aucune étape de rôle `outcome` avec "
        "`outcome: success`.",
    },
    "success-outcome.none.hint": {
        "en": "Add the journey's results as steps with `role: outcome` and `outcome: success` "
        "or `failure` (account opened / refused / cancelled), bound to their events.",
        "fr": "Ajoutez les résultats du parcours comme étapes `role: outcome` avec "
        "`outcome: success` ou `failure` (compte ouvert / refusé / annulé), reliées à leurs "
        "événements.",
    },
    "exception-way-out.title": {
        "en": "Every exception step has a way back or an outcome",
        "fr": "Chaque étape d’exception a un retour ou une issue",
    },
    "exception-way-out.description": {
        "en": "An exception (rejection, incident, support contact) interrupts the journey: "
        "the map must say where the customer goes next, back to a step (`returns_to`) or to "
        "an outcome listed after it.",
        "fr": "Une exception (rejet, incident, contact du support) interrompt le parcours : "
        "la carte doit dire où le client va ensuite, retour à une étape (`returns_to`) ou "
        "vers une issue placée après elle.",
    },
    "exception-way-out.none.message": {
        "en": 'Exception step "{step}" has no way back (`returns_to`) and no outcome after it.',
        "fr": "L’étape d’exception « {step} » n’a ni retour (`returns_to`) ni issue après elle.",
    },
    "exception-way-out.none.hint": {
        "en": "Set `returns_to` to the step the customer goes back to, or add the outcome it "
        "leads to (e.g. a failure outcome) after it.",
        "fr": "Renseignez `returns_to` avec l’étape vers laquelle le client revient, ou "
        "ajoutez après elle l’issue à laquelle elle mène (par exemple une issue d’échec).",
    },
    "optional-moment.title": {
        "en": "An optional step is a moment of truth only with a listening point",
        "fr": "Une étape facultative n’est un moment de vérité qu’avec un point d’écoute",
    },
    "optional-moment.description": {
        "en": "Not every customer goes through an optional step: calling it a moment of truth "
        "is an assumption until the customers who do are asked.",
        "fr": "Tous les clients ne passent pas par une étape facultative : en faire un moment "
        "de vérité est une hypothèse tant que ceux qui y passent ne sont pas interrogés.",
    },
    "optional-moment.none.message": {
        "en": 'Optional step "{step}" is marked as a moment of truth without a listening point.',
        "fr": "L’étape facultative « {step} » est marquée moment de vérité sans point d’écoute.",
    },
    "optional-moment.none.hint": {
        "en": "Add a listening point for the customers who take this step, or remove "
        "`moment_of_truth`.",
        "fr": "Ajoutez un point d’écoute pour les clients qui passent par cette étape, ou "
        "retirez `moment_of_truth`.",
    },
    "review-notes.title": {
        "en": "Proposed roles are confirmed",
        "fr": "Les rôles proposés sont confirmés",
    },
    "review-notes.description": {
        "en": "`parcours discover` writes in each step's `review` why it proposed its role; a "
        "person confirms it, then deletes the note.",
        "fr": "`parcours discover` écrit dans le champ `review` de chaque étape pourquoi il "
        "propose son rôle ; une personne le confirme, puis efface la note.",
    },
    "review-notes.open.message": {
        "en": 'Step "{step}" has a note to review: {note}',
        "fr": "L’étape « {step} » a une note à vérifier : {note}",
    },
    "review-notes.open.hint": {
        "en": "Check the step's role against what you know of the journey, correct it if "
        "needed, then delete `review`.",
        "fr": "Vérifiez le rôle de l’étape avec ce que vous savez du parcours, corrigez-le si "
        "besoin, puis effacez `review`.",
    },
    "moment-listening.title": {
        "en": "Every moment of truth has a listening point",
        "fr": "Chaque moment de vérité a un point d’écoute",
    },
    "moment-listening.description": {
        "en": "Moments of truth shape the customer's lasting opinion: the voice of the "
        "customer must be collected there.",
        "fr": "Les moments de vérité forgent l’opinion durable du client : c’est là qu’il "
        "faut recueillir sa voix.",
    },
    "moment-listening.none.message": {
        "en": 'Step "{step}" is a moment of truth without a listening point.',
        "fr": "L’étape « {step} » est un moment de vérité sans point d’écoute.",
    },
    "moment-listening.none.hint": {
        "en": "Add under `listening_points` an entry with `step` set to this step: questions, "
        "medium (hot email, SMS, in-app...), target, timing.",
        "fr": "Ajoutez sous `listening_points` une entrée dont `step` vaut cette étape : "
        "questions, média (e-mail à chaud, SMS, in-app...), cible, moment d’envoi.",
    },
    "listening-questions.title": {
        "en": "Listening points ask questions",
        "fr": "Les points d’écoute posent des questions",
    },
    "listening-questions.description": {
        "en": "A listening point without questions cannot be sent; writing them checks that "
        "it measures the moment.",
        "fr": "Un point d’écoute sans question ne peut pas être envoyé ; les écrire vérifie "
        "qu’il mesure bien le moment.",
    },
    "listening-questions.none.message": {
        "en": 'Listening point {point} ({medium}, step "{step}") has no question.',
        "fr": "Le point d’écoute {point} ({medium}, étape « {step} ») n’a aucune question.",
    },
    "listening-questions.none.hint": {
        "en": "Write under `questions` what the customer is asked (e.g. a 1-5 rating and one "
        "open question).",
        "fr": "Rédigez sous `questions` ce que l’on demande au client (par exemple une note de "
        "1 à 5 et une question ouverte).",
    },
}

_OPPORTUNITIES = {
    "opportunity-effort.title": {
        "en": "Every opportunity has its effort entered",
        "fr": "Chaque opportunité a son effort saisi",
    },
    "opportunity-effort.description": {
        "en": "An opportunity proposed from evidence gets an effort of 3 as a placeholder: "
        "the matrix ranks it only once a person has entered the real effort.",
        "fr": "Une opportunité proposée par les données reçoit un effort de 3 provisoire : "
        "la matrice ne la classe vraiment qu'une fois l'effort réel saisi.",
    },
    "opportunity-effort.unknown.message": {
        "en": 'Opportunity "{title}": its effort is still to enter (3 is a placeholder).',
        "fr": "Opportunité « {title} » : son effort reste à saisir (3 est provisoire).",
    },
    "opportunity-effort.unknown.hint": {
        "en": "Write its `effort` (1 to 5) and remove `effort_unknown`.",
        "fr": "Écrivez son `effort` (de 1 à 5) et supprimez `effort_unknown`.",
    },
    "irritant-opportunity.title": {
        "en": "Every irritant leads to an improvement opportunity",
        "fr": "Chaque irritant mène à une opportunité d’amélioration",
    },
    "irritant-opportunity.description": {
        "en": "A map is a tool for change: every pain point is linked to at least one "
        "opportunity (by its id, or at least by its step).",
        "fr": "Une carte sert à changer les choses : chaque irritant est relié à au moins une "
        "opportunité (par son identifiant, ou au moins par son étape).",
    },
    "irritant-opportunity.none.message": {
        "en": 'Step "{step}": irritant "{irritant}" has no improvement opportunity.',
        "fr": "Étape « {step} » : l’irritant « {irritant} » n’a aucune opportunité d’amélioration.",
    },
    "irritant-opportunity.none.hint": {
        "en": "Add an opportunity under `opportunities` with `irritants: [{id}]` and its "
        "impact and effort.",
        "fr": "Ajoutez une opportunité sous `opportunities` avec `irritants: [{id}]`, son "
        "impact et son effort.",
    },
    "irritant-opportunity.anonymous.message": {
        "en": 'Step "{step}": irritant "{irritant}" has no improvement opportunity.',
        "fr": "Étape « {step} » : l’irritant « {irritant} » n’a aucune opportunité d’amélioration.",
    },
    "irritant-opportunity.anonymous.hint": {
        "en": "Give the irritant an `id`, then add an opportunity listing it under "
        "`irritants` (or listing the step under `steps`).",
        "fr": "Donnez un `id` à l’irritant, puis ajoutez une opportunité qui le liste sous "
        "`irritants` (ou qui liste l’étape sous `steps`).",
    },
}

MESSAGES = Catalog(
    {
        **_SEVERITIES,
        **_REPORT,
        **_JOURNEY,
        **_LIFECYCLE,
        **_ACTIONS,
        **_SERVICE,
        **_DATA,
        **_EMOTION,
        **_LISTENING,
        **_OPPORTUNITIES,
    }
)
"""The rubric's catalog (both languages required for every key)."""
