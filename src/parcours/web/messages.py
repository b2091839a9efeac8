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
