"""The web app's French and English text, and how a request's language is chosen.

>>> preferred_language("fr-CH, fr;q=0.9, en;q=0.8")
'fr'
>>> preferred_language("de-DE, en-GB;q=0.5")
'en'
>>> UI.text("login", "fr")
'Se connecter'
"""

from __future__ import annotations

from parcours.i18n import LANGUAGES, Catalog

UI = Catalog(
    {
        "app_tagline": {
            "en": "Customer journeys, with evidence",
            "fr": "Parcours client, preuves à l'appui",
        },
        "login": {"en": "Log in", "fr": "Se connecter"},
        "logout": {"en": "Log out", "fr": "Se déconnecter"},
        "username": {"en": "User name", "fr": "Nom d'utilisateur"},
        "password": {"en": "Password", "fr": "Mot de passe"},
        "login_intro": {
            "en": "Build, measure and share your customer journey maps with your team.",
            "fr": "Construisez, mesurez et partagez vos cartes de parcours client en équipe.",
        },
        "workspaces": {"en": "Workspaces", "fr": "Espaces de travail"},
        "no_workspaces": {
            "en": "You are not a member of any workspace yet. Ask an owner to add you.",
            "fr": "Vous n'êtes membre d'aucun espace pour l'instant. Demandez à un "
            "propriétaire de vous ajouter.",
        },
        "role_owner": {"en": "Owner", "fr": "Propriétaire"},
        "role_editor": {"en": "Editor", "fr": "Éditeur"},
        "role_viewer": {"en": "Viewer", "fr": "Lecteur"},
        "maps": {"en": "Journey maps", "fr": "Cartes de parcours"},
        "no_maps": {
            "en": "No map yet: start from a template below.",
            "fr": "Aucune carte pour l'instant : partez d'un modèle ci-dessous.",
        },
        "new_map": {"en": "New map from a template", "fr": "Nouvelle carte depuis un modèle"},
        "create": {"en": "Create", "fr": "Créer"},
        "template": {"en": "Template", "fr": "Modèle"},
        "steps_count": {"en": "{n} steps", "fr": "{n} étapes"},
        "revision_n": {"en": "revision {n}", "fr": "révision {n}"},
        "updated": {"en": "Updated {when}", "fr": "Modifiée le {when}"},
        "journey_map": {"en": "Journey map", "fr": "Carte du parcours"},
        "experience": {"en": "Experience curve", "fr": "Courbe d'expérience"},
        "rubric": {"en": "Quality rubric", "fr": "Grille de qualité"},
        "rubric_same_as_check": {
            "en": "The same rules as parcours check.",
            "fr": "Les mêmes règles que parcours check.",
        },
        "rubric_ok": {"en": "Ready to share", "fr": "Prête à partager"},
        "rubric_not_ok": {"en": "Needs work", "fr": "À compléter"},
        "rules_passed": {
            "en": "{passed} of {total} rules passed",
            "fr": "{passed} règles sur {total} respectées",
        },
        "steps": {"en": "Steps", "fr": "Étapes"},
        "edit": {"en": "Edit", "fr": "Modifier"},
        "save": {"en": "Save", "fr": "Enregistrer"},
        "cancel": {"en": "Cancel", "fr": "Annuler"},
        "name": {"en": "Name", "fr": "Nom"},
        "description": {"en": "Description", "fr": "Description"},
        "saved": {"en": "Saved as revision {n}.", "fr": "Enregistrée en révision {n}."},
        "export": {"en": "Export", "fr": "Exporter"},
        "share": {"en": "Share", "fr": "Partager"},
        "share_intro": {
            "en": "Anyone with a link sees this map and downloads its PDF, and can change nothing.",
            "fr": "Toute personne ayant le lien voit cette carte et télécharge son PDF, sans "
            "rien pouvoir modifier.",
        },
        "share_create": {"en": "Create a read-only link", "fr": "Créer un lien en lecture seule"},
        "share_expiry": {"en": "Expires after", "fr": "Expire après"},
        "share_never": {"en": "never", "fr": "jamais"},
        "share_days": {"en": "{n} days", "fr": "{n} jours"},
        "share_new": {
            "en": "Copy this link now: it is shown only once.",
            "fr": "Copiez ce lien maintenant : il n'est affiché qu'une fois.",
        },
        "share_revoke": {"en": "Revoke", "fr": "Révoquer"},
        "share_revoked": {"en": "revoked", "fr": "révoqué"},
        "share_live": {"en": "active", "fr": "actif"},
        "share_expires": {"en": "until {when}", "fr": "jusqu'au {when}"},
        "shared_banner": {
            "en": "Read-only view shared with you.",
            "fr": "Vue en lecture seule partagée avec vous.",
        },
        "history": {"en": "History", "fr": "Historique"},
        "language": {"en": "Language", "fr": "Langue"},
        "error_title": {"en": "Something is not right", "fr": "Quelque chose ne va pas"},
        "back": {"en": "Back", "fr": "Retour"},
        "download_pdf": {"en": "Download the PDF", "fr": "Télécharger le PDF"},
        "no_description": {"en": "No description yet.", "fr": "Pas encore de description."},
        # ---- issue 11, data: uploads, column mapping, analysis jobs, snapshots
        "data_tabs": {"en": "Map views", "fr": "Vues de la carte"},
        "data_tab_map": {"en": "Map", "fr": "Carte"},
        "data_tab_analysis": {"en": "Data & analysis", "fr": "Données et analyse"},
        "data_state_queued": {"en": "queued", "fr": "en attente"},
        "data_state_running": {"en": "running", "fr": "en cours"},
        "data_state_done": {"en": "done", "fr": "terminée"},
        "data_state_failed": {"en": "failed", "fr": "échec"},
        "data_started": {"en": "started {when} UTC", "fr": "commencée le {when} UTC"},
        "data_finished": {"en": "finished {when} UTC", "fr": "finie le {when} UTC"},
        "data_job_done": {
            "en": "The analysis is done and its snapshot stored.",
            "fr": "L'analyse est terminée et son relevé enregistré.",
        },
        "data_see_analysis": {"en": "See the analysis", "fr": "Voir l'analyse"},
        "data_rejected_n": {
            "en": "Rows of the log set aside (unreadable time, missing id...): {n}.",
            "fr": "Lignes du journal écartées (heure illisible, identifiant manquant...) : {n}.",
        },
        "data_feedback_rejected_n": {
            "en": "Feedback rows set aside: {n}.",
            "fr": "Lignes de retours clients écartées : {n}.",
        },
        "data_rejected_none": {
            "en": "No row of the log was set aside.",
            "fr": "Aucune ligne du journal n'a été écartée.",
        },
        "data_download_csv": {"en": "Download (CSV)", "fr": "Télécharger (CSV)"},
        "data_job_title": {"en": "Analysis #{n}", "fr": "Analyse n° {n}"},
        "data_mapping_title": {"en": "Columns of the data", "fr": "Colonnes des données"},
        "data_mapping_intro_events": {
            "en": "Say which column holds the customer (or case), the time and the event. The "
            "first rows are shown below.",
            "fr": "Indiquez quelle colonne contient le client (ou le dossier), l'heure et "
            "l'événement. Les premières lignes sont montrées plus bas.",
        },
        "data_mapping_intro_feedback": {
            "en": "Say which column holds the answer's date, the customer, the scores and the "
            "verbatim. The first rows are shown below.",
            "fr": "Indiquez quelle colonne contient la date de la réponse, le client, les notes "
            "et le verbatim. Les premières lignes sont montrées plus bas.",
        },
        "data_mapping_guessed": {
            "en": "The columns below were guessed from their names: check them, then save.",
            "fr": "Les colonnes ci-dessous ont été devinées d'après leur nom : vérifiez-les, "
            "puis enregistrez.",
        },
        "data_field_case_id": {"en": "Customer / case", "fr": "Client / dossier"},
        "data_field_timestamp": {"en": "Time", "fr": "Horodatage"},
        "data_field_activity": {"en": "Event", "fr": "Événement"},
        "data_field_channel": {"en": "Channel", "fr": "Canal"},
        "data_field_segment": {"en": "Segment", "fr": "Segment"},
        "data_field_score": {"en": "Score", "fr": "Note"},
        "data_field_amount": {"en": "Amount", "fr": "Montant"},
        "data_field_resource": {"en": "Resource (agent)", "fr": "Ressource (conseiller)"},
        "data_field_customer_id": {"en": "Customer", "fr": "Client"},
        "data_field_step": {"en": "Step", "fr": "Étape"},
        "data_field_touchpoint": {"en": "Touchpoint", "fr": "Point de contact"},
        "data_field_text": {"en": "Verbatim", "fr": "Verbatim"},
        "data_score_csat": {"en": "CSAT score (1-5)", "fr": "Note CSAT (1-5)"},
        "data_score_nps": {"en": "NPS score (0-10)", "fr": "Note NPS (0-10)"},
        "data_score_ces": {"en": "CES score (1-7)", "fr": "Note CES (1-7)"},
        "data_timezone": {"en": "Time zone", "fr": "Fuseau horaire"},
        "data_format": {"en": "Time format", "fr": "Format de l'heure"},
        "data_timezone_help": {
            "en": "The time zone of times written without an offset (UTC when empty); the "
            "format only for times that are not ISO 8601 (e.g. %d/%m/%Y %H:%M).",
            "fr": "Le fuseau des heures écrites sans décalage (UTC si vide) ; le format "
            "seulement pour des heures qui ne sont pas en ISO 8601 (par ex. %d/%m/%Y %H:%M).",
        },
        "data_mapping_save": {"en": "Save the columns", "fr": "Enregistrer les colonnes"},
        "data_preview": {"en": "First {n} rows", "fr": "{n} premières lignes"},
        "data_report": {"en": "Analysis", "fr": "Analyse"},
        "data_report_open": {
            "en": "Open the analysis on its own page",
            "fr": "Ouvrir l'analyse dans sa propre page",
        },
        "data_no_snapshot_editor": {
            "en": "This map has not been measured yet: bring an event log below, check its "
            "columns, then run the analysis.",
            "fr": "Cette carte n'a pas encore été mesurée : apportez un journal d'événements "
            "ci-dessous, vérifiez ses colonnes, puis lancez l'analyse.",
        },
        "data_no_snapshot_viewer": {
            "en": "This map has not been measured yet.",
            "fr": "Cette carte n'a pas encore été mesurée.",
        },
        "data_snapshots": {"en": "Snapshots over time", "fr": "Relevés dans le temps"},
        "data_taken_at": {"en": "Taken (UTC)", "fr": "Relevé (UTC)"},
        "data_source": {"en": "Source", "fr": "Source"},
        "data_customers": {"en": "Customers", "fr": "Clients"},
        "data_conversion": {"en": "Conversion", "fr": "Conversion"},
        "data_view": {"en": "View", "fr": "Voir"},
        "data_snapshots_none": {"en": "No snapshot yet.", "fr": "Aucun relevé pour l'instant."},
        "data_jobs": {"en": "Analyses run", "fr": "Analyses lancées"},
        "data_jobs_none": {"en": "No analysis run yet.", "fr": "Aucune analyse lancée."},
        "data_bring": {"en": "Bring data", "fr": "Apporter des données"},
        "data_upload": {"en": "Upload a file", "fr": "Envoyer un fichier"},
        "data_kind": {"en": "What it holds", "fr": "Ce qu'il contient"},
        "data_kind_events": {"en": "Event log", "fr": "Journal d'événements"},
        "data_kind_feedback": {"en": "Customer feedback", "fr": "Retours clients"},
        "data_file": {"en": "File", "fr": "Fichier"},
        "data_upload_help": {
            "en": "CSV, TSV, Excel (.xlsx) or Parquet, up to {mb} MB.",
            "fr": "CSV, TSV, Excel (.xlsx) ou Parquet, jusqu'à {mb} Mo.",
        },
        "data_upload_button": {"en": "Upload", "fr": "Envoyer"},
        "data_database": {"en": "Or read a database table", "fr": "Ou lire une table de base"},
        "data_url": {"en": "Database URL", "fr": "URL de la base"},
        "data_table": {"en": "Table", "fr": "Table"},
        "data_database_button": {"en": "Add the table", "fr": "Ajouter la table"},
        "data_sources": {"en": "Data of this map", "fr": "Données de cette carte"},
        "data_mapped": {"en": "columns set", "fr": "colonnes choisies"},
        "data_mapping_edit": {"en": "Columns…", "fr": "Colonnes…"},
        "data_run": {"en": "Run the analysis", "fr": "Lancer l'analyse"},
        "data_run_button": {"en": "Run", "fr": "Lancer"},
    }
)

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def preferred_language(accept_language: str | None, default: str = "en") -> str:
    """The first language of an ``Accept-Language`` header that the app speaks."""
    if not accept_language:
        return default
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        pieces = part.strip().split(";")
        code = pieces[0].strip().lower().split("-")[0]
        quality = 1.0
        for piece in pieces[1:]:
            key, _, value = piece.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if code in LANGUAGES and quality > 0:
            ranked.append((-quality, index, code))
    return min(ranked)[2] if ranked else default
