"""Every CLI command and option is documented in docs/cli.md (datasette-style)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main

from parcours.cli.app import app

DOC = (Path(__file__).parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")


def _commands() -> dict[str, Any]:
    group = typer.main.get_command(app)
    commands = getattr(group, "commands", None)
    assert commands, "the parcours command group has no sub-commands"
    return dict(commands)


def test_every_command_has_a_section() -> None:
    for name in _commands():
        assert f"## `parcours {name}" in DOC, f"parcours {name} is not documented in docs/cli.md"


def test_every_option_is_mentioned() -> None:
    for name, command in _commands().items():
        for param in command.params:
            if type(param).__name__.endswith("Option"):
                longest = max(param.opts, key=len)
                if longest in ("--help",):
                    continue
                assert longest in DOC, f"{longest} of parcours {name} is not documented"
