"""The data engine: the ONE place where parcours executes queries.

Readers (:mod:`parcours.events`) and analytics (:mod:`parcours.analytics`) build lazy
Ibis expressions; only :class:`Engine` runs them. The default engine is an embedded,
out-of-core DuckDB (no server, spills to disk under a capped temporary folder); the same
expressions run on any other Ibis backend, e.g. PySpark on a cluster
(:meth:`Engine.from_backend`).

>>> import pyarrow as pa
>>> engine = Engine.duckdb()
>>> t = engine.table(pa.table({"x": [1, 2, 3]}))
>>> engine.scalar(t.x.sum())
6
"""

from parcours.engine.core import Engine, EngineError

__all__ = ["Engine", "EngineError"]
