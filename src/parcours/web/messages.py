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
