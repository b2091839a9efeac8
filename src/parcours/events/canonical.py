"""From a raw source relation to the canonical event table, entirely inside DuckDB.

Readers hand over a :class:`RawSource`: a SQL query yielding the source's columns plus a
1-based ``__row`` number. :func:`build_log` checks the mapping against those columns,
parses every mapped column in SQL (no row ever goes through Python), sets aside the rows
that cannot be used, and materialises the canonical table once.

Time zones: a timestamp with an offset (``+02:00``, ``Z``) is converted to UTC; one
without is taken in the mapping's ``timezone`` (UTC when None). Stored timestamps are
naive UTC. Without a ``timezone``, a text column mixing offsets is an error.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import ibis
import ibis.expr.datatypes as dt

from parcours.engine import Engine
from parcours.events import schema
from parcours.events.errors import EventLogError, Translated
from parcours.events.log import EventLog
from parcours.events.mapping import ColumnMapping, guess_mapping, normalise
from parcours.events.rejected import MAX_SAMPLES, REASONS, RejectedRows, RejectedSample

if TYPE_CHECKING:
    import ibis.expr.types as ir

ROW = "__row"
"""Name of the 1-based source row number every :class:`RawSource` provides."""

OFFSET_RE = r"\d:\d\d(:\d\d([.,]\d+)?)?\s*(Z|z|[+-]\d\d(:?\d\d)?)$"
"""A time of day followed by a UTC offset (``10:00:00+02:00``, ``10:00Z``)."""

EPOCH_RE = r"^-?\d{9,19}(\.\d+)?$"
"""A Unix time written as digits (9 to 19 of them: seconds to nanoseconds)."""

TEXT_FIELDS = (schema.CHANNEL, schema.SEGMENT, schema.RESOURCE)
NUMBER_FIELDS = (schema.SCORE, schema.AMOUNT)
REASON_FIELD = {
    "missing_case_id": schema.CASE_ID,
    "missing_activity": schema.ACTIVITY,
    "missing_timestamp": schema.TIMESTAMP,
    "bad_timestamp": schema.TIMESTAMP,
    "bad_score": schema.SCORE,
    "bad_amount": schema.AMOUNT,
}

_ids = itertools.count(1)


@dataclass(frozen=True)
class RawSource:
    """A source as DuckDB SQL: ``query`` yields ``__row`` plus the source columns."""

    query: str
    label: str
    """How messages name the source (file name, URL without password...)."""


# ----------------------------------------------------------------------------- SQL helpers
def quote(name: str) -> str:
    """A SQL identifier, quoted.

    >>> quote('case:concept:name')
    '"case:concept:name"'
    """
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A SQL string literal.

    >>> literal("l'agence")
    "'l''agence'"
    """
    return "'" + text.replace("'", "''") + "'"


def table_ref(table: ir.Table) -> str:
    """SQL naming a table the engine created (``temp.main."parcours_m1"``)."""
    return ".".join(quote(part) for part in table.get_name().split("."))


def view(engine: Engine, query: str) -> ir.Table:
    """A lazy Ibis table over ``query`` (a temporary DuckDB view, re-run on each use)."""
    require_duckdb(engine)
    name = f"parcours_v{next(_ids)}"
    engine.run(f"CREATE OR REPLACE TEMP VIEW {quote(name)} AS {query}")
    return engine.table_named(name)


def require_duckdb(engine: Engine) -> None:
    """Readers scan files with DuckDB SQL: refuse another backend with a clear message."""
    if engine.name != "duckdb":
        raise EventLogError("not_duckdb", name=engine.name)


def _text(column: str) -> str:
    return f"NULLIF(TRIM(CAST({quote(column)} AS VARCHAR)), '')"


def _localise(naive: str, zone: str | None) -> str:
    if zone is None:
        return naive
    return f"timezone('UTC', timezone({literal(zone)}, {naive}))"


@dataclass(frozen=True)
class _Timestamp:
    parsed: str
    aware: str
    offset_minutes: str


