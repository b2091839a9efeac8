"""From a raw source relation to the canonical event table, entirely inside DuckDB.

Readers hand over a :class:`RawSource`: a SQL query yielding the source's columns plus a
1-based ``__row`` number. :func:`build_log` checks the mapping against those columns,
parses every mapped column in SQL (no row ever goes through Python), sets aside the rows
that cannot be used, and materialises the canonical table once.

Time zones: a timestamp with an offset (``+02:00``, ``Z``) is converted to UTC; one
without is taken in the mapping's ``timezone`` (UTC when None). Stored timestamps are
naive UTC. Offsets may differ from row to row (summer and winter time); without a
``timezone``, only a text column mixing times with and without an offset is an error.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import ibis
import ibis.expr.datatypes as dt

from parcours.engine import Engine
from parcours.events import schema
from parcours.events.content import ColumnProfile, Variation, guess_from_content
from parcours.events.errors import EventLogError, Translated
from parcours.events.log import EventLog
from parcours.events.mapping import ColumnMapping, GuessedMapping, guess_mapping, normalise
from parcours.events.notes import ReadNote
from parcours.events.rejected import MAX_SAMPLES, REASONS, RejectedRows, RejectedSample

if TYPE_CHECKING:
    import ibis.expr.types as ir

ROW = "__row"
"""Name of the 1-based source row number every :class:`RawSource` provides."""

OFFSET_RE = r"\d:\d\d(:\d\d([.,]\d+)?)?\s*(Z|z|[+-]\d\d(:?\d\d)?)$"
"""A time of day followed by a UTC offset (``10:00:00+02:00``, ``10:00Z``)."""

EPOCH_RE = r"^-?\d{9,19}(\.\d+)?$"
"""A Unix time written as digits (9 to 19 of them: seconds to nanoseconds)."""

COMPACT_RE = r"^(19|20)\d{6}(\d{4}(\d{2})?)?$"
"""A compact local date: ``YYYYMMDD``, ``YYYYMMDDHHMM`` or ``YYYYMMDDHHMMSS`` (years 1900-2099).

It wins over :data:`EPOCH_RE`: ``20260101103000`` is 1 January 2026 at 10:30, not a Unix
time in 2612; such digits that are no valid date (``20260230103000``) are rejected."""

WHOLE_RE = r"^-?\d+$"
"""A whole number written with digits only (ids such as ``10234``)."""

FIRST_TIMESTAMP = "0001-01-01"
END_TIMESTAMP = "9999-01-01"
"""Timestamps outside ``[FIRST_TIMESTAMP, END_TIMESTAMP)`` are rejected (``bad_timestamp``):
Python's dates stop at year 1 and 9999, and a year-9999 time overflows any delay added to it."""

PLAUSIBLE_FROM = datetime(1970, 1, 1)
PLAUSIBLE_AHEAD = timedelta(days=365)
"""Times before :data:`PLAUSIBLE_FROM` or more than :data:`PLAUSIBLE_AHEAD` after today are
kept, but a :class:`~parcours.events.notes.ReadNote` asks to check how dates are written."""

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
    aware: str = "CAST(NULL AS BOOLEAN)"
    """True for a text with an offset, False for one without, NULL when not told."""


