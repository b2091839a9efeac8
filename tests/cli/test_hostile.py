"""Hostile and broken inputs: every command refuses clearly (exit 2) or gives a correct
result (exit 0) — never a traceback, never a control character on the terminal, never a
changed input, never a file written by a refusal, always quickly.

The corpus is built in each case's folder by :func:`_corpus`: the small map and log of
``small_files.py``, an event log and a map whose names carry terminal escapes and Rich markup,
empty files, binary garbage, a 1 MB single line, wrong extensions, a folder given as a
file, a symbolic link to the map.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from small_files import SMALL_LOG, SMALL_MAP
from typer.testing import CliRunner

from parcours.cli.app import app

runner = CliRunner()

ESCAPES = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\u202e"
"""OSC 52 (set the clipboard), clear screen, an 8-bit CSI, a right-to-left override."""
MARKUP = "[link=https://evil.example]click[/link] [/bold]"
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_SECONDS = 20.0

EVIL_LOG = (
    "customer_id,timestamp,activity\n"
    "c1,2026-01-01 09:00:00,simulator_used\n"
    f'c1,2026-01-01 09:10:00,"{ESCAPES}{MARKUP}"\n'
    "c2,2026-01-01 09:20:00,[/bold]\n"
)
EVIL_MAP = """\
journey:
  title: "\\e]0;pwned\\a[bold]T[/b]"
language: en
steps:
  - id: s-1
    name: "\\e[2J[link=https://evil.example]Sign[/link]"
    events:
      - activity: simulator_used
  - id: s-2
    name: "[/bold] \\x9b31m"
    events:
      - activity: signed
