"""Shared helpers: built-in templates as maps, and maps broken on purpose."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from ruamel.yaml import YAML

from parcours.model import JourneyMap
from parcours.templates import TEMPLATE_LANGUAGES, TEMPLATE_NAMES, template_text

PAIRS = [(name, lang) for name in TEMPLATE_NAMES for lang in TEMPLATE_LANGUAGES]

Data = dict[str, Any]
Mutation = Callable[[Data], None]


@cache
def _parsed(name: str, lang: str) -> Data:
    data: Data = YAML(typ="safe").load(template_text(name, lang))
    return data


def template_data(name: str, lang: str) -> Data:
    """The plain data of a built-in template (a fresh copy: callers may edit it)."""
    return copy.deepcopy(_parsed(name, lang))


def template_map(name: str, lang: str) -> JourneyMap:
    """A built-in template validated against the model."""
    return JourneyMap.model_validate(template_data(name, lang))


def broken(mutate: Mutation, *, lang: str = "fr") -> JourneyMap:
    """The bank-account template with one thing broken by ``mutate`` (edits the data)."""
    data = template_data("bank-account", lang)
    mutate(data)
    return JourneyMap.model_validate(data)


def step(data: Data, step_id: str) -> Data:
    """The step ``step_id`` of the map data."""
    found: Data = next(s for s in data["steps"] if s["id"] == step_id)
    return found


def emotion(data: Data, step_id: str, persona_id: str) -> Data:
    """The emotion of ``persona_id`` at ``step_id`` in the map data."""
    found: Data = next(e for e in step(data, step_id)["emotions"] if e["persona"] == persona_id)
    return found


def phase(data: Data, phase_id: str) -> Data:
    """The phase ``phase_id`` of the map data."""
    found: Data = next(p for p in data["phases"] if p["id"] == phase_id)
    return found


@pytest.fixture(params=PAIRS, ids=[f"{n}.{lang}" for n, lang in PAIRS])
def template(request: pytest.FixtureRequest) -> tuple[str, str, JourneyMap]:
    """Every built-in template in every language."""
    name, lang = request.param
    return name, lang, template_map(name, lang)
