"""The two real public logs: counts, and the same events as pm4py's reader (test-only oracle)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from parcours.engine import Engine
from parcours.events import EventLog, read_events

from .conftest import real_log


def _pm4py() -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pytest.importorskip("pm4py")


def as_tuples(case: pd.Series, activity: pd.Series, ts: pd.Series) -> list[tuple[str, str, str]]:
    return sorted(
        zip(
            case.astype(str),
            activity.astype(str),
            ts.dt.strftime("%Y-%m-%d %H:%M:%S.%f"),
            strict=True,
        )
    )


def test_helpdesk_xes_gz(engine: Engine) -> None:
    path = real_log("helpdesk.xes.gz")
    log = read_events(path, engine=engine)
    assert (log.n_events, log.n_cases) == (21_348, 4_580)
    assert log.rejected.total == 0
    assert log.mapping.resource == "org:resource"
    assert log.notes == []  # recognised by names alone, dates plausible
    ours = log.to_pandas()
    pm4py = _pm4py()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pm4py advertises optional speed-ups
        theirs = pm4py.read_xes(str(path))  # type: ignore[attr-defined]
    utc = theirs["time:timestamp"].dt.tz_convert("UTC").dt.tz_localize(None)
    assert as_tuples(ours["case_id"], ours["activity"], ours["timestamp"]) == as_tuples(
        theirs["case:concept:name"], theirs["concept:name"], utc
    )
    assert sorted(ours["resource"].astype(str)) == sorted(theirs["org:resource"].astype(str))


@pytest.fixture(scope="module")
def receipt(engine: Engine) -> EventLog:
    """The receipt log as read with no option (read once for the module)."""
    return read_events(real_log("receipt.csv"), engine=engine)


def test_receipt_csv(engine: Engine, receipt: EventLog) -> None:
    path = real_log("receipt.csv")
    # every time carries its offset (+01:00 in winter, +02:00 in summer): no zone needed
    log = receipt
    zoned = read_events(path, engine=engine, timezone="Europe/Amsterdam")
    assert log.to_arrow().equals(zoned.to_arrow())
    assert log.notes == [] and log.mapping.case_id == "case:concept:name"
    assert (log.n_events, log.n_cases) == (8_577, 1_434)
    assert (log.mapping.channel, log.mapping.resource) == ("case:channel", "org:resource")
    ours = log.to_pandas()
    pm4py = _pm4py()
    raw = pd.read_csv(path)
    theirs = pm4py.format_dataframe(  # type: ignore[attr-defined]
        raw,
        case_id="case:concept:name",
        activity_key="concept:name",
        timestamp_key="time:timestamp",
    )
    utc = theirs["time:timestamp"].dt.tz_convert("UTC").dt.tz_localize(None)
    assert as_tuples(ours["case_id"], ours["activity"], ours["timestamp"]) == as_tuples(
        theirs["case:concept:name"], theirs["concept:name"], utc
    )
    assert set(ours["channel"]) == set(raw["case:channel"])
    assert ours["row"].min() == 1 and ours["row"].max() == 8_577


def test_receipt_with_unusual_column_names_reads_the_same(
    engine: Engine, receipt: EventLog, tmp_path: Path
) -> None:
    import duckdb

    path = real_log("receipt.csv")
    renamed = tmp_path / "renamed.csv"
    columns = {
        "case:concept:name": "permit",
        "concept:name": "what happened",
        "time:timestamp": "moment",
        "org:resource": "employee_x",
    }
    select = ", ".join(
        f'"{name}" AS "{columns.get(name, name)}"' for name in pd.read_csv(path, nrows=0).columns
    )
    duckdb.sql(f"COPY (SELECT {select} FROM read_csv('{path}', all_varchar = true)) TO '{renamed}'")
    log = read_events(renamed, engine=engine)
    assert (log.mapping.case_id, log.mapping.timestamp, log.mapping.activity) == (
        "permit",
        "moment",  # not case:startdate nor case:deadline: those do not change within a case
        "what happened",  # not org:group, which changes within cases but repeats more
    )
    assert [n.key for n in log.notes] == ["by_content"]
    assert log.to_arrow().select([0, 1, 2, 8]).equals(receipt.to_arrow().select([0, 1, 2, 8]))