def _timestamp(column: str, dtype: dt.DataType, mapping: ColumnMapping) -> _Timestamp:
    """SQL for the parsed timestamp, whether it had an offset, and which offset."""
    zone = mapping.timezone
    col = quote(column)
    unknown = _Timestamp("", "CAST(NULL AS BOOLEAN)", "CAST(NULL AS INTEGER)")
    if dtype.is_timestamp():
        if getattr(dtype, "timezone", None):
            return _Timestamp(f"timezone('UTC', {col})", unknown.aware, unknown.offset_minutes)
        return _Timestamp(
            _localise(f"CAST({col} AS TIMESTAMP)", zone), unknown.aware, unknown.offset_minutes
        )
    if dtype.is_numeric():
        return _Timestamp(_epoch(f"CAST({col} AS DOUBLE)"), unknown.aware, unknown.offset_minutes)
    if dtype.is_date():
        return _Timestamp(
            _localise(f"CAST({col} AS TIMESTAMP)", zone), unknown.aware, unknown.offset_minutes
        )
    text = _text(column)
    if mapping.format:
        fmt = literal(mapping.format)
        if "%z" in mapping.format or "%Z" in mapping.format:
            parsed = f"timezone('UTC', try_strptime({text}, {fmt}))"
        else:
            parsed = _localise(f"try_strptime({text}, {fmt})", zone)
        return _Timestamp(parsed, unknown.aware, unknown.offset_minutes)
    aware = f"regexp_matches({text}, {literal(OFFSET_RE)})"
    as_tz = f"TRY_CAST({text} AS TIMESTAMPTZ)"
    as_naive = f"TRY_CAST({text} AS TIMESTAMP)"
    is_epoch = f"regexp_matches({text}, {literal(EPOCH_RE)})"
    parsed = (
        f"CASE WHEN {aware} THEN timezone('UTC', {as_tz}) "
        f"WHEN {is_epoch} THEN {_epoch(f'TRY_CAST({text} AS DOUBLE)')} "
        f"ELSE {_localise(as_naive, zone)} END"
    )
    offset = (
        f"CASE WHEN {aware} THEN CAST(round((epoch({as_naive}) - epoch({as_tz})) / 60) "
        f"AS INTEGER) END"
    )
    return _Timestamp(parsed, aware, offset)


def _epoch(number: str) -> str:
    """A Unix time in seconds, milliseconds, microseconds or nanoseconds (told by its size)."""
    x = number
    micros = (
        f"CASE WHEN abs({x}) < 1e11 THEN {x} * 1e6 WHEN abs({x}) < 1e14 THEN {x} * 1e3 "
        f"WHEN abs({x}) < 1e17 THEN {x} ELSE {x} / 1e3 END"
    )
    return f"make_timestamp(CAST(round({micros}) AS BIGINT))"


def _number(column: str, dtype: dt.DataType) -> str:
    if dtype.is_numeric() or dtype.is_boolean():
        return f"CAST({quote(column)} AS DOUBLE)"
    text = f"regexp_replace({_text(column)}, '[\\s\u00a0\u202f]', '', 'g')"
    decimal = f"CASE WHEN contains({text}, '.') THEN {text} ELSE replace({text}, ',', '.') END"
    return f"TRY_CAST({decimal} AS DOUBLE)"


def parse_query(raw: str, types: dict[str, dt.DataType], mapping: ColumnMapping) -> str:
    """The SQL turning the raw relation into parsed columns plus ``__reason``/``__bad``."""
    columns = mapping.columns()
    ts = _timestamp(mapping.timestamp, types[mapping.timestamp], mapping)
    select = [
        ROW,
        f"{_text(mapping.case_id)} AS __case_id",
        f"{_text(mapping.activity)} AS __activity",
        f"{_text(mapping.timestamp)} AS __timestamp_raw",
        f"CAST({ts.parsed} AS TIMESTAMP) AS __timestamp",
        f"{ts.aware} AS __aware",
        f"{ts.offset_minutes} AS __offset_minutes",
    ]
    for name in TEXT_FIELDS:
        source = columns.get(name)
        select.append(f"{_text(source) if source else 'CAST(NULL AS VARCHAR)'} AS __{name}")
    for name in NUMBER_FIELDS:
        source = columns.get(name)
        raw_text = _text(source) if source else "CAST(NULL AS VARCHAR)"
        value = _number(source, types[source]) if source else "CAST(NULL AS DOUBLE)"
        select += [f"{raw_text} AS __{name}_raw", f"{value} AS __{name}"]
    checks = {
        "missing_case_id": ("__case_id IS NULL", "NULL"),
        "missing_activity": ("__activity IS NULL", "NULL"),
        "missing_timestamp": ("__timestamp_raw IS NULL", "NULL"),
        "bad_timestamp": ("__timestamp IS NULL", "__timestamp_raw"),
        "bad_score": ("__score_raw IS NOT NULL AND __score IS NULL", "__score_raw"),
        "bad_amount": ("__amount_raw IS NOT NULL AND __amount IS NULL", "__amount_raw"),
    }
    reason = " ".join(f"WHEN {checks[r][0]} THEN {literal(r)}" for r in REASONS)
    bad = " ".join(f"WHEN {checks[r][0]} THEN {checks[r][1]}" for r in REASONS)
    return (
        f"SELECT *, CASE {reason} END AS __reason, CASE {bad} END AS __bad "
        f"FROM (SELECT {', '.join(select)} FROM ({raw}))"
    )


