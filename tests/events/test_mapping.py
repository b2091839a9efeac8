"""Column mappings: guessed from usual names (XES, CRM, FR/EN) or loaded from a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from parcours.events import ColumnMapping, EventLogError, GuessedMapping, guess_mapping

from .conftest import write


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            ["case:concept:name", "concept:name", "time:timestamp", "org:resource", "case:channel"],
            {
                "case_id": "case:concept:name",
                "activity": "concept:name",
                "timestamp": "time:timestamp",
                "resource": "org:resource",
                "channel": "case:channel",
            },
        ),
        (
            ["customer_id", "event_name", "created_at", "source", "persona", "csat", "amount"],
            {
                "case_id": "customer_id",
                "activity": "event_name",
                "timestamp": "created_at",
                "channel": "source",
                "segment": "persona",
                "score": "csat",
                "amount": "amount",
            },
        ),
        (
            ["ID Client", "Action", "Date", "Canal", "Note", "Montant", "Conseiller"],
            {
                "case_id": "ID Client",
                "activity": "Action",
                "timestamp": "Date",
                "channel": "Canal",
                "score": "Note",
                "amount": "Montant",
                "resource": "Conseiller",
            },
        ),
        (
            ["ticket_id", "event", "event_time", "satisfaction"],
            {
                "case_id": "ticket_id",
                "activity": "event",
                "timestamp": "event_time",
                "score": "satisfaction",
            },
        ),
        (
            ["user_id", "activity", "timestamp", "date"],
            {"case_id": "user_id", "activity": "activity", "timestamp": "timestamp"},
        ),
    ],
)
def test_guess_usual_names(columns: list[str], expected: dict[str, str]) -> None:
    guessed = guess_mapping(columns)
    assert guessed.columns == expected
    assert guessed.complete
    assert guessed.mapping().columns() == expected


def test_a_column_serves_one_field_only() -> None:
    guessed = guess_mapping(["client_id", "event", "date", "client"])
    assert guessed.columns["case_id"] == "client_id"
    assert list(guessed.columns.values()).count("client_id") == 1


def test_missing_required_fields_are_reported() -> None:
    guessed = guess_mapping(["who", "what", "date"])
    assert guessed.missing == ["case_id", "activity"]
    assert not guessed.complete
    with pytest.raises(EventLogError) as caught:
        guessed.mapping(source="export.csv")
    en, fr = caught.value.message("en"), caught.value.message("fr")
    assert "export.csv" in en and "case_id, activity" in en and "who, what, date" in en
    assert "Colonnes trouvées : who, what, date" in fr
    assert "introuvables : case_id, activity" in guessed.describe("fr")


def test_describe_lists_guesses_for_confirmation() -> None:
    text = guess_mapping(["client_id", "event", "date", "canal"]).describe("en")
    assert text.splitlines() == [
        "Columns guessed:",
        "  case_id    <- client_id",
        "  timestamp  <- date",
        "  activity   <- event",
        "  channel    <- canal",
    ]


def test_mapping_from_yaml_and_json(tmp_path: Path) -> None:
    yaml_file = write(
        tmp_path / "mapping.yaml",
        "case_id: Client\nactivity: Étape\ntimestamp: Date\nformat: '%d/%m/%Y %H:%M'\n"
        "timezone: Europe/Paris\nscore: Note\n",
    )
    m = ColumnMapping.from_file(yaml_file)
    assert (m.case_id, m.activity, m.format, m.timezone, m.score) == (
        "Client",
        "Étape",
        "%d/%m/%Y %H:%M",
        "Europe/Paris",
        "Note",
    )
    json_file = tmp_path / "mapping.json"
    json_file.write_text(json.dumps(m.model_dump(exclude_none=True)), encoding="utf-8")
    assert ColumnMapping.from_file(json_file) == m


def test_bad_mapping_files_are_explained(tmp_path: Path) -> None:
    typo = write(tmp_path / "m.yaml", "case_id: a\nactivity: b\ntimestamp: c\nchanel: d\n")
    with pytest.raises(EventLogError) as caught:
        ColumnMapping.from_file(typo)
    assert "m.yaml" in caught.value.message("en") and "chanel" in caught.value.message("en")
    assert "correspondance de colonnes invalide" in caught.value.message("fr")
    with pytest.raises(EventLogError, match="cannot read"):
        ColumnMapping.from_file(tmp_path / "absent.yaml")
    broken = write(tmp_path / "b.yaml", "case_id: [unclosed\n")
    with pytest.raises(EventLogError, match=r"b\.yaml"):
        ColumnMapping.from_file(broken)


def test_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValidationError, match="Europe/Parsi"):
        ColumnMapping(case_id="a", activity="b", timestamp="c", timezone="Europe/Parsi")


def test_describe_marks_the_fields_recognised_from_content() -> None:
    guessed = GuessedMapping(
        columns={"case_id": "claim_id", "activity": "event"},
        missing=["timestamp"],
        found=["claim_id", "event"],
        by_content=["case_id"],
    )
    assert guessed.describe("en").splitlines()[1:] == [
        "  case_id    <- claim_id (from its content)",
        "  activity   <- event",
        "not found: timestamp",
    ]
    assert "claim_id (d'après son contenu)" in guessed.describe("fr")
