"""The refusals of AnalysisOptions are French in French: ``expected`` is translated too."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from parcours.analytics import AnalysisOptions
from parcours.analytics.errors import AnalyticsError

FRENCH = {
    "window_seconds": "secondes",
    "as_of": "sans fuseau",
    "timezone": "fuseau horaire IANA",
    "top_variants": "nombre entier",
    "period": "week ou month",
}


@pytest.mark.parametrize(
    "options",
    [
        {"window_seconds": -1},
        {"window_seconds": float("inf")},
        {"window_seconds": float("nan")},
        {"as_of": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
        {"timezone": "Paris"},
        {"top_variants": 0},
        {"period": "day"},
    ],
)
def test_option_errors_are_translated(options: dict[str, Any]) -> None:
    with pytest.raises(AnalyticsError) as caught:
        AnalysisOptions(**options)
    (name,) = options
    french, english = caught.value.message("fr"), caught.value.message("en")
    assert FRENCH[name] in french and "expected" not in french and " a " not in french
    assert "expected" in english and name in english
