"""Refusals of the use cases, explained in French and English.

Each names the file (or option) at fault and what was expected, and is raised *before*
anything is written, so that a refused command leaves every file as it was.

>>> OutputIsInputError(Path("m.yaml"), "--json", "MAP").message("fr").split(" : ")[0]
'm.yaml'
>>> OptionError("--max-steps", "whole_at_least_one", "-1").message("en")
'--max-steps: expected a whole number of at least 1, got -1.'
"""

from __future__ import annotations

from pathlib import Path

from parcours.errors import ParcoursError
from parcours.i18n import Catalog

MESSAGES = Catalog(
    {
        "output_exists": {
            "en": "{path} already exists: choose another name or add --force.",
            "fr": "{path} existe déjà : choisissez un autre nom ou ajoutez --force.",
        },
        "output_is_input": {
            "en": "{path}: the output {option} is the same file as the input {role}; "
            "writing it would destroy that input. Nothing was written: choose another name.",
            "fr": "{path} : la sortie {option} est le même fichier que l'entrée {role} ; "
            "l'écrire détruirait cette entrée. Rien n'a été écrit : choisissez un autre nom.",
        },
        "outputs_collide": {
            "en": "{path}: the outputs {option} and {other} are the same file. Nothing was "
            "written: give them different names.",
            "fr": "{path} : les sorties {option} et {other} sont le même fichier. Rien n'a été "
            "écrit : donnez-leur des noms différents.",
        },
        "output_is_folder": {
            "en": "{path}: {option} must name a file, this is a folder. Nothing was written.",
            "fr": "{path} : {option} doit désigner un fichier, ceci est un dossier. Rien n'a "
            "été écrit.",
        },
        "output_not_folder": {
            "en": "{path}: {option} must name a folder, this is a file. Nothing was written.",
            "fr": "{path} : {option} doit désigner un dossier, ceci est un fichier. Rien n'a "
            "été écrit.",
        },
        "output_suffix": {
            "en": "{path}: {option} expects a file ending in {suffixes}. Nothing was written.",
            "fr": "{path} : {option} attend un fichier se terminant par {suffixes}. Rien n'a "
            "été écrit.",
        },
        "report_format": {
            "en": "{path}: the report is written as .html or .pdf. Nothing was written.",
            "fr": "{path} : le rapport s'écrit en .html ou en .pdf. Rien n'a été écrit.",
        },
        "folder_not_empty": {
            "en": "{path} is not empty: the demo would overwrite files there. Choose an empty "
            "or new folder, or add --force (the files replaced are kept in {history}).",
            "fr": "{path} n'est pas vide : la démo y écraserait des fichiers. Choisissez un "
            "dossier vide ou nouveau, ou ajoutez --force (les fichiers remplacés sont gardés "
            "dans {history}).",
        },
        "bad_option": {
            "en": "{option}: expected {expected}, got {got}.",
            "fr": "{option} : attendu {expected}, reçu {got}.",
        },
        "expected.id_score": {
            "en": "ID=N, N a whole number from 1 to 5",
            "fr": "ID=N, N un nombre entier de 1 à 5",
        },
        "expected.days": {
            "en": "a finite number of days, 0 or more (0: no window)",
            "fr": "un nombre fini de jours, 0 ou plus (0 : pas de fenêtre)",
        },
        "expected.whole_at_least_one": {
            "en": "a whole number of at least 1",
            "fr": "un nombre entier d'au moins 1",
        },
        "expected.share": {
            "en": "a share between 0 and 1 (0.05 = 5 %)",
            "fr": "une part entre 0 et 1 (0.05 = 5 %)",
        },
        "expected.date": {
            "en": "a date written YYYY-MM-DD",
            "fr": "une date écrite AAAA-MM-JJ",
        },
        "expected.http_url": {
            "en": "an http:// or https:// address",
            "fr": "une adresse http:// ou https://",
        },
        "expected.svg_views": {
            "en": "a view drawn as SVG ({views}); render the others as HTML or PDF",
            "fr": "une vue dessinée en SVG ({views}) ; rendez les autres en HTML ou en PDF",
        },
    }
)


class OutputExistsError(ParcoursError):
    """Refusal to overwrite a file the user already has."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text("output_exists", lang, path=self.path)


class OutputIsInputError(ParcoursError):
    """An output that is (resolved, through links) the same file as an input."""

    def __init__(self, path: Path, option: str, role: str) -> None:
        super().__init__(f"{path}: {option} is the input {role}")
        self.path, self.option, self.role = path, option, role

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text(
            "output_is_input", lang, path=self.path, option=self.option, role=self.role
        )


class OutputsCollideError(ParcoursError):
    """Two outputs of one command that are the same file."""

    def __init__(self, path: Path, option: str, other: str) -> None:
        super().__init__(f"{path}: {option} and {other} are the same file")
        self.path, self.option, self.other = path, option, other

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text(
            "outputs_collide", lang, path=self.path, option=self.option, other=self.other
        )


class OutputIsFolderError(ParcoursError):
    """An output option naming an existing folder."""

    def __init__(self, path: Path, option: str) -> None:
        super().__init__(f"{path}: {option} is a folder")
        self.path, self.option = path, option

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text("output_is_folder", lang, path=self.path, option=self.option)


class OutputNotFolderError(ParcoursError):
    """An output option that should name a folder but names a file."""

    def __init__(self, path: Path, option: str) -> None:
        super().__init__(f"{path}: {option} is a file")
        self.path, self.option = path, option

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text("output_not_folder", lang, path=self.path, option=self.option)


class OutputSuffixError(ParcoursError):
    """An output whose extension does not match what the command writes."""

    def __init__(self, path: Path, option: str, suffixes: tuple[str, ...]) -> None:
        super().__init__(f"{path}: {option} expects {', '.join(suffixes)}")
        self.path, self.option, self.suffixes = path, option, suffixes

    def message(self, lang: str = "en") -> str:
        shown = ", ".join(self.suffixes)
        return MESSAGES.text(
            "output_suffix", lang, path=self.path, option=self.option, suffixes=shown
        )


class ReportFormatError(ParcoursError):
    """A report file whose extension is neither .html nor .pdf."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text("report_format", lang, path=self.path)


class FolderNotEmptyError(ParcoursError):
    """A demo folder that already holds files (they would be overwritten)."""

    def __init__(self, path: Path, history: Path) -> None:
        super().__init__(f"{path} is not empty")
        self.path, self.history = path, history

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text("folder_not_empty", lang, path=self.path, history=self.history)


class OptionError(ParcoursError):
    """An option value outside what the command accepts; ``expected`` is a catalog key
    (``days``, ``whole_at_least_one``, ``share``, ``svg_views``, ``id_score``)."""

    def __init__(self, option: str, expected: str, got: str, **details: str) -> None:
        super().__init__(f"{option}: expected {expected}, got {got}")
        self.option, self.expected, self.got, self.details = option, expected, got, details

    def message(self, lang: str = "en") -> str:
        expected = MESSAGES.text(f"expected.{self.expected}", lang, **self.details)
        return MESSAGES.text(
            "bad_option", lang, option=self.option, expected=expected, got=self.got
        )
