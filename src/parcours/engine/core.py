"""The :class:`Engine`: a thin wrapper around one Ibis backend that executes expressions."""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from parcours.errors import ParcoursError

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pandas as pd

_names = itertools.count(1)
VIEW_BATCH_ROWS = 122_880
"""Rows per Arrow batch of :meth:`Engine.view` (DuckDB scans batches in parallel)."""


class EngineError(ParcoursError):
    """The engine could not run a query (bad SQL source, unreachable database...)."""


MEMORY_SHARE = 0.5
"""Share of the machine's memory DuckDB may use by default (DuckDB's own default: 80 %)."""

MEMORY_CAP_BYTES = 16 * 1024**3
"""The default memory limit never exceeds 16 GB, however large the machine."""


def total_memory_bytes() -> int | None:
    """The memory this process may use: the machine's RAM, or a smaller cgroup limit.

    None when it cannot be told (then DuckDB's own default applies).
    """
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None
    for limit_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(limit_file).read_text(encoding="ascii").strip()
        except OSError:
            continue
        if text.isdigit() and 0 < int(text) < total:
            total = int(text)
    return total if total > 0 else None


def default_memory_limit(total_bytes: int | None = None) -> str | None:
    """DuckDB's memory limit when none is given: half the memory, at most 16 GB.

    DuckDB alone would take 80 % of RAM, which freezes a laptop on a large CSV; past
    the limit DuckDB spills to disk instead.

    >>> default_memory_limit(8 * 1024**3), default_memory_limit(256 * 1024**3)
    ('4096MB', '16384MB')
    """
    total = total_bytes if total_bytes is not None else total_memory_bytes()
    if not total:
        return None
    limit = min(int(total * MEMORY_SHARE), MEMORY_CAP_BYTES)
    return f"{max(limit // 1024**2, 256)}MB"


