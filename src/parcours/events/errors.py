"""Errors in event logs, explained in French and English.

An :class:`EventLogError` names the file, the column (or row) and what was expected, so
that the analyst who exported the log can fix it without reading a traceback.

>>> err = EventLogError("missing_column", file="log.csv", column="ts", field="timestamp",
...                     found="id, act, when", hint="")
>>> err.message("fr")
"log.csv : pas de colonne 'ts' (choisie pour timestamp). Colonnes trouvées : id, act, when."
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from parcours.errors import ParcoursError
from parcours.i18n import Catalog

MESSAGES = Catalog(
    {
        "cannot_read": {
            "en": "{file}: cannot read the file ({reason}).",
            "fr": "{file} : impossible de lire le fichier ({reason}).",
        },
        "not_found": {
            "en": "{file}: no such file.",
            "fr": "{file} : fichier introuvable.",
        },
        "unknown_format": {
            "en": "{file}: unknown event-log format '{suffix}'; expected .csv, .tsv, .txt, "
            ".parquet, .xlsx, .xes, .xes.gz, a DuckDB or SQLite file (.duckdb, .db, .sqlite) "
            "with a table, or a database URL such as postgresql://... or sqlite:///...",
            "fr": "{file} : format de journal d'événements inconnu '{suffix}' ; attendu .csv, "
            ".tsv, .txt, .parquet, .xlsx, .xes, .xes.gz, un fichier DuckDB ou SQLite (.duckdb, "
            ".db, .sqlite) avec une table, ou une URL de base de données comme "
            "postgresql://... ou sqlite:///...",
        },
        "not_database": {
            "en": "{file}: neither a DuckDB nor a SQLite database (its first bytes are not "
            "those of either format).",
            "fr": "{file} : ni une base DuckDB ni une base SQLite (ses premiers octets ne sont "
            "ceux d'aucun des deux formats).",
        },
        "needs_table": {
            "en": "{file}: a database holds several tables: give a table name or a SQL query.",
            "fr": "{file} : une base contient plusieurs tables : indiquez un nom de table ou "
            "une requête SQL.",
        },
        "no_sheet": {
            "en": "{file}: no sheet named '{sheet}'; sheets found: {found}.",
            "fr": "{file} : pas de feuille nommée '{sheet}' ; feuilles trouvées : {found}.",
        },
        "empty": {
            "en": "{file}: the log has no rows (expected a header line and at least one event).",
            "fr": "{file} : le journal n'a aucune ligne (attendu une ligne d'en-tête et au moins "
            "un événement).",
        },
        "missing_column": {
            "en": "{file}: no column '{column}' (chosen for {field}). "
            "Columns found: {found}.{hint}",
            "fr": "{file} : pas de colonne '{column}' (choisie pour {field}). "
            "Colonnes trouvées : {found}.{hint}",
        },
        "did_you_mean": {
            "en": " Did you mean '{name}'?",
            "fr": " Vouliez-vous dire '{name}' ?",
        },
        "not_guessed": {
            "en": "{file}: cannot tell which column holds {fields}. Columns found: {found}. "
            "Give a column mapping, e.g. a file with 'case_id: <column>', 'activity: <column>', "
            "'timestamp: <column>' passed with --mapping.",
            "fr": "{file} : impossible de savoir quelle colonne contient {fields}. "
            "Colonnes trouvées : {found}. Donnez une correspondance de colonnes, par ex. un "
            "fichier avec 'case_id: <colonne>', 'activity: <colonne>', 'timestamp: <colonne>' "
            "passé avec --mapping.",
        },
        "ambiguous": {
            "en": "{file}: cannot tell which column holds {field}: {candidates} would all fit, "
            "judging by their names and values. Columns found: {found}. Give a column "
            "mapping, e.g. a file with '{field}: <column>' passed with --mapping.",
            "fr": "{file} : impossible de savoir quelle colonne contient {field} : "
            "{candidates} conviendraient toutes, d'après leurs noms et leurs valeurs. "
            "Colonnes trouvées : {found}. Donnez une correspondance de colonnes, par ex. un "
            "fichier avec '{field}: <colonne>' passé avec --mapping.",
        },
        "all_rejected": {
            "en": "{file}: every row was rejected, no event is left. {report}{hint}",
            "fr": "{file} : toutes les lignes ont été rejetées, il ne reste aucun événement. "
            "{report}{hint}",
        },
        "format_hint": {
            "en": " If the dates are written like 23/11/2026 14:05, give the timestamp format "
            "in the mapping, e.g. format: '%d/%m/%Y %H:%M'.",
            "fr": " Si les dates sont écrites comme 23/11/2026 14:05, indiquez leur format dans "
            "la correspondance, par ex. format: '%d/%m/%Y %H:%M'.",
        },
        "mixed_offsets": {
            "en": "{file}: column '{column}' mixes times with a UTC offset (e.g. row {row_with}: "
            "'{value_with}') and times without one (e.g. row {row_without}: '{value_without}'). "
            "Times with an offset are exact instants, but parcours cannot know the zone of the "
            "others: name the time zone they were recorded in, 'timezone: Europe/Paris' in the "
            "mapping (or --timezone Europe/Paris). Offsets are still honoured; everything is "
            "stored in UTC.",
            "fr": "{file} : la colonne '{column}' mélange des heures avec un décalage UTC (par "
            "ex. ligne {row_with} : '{value_with}') et des heures sans décalage (par ex. ligne "
            "{row_without} : '{value_without}'). Les heures avec décalage sont des instants "
            "exacts, mais parcours ne peut pas connaître le fuseau des autres : indiquez le "
            "fuseau dans lequel elles ont été saisies, 'timezone: Europe/Paris' dans la "
            "correspondance (ou --timezone Europe/Paris). Les décalages restent respectés ; "
            "tout est stocké en UTC.",
        },
        "bad_timezone": {
            "en": "unknown time zone '{zone}'; expected an IANA name such as Europe/Paris or UTC.",
            "fr": "fuseau horaire inconnu '{zone}' ; attendu un nom IANA comme Europe/Paris ou "
            "UTC.",
        },
        "bad_mapping": {
            "en": "{file}: not a valid column mapping: {reason}",
            "fr": "{file} : correspondance de colonnes invalide : {reason}",
        },
        "corrupt_gzip": {
            "en": "the gzip data is corrupt or cut short: {detail}",
            "fr": "les données gzip sont corrompues ou tronquées : {detail}",
        },
        "mapping_not_pairs": {
            "en": "expected 'field: column' lines (e.g. 'case_id: client').",
            "fr": "attendu des lignes 'champ: colonne' (par ex. 'case_id: client').",
        },
        "mapping_not_utf8": {
            "en": "not UTF-8 text (byte {byte} at position {position}); save the file as UTF-8.",
            "fr": "ce n'est pas du texte UTF-8 (octet {byte} à la position {position}) ; "
            "enregistrez le fichier en UTF-8.",
        },
        "mapping_too_large": {
            "en": "the file has {size} bytes; a column mapping is at most {limit} bytes "
            "(a few 'field: column' lines).",
            "fr": "le fichier fait {size} octets ; une correspondance de colonnes fait au plus "
            "{limit} octets (quelques lignes 'champ: colonne').",
        },
        "mapping_too_deep": {
            "en": "more than {limit} levels of nested mappings and lists.",
            "fr": "plus de {limit} niveaux de blocs et de listes imbriqués.",
        },
        "mapping_too_many_values": {
            "en": "more than {limit} values once YAML aliases (*name) are expanded.",
            "fr": "plus de {limit} valeurs une fois les alias YAML (*nom) développés.",
        },
        "mapping_too_much_text": {
            "en": "more than {limit} characters of text once YAML aliases (*name) are expanded.",
            "fr": "plus de {limit} caractères de texte une fois les alias YAML (*nom) développés.",
        },
        "mapping_recursive_alias": {
            "en": "a YAML alias (*name) inside its own anchor (&name).",
            "fr": "un alias YAML (*nom) à l'intérieur de sa propre ancre (&nom).",
        },
        "mapping_duplicate": {
            "en": "the key '{key}' is given twice.",
            "fr": "la clé '{key}' est donnée deux fois.",
        },
        "mapping_empty_value": {
            "en": "'{field}' is empty; give the name of a column, or remove the line.",
            "fr": "'{field}' est vide ; indiquez le nom d'une colonne, ou supprimez la ligne.",
        },
        "bad_pattern": {
            "en": "step '{step}': invalid regular expression '{pattern}' ({reason}).",
            "fr": "étape '{step}' : expression régulière invalide '{pattern}' ({reason}).",
        },
        "not_duckdb": {
            "en": "event logs are read with the DuckDB engine; got the '{name}' engine. Read "
            "the log with the default engine, then move the table.",
            "fr": "les journaux d'événements se lisent avec le moteur DuckDB ; reçu le moteur "
            "'{name}'. Lisez le journal avec le moteur par défaut, puis déplacez la table.",
        },
        "bad_dataframe": {
            "en": "{file}: expected a pandas, Polars or Arrow table, got {kind}.",
            "fr": "{file} : attendu une table pandas, Polars ou Arrow, reçu {kind}.",
        },
    }
)


@runtime_checkable
class Describable(Protocol):
    """Something that explains itself in a language (e.g. a rejected-rows report)."""

    def describe(self, lang: str = "en") -> str:
        """The explanation in ``lang``."""
        ...


class EventLogError(ParcoursError):
    """An event log (or its mapping) cannot be used; ``message(lang)`` says why.

    ``params`` fill the message; a parameter that has ``describe(lang)`` (such as a
    :class:`~parcours.events.rejected.RejectedRows`) is rendered in the same language.
    """

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The explanation in ``lang`` (``en`` or ``fr``)."""
        values = {
            name: value.describe(lang) if isinstance(value, Describable) else value
            for name, value in self.params.items()
        }
        return MESSAGES.text(self.key, lang, **values)


class Translated:
    """A message of :data:`MESSAGES` rendered lazily in the caller's language.

    >>> Translated("did_you_mean", name="ts").describe("fr")
    " Vouliez-vous dire 'ts' ?"
    """

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params

    def describe(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        return MESSAGES.text(self.key, lang, **self.params)
