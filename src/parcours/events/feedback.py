"""Survey answers and verbatims in: the feedback table, read like an event log.

A feedback file holds one answer per row: who answered (``customer_id``), when
(``timestamp``), optionally about which ``step``, ``touchpoint`` or ``channel``, the
customer's ``segment``, one or more scores and a free ``text`` (the verbatim). It is read
from the same sources as event logs (CSV, Parquet, Excel, DuckDB / SQLite files, SQL URLs,
DataFrames: :func:`parcours.events.readers.read_source`), with the same guarantees: columns
guessed from their names (or given with a :class:`FeedbackMapping` / ``--mapping`` file),
timestamps converted to UTC (``timezone`` for the naive ones), rows that cannot be used set
aside with their reason and written as CSV on request, and errors naming the file, the
column and the row.

Scores have a type, each with its scale:

====== ======= ==========================================================
type    scale   meaning
====== ======= ==========================================================
csat    1-5     satisfaction; 4 and 5 are "satisfied"
nps     0-10    likelihood to recommend; 9-10 promoters, 0-6 detractors
ces     1-7     customer effort (CES 2.0: "easy to handle", 7 = easiest)
====== ======= ==========================================================

A score column's type comes from the mapping, else from its name (``csat``, ``satisfaction``
-> csat; ``nps``, ``recommend`` -> nps; ``ces``, ``effort`` -> ces), else from its values
(some above 7 or a 0 -> nps, some above 5 -> ces, else csat). A score outside its scale
rejects the row (``score_out_of_range``); so does a row with neither score nor text
(``no_answer``).

The canonical feedback table (:data:`FEEDBACK_SCHEMA`): ``customer_id`` (nullable: anonymous
answers are kept), ``timestamp`` (naive UTC), ``step`` / ``touchpoint`` / ``channel`` /
``segment`` / ``text`` (nullable strings as written), ``csat`` / ``nps`` / ``ces`` (nullable
floats) and the source ``row``.

>>> import pandas as pd
>>> df = pd.DataFrame({"client": ["c1", "c2"], "date": ["2026-03-01 09:00", "2026-03-02"],
...                    "canal": ["phone", "chat"], "csat": ["2", "5"],
...                    "commentaire": ["trop d'attente", ""]})
>>> fb = feedback_from_dataframe(df)
>>> fb.n_answers, fb.kinds, fb.mapping.text
(2, ('csat',), 'commentaire')
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from parcours.engine import Engine
from parcours.events.canonical import (
    ROW,
    RawSource,
    _number,
    _text,
    _timestamp,
    check_offsets,
    date_notes,
    engine_reason,
    literal,
    table_ref,
    view,
    write_rejected,
)
from parcours.events.errors import EventLogError
from parcours.events.mapping import (
    CANDIDATES,
    ColumnMapping,
    check_timezone,
    known_zone,
    normalise,
)
from parcours.events.mapping_file import read_mapping_file
from parcours.events.notes import ReadNote
from parcours.events.readers import _to_arrow, read_source
from parcours.events.rejected import MAX_SAMPLES, RejectedRows, RejectedSample
from parcours.i18n import Catalog
from parcours.model import QuestionScale

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pandas as pd


class ScoreKind(StrEnum):
    """The type of a score column, which fixes its scale."""

    CSAT = "csat"
    NPS = "nps"
    CES = "ces"

    @property
    def scale(self) -> QuestionScale:
        """The survey scale of this kind of score (bounds, top and bottom box).

        >>> ScoreKind.NPS.scale.bounds
        (0.0, 10.0)
        """
        return _KIND_SCALES[self]


_KIND_SCALES = {
    ScoreKind.CSAT: QuestionScale.CSAT,
    ScoreKind.NPS: QuestionScale.NPS,
    ScoreKind.CES: QuestionScale.CES,
}


SCALES: dict[ScoreKind, tuple[float, float]] = {kind: kind.scale.bounds for kind in ScoreKind}
"""Lowest and highest score of each type (:attr:`QuestionScale.bounds`)."""

TEXT_FIELDS = ("step", "touchpoint", "channel", "segment", "text")
"""Optional text columns of a feedback file, besides ``customer_id``."""

FEEDBACK_SCHEMA = pa.schema(
    [
        pa.field("customer_id", pa.string()),
        pa.field("timestamp", pa.timestamp("us"), nullable=False),
        *(pa.field(name, pa.string()) for name in TEXT_FIELDS),
        *(pa.field(kind.value, pa.float64()) for kind in ScoreKind),
        pa.field("row", pa.int64(), nullable=False),
    ]
)
"""Arrow schema of the canonical feedback table."""

NAMES: dict[str, list[str]] = {
    "customer_id": CANDIDATES["case_id"],
    "timestamp": [
        *[
            "answered_at",
            "answer_date",
            "response_date",
            "date_reponse",
            "submitted_at",
            "survey_date",
            "date_enquete",
            "date_avis",
            "review_date",
        ],
        *CANDIDATES["timestamp"],
    ],
    "step": ["step", "step_id", "etape", "journey_step", "moment", "stage", "phase_etape"],
    "touchpoint": ["touchpoint", "touch_point", "point_de_contact", "point_contact"],
    "channel": ["channel", "canal", "canal_contact", "medium", "media", "source"],
    "segment": CANDIDATES["segment"],
    "text": [
        "verbatim",
        "text",
        "texte",
        "comment",
        "comments",
        "commentaire",
        "commentaires",
        "feedback",
        "remarque",
        "remarques",
        "avis",
        "review",
        "free_text",
        "texte_libre",
        "message",
        "note_libre",
        "answer",
        "reponse",
    ],
}
"""Usual column names for each field, most specific first (compared normalised)."""

SCORE_WORDS: dict[ScoreKind, tuple[str, ...]] = {
    ScoreKind.NPS: ("nps", "recommend", "recommand", "ltr"),
    ScoreKind.CES: ("ces", "effort", "facilite", "ease"),
    ScoreKind.CSAT: ("csat", "satisf"),
}
"""Words in a column name that tell a score's type."""

