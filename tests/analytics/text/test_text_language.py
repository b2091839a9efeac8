"""Language detection, French and English."""

from __future__ import annotations

import pytest
from text_eval_data import all_rows

from parcours.analytics.text import DetectedLanguage, detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La carte n'est jamais arrivée", DetectedLanguage.FR),
        ("Frais à l'étranger", DetectedLanguage.FR),
        ("My card never arrived", DetectedLanguage.EN),
        ("I'm waiting for my PIN", DetectedLanguage.EN),
        ("Waiting, waiting, waiting", DetectedLanguage.EN),
        ("OK", DetectedLanguage.UNKNOWN),
        ("", DetectedLanguage.UNKNOWN),
    ],
)
def test_detect_language(text: str, expected: DetectedLanguage) -> None:
    assert detect_language(text) is expected


def test_detection_on_the_evaluation_set_never_confuses_the_two_languages() -> None:
    rows = all_rows()
    answers = [detect_language(r.text).value for r in rows]
    wrong = [r.text for r, a in zip(rows, answers, strict=True) if a not in (r.lang, "unknown")]
    right = sum(a == r.lang for r, a in zip(rows, answers, strict=True))
    assert wrong == []
    assert right / len(rows) >= 0.98
