"""Fixtures shared across packages."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``parcours demo`` run once through the command line: its folder and its output.

    Shared by the CLI test of the command and the service tests of what it wrote (a demo
    renders every format: it is the slowest command).
    """
    from typer.testing import CliRunner

    from parcours.cli.app import app

    folder = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "-o", str(folder), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    return folder, result.output
