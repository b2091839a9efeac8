"""The curated public API cannot drift silently."""

from __future__ import annotations

import parcours
import parcours.model


def test_top_level_api() -> None:
    assert set(parcours.__all__) >= {"JourneyMap", "__version__"}
    for name in parcours.__all__:
        assert hasattr(parcours, name), name


def test_model_api_exports_resolve() -> None:
    for name in parcours.model.__all__:
        assert hasattr(parcours.model, name), name
