"""The same metric code on Apache Spark (PySpark, local mode) gives the embedded engine's
results. One definition per metric: Ibis expressions, executed by DuckDB or by Spark."""

from __future__ import annotations

import dataclasses
import math
import shutil
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

from parcours.analytics import AnalysisOptions, analyze_log
from parcours.analytics.funnel import funnel, journeys
from parcours.analytics.options import FunnelMode
from parcours.analytics.ordered_log import OrderedLog, prepare
from parcours.engine import Engine
from parcours.events import ColumnMapping, from_dataframe, match_steps
from parcours.events.synthetic import generate_events
from parcours.io import loads_map
from parcours.model import JourneyStructure
from parcours.templates.registry import template_text

pyspark = pytest.importorskip("pyspark", reason="PySpark is not installed")
if shutil.which("java") is None:  # pragma: no cover - scripts/bootstrap.sh installs it
    pytest.skip("Java is not installed (needed by Spark)", allow_module_level=True)


@pytest.fixture(scope="module")
def spark() -> Iterator[Engine]:
    # A few thousand rows: one partition, no adaptive re-planning and no whole-stage code
    # generation (compiling Java for each of ~100 small queries) cut the run by a quarter.
    # The JVM's own optimising compiler and parallel collector took 101 CPU s in 55 s (two
    # cores, taken from the suite's other workers): the quick compiler only, one collector
    # thread and no web UI, 51 CPU s and 10 s less.
    tiny_data = {
        "spark.sql.shuffle.partitions": "1",
        "spark.default.parallelism": "1",
        "spark.sql.adaptive.enabled": "false",
        "spark.sql.codegen.wholeStage": "false",
        "spark.ui.enabled": "false",
        "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
    }
    engine = Engine.spark("local[2]", config=tiny_data)
    yield engine
    engine.backend._session.stop()


def _bank_structure() -> JourneyStructure:
    """The bank template's own structure: two ways in, optional steps, the document
    rejection loop, support as an exception, account opened / refused outcomes."""
    m = loads_map(template_text("bank-account", "en"), fmt="yaml", source="bank-account.en")
    return m.structure()


def _bank_log() -> tuple[pa.Table, list[str]]:
    """300 customers of the online-bank template: loops, drop-offs, scores, segments."""
    m = loads_map(template_text("bank-account", "en"), fmt="yaml", source="bank-account.en")
    batches = list(generate_events(m, customers=300, seed=7))
    raw = pa.Table.from_batches(batches).drop_columns(["row"])
    duck = Engine.duckdb()
    mapping = ColumnMapping(
        case_id="case_id",
        timestamp="timestamp",
        activity="activity",
        channel="channel",
        segment="segment",
        score="score",
        amount="amount",
        resource="resource",
    )
    matched = match_steps(from_dataframe(raw, mapping, engine=duck), m)
    return duck.execute(matched.table), matched.steps


def _close(left: Any, right: Any, path: str = "") -> None:
    """Equal, floats to 1e-9 relative (engines sum in different orders)."""
    if isinstance(left, float) and isinstance(right, float | int):
        assert math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9), path
    elif isinstance(left, dict):
        assert isinstance(right, dict) and left.keys() == right.keys(), path
        for key in left:
            _close(left[key], right[key], f"{path}.{key}")
    elif isinstance(left, list):
        assert isinstance(right, list) and len(left) == len(right), path
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            _close(a, b, f"{path}[{i}]")
    else:
        assert left == right, f"{path}: {left!r} != {right!r}"


@pytest.fixture(scope="module")
def prepared(spark: Engine) -> tuple[OrderedLog, OrderedLog, JourneyStructure, int]:
    """The bank log sorted once on each engine (DuckDB, Spark), in a time zone: both tests
    analyse these (preparing is a fifth of the Spark queries)."""
    events, steps = _bank_log()
    structure = _bank_structure()
    assert events.num_rows > 1500 and structure.outcomes and structure.detours
    options = AnalysisOptions(window_seconds=14 * 86400, timezone="Europe/Paris", conformance=True)
    duck = Engine.duckdb()
    local = prepare(duck, duck.table(events), steps, options)
    remote = prepare(spark, spark.table(events), steps, options)
    return local, remote, structure, events.num_rows


def test_spark_results_equal_duckdb_results(
    spark: Engine, prepared: tuple[OrderedLog, OrderedLog, JourneyStructure, int]
) -> None:
    """The whole analysis of the bank template's structure (its main path, detours,
    outcomes and conformance) in a time zone, closed funnel."""
    local_log, remote_log, structure, n_events = prepared
    local, remote = analyze_log(local_log, structure), analyze_log(remote_log, structure)
    expected, actual = local.to_dict(), remote.to_dict()
    assert spark.name == "pyspark" and remote_log.engine is spark
    assert expected["n_events"] == n_events
    assert expected["steps"][0]["customers"] > 0
    assert expected["detours"] and expected["outcomes"][0]["customers"] > 0
    _close(expected, actual)
    assert local.conformance is not None and remote.conformance is not None
    _close(local.conformance.to_dict(), remote.conformance.to_dict())


def test_spark_equals_duckdb_on_an_open_funnel(
    prepared: tuple[OrderedLog, OrderedLog, JourneyStructure, int],
) -> None:
    """The open funnel (entry at any stage) is the one part that the mode changes: its
    journeys and funnel alone on the same sorted logs, not the whole analysis again (each
    Spark query costs about a second). The funnel's mode and window are not read by
    ``prepare``: the sorted log serves with other funnel options."""
    local_log, remote_log, structure, _ = prepared
    funnels = []
    for log in (local_log, remote_log):
        options = dataclasses.replace(
            log.options, window_seconds=90 * 86400, funnel_mode=FunnelMode.OPEN
        )
        reopened = dataclasses.replace(log, options=options)
        funnels.append(funnel(reopened, journeys(reopened, structure)).to_dict())
    expected, actual = funnels
    assert expected["mode"] == "open" and expected["steps"][0]["reached"] > 0
    assert expected["window_seconds"] == 90 * 86400
    _close(expected, actual)
