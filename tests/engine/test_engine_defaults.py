"""Engine defaults that keep a laptop usable and offline (issue 8)."""

from __future__ import annotations

import duckdb
import pytest

from parcours.engine import Engine
from parcours.engine.core import MEMORY_CAP_BYTES, default_memory_limit, total_memory_bytes


def _setting(engine: Engine, name: str) -> str:
    row = engine.execute(engine.sql(f"SELECT current_setting('{name}') AS v")).to_pylist()[0]
    return str(row["v"])


def _as_duckdb_reports(limit: str) -> str:
    with duckdb.connect(config={"memory_limit": limit}) as con:
        return str(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])  # type: ignore[index]


def test_default_memory_limit_is_half_the_memory_capped() -> None:
    assert default_memory_limit(8 * 1024**3) == "4096MB"
    assert default_memory_limit(64 * 1024**3) == f"{MEMORY_CAP_BYTES // 1024**2}MB"
    assert default_memory_limit(256 * 1024**2) == "256MB"  # never below 256 MB


def test_engine_applies_the_default_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARCOURS_MEMORY_LIMIT", raising=False)
    if total_memory_bytes() is None:
        pytest.skip("the memory of this machine cannot be read")
    expected = default_memory_limit()
    assert expected is not None
    engine = Engine.duckdb()
    assert _setting(engine, "memory_limit") == _as_duckdb_reports(expected)
    with duckdb.connect() as plain:  # DuckDB alone would take 80 % of RAM
        duckdb_default = str(plain.execute("SELECT current_setting('memory_limit')").fetchone()[0])  # type: ignore[index]
    assert _setting(engine, "memory_limit") != duckdb_default


def test_environment_variable_overrides_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARCOURS_MEMORY_LIMIT", "300MB")
    assert _setting(Engine.duckdb(), "memory_limit") == _as_duckdb_reports("300MB")


def test_bad_memory_limit_is_a_clear_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from parcours.engine import EngineError

    monkeypatch.setenv("PARCOURS_MEMORY_LIMIT", "lots")
    with pytest.raises(EngineError, match="PARCOURS_MEMORY_LIMIT"):
        Engine.duckdb()


def test_duckdb_never_installs_or_loads_extensions_by_itself() -> None:
    engine = Engine.duckdb()
    assert _setting(engine, "autoinstall_known_extensions").lower() == "false"
    assert _setting(engine, "autoload_known_extensions").lower() == "false"


def test_builtin_extensions_parcours_needs_still_work(tmp_path: object) -> None:
    engine = Engine.duckdb()
    row = engine.execute(
        engine.sql(
            "SELECT timezone('Europe/Paris', TIMESTAMPTZ '2024-07-01 12:00:00+00') AS paris, "
            "json_extract('{\"a\": 1}', '$.a')::INT AS a"
        )
    ).to_pylist()[0]
    assert str(row["paris"]) == "2024-07-01 14:00:00" and row["a"] == 1
