"""``parcours convert`` to Excel: a map a workbook cannot hold gives exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from parcours.cli.app import app
from parcours.errors import ParcoursError
from parcours.io import ExcelExportError, UpgradeError, import_excel, load_map, upgrade

runner = CliRunner()

MAP = """\
journey:
  title: Ouvrir un compte
phases:
  - id: ph
    name: Découverte
steps:
  - id: s1
    name: {name}
    phase: ph
    description: "Première ligne\\nseconde ligne"
    actions:
      - {action}
"""


def _convert(tmp_path: Path, name: str, action: str, lang: str) -> tuple[int, str, Path]:
    source = tmp_path / "m.yaml"
    source.write_text(MAP.format(name=name, action=action), "utf-8")
    target = tmp_path / "m.xlsx"
    result = runner.invoke(app, ["convert", str(source), "-o", str(target), "--lang", lang])
    assert "Traceback" not in result.output
    return result.exit_code, result.output, target


@pytest.mark.parametrize(
    ("action", "field"),
    [('"Remplir\\nle formulaire"', "steps[0].actions[0]"), ('"Signer\\x01"', "Steps!E2")],
    ids=["newline-in-action", "control-character"],
)
def test_convert_refuses_what_excel_cannot_hold(tmp_path: Path, action: str, field: str) -> None:
    code, output, target = _convert(tmp_path, "Simuler", action, "en")
    assert code == 2, output
    assert "m.xlsx: cannot be saved as an Excel workbook" in output and field in output
    assert not target.exists()
    code, output, _ = _convert(tmp_path, "Simuler", action, "fr")
    assert code == 2 and "impossible d'enregistrer en classeur Excel" in output


def test_multi_line_text_that_excel_holds_is_exported(tmp_path: Path) -> None:
    code, output, target = _convert(tmp_path, '"Simuler"', "Remplir le formulaire", "en")
    assert code == 0, output
    assert import_excel(target) == load_map(tmp_path / "m.yaml").assign_missing_ids()


def test_export_and_upgrade_errors_are_parcours_errors() -> None:
    assert issubclass(ExcelExportError, ParcoursError) and issubclass(UpgradeError, ParcoursError)
    with pytest.raises(UpgradeError) as caught:
        upgrade({"stages": [], "phases": []}, 0, to_version=1)
    assert "not both" in caught.value.message("en")
    assert "pas les deux" in caught.value.message("fr")