def _timestamp(column: str, dtype: dt.DataType, mapping: ColumnMapping) -> _Timestamp:
    """SQL for the parsed timestamp and whether its text carried a UTC offset."""
    zone = mapping.timezone
    col = quote(column)
    if dtype.is_timestamp():
        if getattr(dtype, "timezone", None):
            return _Timestamp(f"timezone('UTC', {col})")
        return _Timestamp(_localise(f"CAST({col} AS TIMESTAMP)", zone))
    if dtype.is_integer():
        digits = f"CAST({col} AS VARCHAR)"
        return _Timestamp(
            f"CASE WHEN regexp_matches({digits}, {literal(COMPACT_RE)}) "
            f"THEN {_compact(digits, zone)} "
            f"ELSE {_epoch(f'CAST({col} AS DOUBLE)')} END"
        )
    if dtype.is_numeric():
        return _Timestamp(_epoch(f"CAST({col} AS DOUBLE)"))
    if dtype.is_date():
        return _Timestamp(_localise(f"CAST({col} AS TIMESTAMP)", zone))
    text = _text(column)
    if mapping.format:
        fmt = literal(mapping.format)
        if "%z" in mapping.format or "%Z" in mapping.format:
            return _Timestamp(f"timezone('UTC', try_strptime({text}, {fmt}))")
        return _Timestamp(_localise(f"try_strptime({text}, {fmt})", zone))
    aware = f"regexp_matches({text}, {literal(OFFSET_RE)})"
    is_compact = f"regexp_matches({text}, {literal(COMPACT_RE)})"
    is_epoch = f"regexp_matches({text}, {literal(EPOCH_RE)})"
    epoch = _epoch(f"TRY_CAST({text} AS DOUBLE)")
    parsed = (
        f"CASE WHEN {aware} THEN timezone('UTC', TRY_CAST({text} AS TIMESTAMPTZ)) "
        f"WHEN {is_compact} THEN {_compact(text, zone)} "
        f"WHEN {is_epoch} THEN {epoch} "
        f"ELSE {_localise(f'TRY_CAST({text} AS TIMESTAMP)', zone)} END"
    )
    # epochs are instants: neither "with" nor "without" an offset
    aware_or_not = f"CASE WHEN {aware} THEN true WHEN {is_epoch} THEN NULL ELSE false END"
    return _Timestamp(parsed, aware_or_not)


def _compact(text: str, zone: str | None) -> str:
    """A compact date (``20260101``, ``202601011030``, ``20260101103000``), by its length."""
    formats = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}
    cases = " ".join(
        f"WHEN {size} THEN try_strptime({text}, {literal(fmt)})" for size, fmt in formats.items()
    )
    return _localise(f"CASE length({text}) {cases} END", zone)


def _epoch(number: str) -> str:
    """A Unix time in seconds, milliseconds, microseconds or nanoseconds (told by its size)."""
    x = number
    micros = (
        f"CASE WHEN abs({x}) < 1e11 THEN {x} * 1e6 WHEN abs({x}) < 1e14 THEN {x} * 1e3 "
        f"WHEN abs({x}) < 1e17 THEN {x} ELSE {x} / 1e3 END"
    )
    return f"try(make_timestamp(TRY_CAST(round({micros}) AS BIGINT)))"


def _number(column: str, dtype: dt.DataType) -> str:
    """A number, possibly ``inf``, ``-inf`` or ``nan`` (:func:`parse_query` rejects those)."""
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
        f"CAST({ts.parsed} AS TIMESTAMP) AS __timestamp_any",
        f"{ts.aware} AS __aware",
    ]
    for name in TEXT_FIELDS:
        source = columns.get(name)
        select.append(f"{_text(source) if source else 'CAST(NULL AS VARCHAR)'} AS __{name}")
    for name in NUMBER_FIELDS:
        source = columns.get(name)
        raw_text = _text(source) if source else "CAST(NULL AS VARCHAR)"
        value = _number(source, types[source]) if source else "CAST(NULL AS DOUBLE)"
        select += [f"{raw_text} AS __{name}_raw", f"{value} AS __{name}_any"]
    # out-of-range times and infinite or NaN numbers become NULL, hence rejected rows
    first, end = literal(FIRST_TIMESTAMP), literal(END_TIMESTAMP)
    usable = [
        f"CASE WHEN __timestamp_any >= TIMESTAMP {first} AND __timestamp_any < TIMESTAMP {end} "
        "THEN __timestamp_any END AS __timestamp",
        *(f"CASE WHEN isfinite(__{n}_any) THEN __{n}_any END AS __{n}" for n in NUMBER_FIELDS),
    ]
    anys = ", ".join(f"__{n}_any" for n in (schema.TIMESTAMP, *NUMBER_FIELDS))
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
        f"FROM (SELECT * EXCLUDE ({anys}), {', '.join(usable)} "
        f"FROM (SELECT {', '.join(select)} FROM ({raw})))"
    )


# ----------------------------------------------------------------------------- content
PROFILE_ROWS = 5_000
"""Rows (the first of the source) whose values are profiled to recognise columns."""


