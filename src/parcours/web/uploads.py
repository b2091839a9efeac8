"""Uploads streamed to disk: a multipart body is parsed as it arrives, chunk by chunk.

The file part goes straight to a new file under ``<data>/uploads/`` whose name is generated
(:func:`stored_name`): nothing of the upload's own name reaches the file system, it is kept
as display text only (:func:`display_name`). The size is counted as the bytes arrive and the
upload is refused as soon as it passes the limit (the partial file is removed); the type is
checked by the extension of the upload's name and by the first bytes of the content
(:func:`check_content`). At no moment does the whole upload sit in memory: the server hands
the body over in chunks and each chunk is written then dropped.

>>> display_name("../../etc/pass\\x00wd.csv")
'passwd.csv'
>>> stored_name(".csv").endswith(".csv"), len(stored_name(".csv"))
(True, 36)
>>> upload_suffix("Export Mars.CSV"), upload_suffix("journal.parquet"), upload_suffix("x.exe")
('.csv', '.parquet', None)
"""

from __future__ import annotations

import os
import secrets
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from python_multipart.multipart import MultipartParser, parse_options_header

from parcours.i18n import Catalog
from parcours.web.errors import WebError

UPLOAD_FOLDER = "uploads"
WRITE_CHUNK_BYTES = 1024 * 1024
"""The largest piece written at once (the server's chunks are usually 64 KiB)."""
FIELD_MAX_BYTES = 4096
"""A form field beside the file (the CSRF token, the kind of data) is short."""
MAX_FIELDS = 8
SNIFF_BYTES = 64 * 1024
PART_SUFFIX = ".part"
"""An upload being received is ``<name>.part``, renamed once whole and checked: a server
killed mid-upload leaves only ``.part`` files, removed at the next start."""

SUFFIXES = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
}
"""Accepted extensions (lower case) and the content each must have."""

MESSAGES = Catalog(
    {
        "too_large": {
            "en": "'{name}' is too large: at most {limit} MB per file. Nothing was kept.",
            "fr": "« {name} » est trop gros : {limit} Mo au plus par fichier. Rien n'a été gardé.",
        },
        "bad_suffix": {
            "en": "'{name}' is not a file parcours reads: expected a .csv, .tsv, .txt, .xlsx "
            "or .parquet file. Nothing was kept.",
            "fr": "« {name} » n'est pas un fichier que parcours lit : il faut un fichier .csv, "
            ".tsv, .txt, .xlsx ou .parquet. Rien n'a été gardé.",
        },
        "bad_content": {
            "en": "'{name}' does not hold what its extension says: expected {expected}. "
            "Nothing was kept.",
            "fr": "« {name} » ne contient pas ce qu'annonce son extension : il faut {expected}. "
            "Rien n'a été gardé.",
        },
        "no_file": {
            "en": "Choose a file to upload (the form holds none).",
            "fr": "Choisissez un fichier à envoyer (le formulaire n'en contient aucun).",
        },
        "empty": {
            "en": "'{name}' is empty. Nothing was kept.",
            "fr": "« {name} » est vide. Rien n'a été gardé.",
        },
        "bad_form": {
            "en": "The upload could not be read (not a complete form). Try again.",
            "fr": "L'envoi n'a pas pu être lu (formulaire incomplet). Réessayez.",
        },
        "expected_csv": {
            "en": "text (comma- or tab-separated values)",
            "fr": "du texte (valeurs séparées par des virgules ou des tabulations)",
        },
        "expected_xlsx": {"en": "an Excel workbook (.xlsx)", "fr": "un classeur Excel (.xlsx)"},
        "expected_parquet": {"en": "a Parquet file", "fr": "un fichier Parquet"},
    }
)


class UploadError(WebError):
    """An upload refused (too large, wrong type, empty...), said in French and English."""

    def __init__(self, key: str, status: int = 422, **params: object) -> None:
        self.status = status
        super().__init__(key, **params)

    def message(self, lang: str = "en") -> str:
        params = dict(self.params)
        if "expected" in params:
            params["expected"] = MESSAGES.text(f"expected_{params['expected']}", lang)
        return MESSAGES.text(self.key, lang, **params)


def display_name(name: str, limit: int = 200) -> str:
    """The upload's name as display text: its last path part, no control character.

    >>> display_name("C:\\\\Users\\\\me\\\\journal.csv"), display_name("")
    ('journal.csv', 'upload')
    """
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in last if unicodedata.category(c)[0] != "C").strip()
    return kept[:limit] or "upload"


def upload_suffix(name: str) -> str | None:
    """The accepted extension of an upload's name (lower case), or None."""
    lowered = display_name(name).lower()
    for suffix in SUFFIXES:
        if lowered.endswith(suffix) and len(lowered) > len(suffix):
            return suffix
    return None


def stored_name(suffix: str) -> str:
    """A new file name for an upload: 32 random hex digits and one accepted extension."""
    if suffix not in SUFFIXES:
        raise ValueError(f"not an accepted extension: {suffix!r}")
    return secrets.token_hex(16) + suffix


