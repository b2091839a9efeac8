"""The drawings of a map with long texts cost in proportion to the text length (issue 8).

Five steps each hold a description and an action of 12.5 KB, then of 100 KB (8 times
more). Linear layout costs at most about 8 times more (less: texts are cut at the cell's
last line); the quadratic layout this guards against cost 64 times more, and five
100 KB texts took 91 s. The bounds are generous: the test machines are shared.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from parcours.model import JourneyMap
from parcours.render.svg import blueprint_svg, experience_svg, journey_grid_svg

SENTENCE = "The customer calls the hotline again because the confirmation e-mail never came. "


def long_text_map(text_bytes: int) -> JourneyMap:
    """Five steps, each with a description and an action of ``text_bytes`` characters."""
    text = (SENTENCE * (text_bytes // len(SENTENCE) + 1))[:text_bytes]
    return JourneyMap.model_validate(
        {
            "journey": {"title": "Long texts"},
            "steps": [
                {
                    "id": f"s{index}",
                    "name": f"Step {index}",
                    "description": text,
                    "actions": [f"{index} {text}"],
                }
                for index in range(5)
            ],
        }
    )


def _cpu_seconds(function: Callable[[], object], repeat: int = 3) -> float:
    """CPU seconds of the best of ``repeat`` runs (the least disturbed by other processes)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize(
    "drawing", [journey_grid_svg, blueprint_svg, experience_svg], ids=lambda f: f.__name__
)
def test_drawing_cost_grows_linearly_with_the_text_length(
    drawing: Callable[[JourneyMap, str], str],
) -> None:
    small, large = long_text_map(12_500), long_text_map(100_000)
    small_seconds = _cpu_seconds(lambda: drawing(small, "en"))
    large_seconds = _cpu_seconds(lambda: drawing(large, "en"))
    assert large_seconds < 8.0, large_seconds
    assert large_seconds < 20 * max(small_seconds, 0.02), (small_seconds, large_seconds)


def test_the_long_texts_are_drawn_cut_not_dropped() -> None:
    svg = journey_grid_svg(long_text_map(100_000), "en")
    assert "[text cut:" in svg
    assert all(f"Step {index}" in svg for index in range(5))