def guess_by_content(
    engine: Engine, raw: RawSource, types: dict[str, dt.DataType], guessed: GuessedMapping
) -> GuessedMapping:
    """Complete a guess from names with the content of the first :data:`PROFILE_ROWS` rows."""
    name = f"parcours_s{next(_ids)}"
    engine.run(
        f"CREATE OR REPLACE TEMP TABLE {quote(name)} AS "
        f"SELECT * FROM ({raw.query}) LIMIT {PROFILE_ROWS}"
    )
    try:
        profiles = _profiles(engine, quote(name), types)

        def changes(case: str, columns: list[str]) -> dict[str, Variation]:
            return _changes(engine, quote(name), case, columns)

        return guess_from_content(guessed, profiles, changes, raw.label)
    finally:
        engine.run(f"DROP TABLE IF EXISTS {quote(name)}")


def _profiles(engine: Engine, sample: str, types: dict[str, dt.DataType]) -> list[ColumnProfile]:
    values = ", ".join(f"{_text(column)} AS v{i}" for i, column in enumerate(types))
    parts = ["count(*) AS n"]
    for i, dtype in enumerate(types.values()):
        v = f"v{i}"
        if dtype.is_timestamp() or dtype.is_date():
            date, number, whole = "true", "false", "false"
        elif dtype.is_numeric():
            date, number = "false", "true"
            whole = "true" if dtype.is_integer() else "false"
        else:
            compact = f"regexp_matches({v}, {literal(COMPACT_RE)})"
            date = (
                f"TRY_CAST({v} AS TIMESTAMP) IS NOT NULL "
                f"OR TRY_CAST({v} AS TIMESTAMPTZ) IS NOT NULL "
                f"OR ({compact} AND {_compact(v, None)} IS NOT NULL)"
            )
            number = f"TRY_CAST({v} AS DOUBLE) IS NOT NULL"
            whole = f"regexp_matches({v}, {literal(WHOLE_RE)})"
        parts += [
            f"count({v}) AS f{i}",
            f"count(DISTINCT {v}) AS d{i}",
            f"count({v}) FILTER (WHERE {date}) AS t{i}",
            f"count({v}) FILTER (WHERE {number}) AS u{i}",
            f"coalesce(bool_and({whole}) FILTER (WHERE {v} IS NOT NULL), false) AS w{i}",
        ]
    row = _one_row(engine, f"SELECT {', '.join(parts)} FROM (SELECT {values} FROM {sample})")
    return [
        ColumnProfile(
            name=column,
            rows=int(row["n"]),
            filled=int(row[f"f{i}"]),
            distinct=int(row[f"d{i}"]),
            dates=int(row[f"t{i}"]),
            numbers=int(row[f"u{i}"]),
            whole=bool(row[f"w{i}"]),
        )
        for i, column in enumerate(types)
    ]


def _one_row(engine: Engine, query: str) -> dict[str, Any]:
    """The single row of ``query``, run as written (not parsed again on the Python side)."""
    result = view(engine, query)
    try:
        return dict(engine.execute(result).to_pylist()[0])
    finally:
        _drop(engine, result, "VIEW")


def _changes(engine: Engine, sample: str, case: str, columns: list[str]) -> dict[str, Variation]:
    """How each column varies within the cases (of two rows or more) of ``case``."""
    if not columns:
        return {}
    key = _text(case)
    inner = ", ".join(f"count(DISTINCT {_text(c)}) AS c{i}" for i, c in enumerate(columns))
    outer = ", ".join(
        f"count(*) FILTER (WHERE c{i} > 1) AS k{i}, avg(c{i} / rows_of_case) AS s{i}"
        for i in range(len(columns))
    )
    query = (
        f"SELECT count(*) AS n, {outer} FROM (SELECT count(*) AS rows_of_case, {inner} "
        f"FROM {sample} WHERE {key} IS NOT NULL GROUP BY {key}) WHERE rows_of_case > 1"
    )
    row = _one_row(engine, query)
    cases = int(row["n"])
    return {
        c: Variation(
            changed=int(row[f"k{i}"]) / cases if cases else 0.0,
            spread=float(row[f"s{i}"] or 0.0),
        )
        for i, c in enumerate(columns)
    }


