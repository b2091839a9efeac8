"""Outputs checked before anything is written: never an input, never a folder, never twice.

Every command that writes files lists its inputs and outputs and calls
:func:`check_outputs` first, so that ``parcours render m.yaml -f md -o m.yaml`` is refused
instead of destroying ``m.yaml``. Paths are compared after resolving links and ``..``, and
with :func:`os.path.samefile` when both exist (hard links, case-insensitive disks).

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> (folder / "m.yaml").write_text("journey: {title: T}\\n", encoding="utf-8")
20
>>> check_outputs({"MAP": folder / "m.yaml"}, {"--json": folder / "m.json"})
>>> check_outputs({"MAP": folder / "m.yaml"}, {"--json": folder / "." / "m.yaml"})
... # doctest: +ELLIPSIS
Traceback (most recent call last):
...
parcours.services.errors.OutputIsInputError: ...m.yaml: --json is the input MAP
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from parcours.services.errors import (
    OutputIsFolderError,
    OutputIsInputError,
    OutputsCollideError,
    OutputSuffixError,
)

PathMap = Mapping[str, "str | Path | None"]
"""Files by the option (or argument) that names them; ``None``: not used this time."""


def source_path(source: str | Path | None) -> Path | None:
    """The file behind an event-log source, or None for a database URL.

    >>> source_path("postgresql://host/db") is None
    True
    >>> source_path("log.csv")
    PosixPath('log.csv')
    """
    if source is None or (isinstance(source, str) and "://" in source):
        return None
    return Path(source)


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether ``a`` and ``b`` name one file (through links, ``..``, letter case).

    >>> same_file("a/../x.yaml", "x.yaml")
    True
    """
    first, second = Path(a), Path(b)
    try:
        if first.exists() and second.exists():
            return os.path.samefile(first, second)
    except OSError:
        pass
    return _resolved(first) == _resolved(second)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return path.absolute()


def check_outputs(inputs: PathMap, outputs: PathMap) -> None:
    """Refuse, before any side effect, an output that is an input, a folder, or another
    output of the same command."""
    sources = _present(inputs)
    targets = _present(outputs)
    for option, target in targets:
        if target.is_dir():
            raise OutputIsFolderError(target, option)
        for role, source in sources:
            if same_file(target, source):
                raise OutputIsInputError(target, option, role)
    for position, (option, target) in enumerate(targets):
        for other, second in targets[position + 1 :]:
            if same_file(target, second):
                raise OutputsCollideError(target, option, other)


def check_suffix(path: str | Path, option: str, suffixes: Iterable[str]) -> None:
    """Refuse an output whose extension is not one of ``suffixes`` (none at all is accepted).

    >>> check_suffix("out.pdf", "--output", (".pdf",))
    >>> check_suffix("m.yaml", "--output", (".pdf",))
    Traceback (most recent call last):
    ...
    parcours.services.errors.OutputSuffixError: m.yaml: --output expects .pdf
    """
    target = Path(path)
    allowed = tuple(suffixes)
    if target.suffix and target.suffix.lower() not in allowed:
        raise OutputSuffixError(target, option, allowed)


def free_path(default: str | Path, inputs: PathMap) -> Path:
    """``default``, or ``<stem>-2<suffix>``, ``-3``... : the first that is no input.

    >>> free_path("x.rejected.csv", {"LOG": "x.rejected.csv"})
    PosixPath('x.rejected-2.csv')
    """
    target = Path(default)
    sources = [source for _, source in _present(inputs)]
    candidate, number = target, 1
    while any(same_file(candidate, source) for source in sources):
        number += 1
        candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
    return candidate


def _present(paths: PathMap) -> list[tuple[str, Path]]:
    return [(name, Path(path)) for name, path in paths.items() if path is not None]
