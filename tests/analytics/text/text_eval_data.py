"""The labelled evaluation sets of the text analytics (``data/*.tsv``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from parcours.analytics.text.evaluation import LabelledVerbatim, read_labelled
from parcours.io import loads_map
from parcours.model.journey import JourneyMap
from parcours.templates.registry import template_text

DATA = Path(__file__).parent / "data"


@cache
def rows(split: str) -> tuple[LabelledVerbatim, ...]:
    """``dev`` (the lexicon was tuned on it) or ``heldout`` (never tuned on)."""
    return tuple(read_labelled(DATA / f"verbatims_{split}.tsv"))


def all_rows() -> tuple[LabelledVerbatim, ...]:
    return rows("dev") + rows("heldout")


@cache
def bank_map(lang: str) -> JourneyMap:
    return loads_map(template_text("bank-account", lang), fmt="yaml")
