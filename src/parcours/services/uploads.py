"""A journey map sent as an upload (bytes and the name the browser gave), read as the CLI
reads a file: YAML, JSON or Excel, with the same located FR/EN errors.

The upload's name only chooses the reader (by its extension) and names the file in error
messages: it never reaches the file system. An Excel workbook is written to a private
temporary folder under a fixed name before it is read.

>>> text, m = read_uploaded_map(b"journey:\\n  title: Ouvrir un compte\\n", "../../carte.yml")
>>> m.journey.title, text.startswith("journey:")
('Ouvrir un compte', True)
>>> read_uploaded_map(b"x", "notes.txt")
Traceback (most recent call last):
...
parcours.io.errors.MapFileError: notes.txt: 1 problem(s)
  expected a file ending in .yaml, .yml, .json or .xlsx, got '.txt'
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from parcours import io
from parcours.io.errors import MapFileError, Problem
from parcours.limits import MAP_FILE_MAX_BYTES
from parcours.model import JourneyMap

EXCEL_MAX_BYTES = 10 * 1024 * 1024
"""An Excel map: at most 10 MiB (a workbook of a large map is a few hundred KB)."""

UPLOAD_NAME_MAX_CHARS = 120
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


def upload_limit_bytes(filename: str) -> int:
    """The largest upload accepted for ``filename`` (by its extension).

    >>> upload_limit_bytes("map.xlsx") > upload_limit_bytes("map.yaml")
    True
    """
    return EXCEL_MAX_BYTES if filename.lower().endswith(".xlsx") else MAP_FILE_MAX_BYTES


def display_name(filename: str) -> str:
    """The upload's base name, for messages only (no folders, no control characters).

    >>> display_name("C:\\\\Users\\\\eve\\\\..\\\\carte.yaml"), display_name("")
    ('carte.yaml', 'upload')
    """
    base = PureWindowsPath(PurePosixPath(filename).name).name
    cleaned = _UNPRINTABLE.sub("", base).strip()[:UPLOAD_NAME_MAX_CHARS]
    return cleaned or "upload"


def read_uploaded_map(data: bytes, filename: str) -> tuple[str, JourneyMap]:
    """The map in an upload: its YAML text (the upload itself when it is YAML, comments
    kept) and the validated map. Raises :class:`MapFileError` naming the upload, its line
    (or cell) and field, exactly as ``parcours check`` would for that file."""
    name = display_name(filename)
    fmt = io.format_of(name)
    limit = upload_limit_bytes(name)
    if len(data) > limit:
        problem = Problem.of("too_large", limit=str(limit), got=f"{len(data)} bytes")
        raise MapFileError(name, [problem])
    if fmt == "xlsx":
        m = _read_excel(data, name)
        return io.dump_map(m.assign_missing_ids(), "yaml"), m
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MapFileError(name, [Problem.of("cannot_read", reason=str(exc))]) from None
    m = io.loads_map(text, fmt=fmt, source=name)
    if fmt == "yaml":
        return text, m
    return io.dump_map(m.assign_missing_ids(), "yaml"), m


def _read_excel(data: bytes, name: str) -> JourneyMap:
    with tempfile.TemporaryDirectory(prefix="parcours-upload-") as folder:
        path = Path(folder) / "upload.xlsx"
        path.write_bytes(data)
        try:
            return io.import_excel(path)
        except MapFileError as exc:
            raise MapFileError(name, exc.problems) from None
