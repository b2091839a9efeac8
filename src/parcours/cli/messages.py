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
        "log.read": {
            "en": "Read {source}: {events} events, {cases} cases, from {start} to {end} (UTC).",
            "fr": "Lu {source} : {events} événements, {cases} dossiers, du {start} au {end} (UTC).",
        },
        "log.mapping": {"en": "Columns used: {columns}", "fr": "Colonnes utilisées : {columns}"},
        "discover.title": {"en": "Drafted steps", "fr": "Étapes esquissées"},
        "discover.phase": {"en": "Phase", "fr": "Phase"},
        "discover.step": {"en": "Step", "fr": "Étape"},
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
