"""Messages of the command line, in French and English."""

from __future__ import annotations

import locale
import os

from parcours.i18n import Catalog

MESSAGES = Catalog(
    {
        "templates.title": {"en": "Built-in templates", "fr": "Modèles fournis"},
        "templates.name": {"en": "Name", "fr": "Nom"},
        "templates.lang": {"en": "Language", "fr": "Langue"},
        "templates.journey": {"en": "Journey", "fr": "Parcours"},
        "new.done": {
            "en": "Created {path} from template '{template}'. Next: parcours check {path}",
            "fr": "{path} créé à partir du modèle « {template} ». Ensuite : parcours check {path}",
        },
        "check.bad_format": {
            "en": "--format must be text or json, not '{fmt}'.",
            "fr": "--format doit valoir text ou json, pas « {fmt} ».",
        },
        "render.bad_paper": {
            "en": "--paper must be A3 or A4, not '{paper}'.",
            "fr": "--paper doit valoir A3 ou A4, pas « {paper} ».",
        },
        "render.done": {"en": "Wrote {path}", "fr": "Écrit : {path}"},
        "upgrade.current": {
            "en": "{path} is already in format {version}: nothing to do.",
            "fr": "{path} est déjà au format {version} : rien à faire.",
        },
        "upgrade.done": {
            "en": "Upgraded {path} to format {version} (the previous version is in {history}).",
            "fr": "{path} est passé au format {version} (la version précédente est dans "
            "{history}).",
        },
        "upgrade.moved": {
            "en": "{count} measured snapshot(s) moved to {store}: {ids}",
            "fr": "{count} mesure(s) déplacée(s) dans {store} : {ids}",
        },
        "serve.url": {
            "en": "parcours is running: open {url} (Ctrl+C to stop)",
            "fr": "parcours tourne : ouvrez {url} (Ctrl+C pour arrêter)",
        },
        "serve.admin": {
            "en": "Log in as '{user}' with the password {password} (shown only this once).",
            "fr": "Connectez-vous avec « {user} » et le mot de passe {password} (affiché "
            "cette fois seulement).",
        },
        "serve.admin_env": {
            "en": "Log in as '{user}' with the password of ${variable}.",
            "fr": "Connectez-vous avec « {user} » et le mot de passe de ${variable}.",
        },
        "rotate_key.no_data": {
            "en": "{folder} holds no parcours web app data (parcours.db): give the folder of "
            "`parcours serve --data`, or set PARCOURS_DATABASE_URL.",
            "fr": "{folder} ne contient pas de données de l'application web parcours "
            "(parcours.db) : donnez le dossier de `parcours serve --data`, ou définissez "
            "PARCOURS_DATABASE_URL.",
        },
        "rotate_key.done": {
            "en": "New key in use: {count} database source URL(s) sealed again ({where}).",
            "fr": "Nouvelle clé en service : {count} URL(s) de source de base de données "
            "scellée(s) de nouveau ({where}).",
        },
        "serve.data": {
            "en": "Data: {folder} (database: {database})",
            "fr": "Données : {folder} (base : {database})",
        },
        "os_error": {"en": "{path}: {reason}", "fr": "{path} : {reason}"},
        "os_error.nameless": {"en": "{reason}", "fr": "{reason}"},
        "log.read": {
            "en": "Read {source}: {events} events, {cases} cases, from {start} to {end} (UTC).",
            "fr": "Lu {source} : {events} événements, {cases} dossiers, du {start} au {end} (UTC).",
        },
        "log.mapping": {"en": "Columns used: {columns}", "fr": "Colonnes utilisées : {columns}"},
        "analyze.stage.lock": {
            "en": "Locking the map (waiting if another parcours is changing it)",
            "fr": "Verrouillage de la carte (attente si un autre parcours la modifie)",
        },
        "analyze.stage.read": {"en": "Reading the event log", "fr": "Lecture du journal"},
        "analyze.stage.match": {
            "en": "Matching events to steps",
            "fr": "Rattachement des événements aux étapes",
        },
        "analyze.stage.analyze": {
            "en": "Computing the metrics and the conformance to the map",
            "fr": "Calcul des indicateurs et de la conformité à la carte",
        },
        "analyze.conformance": {
            "en": "Conformance: {rate} of customers follow the map ({conforming} of {cases}).",
            "fr": "Conformité : {rate} des clients suivent la carte ({conforming} sur {cases}).",
        },
        "analyze.skipped": {
            "en": "Most skipped steps: {items}",
            "fr": "Étapes les plus sautées : {items}",
        },
        "analyze.returns": {
            "en": "Most frequent returns: {items}",
            "fr": "Retours en arrière les plus fréquents : {items}",
        },
        "analyze.stage.store": {
            "en": "Storing the snapshot beside the map",
            "fr": "Enregistrement du relevé à côté de la carte",
        },
        "analyze.title": {"en": "Measured journey", "fr": "Parcours mesuré"},
        "analyze.no_input": {
            "en": "Nothing to analyse: give an event log (--events) and / or survey answers "
            "(--feedback).",
            "fr": "Rien à analyser : donnez un journal d'événements (--events) et / ou des "
            "réponses d'enquête (--feedback).",
        },
        "analyze.stage.verbatims": {
            "en": "Reading the verbatims: {done}/{total}",
            "fr": "Lecture des verbatims : {done}/{total}",
        },
        "analyze.stage.feedback": {
            "en": "Reading the survey answers and joining them to the journey",
            "fr": "Lecture des réponses d'enquête et rattachement au parcours",
        },
        "analyze.step": {"en": "Step", "fr": "Étape"},
        "analyze.customers": {"en": "Customers", "fr": "Clients"},
        "analyze.conversion": {"en": "Conv. from prev.", "fr": "Conv. depuis préc."},
        "analyze.dropped": {"en": "Dropped", "fr": "Perdus"},
        "analyze.in_flight": {"en": "In flight", "fr": "En cours"},
        "analyze.delay": {"en": "Median delay", "fr": "Délai médian"},
        "analyze.satisfaction": {"en": "Satisfaction", "fr": "Satisfaction"},
        "analyze.summary": {
            "en": "{entered} customers entered, {converted} completed the journey "
            "({rate}); median time to convert {delay}.",
            "fr": "{entered} clients sont entrés, {converted} ont fini le parcours ({rate}) ; "
            "délai médian de conversion {delay}.",
        },
        "analyze.summary_outcomes": {
            "en": "{entered} customers entered, {converted} converted ({rate}: reached "
            "{success}); median time to convert {delay}.",
            "fr": "{entered} clients sont entrés, {converted} ont converti ({rate} : "
            "{success}) ; délai médian de conversion {delay}.",
        },
        "analyze.outcomes": {
            "en": "Outcomes: {items}",
            "fr": "Issues : {items}",
        },
        "analyze.outcome_item": {
            "en": "{name} ({kind}) {count} ({rate})",
            "fr": "{name} ({kind}) {count} ({rate})",
        },
        "analyze.kind.success": {"en": "success", "fr": "succès"},
        "analyze.kind.failure": {"en": "failure", "fr": "échec"},
        "analyze.no_outcome": {
            "en": "no outcome (abandoned) {count} ({rate})",
            "fr": "sans issue (abandon) {count} ({rate})",
        },
        "analyze.undecided": {
            "en": "still in flight {count}",
            "fr": "encore en cours {count}",
        },
        "analyze.ended": {"en": "Ended", "fr": "Terminés"},
        "analyze.detours": {
            "en": "Detours (optional and exception steps, beside the main path): {items}",
            "fr": "Détours (étapes facultatives et d'exception, hors chemin principal) : {items}",
        },
        "analyze.detour_item": {
            "en": "{step}: {share} of customers, {per_customer} per customer, conversion "
            "{with_} with / {without} without, cost ≈ {lost} customers and {days} days",
            "fr": "{step} : {share} des clients, {per_customer} par client, conversion "
            "{with_} avec / {without} sans, coût ≈ {lost} clients et {days} jours",
        },
        "analyze.breaking": {
            "en": "Breaking points: {items}",
            "fr": "Points de rupture : {items}",
        },
        "analyze.drop_item": {
            "en": "{previous} → {step}: {count} customers lost ({rate})",
            "fr": "{previous} → {step} : {count} clients perdus ({rate})",
        },
        "analyze.wait_item": {
            "en": "{previous} → {step}: median wait {delay}",
            "fr": "{previous} → {step} : attente médiane {delay}",
        },
        "analyze.unmatched": {
            "en": "{count} activities match no step (kept out of the funnel): {names}",
            "fr": "{count} activités ne correspondent à aucune étape (hors entonnoir) : {names}",
        },
        "analyze.no_events": {
            "en": "Steps with no matching event: {names}",
            "fr": "Étapes sans aucun événement : {names}",
        },
        "analyze.stored": {
            "en": "Stored snapshot {snapshot} in {store} (referenced by {path})",
            "fr": "Relevé {snapshot} enregistré dans {store} (référencé par {path})",
        },
        "analyze.bad_period": {
            "en": "--period must be week or month, not '{period}'.",
            "fr": "--period doit valoir week ou month, pas « {period} ».",
        },
        "discover.title": {"en": "Drafted steps", "fr": "Étapes esquissées"},
        "discover.phase": {"en": "Phase", "fr": "Phase"},
        "discover.step": {"en": "Step", "fr": "Étape"},
        "discover.role": {"en": "Role", "fr": "Rôle"},
        "discover.alternative": {"en": "(or {step})", "fr": "(ou {step})"},
        "discover.window": {
            "en": "Customers reach the success outcome more than 30 days after their first "
            "event: analyse with parcours analyze --window-days {days} (the default is 30).",
            "fr": "Les clients atteignent le résultat de succès plus de 30 jours après leur "
            "premier événement : analysez avec parcours analyze --window-days {days} (30 par "
            "défaut).",
        },
        "discover.core": {"en": "main path", "fr": "parcours principal"},
        "discover.optional": {"en": "optional", "fr": "facultative"},
        "discover.exception": {"en": "exception", "fr": "exception"},
        "discover.outcome": {"en": "outcome", "fr": "résultat"},
        "discover.success": {"en": "success", "fr": "succès"},
        "discover.failure": {"en": "failure", "fr": "échec"},
        "discover.why": {
            "en": "Why each step has its role (to confirm; also in each step's review note):",
            "fr": "Pourquoi chaque étape a ce rôle (à confirmer ; aussi dans la note review "
            "de chaque étape) :",
        },
        "discover.cases": {"en": "Cases", "fr": "Dossiers"},
        "discover.position": {"en": "Typical position", "fr": "Position typique"},
        "discover.channels": {"en": "Channels", "fr": "Canaux"},
        "discover.rare": {
            "en": "{count} rare activities not made into steps (under {share} of cases): {names}",
            "fr": "{count} activités rares non retenues comme étapes (moins de {share} des "
            "dossiers) : {names}",
        },
        "discover.done": {
            "en": "Wrote the draft map {path}. Complete it, then: parcours check {path}",
            "fr": "Esquisse écrite : {path}. Complétez-la, puis : parcours check {path}",
        },
        "demo.done": {
            "en": "Demo ready in {folder}:",
            "fr": "Démo prête dans {folder} :",
        },
    }
)


def ui_language(explicit: str | None) -> str:
    """Language of messages: ``--lang``, else ``PARCOURS_LANG``, else the locale, else English."""
    for candidate in (explicit, os.environ.get("PARCOURS_LANG")):
        if candidate:
            return "fr" if candidate.lower().startswith("fr") else "en"
    system = os.environ.get("LC_ALL") or os.environ.get("LANG") or (locale.getlocale()[0] or "")
    return "fr" if system.lower().startswith("fr") else "en"