SCORE_HINTS = ("score", "note", "rating", "rate", "grade", "stars", "etoiles")
"""Words in a column name that make it a score whose type is told by its values."""

_ids = itertools.count(1)

MESSAGES = Catalog(
    {
        "no_timestamp": {
            "en": "{file}: cannot tell which column holds the date of the answers. Columns "
            "found: {found}. Give a mapping file with 'timestamp: <column>' (--mapping).",
            "fr": "{file} : impossible de savoir quelle colonne contient la date des réponses. "
            "Colonnes trouvées : {found}. Donnez un fichier de correspondance avec "
            "'timestamp: <colonne>' (--mapping).",
        },
        "nothing_to_read": {
            "en": "{file}: no score column (csat, nps, ces, note, score...) and no text column "
            "(verbatim, comment...). Columns found: {found}. Name them in a mapping file, "
            "e.g. 'scores: {{<column>: csat}}' and 'text: <column>' (--mapping).",
            "fr": "{file} : aucune colonne de note (csat, nps, ces, note, score...) ni de texte "
            "(verbatim, commentaire...). Colonnes trouvées : {found}. Nommez-les dans un "
            "fichier de correspondance, par ex. 'scores: {{<colonne>: csat}}' et "
            "'text: <colonne>' (--mapping).",
        },
        "missing_column": {
            "en": "{file}: no column '{column}' (chosen for {field}). Columns found: {found}.",
            "fr": "{file} : pas de colonne '{column}' (choisie pour {field}). "
            "Colonnes trouvées : {found}.",
        },
        "bad_mapping": {
            "en": "{file}: not a valid feedback mapping: {reason}. Expected keys: "
            "customer_id, timestamp, step, touchpoint, channel, segment, text, "
            "scores ({{column: csat|nps|ces}}), format, timezone.",
            "fr": "{file} : correspondance de retours invalide : {reason}. Clés attendues : "
            "customer_id, timestamp, step, touchpoint, channel, segment, text, "
            "scores ({{colonne: csat|nps|ces}}), format, timezone.",
        },
        "empty": {
            "en": "{file}: the feedback file has no rows.",
            "fr": "{file} : le fichier de retours n'a aucune ligne.",
        },
        "all_rejected": {
            "en": "{file}: no answer could be used. {report}",
            "fr": "{file} : aucune réponse n'est utilisable. {report}",
        },
        "guessed": {"en": "Feedback columns guessed:", "fr": "Colonnes de retours devinées :"},
    }
)


