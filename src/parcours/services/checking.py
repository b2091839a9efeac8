"""Checking a journey map against the quality rubric."""

from __future__ import annotations

from pathlib import Path

from parcours import rubric
from parcours.model import JourneyMap
from parcours.services.maps import load


def check_file(path: str | Path) -> tuple[JourneyMap, rubric.RubricReport]:
    """Load a map and run every rubric rule on it."""
    m = load(path)
    return m, rubric.check(m)