def check_content(path: Path, suffix: str, name: str) -> None:
    """Refuse a file whose first bytes are not what its extension announces.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_bytes(b"client,event,date\\n1,visit,2026-01-01\\n")
    >>> check_content(p, ".csv", "a.csv")
    >>> _ = p.write_bytes(b"PK\\x03\\x04binary\\x00\\x00")
    >>> check_content(p, ".csv", "a.csv")
    Traceback (most recent call last):
    ...
    parcours.web.uploads.UploadError: 'a.csv' does not hold what its extension says: ...
    """
    kind = SUFFIXES[suffix]
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
        if kind == "parquet":
            handle.seek(max(path.stat().st_size - 4, 0))
            tail = handle.read(4)
    if not head:
        raise UploadError("empty", name=name)
    if kind == "xlsx":
        ok = head.startswith(b"PK\x03\x04")
    elif kind == "parquet":
        ok = head.startswith(b"PAR1") and tail == b"PAR1"
    else:
        ok = _looks_like_text(head)
    if not ok:
        raise UploadError("bad_content", name=name, expected=kind)


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head or head.startswith((b"PK\x03\x04", b"PAR1", b"\x1f\x8b")):
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return controls <= len(head) // 100


@dataclass
class ReceivedUpload:
    """What a multipart body held: its short fields and the one file written to disk."""

    fields: dict[str, str] = field(default_factory=dict)
    name: str | None = None
    """The upload's display name (None: the form held no file)."""
    path: Path | None = None
    suffix: str | None = None
    size_bytes: int = 0
    writes: int = 0
    """How many pieces were written (a test checks the body was not read at once)."""

    def discard(self) -> None:
        """Remove the file written (a refused upload leaves nothing behind)."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)


class _Receiver:
    """The callbacks of the multipart parser: headers, then fields or the file's bytes."""

    def __init__(self, folder: Path, limit_bytes: int) -> None:
        self.folder, self.limit = folder, limit_bytes
        self.result = ReceivedUpload()
        self.header_field = b""
        self.header_value = b""
        self.headers: dict[bytes, bytes] = {}
        self.field_name: str | None = None
        self.field_value = bytearray()
        self.handle: IO[bytes] | None = None

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": self.header_field_data,
            "on_header_value": self.header_value_data,
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
        }

    def part_begin(self) -> None:
        self.headers, self.field_name, self.field_value = {}, None, bytearray()

    def header_field_data(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def header_value_data(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def header_end(self) -> None:
        self.headers[self.header_field.lower()] = self.header_value
        self.header_field, self.header_value = b"", b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if filename is None:
            if len(self.result.fields) >= MAX_FIELDS:
                raise UploadError("bad_form")
            self.field_name = name
            return
        if self.result.name is not None:
            raise UploadError("bad_form")  # one file per upload
        shown = display_name(filename.decode("utf-8", "replace"))
        self.result.name = shown
        suffix = upload_suffix(shown)
        if suffix is None:
            raise UploadError("bad_suffix", name=shown)
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / (stored_name(suffix) + PART_SUFFIX)
        self.handle = target.open("xb")
        self.result.path, self.result.suffix = target, suffix

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self.handle is None:
            if self.field_name is None:
                return
            self.field_value += data[start:end]
            if len(self.field_value) > FIELD_MAX_BYTES:
                raise UploadError("bad_form")
            return
        self.result.size_bytes += end - start
        if self.result.size_bytes > self.limit:
            raise UploadError(
                "too_large", status=413, name=self.result.name, limit=_megabytes(self.limit)
            )
        view = memoryview(data)[start:end]
        for offset in range(0, len(view), WRITE_CHUNK_BYTES):
            self.handle.write(view[offset : offset + WRITE_CHUNK_BYTES])
            self.result.writes += 1

    def part_end(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
        elif self.field_name is not None:
            self.result.fields[self.field_name] = self.field_value.decode("utf-8", "replace")
        self.field_name = None

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def remove_partial_uploads(folder: Path) -> int:
    """Remove the ``.part`` files a stopped server left in ``folder``; how many.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "abc.csv.part").write_bytes(b"half")
    >>> _ = (folder / "abc.csv").write_bytes(b"whole")
    >>> remove_partial_uploads(folder), sorted(p.name for p in folder.iterdir())
    (1, ['abc.csv'])
    """
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob(f"*{PART_SUFFIX}"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.0f}" if size >= 1_000_000 else f"{size / 1_000_000:.2f}"


async def receive_upload(
    content_type: str | None,
    content_length: str | None,
    body: AsyncIterator[bytes],
    folder: Path,
    limit_bytes: int,
) -> ReceivedUpload:
    """Parse a ``multipart/form-data`` body as it arrives; the file goes to ``folder``.

    Refuses (:class:`UploadError`, nothing left on disk) a body announced larger than the
    limit before reading it, a file that passes the limit while it arrives, an extension
    or a content that is not a table parcours reads, and a form without a file.
    """
    ctype, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise UploadError("no_file")
    if content_length and content_length.isdigit() and int(content_length) > limit_bytes + 65536:
        raise UploadError("too_large", status=413, name="?", limit=_megabytes(limit_bytes))
    receiver = _Receiver(folder, limit_bytes)
    parser = MultipartParser(boundary, receiver.callbacks())  # type: ignore[arg-type]
    try:
        async for chunk in body:
            parser.write(chunk)
        parser.finalize()
        receiver.close()
        result = receiver.result
        if result.path is None or result.suffix is None or result.name is None:
            raise UploadError("no_file")
        check_content(result.path, result.suffix, result.name)
        final = result.path.with_name(result.path.name.removesuffix(PART_SUFFIX))
        os.replace(result.path, final)
        result.path = final
    except BaseException as exc:
        receiver.close()
        receiver.result.discard()
        if isinstance(exc, UploadError | KeyboardInterrupt | SystemExit):
            raise
        if isinstance(exc, Exception):
            raise UploadError("bad_form") from exc
        raise
    return result