# ----------------------------------------------------------------------------- checks
def check_columns(label: str, found: list[str], mapping: ColumnMapping) -> None:
    """Every mapped column exists, or an error naming it, the columns found and the closest."""
    for name, column in mapping.columns().items():
        if column in found:
            continue
        by_normal = {normalise(c): c for c in found}
        close = difflib.get_close_matches(normalise(column), list(by_normal), n=1, cutoff=0.6)
        hint: Any = Translated("did_you_mean", name=by_normal[close[0]]) if close else ""
        raise EventLogError(
            "missing_column",
            file=label,
            column=column,
            field=name,
            found=", ".join(found),
            hint=hint,
        )


def _format_offset(minutes: int | None, lang: str) -> str:
    if minutes is None:
        return Translated("no_offset").describe(lang)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(int(minutes)), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


class _Offsets:
    """The offsets met in a column, rendered in the message's language."""

    def __init__(self, offsets: list[int | None]) -> None:
        self.offsets = offsets

    def describe(self, lang: str = "en") -> str:
        return ", ".join(_format_offset(o, lang) for o in self.offsets)


def check_offsets(engine: Engine, parsed: ir.Table, label: str, mapping: ColumnMapping) -> None:
    """Without a time zone, all timestamps must share one offset (or all have none)."""
    if mapping.timezone is not None:
        return
    valid = parsed.filter(parsed.__reason.isnull() & parsed.__aware.notnull())
    groups = (
        valid.group_by(offset=valid.__offset_minutes)
        .aggregate(first_row=valid[ROW].min())
        .order_by("first_row")
        .limit(3)
    )
    rows = engine.execute(groups).to_pylist()
    if len(rows) > 1:
        raise EventLogError(
            "mixed_offsets",
            file=label,
            column=mapping.timestamp,
            offsets=_Offsets([r["offset"] for r in rows]),
            row_a=rows[0]["first_row"],
            row_b=rows[1]["first_row"],
        )


def rejected_report(engine: Engine, parsed: ir.Table, mapping: ColumnMapping) -> RejectedRows:
    """Counts per reason and the first :data:`MAX_SAMPLES` rows of each."""
    bad = parsed.filter(parsed.__reason.notnull())
    counts = {
        r["__reason"]: int(r["n"])
        for r in engine.execute(bad.group_by("__reason").aggregate(n=bad.count())).to_pylist()
    }
    if not counts:
        return RejectedRows()
    rank = ibis.row_number().over(group_by=bad.__reason, order_by=bad[ROW])
    first = bad.select(ROW, "__reason", "__bad", rank=rank)
    first = first.filter(first["rank"] < MAX_SAMPLES).order_by(["__reason", ROW])
    columns = mapping.columns()
    samples = [
        RejectedSample(
            row=int(r[ROW]),
            reason=r["__reason"],
            column=columns[REASON_FIELD[r["__reason"]]],
            value=r["__bad"],
        )
        for r in engine.execute(first).to_pylist()
    ]
    return RejectedRows(counts=counts, samples=samples)


