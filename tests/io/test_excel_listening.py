"""The questionnaire fields of listening points survive an Excel round trip."""

from __future__ import annotations

from pathlib import Path

from parcours.io import export_excel, import_excel
from parcours.model import JourneyMap


def test_questionnaire_round_trip(tmp_path: Path) -> None:
    m = JourneyMap(
        journey={"title": "T"},
        steps=[{"id": "a", "name": "A"}],
        listening_points=[
            {
                "id": "lp",
                "step": "a",
                "medium": "voicemail",
                "survey": [{"text": "Facile ?", "scale": "ces_1_7"}, {"text": "Pourquoi ?"}],
                "temperature": "warm",
                "trigger_activity": "kyc_ok",
                "delay_hours": 48,
                "target_segments": ["pro", "retail"],
                "target_channels": ["web"],
                "sampling_rate": 0.25,
                "fatigue_days": 30,
                "response_rate": 0.1,
            }
        ],
    )
    path = tmp_path / "m.xlsx"
    export_excel(m, path)
    assert import_excel(path).listening_points == m.listening_points