class Engine:
    """Executes Ibis expressions on one backend (DuckDB by default).

    Every query parcours runs goes through :meth:`execute`, :meth:`scalar` or
    :meth:`to_pandas`, so that swapping the backend (DuckDB, PySpark, ...) changes
    nothing else.
    """

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    # ----------------------------------------------------------------- creation
    @classmethod
    def duckdb(
        cls,
        database: str | Path = ":memory:",
        *,
        memory_limit: str | None = None,
        threads: int | None = None,
        temp_directory: str | Path | None = None,
        max_temp_directory_size: str = "50GB",
    ) -> Engine:
        """An embedded DuckDB engine that spills to ``temp_directory`` when memory runs out.

        ``memory_limit`` defaults to ``PARCOURS_MEMORY_LIMIT`` if set, else to
        :func:`default_memory_limit` (half the memory, at most 16 GB); the spill folder is
        capped at ``max_temp_directory_size``. DuckDB never installs or loads an
        extension on its own (no network access): the ones parcours needs (Parquet,
        JSON, ICU time zones) are built into the ``duckdb`` package.
        """
        config: dict[str, Any] = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
        limit = memory_limit or os.environ.get("PARCOURS_MEMORY_LIMIT") or default_memory_limit()
        if limit:
            config["memory_limit"] = limit
        if threads:
            config["threads"] = threads
        spill = Path(temp_directory or Path(tempfile.gettempdir()) / "parcours-spill")
        config["temp_directory"] = str(spill)
        config["max_temp_directory_size"] = max_temp_directory_size
        try:
            backend = ibis.duckdb.connect(database, **config)
        except Exception as exc:  # duckdb.InvalidInputException, IOException...
            raise EngineError(
                f"DuckDB cannot start with memory_limit={limit!r} "
                f"(PARCOURS_MEMORY_LIMIT, e.g. 8GB) and database {str(database)!r}: {exc}"
            ) from exc
        backend.raw_sql("SET TimeZone = 'UTC'")
        backend.raw_sql("SET enable_progress_bar = false")
        return cls(backend)

    @classmethod
    def spark(
        cls,
        master: str | None = None,
        *,
        app_name: str = "parcours",
        config: dict[str, str] | None = None,
    ) -> Engine:
        """An engine on Apache Spark through PySpark (``pip install 'parcours[spark]'``).

        ``master`` is a Spark master URL (``local[2]``, ``spark://host:7077``, ``yarn``...);
        None keeps the one of the environment (``spark-submit``, ``SPARK_MASTER``...) or
        runs locally. ``config`` adds Spark settings. The session runs in UTC.
        """
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise EngineError(
                "PySpark is not installed: pip install 'parcours[spark]' (needs Java 17+)."
            ) from exc
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = SparkSession.builder.appName(app_name)
        if master:
            builder = builder.master(master)
        settings = {
            "spark.sql.session.timeZone": "UTC",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.warehouse.dir": tempfile.mkdtemp(prefix="parcours-spark-"),
        }
        if master and master.startswith("local"):
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            settings |= {"spark.ui.enabled": "false", "spark.driver.bindAddress": "127.0.0.1"}
        for key, value in (settings | (config or {})).items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
        return cls(ibis.pyspark.connect(session))

    @classmethod
    def from_backend(cls, backend: Any) -> Engine:
        """Wrap an already connected Ibis backend, e.g. ``ibis.pyspark.connect(session)``."""
        return cls(backend)

    @property
    def name(self) -> str:
        """The backend's name (``duckdb``, ``pyspark``...)."""
        return str(self.backend.name)

    # -------------------------------------------------------------------- tables
    def table(self, data: Any, *, name: str | None = None) -> ir.Table:
        """Register in-memory data (pyarrow, pandas or polars) as a backend table."""
        table_name = name or f"parcours_t{next(_names)}"
        if isinstance(data, pa.Table) or hasattr(data, "to_arrow") or hasattr(data, "iloc"):
            return self.backend.create_table(table_name, data, temp=self._temp_ok, overwrite=True)
        raise TypeError(f"cannot make a table from {type(data).__name__}")

    def view(self, data: pa.Table) -> ir.Table:
        """A table over in-memory Arrow data without copying it into the backend where it
        can (DuckDB scans the Arrow buffers; other backends: :meth:`table`). The data must
        not change while the table is used.

        >>> engine = Engine.duckdb()
        >>> engine.scalar(engine.view(pa.table({"x": [1, 2]})).x.sum())
        3
        """
        if self.name != "duckdb":
            return self.table(data)
        table_name = f"parcours_v{next(_names)}"
        batches = data.to_batches(max_chunksize=VIEW_BATCH_ROWS)
        self.backend.con.register(table_name, pa.Table.from_batches(batches, data.schema))
        return self.backend.table(table_name)

    def materialize(self, expr: ir.Table, *, name: str | None = None) -> ir.Table:
        """Compute ``expr`` once and keep the result as a table (avoids re-evaluation)."""
        table_name = name or f"parcours_m{next(_names)}"
        return self.backend.create_table(table_name, expr, temp=self._temp_ok, overwrite=True)

    @contextmanager
    def unordered(self) -> Iterator[None]:
        """Inside, DuckDB may return and store the rows of a query without ``ORDER BY`` in
        any order (``preserve_insertion_order = false``: faster, less memory); the
        setting is restored on exit. Other backends: no effect.

        >>> engine = Engine.duckdb()
        >>> with engine.unordered():
        ...     engine.scalar(engine.sql("SELECT 1 AS x").x.sum())
        1
        """
        if self.name != "duckdb":
            yield
            return
        setting = "SELECT current_setting('preserve_insertion_order')"
        previous = bool(self.backend.raw_sql(setting).fetchone()[0])
        self.backend.raw_sql("SET preserve_insertion_order = false")
        try:
            yield
        finally:
            self.backend.raw_sql(f"SET preserve_insertion_order = {str(previous).lower()}")

    @property
    def _temp_ok(self) -> bool:
        return self.name == "duckdb"

    # ----------------------------------------------------------------- execution
    def execute(self, expr: ir.Expr) -> pa.Table:
        """Run a table expression and return the result as Arrow."""
        result = self.backend.to_pyarrow(expr)
        if isinstance(result, pa.ChunkedArray | pa.Array):
            return pa.table({"value": result})
        return result

    def to_pandas(self, expr: ir.Expr) -> pd.DataFrame:
        """Run a table expression and return a pandas DataFrame."""
        return self.execute(expr).to_pandas()

    def scalar(self, expr: ir.Scalar) -> Any:
        """Run a scalar expression and return a Python value."""
        value = self.backend.execute(expr)
        return value.item() if hasattr(value, "item") else value

    def sql(self, query: str) -> ir.Table:
        """A lazy table from SQL in the backend's dialect (readers use it for file scans)."""
        return self.backend.sql(query)

    def table_named(self, name: str) -> ir.Table:
        """A lazy table over an existing table or view of the backend."""
        return self.backend.table(name)

    def run(self, statement: str) -> None:
        """Execute a statement that returns nothing (DDL, COPY); DuckDB only."""
        self.backend.raw_sql(statement)
