"""Columns recognised from their content when their names are not the usual ones (issue 9)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from parcours.engine import Engine
from parcours.events import EventLogError, GuessedMapping, read_events
from parcours.events.content import (
    Changes,
    ColumnProfile,
    Variation,
    guess_from_content,
    id_like,
)

from .conftest import write

CLAIMS = (
    "claim_id,event_time,event,channel\n"
    "CL-1,2024-03-01 09:00,Declare,web\n"
    "CL-1,2024-03-02 10:00,Assess,phone\n"
    "CL-1,2024-03-05 11:00,Pay,web\n"
    "CL-2,2024-03-01 12:00,Declare,app\n"
    "CL-2,2024-03-03 09:30,Assess,phone\n"
    "CL-3,2024-03-02 08:00,Declare,web\n"
    "CL-3,2024-03-04 16:00,Reject,email\n"
)


def test_claims_log_case_id_from_content(tmp_path: Path, engine: Engine) -> None:
    log = read_events(write(tmp_path / "claims.csv", CLAIMS), engine=engine)
    assert log.mapping.columns() == {
        "case_id": "claim_id",
        "timestamp": "event_time",
        "activity": "event",
        "channel": "channel",
    }
    assert (log.n_events, log.n_cases) == (7, 3) and log.mapping_guessed
    (note,) = log.notes
    assert note.describe("en") == (
        f"{tmp_path / 'claims.csv'}: no usual column name for case_id; recognised from the "
        "content of the columns: case_id ← claim_id. If that is wrong, give a mapping "
        "(--mapping)."
    )
    assert "reconnu d'après le contenu des colonnes : case_id ← claim_id" in note.describe("fr")


def test_french_names_every_required_field_from_content(tmp_path: Path, engine: Engine) -> None:
    text = (
        "Réf sinistre;Horodatage saisie;Libellé étape;Canal;Gestionnaire\n"
        "S-01;2024-03-01 09:00;Déclaration;web;Anne\n"
        "S-01;2024-03-02 10:00;Expertise;agence;Anne\n"
        "S-01;2024-03-05 11:00;Indemnisation;web;Anne\n"
        "S-02;2024-03-01 12:00;Déclaration;téléphone;Marc\n"
        "S-02;2024-03-03 09:30;Expertise;agence;Marc\n"
        "S-03;2024-03-02 08:00;Déclaration;web;Anne\n"
        "S-03;2024-03-04 16:00;Refus;courrier;Anne\n"
    )
    log = read_events(write(tmp_path / "sinistres.csv", text), engine=engine)
    m = log.mapping
    assert (m.case_id, m.timestamp, m.activity, m.channel) == (
        "Réf sinistre",
        "Horodatage saisie",
        "Libellé étape",
        "Canal",
    )
    assert log.n_cases == 3
    assert "case_id, timestamp, activity" in log.notes[0].describe("en")


def test_ticket_log_with_numeric_ids(tmp_path: Path, engine: Engine) -> None:
    start = datetime(2024, 5, 1, 8)
    lines = ["no_demande,horodatage_maj,etat,equipe"]
    states = ["ouvert", "en cours", "résolu", "clos"]
    for ticket in range(12):
        for k, state in enumerate(states[: 2 + ticket % 3]):
            when = start + timedelta(hours=5 * ticket + k)
            lines.append(f"{10_230 + ticket},{when:%Y-%m-%dT%H:%M:%S},{state},N{ticket % 2}")
    log = read_events(write(tmp_path / "tickets.csv", "\n".join(lines) + "\n"), engine=engine)
    m = log.mapping
    assert (m.case_id, m.timestamp, m.activity) == ("no_demande", "horodatage_maj", "etat")
    assert log.n_cases == 12 and log.n_events == len(lines) - 1


def test_no_id_like_name_case_and_activity_told_apart(tmp_path: Path, engine: Engine) -> None:
    lines = ["who,what,when"]
    for customer in range(6):
        for k, step in enumerate(["visit", "cart", "pay"]):
            lines.append(f"u{customer},{step},2024-01-0{customer + 1} 1{k}:00")
    log = read_events(write(tmp_path / "w.csv", "\n".join(lines) + "\n"), engine=engine)
    assert (log.mapping.case_id, log.mapping.activity, log.mapping.timestamp) == (
        "who",
        "what",
        "when",
    )


def test_parquet_typed_columns_from_content(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "log.parquet"
    pq.write_table(
        pa.table(
            {
                "reference": pa.array([7, 7, 8, 8, 8], pa.int64()),
                "quand": pa.array([datetime(2024, 1, 1, h) for h in range(5)], pa.timestamp("us")),
                "quoi": ["a", "b", "a", "b", "c"],
            }
        ),
        path,
    )
    log = read_events(path, engine=engine)
    assert (log.mapping.case_id, log.mapping.timestamp, log.mapping.activity) == (
        "reference",
        "quand",
        "quoi",
    )
    assert log.to_pandas()["case_id"].tolist() == ["7", "7", "8", "8", "8"]


def test_two_id_columns_that_both_fit_are_ambiguous(tmp_path: Path, engine: Engine) -> None:
    text = (
        "claim_id,policy_id,event_time,event\n"
        "C1,P1,2024-03-01 09:00,open\nC1,P1,2024-03-02 09:00,close\n"
        "C2,P2,2024-03-01 09:00,open\nC2,P2,2024-03-02 09:00,close\n"
    )
    path = write(tmp_path / "two.csv", text)
    with pytest.raises(EventLogError) as caught:
        read_events(path, engine=engine)
    assert caught.value.message("en") == (
        f"{path}: cannot tell which column holds case_id: claim_id, policy_id would all fit, "
        "judging by their names and values. Columns found: claim_id, policy_id, event_time, "
        "event. Give a column mapping, e.g. a file with 'case_id: <column>' passed with "
        "--mapping."
    )
    assert "impossible de savoir quelle colonne contient case_id : claim_id, policy_id" in (
        caught.value.message("fr")
    )


def test_dates_of_the_case_are_not_the_timestamp(tmp_path: Path, engine: Engine) -> None:
    text = (
        "client_id,deadline,when,event\n"
        "c1,2024-02-01,2024-01-01 10:00,x\nc1,2024-02-01,2024-01-02 10:00,y\n"
        "c2,2024-03-01,2024-01-05 10:00,x\nc2,2024-03-01,2024-01-06 10:00,y\n"
    )
    log = read_events(write(tmp_path / "d.csv", text), engine=engine)
    assert log.mapping.timestamp == "when" and str(log.start) == "2024-01-01 10:00:00"


def test_two_date_columns_changing_within_cases_are_ambiguous(
    tmp_path: Path, engine: Engine
) -> None:
    text = (
        "client_id,opened_on,closed_on,event\n"
        "c1,2024-01-01,2024-01-03,x\nc1,2024-01-02,2024-01-04,y\n"
        "c2,2024-01-01,2024-01-03,x\nc2,2024-01-02,2024-01-05,y\n"
    )
    with pytest.raises(EventLogError, match="holds timestamp: opened_on, closed_on would"):
        read_events(write(tmp_path / "d.csv", text), engine=engine)


def test_values_that_never_repeat_are_no_case_id(tmp_path: Path, engine: Engine) -> None:
    text = "event_id,event_time,event\ne1,2024-01-01,a\ne2,2024-01-02,b\ne3,2024-01-03,a\n"
    with pytest.raises(EventLogError) as caught:
        read_events(write(tmp_path / "u.csv", text), engine=engine)
    assert "cannot tell which column holds case_id. Columns found: event_id" in (
        caught.value.message("en")
    )


def test_names_decide_before_content(tmp_path: Path, engine: Engine) -> None:
    # 'customer_id' is a usual name: taken although 'session' would fit by content too
    text = (
        "session,customer_id,timestamp,event\n"
        "s1,c1,2024-01-01 10:00,a\ns1,c1,2024-01-01 10:05,b\ns2,c1,2024-01-02 10:00,a\n"
    )
    log = read_events(write(tmp_path / "n.csv", text), engine=engine)
    assert log.mapping.case_id == "customer_id" and log.notes == []


def test_guess_from_content_activity_ties_are_ambiguous() -> None:
    profiles = [
        ColumnProfile("a", 10, 10, 3, 0, 0),
        ColumnProfile("b", 10, 10, 4, 0, 0),
    ]
    guessed = GuessedMapping(
        columns={"case_id": "c", "timestamp": "t"}, missing=["activity"], found=["c", "t", "a", "b"]
    )

    def varies(**spreads: tuple[float, float]) -> Changes:
        return lambda case, cols: {c: Variation(*spreads[c]) for c in cols}

    # both change in every case and differ at nearly every row: a tie
    with pytest.raises(EventLogError, match="holds activity: a, b would all fit"):
        guess_from_content(guessed, profiles, varies(a=(1.0, 0.95), b=(1.0, 0.9)), "x")
    # 'b' changes in every case too, but repeats more within a case (a team, a channel)
    clear = guess_from_content(guessed, profiles, varies(a=(1.0, 0.95), b=(1.0, 0.6)), "x")
    assert clear.columns["activity"] == "a" and clear.by_content == ["activity"]
    # 'a' differs more from row to row but changes in too few cases
    other = guess_from_content(guessed, profiles, varies(a=(0.4, 0.9), b=(0.8, 0.5)), "x")
    assert other.columns["activity"] == "b"
    none = guess_from_content(guessed, profiles, varies(a=(0.2, 0.2), b=(0.1, 0.1)), "x")
    assert none.missing == ["activity"]


def test_id_like_names() -> None:
    assert [
        id_like(n) for n in ["ClaimID", "Réf dossier", "ticket_no", "uuid", "valid", "event"]
    ] == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]
