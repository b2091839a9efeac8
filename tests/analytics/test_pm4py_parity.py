"""pm4py as an outside oracle: directly-follows counts and delays and variants on real logs.

pm4py (AGPL) is only a test dependency. Each log is read here, converted to the canonical
columns (case_id, naive UTC timestamp, activity, row = original order) and analysed both ways.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from parcours.analytics import AnalysisOptions, activity_flows, activity_variants, prepare
from parcours.analytics.testing import MATCHED_SCHEMA
from parcours.engine import Engine

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"


@pytest.fixture(scope="module")
def pm4py() -> Any:
    """pm4py, imported by the tests that use it (seconds of import: not at collection)."""
    return pytest.importorskip("pm4py")


def _canonical(cases: pd.Series, activities: pd.Series, stamps: pd.Series) -> pd.DataFrame:
    timestamps = pd.to_datetime(stamps, utc=True, format="ISO8601").dt.tz_localize(None)
    n = len(cases)
    return pd.DataFrame(
        {
            "case_id": cases.astype(str).to_numpy(),
            "timestamp": timestamps.astype("datetime64[us]").to_numpy(),
            "activity": activities.astype(str).to_numpy(),
            "row": range(1, n + 1),
        }
    )


@pytest.fixture(scope="module", params=["helpdesk", "receipt"])
def real_log(request: pytest.FixtureRequest, pm4py: Any) -> pd.DataFrame:
    if request.param == "helpdesk":
        path = REAL / "helpdesk.xes.gz"
        if not path.exists():
            pytest.skip(f"{path} is absent")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = pm4py.read_xes(str(path), show_progress_bar=False)
    else:
        path = REAL / "receipt.csv"
        if not path.exists():
            pytest.skip(f"{path} is absent")
        raw = pd.read_csv(path, dtype=str)
    return _canonical(raw["case:concept:name"], raw["concept:name"], raw["time:timestamp"])


def _ours(frame: pd.DataFrame) -> Any:
    engine = Engine.duckdb()
    n = len(frame)
    empty_text = pa.nulls(n, pa.string())
    table = pa.table(
        {
            "case_id": pa.array(frame["case_id"], pa.string()),
            "timestamp": pa.array(frame["timestamp"], pa.timestamp("us")),
            "activity": pa.array(frame["activity"], pa.string()),
            "channel": empty_text,
            "segment": empty_text,
            "score": pa.nulls(n, pa.float64()),
            "amount": pa.nulls(n, pa.float64()),
            "resource": empty_text,
            "row": pa.array(frame["row"], pa.int64()),
            "step": pa.array(frame["activity"], pa.string()),
            "step_index": pa.nulls(n, pa.int32()),
        },
        schema=MATCHED_SCHEMA,
    )
    steps = sorted(frame["activity"].unique())
    return prepare(engine, engine.table(table), steps, AnalysisOptions())


KEYS = {"case_id_key": "case_id", "activity_key": "activity", "timestamp_key": "timestamp"}


def test_directly_follows_counts_and_delays_equal_pm4py(real_log: pd.DataFrame, pm4py: Any) -> None:
    dfg, starts, ends = pm4py.discover_dfg(real_log, **KEYS)
    performance, _, _ = pm4py.discover_performance_dfg(real_log, **KEYS)
    graph = activity_flows(_ours(real_log))

    assert graph.counts() == dict(dfg)
    assert graph.starts == dict(starts)
    assert graph.ends == dict(ends)
    for flow in graph.flows:
        expected = performance[(flow.source, flow.target)]
        assert flow.delay_seconds.mean is not None
        assert math.isclose(flow.delay_seconds.mean, expected["mean"], abs_tol=1e-6)
        assert flow.delay_seconds.median is not None
        assert math.isclose(flow.delay_seconds.median, expected["median"], abs_tol=1e-6)


def test_variants_equal_pm4py(real_log: pd.DataFrame, pm4py: Any) -> None:
    expected = {tuple(k): v for k, v in pm4py.get_variants(real_log, **KEYS).items()}
    variants = activity_variants(_ours(real_log))
    assert variants.counts() == expected
    assert variants.n_variants == len(expected)
    assert variants.n_cases == real_log["case_id"].nunique()


def test_ties_and_unsorted_rows_are_ordered_like_pm4py(pm4py: Any) -> None:
    # case 1 lists its events out of time order; case 2 has two events at the same time,
    # which both tools keep in source order (row): B then A.
    day = pd.Timestamp("2024-01-01")
    frame = pd.DataFrame(
        {
            "case_id": ["1", "1", "1", "2", "2", "2"],
            "timestamp": [day + pd.Timedelta(hours=h) for h in (2, 0, 1, 0, 5, 5)],
            "activity": ["C", "A", "B", "A", "B", "A"],
            "row": range(1, 7),
        }
    )
    frame["timestamp"] = frame["timestamp"].astype("datetime64[us]")
    log = _ours(frame)
    # pm4py's DFG sorts by timestamp (stable); its variants and start/end activities read
    # the frame in its order, so they get the frame sorted the same way.
    dfg, _, _ = pm4py.discover_dfg(frame, **KEYS)
    ordered = frame.sort_values(["case_id", "timestamp"], kind="stable")
    _, starts, ends = pm4py.discover_dfg(ordered, **KEYS)
    variants = {tuple(k): v for k, v in pm4py.get_variants(ordered, **KEYS).items()}
    # by hand: case 1 = A B C, case 2 = A B A (tie at 05:00 kept in row order)
    assert variants == {("A", "B", "C"): 1, ("A", "B", "A"): 1}
    assert dict(dfg) == {("A", "B"): 2, ("B", "C"): 1, ("B", "A"): 1}
    graph = activity_flows(log)
    assert graph.counts() == dict(dfg)
    assert graph.starts == dict(starts) == {"A": 2}
    assert graph.ends == dict(ends) == {"C": 1, "A": 1}
    assert activity_variants(log).counts() == variants
