"""Shared helpers: load every built-in template once."""

from __future__ import annotations

import copy
import functools
from typing import Any

import pytest
from ruamel.yaml import YAML

from parcours.model import JourneyMap
from parcours.templates import TEMPLATE_LANGUAGES, TEMPLATE_NAMES, template_text

PAIRS = [(name, lang) for name in TEMPLATE_NAMES for lang in TEMPLATE_LANGUAGES]


def raw(name: str, lang: str) -> Any:
    """The parsed YAML data of a template (plain dicts and lists: the caller's own copy)."""
    return copy.deepcopy(_parsed(name, lang))


@functools.cache
def _parsed(name: str, lang: str) -> Any:
    # ruamel's safe loader is pure Python here (a quarter of a second a template): each
    # template is parsed once per test process, not once per test (160 tests)
    return YAML(typ="safe").load(template_text(name, lang))


def load(name: str, lang: str) -> JourneyMap:
    """A template validated against the domain model."""
    return JourneyMap.model_validate(raw(name, lang))


@pytest.fixture(params=PAIRS, ids=[f"{n}.{lang}" for n, lang in PAIRS])
def template(request: pytest.FixtureRequest) -> tuple[str, str, JourneyMap]:
    name, lang = request.param
    return name, lang, load(name, lang)
