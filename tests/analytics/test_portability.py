"""Every query of an analysis compiles for PySpark too (no DuckDB-only function).

The analysis runs on DuckDB through an engine that also compiles each expression it is
given to Spark SQL; a DuckDB-only construct would make the compilation fail.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pytest
from hand_logs import rows_of
from test_funnel import EVENTS, STEPS

from parcours.analytics import AnalysisOptions, EventuallyFollows, analyze
from parcours.analytics.testing import matched_table
from parcours.engine import Engine

pyspark_backend = pytest.importorskip("ibis.backends.pyspark")


class SparkCompilingEngine(Engine):
    """A DuckDB engine that first compiles every expression to Spark SQL."""

    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        self.compiled: list[str] = []

    def _compile(self, expr: ir.Expr) -> None:
        self.compiled.append(ibis.to_sql(expr, dialect="pyspark"))

    def execute(self, expr: ir.Expr) -> pa.Table:
        self._compile(expr)
        return super().execute(expr)

    def scalar(self, expr: ir.Scalar) -> Any:
        self._compile(expr)
        return super().scalar(expr)

    def materialize(self, expr: ir.Table, *, name: str | None = None) -> ir.Table:
        self._compile(expr)
        return super().materialize(expr, name=name)


def test_every_query_compiles_for_pyspark(monkeypatch: pytest.MonkeyPatch) -> None:
    if getattr(ibis.options, "pyspark", None) is None:
        monkeypatch.setattr(ibis.options, "pyspark", pyspark_backend.Backend.Options())
    engine = SparkCompilingEngine(Engine.duckdb().backend)
    table = matched_table(engine, rows_of(EVENTS, STEPS))
    options = AnalysisOptions(
        eventually_follows=EventuallyFollows.ALL_PAIRS, timezone="Europe/Paris"
    )
    result = analyze(engine, table, STEPS, options)
    assert result.funnel.entered == 7
    assert len(engine.compiled) > 20
    assert all("SELECT" in sql for sql in engine.compiled)
    assert not any("LIST_" in sql or "QUANTILE_CONT" in sql for sql in engine.compiled)
