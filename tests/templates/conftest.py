"""Shared helpers: load every built-in template once."""

from __future__ import annotations

from typing import Any

import pytest
from ruamel.yaml import YAML

from parcours.model import JourneyMap
from parcours.templates import TEMPLATE_LANGUAGES, TEMPLATE_NAMES, template_text

PAIRS = [(name, lang) for name in TEMPLATE_NAMES for lang in TEMPLATE_LANGUAGES]


def raw(name: str, lang: str) -> Any:
    """The parsed YAML data of a template (plain dicts and lists)."""
    return YAML(typ="safe").load(template_text(name, lang))


def load(name: str, lang: str) -> JourneyMap:
    """A template validated against the domain model."""
    return JourneyMap.model_validate(raw(name, lang))


@pytest.fixture(params=PAIRS, ids=[f"{n}.{lang}" for n, lang in PAIRS])
def template(request: pytest.FixtureRequest) -> tuple[str, str, JourneyMap]:
    name, lang = request.param
    return name, lang, load(name, lang)
