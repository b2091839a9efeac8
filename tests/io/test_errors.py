"""Problems and MapFileError messages."""

from __future__ import annotations

from parcours.io import MapFileError, Problem
from parcours.io.errors import MESSAGES


def test_problem_built_directly_keeps_its_text() -> None:
    p = Problem(field="x", expected="something special", got="y", line=3)
    assert p.describe("fr") == "ligne 3 : x : attendu something special, reçu y"


def test_sheet_problem_names_the_cell() -> None:
    p = Problem.of("enum", field="steps[0].phase", sheet="Étapes", line=7, column=3, choices="a")
    assert p.cell == "Étapes!C7"
    assert p.describe("en").startswith("Étapes!C7: steps[0].phase: expected one of: a")


def test_message_lists_every_problem_in_both_languages() -> None:
    err = MapFileError(
        "m.yaml",
        [Problem.of("missing", field="journey", line=1), Problem.of("empty")],
    )
    en, fr = err.message("en").splitlines(), err.message("fr").splitlines()
    assert en[0] == "m.yaml: 2 problem(s)" and fr[0] == "m.yaml : 2 problème(s)"
    assert len(en) == len(fr) == 3
    assert str(err) == err.message("en")


def test_every_message_has_the_same_placeholders_in_both_languages() -> None:
    import string

    keys = MESSAGES.keys()
    for key in keys:
        fields = [
            {name for _, name, _, _ in string.Formatter().parse(MESSAGES.text(key, lang)) if name}
            for lang in ("en", "fr")
        ]
        assert fields[0] == fields[1], key