class FeedbackError(EventLogError):
    """A feedback file (or its mapping) cannot be used; ``message(lang)`` says why.

    >>> FeedbackError("empty", file="s.csv").message("fr")
    "s.csv : le fichier de retours n'a aucune ligne."
    """

    def message(self, lang: str = "en") -> str:
        """The explanation in ``lang`` (``en`` or ``fr``)."""
        values = {
            name: value.describe(lang) if hasattr(value, "describe") else value
            for name, value in self.params.items()
        }
        return MESSAGES.text(self.key, lang, **values)


# ----------------------------------------------------------------------------- mapping
class FeedbackMapping(BaseModel):
    """The columns of one feedback export, the type of each score column, and how to read
    the dates.

    >>> m = FeedbackMapping(timestamp="date", scores={"note": "csat", "reco": "nps"})
    >>> m.column_of(ScoreKind.NPS), m.columns()
    ('reco', {'timestamp': 'date', 'csat': 'note', 'nps': 'reco'})
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    customer_id: str | None = None
    timestamp: str
    step: str | None = None
    touchpoint: str | None = None
    channel: str | None = None
    segment: str | None = None
    text: str | None = None
    scores: dict[str, ScoreKind] = {}
    """Score column -> its type; one column per type at most."""
    format: str | None = None
    timezone: str | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return known_zone(value)

    @model_validator(mode="after")
    def _one_column_per_kind(self) -> FeedbackMapping:
        kinds = list(self.scores.values())
        twice = sorted({k.value for k in kinds if kinds.count(k) > 1})
        if twice:
            raise ValueError(f"one score column per type, but {', '.join(twice)} is given twice")
        return self

    def column_of(self, kind: ScoreKind) -> str | None:
        """The column holding scores of type ``kind``, if any."""
        return next((c for c, k in self.scores.items() if k is kind), None)

    def columns(self) -> dict[str, str]:
        """Source column by field (score types included), for the fields this mapping fills."""
        fields = ("customer_id", "timestamp", *TEXT_FIELDS)
        named = {name: getattr(self, name) for name in fields if getattr(self, name)}
        return named | {kind.value: column for column, kind in self.scores.items()}

    @classmethod
    def from_file(cls, path: str | Path) -> FeedbackMapping:
        """Load a mapping from a small YAML or JSON file (``--mapping``).

        Raises :class:`FeedbackError` naming the file and what is wrong.
        """
        file = Path(path)
        data = read_mapping_file(file)
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            reasons = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or '-'}: {e['msg']}" for e in exc.errors()
            )
            raise FeedbackError("bad_mapping", file=str(file), reason=reasons) from exc

    def describe(self, lang: str = "en") -> str:
        """The columns, one per line, for the user to confirm.

        >>> print(FeedbackMapping(timestamp="d", scores={"n": "nps"}).describe("en"))
        Feedback columns guessed:
          timestamp  <- d
          nps        <- n
        """
        lines = [MESSAGES.text("guessed", lang)]
        lines += [f"  {name:<10} <- {column}" for name, column in self.columns().items()]
        return "\n".join(lines)


def guess_feedback_mapping(columns: list[str]) -> dict[str, Any]:
    """Fields recognised from the column names (score types not told by name are None).

    >>> g = guess_feedback_mapping(["Client ID", "Date réponse", "Note", "NPS", "Verbatim"])
    >>> g["customer_id"], g["timestamp"], g["text"], {c: k and k.value
    ...                                                for c, k in g["scores"].items()}
    ('Client ID', 'Date réponse', 'Verbatim', {'Note': None, 'NPS': 'nps'})
    """
    by_normal: dict[str, str] = {}
    for column in columns:
        by_normal.setdefault(normalise(column), column)
    chosen: dict[str, Any] = {}
    used: set[str] = set()
    scores: dict[str, ScoreKind | None] = {}
    for column in columns:
        kind = _kind_by_name(column)
        if kind is not None or any(w in normalise(column) for w in SCORE_HINTS):
            scores[column] = kind
            used.add(column)
    for name, candidates in NAMES.items():
        for candidate in candidates:
            found = by_normal.get(normalise(candidate))
            if found is not None and found not in used:
                chosen[name] = found
                used.add(found)
                break
    chosen["scores"] = scores
    return chosen


def _kind_by_name(column: str) -> ScoreKind | None:
    name = normalise(column)
    tokens = set(name.split("_"))
    for kind, words in SCORE_WORDS.items():
        for word in words:
            if (word in tokens) if len(word) <= 3 else (word in name):
                return kind
    return None


def kind_by_values(low: float | None, high: float | None) -> ScoreKind:
    """The score type told by the range of a column's values.

    >>> [kind_by_values(*r).value for r in [(0, 10), (1, 7), (1, 5), (0, 5)]]
    ['nps', 'ces', 'csat', 'nps']
    """
    if high is not None and high > SCALES[ScoreKind.CES][1]:
        return ScoreKind.NPS
    if low is not None and low < 1:
        return ScoreKind.NPS
    if high is not None and high > SCALES[ScoreKind.CSAT][1]:
        return ScoreKind.CES
    return ScoreKind.CSAT


# ----------------------------------------------------------------------------- the log
@dataclass
class FeedbackLog:
    """The canonical feedback table (:data:`FEEDBACK_SCHEMA`) of one source.

    ``table`` is an Ibis table bound to ``engine``, computed once; ``kinds`` the score
    types present (in :class:`ScoreKind` order); ``rejected`` the rows set aside.
    """

    engine: Engine
    table: ir.Table
    source: str
    mapping: FeedbackMapping
    rejected: RejectedRows = field(default_factory=RejectedRows)
    n_answers: int = 0
    n_customers: int = 0
    n_texts: int = 0
    start: datetime | None = None
    end: datetime | None = None
    kinds: tuple[str, ...] = ()
    mapping_guessed: bool = False
    notes: list[ReadNote] = field(default_factory=list)

    def to_arrow(self) -> pa.Table:
        """The answers as Arrow (:data:`FEEDBACK_SCHEMA`), ordered by time and row."""
        t = self.table
        return self.engine.execute(t.order_by([t.timestamp, t.row])).cast(FEEDBACK_SCHEMA)

    def to_pandas(self) -> pd.DataFrame:
        """The answers as a pandas DataFrame."""
        return self.to_arrow().to_pandas()

    def __repr__(self) -> str:
        return (
            f"FeedbackLog(source={self.source!r}, n_answers={self.n_answers}, "
            f"kinds={self.kinds}, rejected={self.rejected.total})"
        )


def read_feedback(
    source: str | Path,
    mapping: FeedbackMapping | str | Path | None = None,
    *,
    engine: Engine | None = None,
    timezone: str | None = None,
    rejected_path: str | Path | None = None,
    table: str | None = None,
    query: str | None = None,
    sheet: str | None = None,
) -> FeedbackLog:
    """Read the survey answers of ``source`` (file path or database URL).

    ``mapping`` is a :class:`FeedbackMapping`, a mapping file, or None to guess the columns;
    ``timezone`` is the zone of dates written without an offset. Raises
    :class:`~parcours.events.errors.EventLogError` (or :class:`FeedbackError`) naming the
    file, column and row at fault.
    """
    engine = engine or Engine.duckdb()
    given = _given(mapping, timezone)

    def build(raw: RawSource) -> FeedbackLog:
        return build_feedback(engine, raw, given, timezone=timezone, rejected_path=rejected_path)

    return read_source(source, build, engine=engine, table=table, query=query, sheet=sheet)


def feedback_from_dataframe(
    data: Any,
    mapping: FeedbackMapping | str | Path | None = None,
    *,
    engine: Engine | None = None,
    timezone: str | None = None,
    rejected_path: str | Path | None = None,
    name: str = "<dataframe>",
) -> FeedbackLog:
    """Read survey answers from a pandas or Polars DataFrame or an Arrow table."""
    engine = engine or Engine.duckdb()
    given = _given(mapping, timezone)
    arrow = _to_arrow(data, name)
    numbered = arrow.append_column(ROW, pa.array(range(1, arrow.num_rows + 1), pa.int64()))
    registered = engine.table(numbered)
    raw = RawSource(f"SELECT * FROM {table_ref(registered)}", name)
    try:
        return build_feedback(engine, raw, given, timezone=timezone, rejected_path=rejected_path)
    finally:
        engine.run(f"DROP TABLE IF EXISTS {table_ref(registered)}")


def _given(
    mapping: FeedbackMapping | str | Path | None, timezone: str | None
) -> FeedbackMapping | None:
    if timezone is not None:
        check_timezone(timezone)
    if isinstance(mapping, str | Path):
        mapping = FeedbackMapping.from_file(mapping)
    if mapping is not None and timezone is not None:
        return mapping.model_copy(update={"timezone": timezone})
    return mapping


def build_feedback(
    engine: Engine,
    raw: RawSource,
    mapping: FeedbackMapping | None,
    *,
    timezone: str | None = None,
    rejected_path: str | Path | None = None,
) -> FeedbackLog:
    """Check, parse and materialise ``raw`` into a :class:`FeedbackLog`."""
    try:
        return _build(engine, raw, mapping, timezone, rejected_path)
    except duckdb.Error as exc:
        raise EventLogError("cannot_read", file=raw.label, reason=engine_reason(exc)) from exc


def _build(
    engine: Engine,
    raw: RawSource,
    mapping: FeedbackMapping | None,
    timezone: str | None,
    rejected_path: str | Path | None,
) -> FeedbackLog:
    source = view(engine, raw.query)
    try:
        types = {name: dtype for name, dtype in source.schema().items() if name != ROW}
    finally:
        engine.run(f"DROP VIEW IF EXISTS {table_ref(source)}")
    found = list(types)
    guessed = mapping is None
    if mapping is None:
        mapping = _complete_guess(engine, raw, types, guess_feedback_mapping(found), timezone)
    _check_columns(raw.label, found, mapping)
    parse = view(engine, _parse_query(raw.query, types, mapping))
    try:
        parsed = engine.materialize(parse)
    finally:
        engine.run(f"DROP VIEW IF EXISTS {table_ref(parse)}")
    try:
        return _finish(engine, raw, parsed, mapping, rejected_path, guessed)
    finally:
        engine.run(f"DROP TABLE IF EXISTS {table_ref(parsed)}")


def _complete_guess(
    engine: Engine,
    raw: RawSource,
    types: dict[str, dt.DataType],
    names: dict[str, Any],
    timezone: str | None,
) -> FeedbackMapping:
    found = ", ".join(types)
    if "timestamp" not in names:
        raise FeedbackError("no_timestamp", file=raw.label, found=found)
    scores: dict[str, ScoreKind] = {}
    for column, kind in names.pop("scores").items():
        scores[column] = kind or _kind_of_values(engine, raw, column, types[column])
    if not scores and "text" not in names:
        raise FeedbackError("nothing_to_read", file=raw.label, found=found)
    kinds = list(scores.values())
    # two columns of one type: keep the first, as the mapping allows one per type
    scores = {c: k for i, (c, k) in enumerate(scores.items()) if k not in kinds[:i]}
    return FeedbackMapping(**names, scores=scores, timezone=timezone)


def _kind_of_values(engine: Engine, raw: RawSource, column: str, dtype: dt.DataType) -> ScoreKind:
    value = _number(column, dtype)
    query = f"SELECT min({value}) AS low, max({value}) AS high FROM ({raw.query})"
    table = view(engine, query)
    try:
        row = engine.execute(table).to_pylist()[0]
    finally:
        engine.run(f"DROP VIEW IF EXISTS {table_ref(table)}")
    return kind_by_values(row["low"], row["high"])


def _check_columns(label: str, found: list[str], mapping: FeedbackMapping) -> None:
    for name, column in mapping.columns().items():
        if column not in found:
            raise FeedbackError(
                "missing_column", file=label, column=column, field=name, found=", ".join(found)
            )


def _time_mapping(mapping: FeedbackMapping) -> ColumnMapping:
    """The event-log mapping whose timestamp rules the feedback dates follow."""
    return ColumnMapping(
        case_id=mapping.customer_id or mapping.timestamp,
        activity=mapping.timestamp,
        timestamp=mapping.timestamp,
        format=mapping.format,
        timezone=mapping.timezone,
    )


def _parse_query(raw: str, types: dict[str, dt.DataType], mapping: FeedbackMapping) -> str:
    ts = _timestamp(mapping.timestamp, types[mapping.timestamp], _time_mapping(mapping))
    null_text = "CAST(NULL AS VARCHAR)"
    select = [
        ROW,
        f"{_text(mapping.customer_id) if mapping.customer_id else null_text} AS __customer_id",
        f"{_text(mapping.timestamp)} AS __timestamp_raw",
        f"CAST({ts.parsed} AS TIMESTAMP) AS __timestamp_any",
        f"{ts.aware} AS __aware",
    ]
    for name in TEXT_FIELDS:
        column = getattr(mapping, name)
        select.append(f"{_text(column) if column else null_text} AS __{name}")
    checks: list[tuple[str, str, str, str]] = [
        ("missing_timestamp", "__timestamp_raw IS NULL", "NULL", literal(mapping.timestamp)),
        ("bad_timestamp", "__timestamp IS NULL", "__timestamp_raw", literal(mapping.timestamp)),
    ]
    usable = [
        "CASE WHEN __timestamp_any >= TIMESTAMP '0001-01-01' "
        "AND __timestamp_any < TIMESTAMP '9999-01-01' THEN __timestamp_any END AS __timestamp"
    ]
    anys = ["__timestamp_any"]
    out_of_range: list[tuple[str, str, str, str]] = []
    for kind in ScoreKind:
        column = mapping.column_of(kind)
        k = kind.value
        raw_text = _text(column) if column else null_text
        value = _number(column, types[column]) if column else "CAST(NULL AS DOUBLE)"
        select += [f"{raw_text} AS __{k}_raw", f"{value} AS __{k}_any"]
        usable.append(f"CASE WHEN isfinite(__{k}_any) THEN __{k}_any END AS __{k}")
        anys.append(f"__{k}_any")
        if column:
            low, high = SCALES[kind]
            checks.append(
                (
                    "bad_score",
                    f"__{k}_raw IS NOT NULL AND __{k} IS NULL",
                    f"__{k}_raw",
                    literal(column),
                )
            )
            out_of_range.append(
                (
                    "score_out_of_range",
                    f"__{k} < {low} OR __{k} > {high}",
                    f"__{k}_raw",
                    literal(column),
                )
            )
    answers = [f"__{k.value} IS NULL" for k in ScoreKind] + ["__text IS NULL"]
    checks += out_of_range
    checks.append(
        (
            "no_answer",
            " AND ".join(answers),
            "NULL",
            literal(mapping.text or next(iter(mapping.scores), mapping.timestamp)),
        )
    )
    reason = " ".join(f"WHEN {test} THEN {literal(key)}" for key, test, _, _ in checks)
    bad = " ".join(f"WHEN {test} THEN {value}" for _, test, value, _ in checks)
    where = " ".join(f"WHEN {test} THEN {column}" for _, test, _, column in checks)
    return (
        f"SELECT *, CASE {reason} END AS __reason, CASE {bad} END AS __bad, "
        f"CASE {where} END AS __bad_column "
        f"FROM (SELECT * EXCLUDE ({', '.join(anys)}), {', '.join(usable)} "
        f"FROM (SELECT {', '.join(select)} FROM ({raw})))"
    )


def _finish(
    engine: Engine,
    raw: RawSource,
    parsed: ir.Table,
    mapping: FeedbackMapping,
    rejected_path: str | Path | None,
    guessed: bool,
) -> FeedbackLog:
    n_rows = int(engine.scalar(parsed.count()))
    if n_rows == 0:
        raise FeedbackError("empty", file=raw.label)
    rejected = _rejected(engine, parsed)
    if rejected.total == n_rows:
        raise FeedbackError("all_rejected", file=raw.label, report=rejected)
    time_mapping = _time_mapping(mapping)
    check_offsets(engine, parsed, raw.label, time_mapping)
    notes = date_notes(engine, parsed, raw.label, time_mapping)
    if rejected and rejected_path is not None:
        path = Path(rejected_path)
        write_rejected(engine, raw.query, parsed, path)
        rejected = RejectedRows(counts=rejected.counts, samples=rejected.samples, path=path)
    ok = parsed.filter(parsed.__reason.isnull())
    table = engine.materialize(
        ok.select(
            customer_id=ok.__customer_id,
            timestamp=ok.__timestamp.cast(dt.Timestamp(scale=6)),
            **{name: ok[f"__{name}"] for name in TEXT_FIELDS},
            **{k.value: ok[f"__{k.value}"].cast("float64") for k in ScoreKind},
            row=ok[ROW].cast("int64"),
        ),
        name=f"parcours_feedback{next(_ids)}",
    )
    stats = engine.execute(
        table.aggregate(
            n=table.count(),
            customers=table.customer_id.nunique(),
            texts=table.count(where=table.text.notnull()),
            start=table.timestamp.min(),
            end=table.timestamp.max(),
            **{k.value: table[k.value].count() for k in ScoreKind},
        )
    ).to_pylist()[0]
    return FeedbackLog(
        engine=engine,
        table=table,
        source=raw.label,
        mapping=mapping,
        rejected=rejected,
        n_answers=int(stats["n"]),
        n_customers=int(stats["customers"]),
        n_texts=int(stats["texts"]),
        start=stats["start"],
        end=stats["end"],
        kinds=tuple(k.value for k in ScoreKind if stats[k.value]),
        mapping_guessed=guessed,
        notes=notes,
    )


def _rejected(engine: Engine, parsed: ir.Table) -> RejectedRows:
    bad = parsed.filter(parsed.__reason.notnull())
    counts = {
        r["__reason"]: int(r["n"])
        for r in engine.execute(bad.group_by("__reason").aggregate(n=bad.count())).to_pylist()
    }
    if not counts:
        return RejectedRows()
    rank = ibis.row_number().over(group_by=bad.__reason, order_by=bad[ROW])
    first = bad.select(ROW, "__reason", "__bad", "__bad_column", rank=rank)
    first = first.filter(first["rank"] < MAX_SAMPLES).order_by(["__reason", ROW])
    rows = engine.execute(first).to_pylist()
    samples = [
        RejectedSample(
            row=int(r[ROW]), reason=r["__reason"], column=r["__bad_column"], value=r["__bad"]
        )
        for r in rows
    ]
    return RejectedRows(counts=counts, samples=samples)


def feedback_columns(mapping: Mapping[str, str]) -> str:
    """``field <- column`` pairs on one line, for notes and the CLI.

    >>> feedback_columns({"timestamp": "date", "csat": "note"})
    'timestamp <- date, csat <- note'
    """
    return ", ".join(f"{name} <- {column}" for name, column in mapping.items())
