"""Outputs are checked before anything is written: never an input, a folder or twice."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from parcours.errors import ParcoursError
from parcours.render import View
from parcours.services import create_from_template, render_file
from parcours.services.errors import (
    OptionError,
    OutputIsFolderError,
    OutputIsInputError,
    OutputsCollideError,
    OutputSuffixError,
)
from parcours.services.maps import convert
from parcours.services.outputs import check_outputs, free_path, same_file
from parcours.services.rendering import OutputFormat


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return create_from_template("bank-account", "en", tmp_path / "m.yaml")


def test_same_file_sees_through_links_and_spellings(bank: Path) -> None:
    folder = bank.parent
    (folder / "sub").mkdir()
    (folder / "soft.yaml").symlink_to(bank)
    os.link(bank, folder / "hard.yaml")
    for other in ("sub/../m.yaml", "./m.yaml", "soft.yaml", "hard.yaml"):
        assert same_file(folder / other, bank), other
    assert not same_file(folder / "m.json", bank)


def test_an_output_may_not_be_an_input_a_folder_or_another_output(bank: Path) -> None:
    folder = bank.parent
    with pytest.raises(OutputIsInputError) as caught:
        check_outputs({"MAP": bank}, {"--json": folder / "." / "m.yaml"})
    assert "--json" in caught.value.message("en") and "MAP" in caught.value.message("fr")
    with pytest.raises(OutputIsFolderError):
        check_outputs({"MAP": bank}, {"--json": folder})
    with pytest.raises(OutputsCollideError):
        check_outputs({}, {"--json": folder / "a.x", "--report": folder / "b" / ".." / "a.x"})
    check_outputs({"MAP": bank, "--mapping": None}, {"--json": folder / "m.json"})


def test_free_path_never_picks_an_input(tmp_path: Path) -> None:
    taken = tmp_path / "x.rejected.csv"
    second = tmp_path / "x.rejected-2.csv"
    taken.write_text("a", encoding="utf-8")
    second.write_text("b", encoding="utf-8")
    assert free_path(taken, {"LOG": taken}) == second
    assert free_path(taken, {"LOG": taken, "--mapping": second}) == tmp_path / "x.rejected-3.csv"
    assert free_path(taken, {"LOG": None}) == taken


@pytest.mark.parametrize("fmt", [OutputFormat.SVG, OutputFormat.PNG])
def test_render_never_writes_over_its_map(bank: Path, fmt: OutputFormat) -> None:
    before = bank.read_bytes()
    with pytest.raises(ParcoursError):
        render_file(bank, fmt, bank)
    assert bank.read_bytes() == before
    assert sorted(p.name for p in bank.parent.iterdir()) == ["m.yaml"]


def test_render_refuses_a_wrong_extension_and_views_without_svg(bank: Path) -> None:
    with pytest.raises(OutputSuffixError):
        render_file(bank, OutputFormat.PDF, bank.with_name("out.yaml"))
    with pytest.raises(OptionError) as caught:
        render_file(bank, OutputFormat.SVG, bank.with_name("r.svg"), views=(View.RUBRIC,))
    assert "rubric" in caught.value.message("fr") and "HTML" in caught.value.message("en")
    assert sorted(p.name for p in bank.parent.iterdir()) == ["m.yaml"]


def test_convert_refuses_its_own_source_even_with_force(bank: Path) -> None:
    before = bank.read_bytes()
    with pytest.raises(OutputIsInputError):
        convert(bank, bank, force=True)
    assert bank.read_bytes() == before
    assert convert(bank, bank.with_suffix(".json")).exists()