def write_rejected(engine: Engine, raw: str, parsed: ir.Table, path: Path) -> None:
    """Write the source rows set aside, with ``row`` and ``reason`` columns, as CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    reasons = parsed.filter(parsed.__reason.notnull()).select(ROW, "__reason")
    reasons_table = engine.materialize(reasons)
    query = (
        f"SELECT src.{ROW} AS row, src.* EXCLUDE ({ROW}), r.__reason AS reason "
        f"FROM ({raw}) AS src JOIN {table_ref(reasons_table)} AS r USING ({ROW}) "
        f"ORDER BY src.{ROW}"
    )
    engine.run(f"COPY ({query}) TO {literal(str(path))} (HEADER, DELIMITER ',')")
    engine.run(f"DROP TABLE IF EXISTS {table_ref(reasons_table)}")


# ----------------------------------------------------------------------------- the build
def canonical(parsed: ir.Table) -> ir.Table:
    """The accepted rows of a parsed table, as the canonical columns and types."""
    ok = parsed.filter(parsed.__reason.isnull())
    return ok.select(
        **{
            schema.CASE_ID: ok.__case_id,
            schema.TIMESTAMP: ok.__timestamp.cast(dt.Timestamp(scale=6)),
            schema.ACTIVITY: ok.__activity,
            schema.CHANNEL: ok.__channel,
            schema.SEGMENT: ok.__segment,
            schema.SCORE: ok.__score.cast("float64"),
            schema.AMOUNT: ok.__amount.cast("float64"),
            schema.RESOURCE: ok.__resource,
            schema.ROW: ok[ROW].cast("int64"),
        }
    )


def build_log(
    engine: Engine,
    raw: RawSource,
    mapping: ColumnMapping | None,
    *,
    rejected_path: str | Path | None = None,
    timezone: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> EventLog:
    """Check, parse and materialise ``raw`` into an :class:`EventLog`.

    Without ``mapping``, the columns are guessed (:func:`guess_mapping`), with ``timezone``.
    An error of the engine while scanning the source (unreadable file...) becomes an
    :class:`EventLogError` naming the source (the engine's error is its ``__cause__``).
    """
    try:
        return _build_log(engine, raw, mapping, rejected_path, timezone, overrides)
    except duckdb.Error as exc:
        raise EventLogError("cannot_read", file=raw.label, reason=engine_reason(exc)) from exc


def engine_reason(exc: BaseException) -> str:
    """DuckDB's explanation in short: its first line and the first detail line, if any.

    >>> engine_reason(ValueError("CSV Error on Line: 2\\nOriginal Line: a;b\\nBad unicode"))
    'CSV Error on Line: 2 Bad unicode'
    """
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    details = [line for line in lines[1:] if not line.startswith(("Original Line", "Possible"))]
    if not lines:
        return type(exc).__name__
    return lines[0] + (f" {details[0]}" if details and "=" not in details[0] else "")


def _build_log(
    engine: Engine,
    raw: RawSource,
    mapping: ColumnMapping | None,
    rejected_path: str | Path | None,
    timezone: str | None,
    overrides: Mapping[str, str] | None = None,
) -> EventLog:
    source = view(engine, raw.query)
    try:
        types = {name: dtype for name, dtype in source.schema().items() if name != ROW}
    finally:
        _drop(engine, source, "VIEW")
    found = list(types)
    guessed = mapping is None
    if mapping is None:
        mapping = guess_mapping(found).mapping(source=raw.label, timezone=timezone)
    if overrides:
        mapping = ColumnMapping.model_validate(mapping.model_dump() | dict(overrides))
    check_columns(raw.label, found, mapping)
    parse = view(engine, parse_query(raw.query, types, mapping))
    try:
        parsed = engine.materialize(parse)
    finally:
        _drop(engine, parse, "VIEW")
    try:
        n_rows = int(engine.scalar(parsed.count()))
        if n_rows == 0:
            raise EventLogError("empty", file=raw.label)
        rejected = rejected_report(engine, parsed, mapping)
        if rejected.total == n_rows:
            hint: Any = (
                Translated("format_hint")
                if "bad_timestamp" in rejected.counts and not mapping.format
                else ""
            )
            raise EventLogError("all_rejected", file=raw.label, report=rejected, hint=hint)
        check_offsets(engine, parsed, raw.label, mapping)
        if rejected and rejected_path is not None:
            path = Path(rejected_path)
            write_rejected(engine, raw.query, parsed, path)
            rejected = RejectedRows(counts=rejected.counts, samples=rejected.samples, path=path)
        table = engine.materialize(canonical(parsed))
    finally:
        _drop(engine, parsed, "TABLE")
    log = _summarise(engine, table, raw.label, mapping, rejected)
    log.mapping_guessed = guessed
    return log


def _drop(engine: Engine, table: ir.Table, kind: str) -> None:
    engine.run(f"DROP {kind} IF EXISTS {table_ref(table)}")


def _summarise(
    engine: Engine, table: ir.Table, label: str, mapping: ColumnMapping, rejected: RejectedRows
) -> EventLog:
    stats = engine.execute(
        table.aggregate(
            n_events=table.count(),
            n_cases=table[schema.CASE_ID].nunique(),
            start=table[schema.TIMESTAMP].min(),
            end=table[schema.TIMESTAMP].max(),
        )
    ).to_pylist()[0]
    return EventLog(
        engine=engine,
        table=table,
        source=label,
        mapping=mapping,
        rejected=rejected,
        n_events=int(stats["n_events"]),
        n_cases=int(stats["n_cases"]),
        start=stats["start"],
        end=stats["end"],
    )
