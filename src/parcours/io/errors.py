"""Problems found in a journey-map file, located and explained in French and English.

A :class:`MapFileError` carries every :class:`Problem` of one file, each with the line
(or spreadsheet cell), the field path and what was expected, so that the person who
wrote the file can fix it without reading a traceback.

>>> p = Problem.of("wrong_type", field="steps[0].name", got="3", line=4, column=9,
...                expected_type="type_text")
>>> p.describe("en")
'line 4, column 9: steps[0].name: expected text, got 3'
>>> MapFileError("map.yaml", [p]).message("fr").splitlines()[1]
'  ligne 4, colonne 9 : steps[0].name : attendu du texte, reçu 3'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from parcours.errors import ParcoursError
from parcours.i18n import Catalog

MESSAGES = Catalog(
    {
        # headers and locations
        "header": {"en": "{file}: {count} problem(s)", "fr": "{file} : {count} problème(s)"},
        "line": {"en": "line {line}", "fr": "ligne {line}"},
        "column": {"en": "column {column}", "fr": "colonne {column}"},
        "got": {"en": "got {got}", "fr": "reçu {got}"},
        "expected": {"en": "expected {what}", "fr": "attendu {what}"},
        "sep": {"en": ": ", "fr": " : "},
        # what was expected
        "cannot_read": {
            "en": "a readable UTF-8 text file ({reason})",
            "fr": "un fichier texte UTF-8 lisible ({reason})",
        },
        "unknown_format": {
            "en": "a file ending in .yaml, .yml, .json or .xlsx",
            "fr": "un fichier se terminant par .yaml, .yml, .json ou .xlsx",
        },
        "syntax": {"en": "valid {syntax} ({reason})", "fr": "du {syntax} valide ({reason})"},
        "duplicate_key": {
            "en": "each key only once in a mapping ('{name}' is repeated)",
            "fr": "chaque clé une seule fois par bloc ('{name}' est répétée)",
        },
        "empty": {
            "en": "a journey map (at least a 'journey' with a 'title'), the file is empty",
            "fr": "une carte de parcours (au moins 'journey' avec un 'title'), le fichier est vide",
        },
        "not_mapping": {
            "en": "a mapping of fields (format_version, journey, personas, phases, steps...)",
            "fr": "un ensemble de champs (format_version, journey, personas, phases, steps...)",
        },
        "version_type": {
            "en": "a whole number (the format version, e.g. 1)",
            "fr": "un nombre entier (la version du format, par ex. 1)",
        },
        "version_newer": {
            "en": "format version {supported} or older: this file was written by a newer "
            "parcours, upgrade parcours to read it",
            "fr": "une version de format {supported} ou antérieure : ce fichier vient d'une "
            "version plus récente de parcours, mettez parcours à jour pour le lire",
        },
        "version_unknown": {
            "en": "a known format version ({known})",
            "fr": "une version de format connue ({known})",
        },
        "missing": {"en": "this required field", "fr": "ce champ obligatoire"},
        "extra": {
            "en": "a known field (one of: {allowed})",
            "fr": "un champ connu (parmi : {allowed})",
        },
        "enum": {"en": "one of: {choices}", "fr": "l'un de : {choices}"},
        "wrong_type": {"en": "{expected_type}", "fr": "{expected_type}"},
        "type_text": {"en": "text", "fr": "du texte"},
        "type_int": {"en": "a whole number", "fr": "un nombre entier"},
        "type_number": {"en": "a number", "fr": "un nombre"},
        "type_bool": {"en": "true or false", "fr": "true ou false (vrai ou faux)"},
        "type_list": {"en": "a list", "fr": "une liste"},
        "type_mapping": {"en": "a mapping of fields", "fr": "un ensemble de champs"},
        "type_date": {"en": "a date (YYYY-MM-DD)", "fr": "une date (AAAA-MM-JJ)"},
        "type_datetime": {
            "en": "a date and time (YYYY-MM-DDTHH:MM:SSZ)",
            "fr": "une date et une heure (AAAA-MM-JJTHH:MM:SSZ)",
        },
        "non_empty": {"en": "non-empty text", "fr": "un texte non vide"},
        "id_pattern": {
            "en": "an id: a letter or digit, then letters, digits, '_', '-' or '.'",
            "fr": "un identifiant : une lettre ou un chiffre, puis lettres, chiffres, "
            "'_', '-' ou '.'",
        },
        "too_long": {"en": "at most {max} characters", "fr": "au plus {max} caractères"},
        "at_least": {"en": "a value of at least {limit}", "fr": "une valeur d'au moins {limit}"},
        "at_most": {"en": "a value of at most {limit}", "fr": "une valeur d'au plus {limit}"},
        "unknown_ref": {
            "en": "a known {kind} id (one of: {choices})",
            "fr": "l'identifiant d'un(e) {kind} existant(e) (parmi : {choices})",
        },
        "duplicate_id": {
            "en": "a unique id ('{id}' is already used at {first})",
            "fr": "un identifiant unique ('{id}' est déjà utilisé en {first})",
        },
        "unknown_sheet_column": {
            "en": "a known column of sheet {sheet_name} (one of: {allowed})",
            "fr": "une colonne connue de la feuille {sheet_name} (parmi : {allowed})",
        },
        "missing_sheet": {
            "en": "a sheet named {names}",
            "fr": "une feuille nommée {names}",
        },
        "unknown_step_row": {
            "en": "the id of a step of the Steps sheet (one of: {choices})",
            "fr": "l'identifiant d'une étape de la feuille Étapes (parmi : {choices})",
        },
        "duplicate_row": {
            "en": "one row per step in this sheet ('{id}' already has row {first})",
            "fr": "une ligne par étape dans cette feuille ('{id}' a déjà la ligne {first})",
        },
        "conflict": {
            "en": "the same value on every row of snapshot '{id}' (row {first} says {other})",
            "fr": "la même valeur sur chaque ligne du relevé '{id}' (la ligne {first} indique "
            "{other})",
        },
        "long_text_part": {
            "en": "a continuation row: sheet name, cell (such as D5) and part number 2 or more",
            "fr": "une ligne de suite : nom de feuille, cellule (comme D5) et numéro de partie "
            "2 ou plus",
        },
        "json_value": {"en": "valid JSON ({reason})", "fr": "du JSON valide ({reason})"},
        # limits (docs/safety.md)
        "too_large": {
            "en": "a map file of at most {limit} bytes (see docs/safety.md)",
            "fr": "un fichier de carte d'au plus {limit} octets (voir docs/safety.md)",
        },
        "too_many_values": {
            "en": "at most {limit} values once YAML aliases (*name) are expanded",
            "fr": "au plus {limit} valeurs une fois les alias YAML (*nom) développés",
        },
        "too_much_text": {
            "en": "at most {limit} characters of text once YAML aliases (*name) are expanded",
            "fr": "au plus {limit} caractères de texte une fois les alias YAML (*nom) développés",
        },
        "too_deep": {
            "en": "at most {limit} levels of nested mappings and lists",
            "fr": "au plus {limit} niveaux de blocs et de listes imbriqués",
        },
        "recursive_alias": {
            "en": "no YAML alias (*name) inside its own anchor (&name)",
            "fr": "aucun alias YAML (*nom) à l'intérieur de sa propre ancre (&nom)",
        },
        "plain_value": {
            "en": "a plain value (text, number, date, list or mapping), not a value tagged {tag}",
            "fr": "une valeur simple (texte, nombre, date, liste ou bloc), pas une valeur "
            "marquée {tag}",
        },
        "other": {"en": "{text}", "fr": "{text}"},
        # upgrades of old files (UpgradeError)
        "upgrade_missing": {
            "en": "a format version this release can upgrade (there is no upgrade from "
            "version {version})",
            "fr": "une version de format que cette version de parcours sait mettre à jour (il "
            "n'y a pas de mise à jour depuis la version {version})",
        },
        "upgrade_stages_and_phases": {
            "en": "either 'stages' (format version 0) or 'phases', not both",
            "fr": "soit 'stages' (version de format 0), soit 'phases', pas les deux",
        },
        "upgrade_emotion": {
            "en": "step {step}: 'emotion' as a mapping of persona ids to scores",
            "fr": "étape {step} : 'emotion' sous forme de correspondance identifiant de persona "
            "-> score",
        },
        # Excel export (ExcelExportError)
        "excel_header": {
            "en": "{file}: cannot be saved as an Excel workbook without losing data: {reason}",
            "fr": "{file} : impossible d'enregistrer en classeur Excel sans perdre de données : "
            "{reason}",
        },
        "excel_multiline_item": {
            "en": "{where}: a list item is written one per line in a cell, so it must be one "
            "non-blank line (got {got}); edit it, or save the map as YAML or JSON",
            "fr": "{where} : un élément de liste s'écrit sur une ligne d'une cellule, il doit "
            "donc tenir sur une ligne non vide (reçu {got}) ; modifiez-le, ou enregistrez la "
            "carte en YAML ou JSON",
        },
        "excel_emotions": {
            "en": "steps[{index}].emotions: persona(s) {personas} have more than one emotion; "
            "the Emotions sheet holds one per step and persona",
            "fr": "steps[{index}].emotions : le ou les personas {personas} ont plus d'une "
            "émotion ; la feuille Émotions n'en contient qu'une par étape et persona",
        },
        "excel_control_characters": {
            "en": "{cell}: text with control characters (such as {char}) cannot be stored in "
            "Excel ({got}); remove them, or save the map as YAML or JSON",
            "fr": "{cell} : un texte contenant des caractères de contrôle (comme {char}) ne peut "
            "pas être enregistré dans Excel ({got}) ; supprimez-les, ou enregistrez la carte en "
            "YAML ou JSON",
        },
        # kinds of references
        "kind_phase": {"en": "phase", "fr": "phase"},
        "kind_persona": {"en": "persona", "fr": "persona"},
        "kind_custom lane": {"en": "custom lane", "fr": "ligne personnalisée"},
        "kind_step": {"en": "step", "fr": "étape"},
        "kind_irritant": {"en": "irritant", "fr": "irritant"},
        "none_defined": {"en": "none defined", "fr": "aucun défini"},
    }
)
"""Every message of this package, in English and French."""


@dataclass(frozen=True)
class Problem:
    """One problem of a file: where it is, which field, what was expected, what was found.

    ``line`` and ``column`` are 1-based. For spreadsheets ``sheet`` is set, ``line`` is
    the row and ``column`` the column number; ``cell`` then reads like ``Steps!C7``.
    ``expected`` is the English text; :meth:`describe` gives any language.
    """

    field: str
    expected: str
    got: str = ""
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    key: str = ""
    """Catalog key of the expectation (empty: ``expected`` is used as is)."""
    params: Mapping[str, str] = dataclass_field(default_factory=dict)

    @classmethod
    def of(
        cls,
        key: str,
        *,
        field: str = "",
        got: str = "",
        line: int | None = None,
        column: int | None = None,
        sheet: str | None = None,
        **params: str,
    ) -> Problem:
        """A problem whose expectation is the catalog message ``key`` with ``params``."""
        return cls(
            field=field,
            expected=MESSAGES.text(key, "en", **_translated(params, "en")),
            got=got,
            line=line,
            column=column,
            sheet=sheet,
            key=key,
            params=dict(params),
        )

    @property
    def cell(self) -> str | None:
        """Spreadsheet reference such as ``Steps!C7`` (None outside spreadsheets)."""
        if self.sheet is None:
            return None
        if self.line is None:
            return self.sheet
        letters = column_letters(self.column) if self.column else ""
        return f"{self.sheet}!{letters}{self.line}"

    def expected_text(self, lang: str) -> str:
        """What was expected, in ``lang``."""
        if not self.key:
            return self.expected
        return MESSAGES.text(self.key, lang, **_translated(self.params, lang))

    def describe(self, lang: str = "en") -> str:
        """One line: location, field, expectation and what was found."""
        sep = MESSAGES.text("sep", lang)
        parts: list[str] = []
        if self.sheet is not None:
            parts.append(self.cell or self.sheet)
        elif self.line is not None:
            where = MESSAGES.text("line", lang, line=self.line)
            if self.column is not None:
                where += ", " + MESSAGES.text("column", lang, column=self.column)
            parts.append(where)
        if self.field:
            parts.append(self.field)
        text = MESSAGES.text("expected", lang, what=self.expected_text(lang))
        if self.got:
            text += ", " + MESSAGES.text("got", lang, got=self.got)
        parts.append(text)
        return sep.join(parts)


def _translated(params: Mapping[str, str], lang: str) -> dict[str, str]:
    return {k: _translate_param(v, lang) for k, v in params.items()}


def _translate_param(value: str, lang: str) -> str:
    """Parameters that are themselves catalog keys (``type_int``...) are translated."""
    if value in MESSAGES and (value.startswith(("type_", "kind_")) or value == "none_defined"):
        return MESSAGES.text(value, lang)
    return value


def column_letters(column: int) -> str:
    """Spreadsheet letters of a 1-based column number.

    >>> column_letters(1), column_letters(27)
    ('A', 'AA')
    """
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class KeyedError(ParcoursError, ValueError):
    """An error whose text is the catalog message ``key`` of :data:`MESSAGES` with ``params``.

    Also a :class:`ValueError`, as :class:`UpgradeError` and :class:`ExcelExportError`
    were before they joined :class:`ParcoursError`.
    """

    def __init__(self, key: str, /, **params: str) -> None:
        self.key = key
        self.params = dict(params)
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The explanation in ``lang`` (``en`` or ``fr``)."""
        return MESSAGES.text(self.key, lang, **_translated(self.params, lang))