def _content_note(label: str, guessed: GuessedMapping) -> ReadNote:
    return ReadNote(
        "by_content",
        {
            "file": label,
            "fields": ", ".join(guessed.by_content),
            "columns": ", ".join(f"{f} ← {guessed.columns[f]}" for f in guessed.by_content),
        },
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


def check_offsets(engine: Engine, parsed: ir.Table, label: str, mapping: ColumnMapping) -> None:
    """Without a time zone, a text column must not mix times with and without a UTC offset.

    Times that each carry their offset are instants, whatever the offsets (``+01:00`` in
    winter, ``+02:00`` in summer); times without one are read in UTC. Only a mix of both is
    refused: the times without an offset were then probably written in a local zone.
    """
    if mapping.timezone is not None:
        return
    valid = parsed.filter(parsed.__reason.isnull() & parsed.__aware.notnull())
    first = valid.group_by(aware=valid.__aware).aggregate(row=valid[ROW].min())
    rows = {r["aware"]: r["row"] for r in engine.execute(first).to_pylist()}
    if len(rows) < 2:
        return
    values = parsed.filter(parsed[ROW].isin(list(rows.values()))).select(ROW, "__timestamp_raw")
    raw = {r[ROW]: r["__timestamp_raw"] for r in engine.execute(values).to_pylist()}
    raise EventLogError(
        "mixed_offsets",
        file=label,
        column=mapping.timestamp,
        row_with=rows[True],
        value_with=raw[rows[True]],
        row_without=rows[False],
        value_without=raw[rows[False]],
    )


def date_notes(
    engine: Engine,
    parsed: ir.Table,
    label: str,
    mapping: ColumnMapping,
    now: datetime | None = None,
) -> list[ReadNote]:
    """Notes on accepted times before 1970 or more than a year after ``now`` (default: today)."""
    limit = (now or datetime.now(UTC).replace(tzinfo=None)) + PLAUSIBLE_AHEAD
    ok = parsed.filter(parsed.__reason.isnull())
    ts = ok.__timestamp
    checks = {
        "dates_early": ts < ibis.timestamp(PLAUSIBLE_FROM),
        "dates_late": ts > ibis.timestamp(limit),
    }
    stats = engine.execute(
        ok.aggregate(
            **{f"{key}_n": ok.count(where=test) for key, test in checks.items()},
            **{f"{key}_row": ok[ROW].min(where=test) for key, test in checks.items()},
        )
    ).to_pylist()[0]
    rows = [int(stats[f"{key}_row"]) for key in checks if stats[f"{key}_n"]]
    if not rows:
        return []
    samples = ok.filter(ok[ROW].isin(rows)).select(ROW, "__timestamp_raw")
    values = {r[ROW]: r["__timestamp_raw"] for r in engine.execute(samples).to_pylist()}
    return [
        ReadNote(
            key,
            {
                "file": label,
                "column": mapping.timestamp,
                "count": int(stats[f"{key}_n"]),
                "row": int(stats[f"{key}_row"]),
                "value": values[int(stats[f"{key}_row"])],
                "limit": limit.date().isoformat(),
            },
        )
        for key in checks
        if stats[f"{key}_n"]
    ]


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
    notes: list[ReadNote] = []
    if mapping is None:
        names = guess_mapping(found)
        if not names.complete:
            names = guess_by_content(engine, raw, types, names)
            if names.by_content:
                notes.append(_content_note(raw.label, names))
        mapping = names.mapping(source=raw.label, timezone=timezone)
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
        notes += date_notes(engine, parsed, raw.label, mapping)
        if rejected and rejected_path is not None:
            path = Path(rejected_path)
            write_rejected(engine, raw.query, parsed, path)
            rejected = RejectedRows(counts=rejected.counts, samples=rejected.samples, path=path)
        table = engine.materialize(canonical(parsed))
    finally:
        _drop(engine, parsed, "TABLE")
    log = _summarise(engine, table, raw.label, mapping, rejected)
    log.mapping_guessed = guessed
    log.notes = notes
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