"""


def _corpus(folder: Path) -> None:
    texts = {
        "map.yaml": SMALL_MAP,
        "log.csv": SMALL_LOG,
        "map.rejected.csv": SMALL_LOG,
        "X.rejected.csv": SMALL_LOG,
        "evil.csv": EVIL_LOG,
        "evil-map.yaml": EVIL_MAP,
        "empty.yaml": "",
        "empty.csv": "",
        "huge.yaml": "a" * 1_000_000,
        "huge.csv": "customer_id,timestamp,activity\n" + "x" * 1_000_000,
        "map.txt": SMALL_MAP,
        "yaml-in.json": SMALL_MAP,
        "log.pdf": SMALL_LOG,
        "full/notes.txt": "my notes",
        "\x1b[2Jodd[/b].yaml": "journey: [",
    }
    for name, text in texts.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    garbage = bytes(range(256)) * 40
    (folder / "garbage.yaml").write_bytes(garbage)
    (folder / "garbage.csv").write_bytes(garbage)
    (folder / "a-folder").mkdir()
    (folder / "sub").mkdir()
    (folder / "link.yaml").symlink_to(folder / "map.yaml")


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    codes: tuple[int, ...] = (2,)
    shows: tuple[str, ...] = ()
    """Texts the output must hold (the file or option named, markup shown as text)."""
    changes: tuple[str, ...] = ()
    """Files this case may change (every other file is hashed before and after)."""
    check: Callable[[Path], None] | None = field(default=None)


def _kept_apart(name: str, source: str) -> Callable[[Path], None]:
    def check(folder: Path) -> None:
        assert (folder / name).read_text(encoding="utf-8").startswith("row,"), name
        assert (folder / source).read_text(encoding="utf-8") == SMALL_LOG

    return check


MAP, LOG = "map.yaml", "log.csv"
NO_STORE = ("--no-store", "--json", "out.json")
CASES = [
    # 1. an output equal to an input, whatever its spelling
    *[
        Case(f"render-{fmt}-over-map", ("render", MAP, "-f", fmt, "-o", MAP), shows=(MAP,))
        for fmt in ("pdf", "html", "md", "svg", "xlsx", "png")
    ],
    Case("render-over-map-spelled", ("render", MAP, "-f", "md", "-o", "sub/../map.yaml")),
    Case("render-over-map-link", ("render", MAP, "-f", "html", "-o", "link.yaml")),
    Case("convert-over-map", ("convert", MAP, "-o", "./map.yaml", "--force"), shows=(MAP,)),
    Case("analyze-json-over-map", ("analyze", MAP, "-e", LOG, "--json", MAP), shows=("--json",)),
    Case("analyze-json-over-map-nostore", ("analyze", MAP, "-e", LOG, "--no-store", "--json", MAP)),
    Case("analyze-json-over-log", ("analyze", MAP, "-e", LOG, "--json", LOG)),
    Case("analyze-rejected-over-map", ("analyze", MAP, "-e", LOG, "--rejected", MAP)),
    Case("analyze-rejected-over-log", ("analyze", MAP, "-e", LOG, "--rejected", LOG)),
    Case(
        "analyze-outputs-collide",
        ("analyze", MAP, "-e", LOG, "--json", "r.html", "--report", "r.html"),
    ),
    Case("discover-over-log", ("discover", LOG, "-o", LOG, "--force")),
    # 2. a default rejected file never overwrites the log being read
    Case(
        "analyze-log-named-rejected",
        ("analyze", MAP, "-e", "map.rejected.csv", *NO_STORE),
        codes=(0,),
        check=_kept_apart("map.rejected-2.csv", "map.rejected.csv"),
    ),
    Case(
        "discover-log-named-rejected",
        ("discover", "X.rejected.csv", "-o", "X.yaml"),
        codes=(0,),
        check=_kept_apart("X.rejected-2.csv", "X.rejected.csv"),
    ),
    # 4. the demo never overwrites a folder's files unasked
    Case("demo-into-non-empty-folder", ("demo", "-o", "full"), shows=("full", "--force")),
    Case("demo-into-a-file", ("demo", "-o", MAP), shows=(MAP,)),
    # 5. every output checked before any side effect (the map is stored by default)
    Case(
        "analyze-report-docx",
        ("analyze", MAP, "-e", LOG, "--report", "rep.docx"),
        shows=("rep.docx",),
    ),
    # 6. user text shown, never interpreted
    Case(
        "analyze-evil-log",
        ("analyze", MAP, "-e", "evil.csv", *NO_STORE),
        codes=(0,),
        shows=("[link=https://evil.example]click[/link]", "[/bold]"),
    ),
    Case(
        "discover-evil-log",
        ("discover", "evil.csv", "-o", "d.yaml"),
        codes=(0,),
        shows=("[/bold]",),
    ),
    Case("check-evil-map", ("check", "evil-map.yaml"), codes=(0, 1), shows=("[/bold]",)),
    Case("check-evil-map-json", ("check", "evil-map.yaml", "-f", "json"), codes=(0, 1)),
    Case("render-evil-map", ("render", "evil-map.yaml", "-f", "md", "-o", "e.md"), codes=(0,)),
    Case(
        "analyze-evil-map",
        ("analyze", "evil-map.yaml", "-e", LOG, *NO_STORE),
        codes=(0,),
        shows=("[link=https://evil.example]Sign[/link]",),
    ),
    Case("evil-file-name", ("check", "\x1b[2Jodd[/b].yaml"), shows=("odd[/b].yaml",)),
    # 8-9. options out of range
    *[
        Case(
            f"window-days-{days}",
            ("analyze", MAP, "-e", LOG, "--window-days", days),
            shows=("--window-days",),
        )
        for days in ("inf", "nan", "-1", "1e308")
    ],
    Case(
        "svg-of-rubric",
        ("render", MAP, "--view", "rubric", "-f", "svg", "-o", "r.svg"),
        shows=("rubric",),
    ),
    *[
        Case(
            f"max-steps-{n}",
            ("discover", LOG, "-o", "d.yaml", "--max-steps", n),
            shows=("--max-steps",),
        )
        for n in ("-1", "0")
    ],
    Case("min-share-nan", ("discover", LOG, "-o", "d.yaml", "--min-share", "nan")),
    Case(
        "new-in-missing-folder",
        ("new", "bank-account", "-o", "missing/x.yaml"),
        shows=("missing/x.yaml",),
    ),
    # broken inputs
    *[
        Case(f"check-{name}", ("check", name), shows=(name,))
        for name in (
            "empty.yaml",
            "garbage.yaml",
            "huge.yaml",
            "map.txt",
            "yaml-in.json",
            "a-folder",
            "nope.yaml",
        )
    ],
    Case("render-garbage", ("render", "garbage.yaml", "-f", "html", "-o", "g.html")),
    Case("convert-empty", ("convert", "empty.yaml", "-o", "e.json")),
    *[
        Case(f"analyze-events-{name}", ("analyze", MAP, "-e", name, *NO_STORE), shows=(name,))
        for name in ("empty.csv", "garbage.csv", "huge.csv", "log.pdf", "a-folder", "nope.csv")
    ],
    Case("analyze-mapping-garbage", ("analyze", MAP, "-e", LOG, "-m", "garbage.yaml", *NO_STORE)),
    Case("discover-garbage", ("discover", "garbage.csv", "-o", "d.yaml"), shows=("garbage.csv",)),
    # outputs that cannot be
    Case("new-unknown-template", ("new", "nope", "-o", "n.yaml")),
    Case("new-over-existing", ("new", "bank-account", "-o", MAP), shows=("--force",)),
    Case("new-wrong-extension", ("new", "bank-account", "-o", "n.txt")),
    Case("render-into-folder", ("render", MAP, "-f", "html", "-o", "a-folder")),
    Case("render-wrong-extension", ("render", MAP, "-f", "pdf", "-o", "out.yaml"), shows=(".pdf",)),
    Case("schema-into-folder", ("schema", "-o", "a-folder")),
    Case("check-bad-format", ("check", MAP, "-f", "xml")),
]


def _hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    }


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = _hashes(tmp_path)
    started = time.monotonic()
    result = runner.invoke(
        app, [*case.args, "--lang", "en"] if case.args[0] != "schema" else list(case.args)
    )
    elapsed = time.monotonic() - started
    output = result.output
    assert result.exit_code in case.codes, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in output
    assert not CONTROLS.findall(output), CONTROLS.findall(output)
    for text in case.shows:
        assert text in output, (text, output)
    after = _hashes(tmp_path)
    for name, digest in before.items():
        if name not in case.changes:
            assert after.get(name) == digest, f"{name} changed"
    if result.exit_code == 2:
        assert sorted(after) == sorted(before), "a refusal wrote files"
    if case.check is not None:
        case.check(tmp_path)
    assert elapsed < MAX_SECONDS
