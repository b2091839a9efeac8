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
        # --- API tokens and API docs (issue 11, "Languages and API") ---
        "api_tokens": {"en": "API tokens", "fr": "Jetons d'API"},
        "api_tokens_intro": {
            "en": "A personal API token lets a script use the JSON API (/api/v1/) with your "
            "roles. Keep it secret, like a password; revoke it when it is no longer needed.",
            "fr": "Un jeton d'API personnel permet à un script d'utiliser l'API JSON (/api/v1/) "
            "avec vos rôles. Gardez-le secret, comme un mot de passe ; révoquez-le dès qu'il ne "
            "sert plus.",
        },
        "api_token_create": {"en": "Create a token", "fr": "Créer un jeton"},
        "api_token_name": {"en": "What it is for", "fr": "À quoi il sert"},
        "api_token_expiry": {"en": "Expires after", "fr": "Expire après"},
        "api_token_new": {
            "en": "Copy this token now: it is shown only once (only its fingerprint is kept).",
            "fr": "Copiez ce jeton maintenant : il n'est affiché qu'une fois (seule son "
            "empreinte est conservée).",
        },
        "api_token_none": {
            "en": "No token yet.",
            "fr": "Aucun jeton pour l'instant.",
        },
        "api_token_created": {"en": "created {when}", "fr": "créé le {when}"},
        "api_token_used": {"en": "last used {when}", "fr": "dernière utilisation le {when}"},
        "api_token_expired": {"en": "expired", "fr": "expiré"},
        "api_token_example": {"en": "Try it:", "fr": "Essayez :"},
        "api_docs": {"en": "API reference", "fr": "Référence de l'API"},
        "api_docs_intro": {
            "en": "Every route, its parameters and its answers; the same description as "
            "OpenAPI JSON:",
            "fr": "Chaque route, ses paramètres et ses réponses ; la même description en "
            "JSON OpenAPI :",
        },
        "api_parameters": {"en": "Parameters", "fr": "Paramètres"},
        "api_body": {"en": "Body", "fr": "Corps"},
        "api_answers": {"en": "Answers", "fr": "Réponses"},
        # ---- map editing (issue 11: web-edit): toolbar, drawer, elements, emotions, shortcuts
        "ed_undo": {"en": "Undo", "fr": "Annuler"},
        "ed_redo": {"en": "Redo", "fr": "Rétablir"},
        "ed_add_step": {"en": "Step", "fr": "Étape"},
        "ed_add_phase": {"en": "Phase", "fr": "Phase"},
        "ed_add_persona": {"en": "Persona", "fr": "Persona"},
        "ed_add_listening_point": {"en": "Listening point", "fr": "Point d'écoute"},
        "ed_add_opportunity": {"en": "Opportunity", "fr": "Piste d'amélioration"},
        "ed_all_fields": {"en": "All fields", "fr": "Tous les champs"},
        "ed_delete": {"en": "Delete", "fr": "Supprimer"},
        "ed_confirm_delete": {
            "en": "Delete this element? (Undo brings it back.)",
            "fr": "Supprimer cet élément ? (Annuler le fait revenir.)",
        },
        "ed_move_up": {"en": "Move up", "fr": "Monter"},
        "ed_move_down": {"en": "Move down", "fr": "Descendre"},
        "ed_unchanged": {"en": "Nothing changed.", "fr": "Rien n'a changé."},
        "ed_nothing_to_undo": {"en": "Nothing to undo.", "fr": "Rien à annuler."},
        "ed_nothing_to_redo": {"en": "Nothing to redo.", "fr": "Rien à rétablir."},
        "ed_rows_hint": {
            "en": "Empty the first field of a row to delete it; fill the last row to add one.",
            "fr": "Videz le premier champ d'une ligne pour la supprimer ; remplissez la "
            "dernière ligne pour en ajouter une.",
        },
        "ed_emotions": {"en": "Emotions", "fr": "Émotions"},
        "ed_emotions_hint": {
            "en": "drag a point up or down (−2 to +2), or use the table",
            "fr": "faites glisser un point vers le haut ou le bas (−2 à +2), ou utilisez le "
            "tableau",
        },
        "ed_emotions_table": {
            "en": "Set the emotions in a table",
            "fr": "Régler les émotions dans un tableau",
        },
        "ed_no_emotion": {"en": "not estimated", "fr": "non estimée"},
        "ed_elements": {"en": "Map elements", "fr": "Éléments de la carte"},
        "ed_phases": {"en": "Phases", "fr": "Phases"},
        "ed_personas": {"en": "Personas", "fr": "Personas"},
        "ed_listening_points": {"en": "Listening points", "fr": "Points d'écoute"},
        "ed_opportunities": {"en": "Opportunities", "fr": "Pistes d'amélioration"},
        "ed_shortcuts": {"en": "Shortcuts", "fr": "Raccourcis"},
        "ed_close": {"en": "Close", "fr": "Fermer"},
        "ed_key_select": {
            "en": "select the next / previous step",
            "fr": "sélectionner l'étape suivante / précédente",
        },
        "ed_key_edit": {
            "en": "edit every field of the selected step",
            "fr": "modifier tous les champs de l'étape sélectionnée",
        },
        "ed_key_new": {
            "en": "new step after the selected one",
            "fr": "nouvelle étape après celle sélectionnée",
        },
        "ed_key_move": {
            "en": "move the selected step up / down",
            "fr": "monter / descendre l'étape sélectionnée",
        },
        "ed_key_delete": {
            "en": "delete the selected step",
            "fr": "supprimer l'étape sélectionnée",
        },
        "ed_key_undo": {"en": "undo the last change", "fr": "annuler la dernière modification"},
        "ed_key_redo": {"en": "redo", "fr": "rétablir"},
        "ed_key_close": {"en": "close the editor", "fr": "fermer l'éditeur"},
        "ed_key_help": {"en": "show this list", "fr": "afficher cette liste"},
        # web-edit, part 2: the journey's fields, lanes, event bindings, questionnaires
        "ed_unmatched_title": {
            "en": "Activities of the log that no step matches",
            "fr": "Activités du journal qu'aucune étape ne reconnaît",
        },
        "ed_unmatched_hint": {
            "en": "From the latest analysis, most frequent first. Bind them to their step: "
            "open the step (“All fields”) on the map, fill “Event bindings” (the activity "
            "is suggested), then run the analysis again.",
            "fr": "D'après la dernière analyse, les plus fréquentes d'abord. Rattachez-les à "
            "leur étape : ouvrez l'étape (« Tous les champs ») sur la carte, remplissez "
            "« Liaisons aux événements » (l'activité est proposée), puis relancez l'analyse.",
        },
        "ed_unmatched_events": {"en": "{n} events", "fr": "{n} événements"},
        "ed_unmatched_more": {"en": "and {n} more", "fr": "et {n} autres"},
        "ed_open_map": {"en": "Open the map", "fr": "Ouvrir la carte"},
        "data_feedback_several": {
            "en": "(none, one or several: their answers are analysed together)",
            "fr": "(aucun, un ou plusieurs : leurs réponses sont analysées ensemble)",
        },
        "ed_journey": {"en": "Journey", "fr": "Parcours"},
        "ed_add_lane": {"en": "Lane", "fr": "Ligne"},
        "ed_lanes": {"en": "Custom lanes", "fr": "Lignes personnalisées"},
        "ed_no_lanes": {
            "en": "None yet: add one with “+ Lane”.",
            "fr": "Aucune pour l'instant : ajoutez-en une avec « + Ligne ».",
        },
        "ed_events_hint": {
            "en": "An event matches when its activity is the one named (or matches the "
            "pattern) and, when a channel is given, its channel is that one. Suggestions: "
            "the activities of the latest analysed log that no step matches yet.",
            "fr": "Un événement correspond quand son activité est celle nommée (ou suit le "
            "motif) et, si un canal est donné, que son canal est celui-là. Suggestions : "
            "les activités du dernier journal analysé qu'aucune étape ne reconnaît encore.",
        },
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
        # --- maps, views, history, comments, admin (web-maps) ---
        "upload_map": {"en": "Upload a map file", "fr": "Importer un fichier de carte"},
        "upload_intro": {
            "en": "A YAML, JSON or Excel map, as parcours check reads it (at most 5 MB, "
            "10 MB for Excel).",
            "fr": "Une carte YAML, JSON ou Excel, telle que parcours check la lit (5 Mo au "
            "plus, 10 Mo pour Excel).",
        },
        "map_file": {"en": "Map file", "fr": "Fichier de carte"},
        "upload": {"en": "Upload", "fr": "Importer"},
        "upload_failed": {
            "en": "This map file cannot be read",
            "fr": "Ce fichier de carte ne peut pas être lu",
        },
        "upload_failed_intro": {
            "en": "Nothing was created. Fix the file as said below and upload it again.",
            "fr": "Rien n'a été créé. Corrigez le fichier comme indiqué ci-dessous, puis "
            "importez-le de nouveau.",
        },
        "map_actions": {"en": "Rename, duplicate, delete", "fr": "Renommer, dupliquer, supprimer"},
        "map_title": {"en": "Title", "fr": "Titre"},
        "rename": {"en": "Rename", "fr": "Renommer"},
        "duplicate": {"en": "Duplicate", "fr": "Dupliquer"},
        "move_to_trash": {"en": "Move to the trash", "fr": "Mettre à la corbeille"},
        "trash": {"en": "Trash", "fr": "Corbeille"},
        "trash_intro": {
            "en": "Deleted maps keep their history; their share links work again once restored.",
            "fr": "Les cartes supprimées gardent leur historique ; leurs liens de partage "
            "refonctionnent une fois restaurées.",
        },
        "trash_empty": {"en": "The trash is empty.", "fr": "La corbeille est vide."},
        "deleted_on": {"en": "deleted {when}", "fr": "supprimée le {when}"},
        "restore": {"en": "Restore", "fr": "Restaurer"},
        "views": {"en": "Views", "fr": "Vues"},
        "history_all": {"en": "All revisions", "fr": "Toutes les révisions"},
        "revision": {"en": "Revision", "fr": "Révision"},
        "who": {"en": "Who", "fr": "Qui"},
        "when": {"en": "When", "fr": "Quand"},
        "summary": {"en": "Change", "fr": "Modification"},
        "current": {"en": "current", "fr": "actuelle"},
        "diff_old": {"en": "From", "fr": "De"},
        "diff_new": {"en": "To", "fr": "À"},
        "compare": {"en": "Compare", "fr": "Comparer"},
        "what_changed": {"en": "What changed", "fr": "Ce qui a changé"},
        "diff_title": {
            "en": "From revision {old} to revision {new}",
            "fr": "De la révision {old} à la révision {new}",
        },
        "no_changes": {
            "en": "The two revisions hold the same map.",
            "fr": "Les deux révisions contiennent la même carte.",
        },
        "change_added": {"en": "added", "fr": "ajouté"},
        "change_removed": {"en": "removed", "fr": "supprimé"},
        "change_changed": {"en": "changed", "fr": "modifié"},
        "change_moved": {"en": "moved", "fr": "déplacé"},
        "text_diff": {"en": "The file, line by line", "fr": "Le fichier, ligne à ligne"},
        "restore_revision": {
            "en": "Restore revision {n}",
            "fr": "Restaurer la révision {n}",
        },
        "restore_revision_hint": {
            "en": "Saved as a new revision: nothing is lost.",
            "fr": "Enregistrée comme nouvelle révision : rien n'est perdu.",
        },
        "comments": {"en": "Comments", "fr": "Commentaires"},
        "comments_open": {"en": "{n} open", "fr": "{n} ouvert(s)"},
        "comments_open_n": {"en": "{n} open comment(s)", "fr": "{n} commentaire(s) ouvert(s)"},
        "no_comments": {"en": "No comment yet.", "fr": "Pas encore de commentaire."},
        "comment": {"en": "Comment", "fr": "Commentaire"},
        "comment_step": {"en": "On the step", "fr": "Sur l'étape"},
        "comment_hint": {
            "en": "Mention a member with @user name",
            "fr": "Mentionnez un membre avec @nom d'utilisateur",
        },
        "add_comment": {"en": "Add the comment", "fr": "Ajouter le commentaire"},
        "resolve": {"en": "Resolve", "fr": "Résoudre"},
        "reopen": {"en": "Reopen", "fr": "Rouvrir"},
        "resolved": {"en": "resolved", "fr": "résolu"},
        "mentions_of_me": {"en": "Mentions of me", "fr": "Où l'on me mentionne"},
        "no_mentions": {
            "en": "Nobody has mentioned you in this workspace.",
            "fr": "Personne ne vous a mentionné dans cet espace.",
        },
        "members": {"en": "Members", "fr": "Membres"},
        "display_name": {"en": "Display name", "fr": "Nom affiché"},
        "role": {"en": "Role", "fr": "Rôle"},
        "change_role": {"en": "Change", "fr": "Changer"},
        "remove": {"en": "Remove", "fr": "Retirer"},
        "add_member": {"en": "Add a member", "fr": "Ajouter un membre"},
        "add": {"en": "Add", "fr": "Ajouter"},
        "admin": {"en": "Administration", "fr": "Administration"},
        "accounts": {"en": "Accounts", "fr": "Comptes"},
        "new_account": {"en": "New account", "fr": "Nouveau compte"},
        "is_admin": {"en": "Administrator", "fr": "Administrateur"},
        "new_workspace": {"en": "New workspace", "fr": "Nouvel espace de travail"},
        "owner_username": {"en": "Owner (user name)", "fr": "Propriétaire (nom d'utilisateur)"},
        "account": {"en": "My account", "fr": "Mon compte"},
        "change_password": {"en": "Change my password", "fr": "Changer mon mot de passe"},
        "old_password": {"en": "Current password", "fr": "Mot de passe actuel"},
        "new_password": {
            "en": "New password (10 characters or more)",
            "fr": "Nouveau mot de passe (10 caractères ou plus)",
        },
        "password_changed": {
            "en": "Password changed; your other sessions were closed.",
            "fr": "Mot de passe changé ; vos autres sessions ont été fermées.",
        },
        # --- the look (login page's side panel) ---
        "login_pitch": {
            "en": "Your customer journeys, mapped as a team and proven by your data.",
            "fr": "Vos parcours client, cartographiés en équipe et prouvés par vos données.",
        },
        "login_feature_map": {
            "en": "Journey maps, experience maps and service blueprints from one file",
            "fr": "Cartes de parcours, d'expérience et blueprints de service, d'un seul fichier",
        },
        "login_feature_rubric": {
            "en": "A quality rubric that checks every map as you edit it",
            "fr": "Une grille qualité qui vérifie chaque carte pendant que vous l'éditez",
        },
        "login_feature_share": {
            "en": "PDF exports and read-only links for your stakeholders",
            "fr": "Exports PDF et liens en lecture seule pour vos parties prenantes",
        },
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
