"""The registry of built-in journey-map templates (``parcours new TEMPLATE``).

Each template exists in French and English as ``NAME.LANG.yaml`` in this package; both
files share the same ids and structure, only the text differs.

>>> "bank-account" in TEMPLATE_NAMES
True
>>> template_text("bank-account", "fr").startswith("# parcours")
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from parcours.errors import ParcoursError
from parcours.i18n import LANGUAGES, Catalog

TEMPLATE_NAMES: tuple[str, ...] = ("bank-account", "ecommerce", "it-laptop", "employee")
"""Names of the built-in templates, the demo (``bank-account``) first."""

TEMPLATE_LANGUAGES: tuple[str, ...] = LANGUAGES
"""Every template exists in each of these languages."""

_MESSAGES = Catalog(
    {
        "unknown_template": {
            "en": "Unknown template '{name}'. Available templates: {names}.",
            "fr": "Modèle « {name} » inconnu. Modèles disponibles : {names}.",
        },
        "unknown_language": {
            "en": "Template '{name}' does not exist in language '{lang}'. Languages: {langs}.",
            "fr": "Le modèle « {name} » n’existe pas en langue « {lang} ». Langues : {langs}.",
        },
    }
)


class UnknownTemplateError(ParcoursError, LookupError):
    """A template name (or language) that is not built in.

    >>> err = UnknownTemplateError("bank")
    >>> err.valid_names[0]
    'bank-account'
    >>> err.message("fr").startswith("Modèle « bank » inconnu")
    True
    """

    def __init__(self, name: str, lang: str | None = None) -> None:
        self.name = name
        self.lang = lang
        self.valid_names: tuple[str, ...] = TEMPLATE_NAMES
        self.valid_languages: tuple[str, ...] = TEMPLATE_LANGUAGES
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The explanation in ``lang``, listing the valid names (or languages)."""
        if self.name in self.valid_names:
            return _MESSAGES.text(
                "unknown_language",
                lang,
                name=self.name,
                lang=self.lang,
                langs=", ".join(self.valid_languages),
            )
        return _MESSAGES.text(
            "unknown_template", lang, name=self.name, names=", ".join(self.valid_names)
        )


@dataclass(frozen=True)
class TemplateInfo:
    """What ``parcours templates`` lists about one template in one language."""

    name: str
    language: str
    title: str
    description: str


def template_file_name(name: str, lang: str) -> str:
    """The package file holding template ``name`` in ``lang``.

    >>> template_file_name("it-laptop", "en")
    'it-laptop.en.yaml'
    """
    if name not in TEMPLATE_NAMES:
        raise UnknownTemplateError(name, lang)
    if lang not in TEMPLATE_LANGUAGES:
        raise UnknownTemplateError(name, lang)
    return f"{name}.{lang}.yaml"


def template_text(name: str, lang: str) -> str:
    """The YAML text (comments included) of template ``name`` in ``lang``.

    Raises :class:`UnknownTemplateError` for a name or language that is not built in.

    >>> "language: en" in template_text("ecommerce", "en")
    True
    """
    resource = resources.files(__package__).joinpath(template_file_name(name, lang))
    return resource.read_text(encoding="utf-8")


def available() -> list[TemplateInfo]:
    """Every built-in template in every language, in :data:`TEMPLATE_NAMES` order.

    >>> [(i.name, i.language) for i in available()][:2]
    [('bank-account', 'en'), ('bank-account', 'fr')]
    """
    return [_info(name, lang) for name in TEMPLATE_NAMES for lang in TEMPLATE_LANGUAGES]


@cache
def _info(name: str, lang: str) -> TemplateInfo:
    # libyaml (C): the first workspace page lists every template, and ruamel's pure-Python
    # loader took seconds for the 8 files; titles and scopes are plain text either way
    data: Any = yaml.load(template_text(name, lang), Loader=yaml.CSafeLoader)
    journey = data.get("journey", {}) if isinstance(data, dict) else {}
    return TemplateInfo(
        name=name,
        language=lang,
        title=str(journey.get("title", name)),
        description=" ".join(str(journey.get("scope", "")).split()),
    )
