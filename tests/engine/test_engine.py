"""The engine: the one place queries run; DuckDB by default, spilling to a capped folder."""

from __future__ import annotations

from pathlib import Path

import ibis
import pyarrow as pa
import pytest

from parcours.engine import Engine


def test_duckdb_engine_runs_expressions_and_returns_arrow() -> None:
    engine = Engine.duckdb()
    t = engine.table(pa.table({"k": ["a", "b", "a"], "v": [1, 2, 3]}))
    result = engine.execute(t.group_by("k").aggregate(total=t.v.sum()).order_by("k"))
    assert isinstance(result, pa.Table)
    assert result.to_pylist() == [{"k": "a", "total": 4}, {"k": "b", "total": 2}]
    assert engine.scalar(t.v.max()) == 3
    assert engine.name == "duckdb"


def test_duckdb_engine_is_configured_for_out_of_core_work(tmp_path: Path) -> None:
    engine = Engine.duckdb(memory_limit="512MB", temp_directory=tmp_path / "spill", threads=1)
    settings = engine.sql(
        "SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS d, "
        "current_setting('TimeZone') AS z, current_setting('threads') AS th"
    )
    row = engine.execute(settings).to_pylist()[0]
    assert row["d"] == str(tmp_path / "spill")
    assert row["z"] == "UTC"
    assert int(row["th"]) == 1
    assert "488" in row["m"] or "512" in row["m"]  # DuckDB reports MiB


def test_materialize_computes_once_and_keeps_the_rows() -> None:
    engine = Engine.duckdb()
    t = engine.table(pa.table({"x": list(range(10))}))
    kept = engine.materialize(t.filter(t.x > 6))
    assert sorted(engine.execute(kept).column("x").to_pylist()) == [7, 8, 9]


def test_table_refuses_what_it_cannot_register() -> None:
    with pytest.raises(TypeError, match="cannot make a table"):
        Engine.duckdb().table([1, 2, 3])


def test_from_backend_wraps_any_ibis_backend() -> None:
    engine = Engine.from_backend(ibis.duckdb.connect())
    assert engine.scalar(ibis.literal(2) + 3) == 5
