"""Reading survey answers: guessed columns and score types, time zones, rejected rows,
mapping files, every source format, and errors that name the file, column and row."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from parcours.engine import Engine
from parcours.events.errors import EventLogError
from parcours.events.feedback import (
    FeedbackError,
    FeedbackMapping,
    ScoreKind,
    feedback_from_dataframe,
    guess_feedback_mapping,
    read_feedback,
)

from .conftest import write

SURVEY = (
    "Numéro client,Date réponse,Étape,Canal,Note,Recommandation,Effort,Commentaire\n"
    "c1,2026-03-01 10:00,Payer,phone,2,3,2,45 minutes d'attente\n"
    "c2,2026-03-01 11:00,Payer,chat,5,10,6,Parfait\n"
    "c3,2026-03-02 09:30,,web,4,,,\n"
)


def test_reads_a_french_survey_with_guessed_columns(tmp_path: Path, engine: Engine) -> None:
    fb = read_feedback(write(tmp_path / "s.csv", SURVEY), engine=engine)
    m = fb.mapping
    assert (m.customer_id, m.timestamp, m.step, m.channel, m.text) == (
        "Numéro client",
        "Date réponse",
        "Étape",
        "Canal",
        "Commentaire",
    )
    # "Recommandation" and "Effort" are typed by their name, "Note" by its values (1-5)
    assert m.scores == {"Note": "csat", "Recommandation": "nps", "Effort": "ces"}
    assert (fb.n_answers, fb.n_customers, fb.n_texts) == (3, 3, 2)
    assert fb.kinds == ("csat", "nps", "ces")
    rows = fb.to_pandas()
    assert rows["csat"].tolist() == [2.0, 5.0, 4.0]
    assert rows["nps"].isna().tolist() == [False, False, True]
    assert rows["step"].tolist()[:2] == ["Payer", "Payer"] and rows["step"].isna().tolist()[2]


def test_score_type_by_values() -> None:
    guessed = guess_feedback_mapping(["id", "date", "score", "avis"])
    assert guessed["scores"] == {"score": None}  # told later by the values
    frame = pd.DataFrame({"id": ["a", "b"], "date": ["2026-01-01", "2026-01-02"], "score": [0, 9]})
    assert feedback_from_dataframe(frame).mapping.scores == {"score": ScoreKind.NPS}
    frame["score"] = [1, 7]
    assert feedback_from_dataframe(frame).mapping.scores == {"score": ScoreKind.CES}


def test_naive_dates_in_the_named_zone_and_offsets_converted(engine: Engine) -> None:
    frame = pd.DataFrame(
        {"client": ["a", "b"], "date": ["2026-07-01 10:00", "2026-07-01 10:00"], "csat": [4, 5]}
    )
    fb = feedback_from_dataframe(frame, engine=engine, timezone="Europe/Paris")
    assert fb.start == datetime(2026, 7, 1, 8, 0)  # summer time: UTC+2
    frame["date"] = ["2026-01-01T10:00:00+01:00", "2026-07-01T10:00:00+02:00"]
    fb = feedback_from_dataframe(frame, engine=engine)
    assert fb.to_pandas()["timestamp"].dt.hour.tolist() == [9, 8]


def test_mixed_offsets_without_zone_are_an_error(engine: Engine) -> None:
    frame = pd.DataFrame(
        {"client": ["a", "b"], "date": ["2026-01-01T10:00:00+01:00", "2026-01-02 10:00"]}
        | {"csat": [4, 5]}
    )
    with pytest.raises(EventLogError) as caught:
        feedback_from_dataframe(frame, engine=engine)
    assert "date" in caught.value.message("en") and "2" in caught.value.message("en")


def test_rejected_rows_counted_described_and_written(tmp_path: Path, engine: Engine) -> None:
    text = (
        "client,date,csat,verbatim\n"
        "a,2026-01-01,4,ok\n"
        "b,hier,4,ok\n"  # bad timestamp
        "c,2026-01-02,beaucoup,ok\n"  # bad score
        "d,2026-01-03,7,ok\n"  # out of range (CSAT is 1-5)
        "e,2026-01-04,,\n"  # no answer
    )
    rejected = tmp_path / "out" / "rejected.csv"
    fb = read_feedback(write(tmp_path / "s.csv", text), engine=engine, rejected_path=rejected)
    assert fb.n_answers == 1
    counts = fb.rejected.counts
    assert counts == {"bad_timestamp": 1, "bad_score": 1, "score_out_of_range": 1, "no_answer": 1}
    french = fb.rejected.describe("fr")
    assert "note hors de son échelle (colonne 'csat') ; par ex. ligne 4 : '7'" in french
    assert "ni note ni texte" in french
    written = pd.read_csv(rejected)
    assert written["row"].tolist() == [2, 3, 4, 5]
    assert written["reason"].tolist()[2] == "score_out_of_range"


def test_mapping_file_with_score_types(tmp_path: Path, engine: Engine) -> None:
    survey = write(
        tmp_path / "s.csv",
        "who,when,q1,q2,txt\na,01/02/2026 10:00,9,3,bien\nb,02/02/2026 11:00,2,1,\n",
    )
    mapping = write(
        tmp_path / "m.yaml",
        "customer_id: who\ntimestamp: when\nformat: '%d/%m/%Y %H:%M'\ntext: txt\n"
        "scores:\n  q1: nps\n  q2: csat\n",
    )
    fb = read_feedback(survey, mapping, engine=engine)
    assert fb.kinds == ("csat", "nps")
    assert fb.start == datetime(2026, 2, 1, 10, 0)
    assert fb.to_pandas()["nps"].tolist() == [9.0, 2.0]


def test_bad_mapping_and_missing_column_name_the_problem(tmp_path: Path, engine: Engine) -> None:
    twice = write(tmp_path / "m.yaml", "timestamp: d\nscores:\n  a: csat\n  b: csat\n")
    with pytest.raises(FeedbackError) as caught:
        FeedbackMapping.from_file(twice)
    message = caught.value.message("fr")
    assert "m.yaml" in message and "csat" in message and "correspondance" in message
    survey = write(tmp_path / "s.csv", "client,date,csat\na,2026-01-01,4\n")
    with pytest.raises(FeedbackError) as missing:
        read_feedback(survey, FeedbackMapping(timestamp="quand", scores={"csat": "csat"}))
    assert "'quand'" in missing.value.message(
        "en"
    ) and "client, date, csat" in missing.value.message("en")


def test_a_file_without_date_or_answers_is_refused(tmp_path: Path, engine: Engine) -> None:
    with pytest.raises(FeedbackError) as no_date:
        read_feedback(write(tmp_path / "a.csv", "client,csat\na,4\n"), engine=engine)
    assert "date" in no_date.value.message("en")
    with pytest.raises(FeedbackError) as nothing:
        read_feedback(write(tmp_path / "b.csv", "client,date\na,2026-01-01\n"), engine=engine)
    assert "aucune colonne de note" in nothing.value.message("fr")


def test_unknown_file_and_format_errors_are_the_event_log_ones(tmp_path: Path) -> None:
    with pytest.raises(EventLogError) as missing:
        read_feedback(tmp_path / "absent.csv")
    assert missing.value.key == "not_found"
    with pytest.raises(EventLogError) as unknown:
        read_feedback(write(tmp_path / "s.json", "{}"))
    assert unknown.value.key == "unknown_format"


def test_parquet_excel_and_sqlite(tmp_path: Path, engine: Engine) -> None:
    frame = pd.DataFrame(
        {
            "customer_id": ["a", "b"],
            "answered_at": pd.to_datetime(["2026-01-01 10:00", "2026-01-02 11:00"]),
            "csat": [4, 2],
            "comment": ["ok", "frais cachés"],
        }
    )
    frame.to_parquet(tmp_path / "s.parquet")
    frame.to_excel(tmp_path / "s.xlsx", index=False)
    with sqlite3.connect(tmp_path / "s.sqlite") as db:
        frame.assign(answered_at=frame["answered_at"].astype(str)).to_sql("answers", db)
    for name in ("s.parquet", "s.xlsx", "s.sqlite"):
        fb = read_feedback(tmp_path / name, engine=engine, table="answers")
        assert fb.n_answers == 2, name
        assert fb.to_pandas()["text"].tolist() == ["ok", "frais cachés"], name