class UpgradeError(KeyedError):
    """An old map that cannot be upgraded (e.g. it mixes old and new layouts).

    >>> UpgradeError("upgrade_missing", version="4").message("fr")[:40]
    'une version de format que cette version '
    """


class ExcelExportError(KeyedError):
    """A map a workbook cannot hold exactly: the export refuses to lose data.

    ``file`` is set once the workbook's path is known (``excel_header`` then wraps the
    reason).

    >>> ExcelExportError("excel_emotions", index="0", personas="p1").message("fr")[:31]
    'steps[0].emotions : le ou les p'
    """

    def with_file(self, file: str) -> ExcelExportError:
        """The same error, naming the workbook ``file``."""
        error = ExcelExportError(self.key, **self.params)
        error.file = file
        return error

    file: str = ""

    def message(self, lang: str = "en") -> str:
        """The explanation in ``lang``, after the file name when it is known."""
        reason = super().message(lang)
        if not self.file:
            return reason
        return MESSAGES.text("excel_header", lang, file=self.file, reason=reason)

    def __str__(self) -> str:
        return self.message("en")


class MapFileError(ParcoursError):
    """A journey-map file that cannot be read, with every problem found in it."""

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.file = file
        self.problems: list[Problem] = list(problems)
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """A readable multi-line text: the file, then one indented line per problem."""
        lines = [MESSAGES.text("header", lang, file=self.file, count=len(self.problems))]
        lines.extend("  " + p.describe(lang) for p in self.problems)
        return "\n".join(lines)
