"""Reading and writing journey-map files: YAML, JSON and Excel, chosen by extension.

>>> m = loads_map("journey:\\n  title: Ouvrir un compte\\n", fmt="yaml", source="demo.yaml")
>>> print(dump_map(m), end="")
format_version: 3
journey:
  title: Ouvrir un compte
"""

from __future__ import annotations

from pathlib import Path

from parcours.io.atomic import write_text_atomic
from parcours.io.errors import MapFileError, Problem
from parcours.io.json_format import dump_json, parse_json
from parcours.io.plain import to_plain
from parcours.io.upgrade import upgrade_document
from parcours.io.validation import Document, to_map
from parcours.io.yaml_format import dump_yaml, parse_yaml
from parcours.limits import MAP_FILE_MAX_BYTES
from parcours.model import FORMAT_VERSION, JourneyMap

TEXT_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
EXCEL_SUFFIX = ".xlsx"


def format_of(path: str | Path) -> str:
    """``yaml``, ``json`` or ``xlsx`` from the file name (MapFileError otherwise).

    >>> format_of("carte.YML")
    'yaml'
    """
    suffix = Path(path).suffix.lower()
    if suffix == EXCEL_SUFFIX:
        return "xlsx"
    if suffix in TEXT_FORMATS:
        return TEXT_FORMATS[suffix]
    raise MapFileError(str(path), [Problem.of("unknown_format", got=repr(suffix or str(path)))])


def load_map(path: str | Path) -> JourneyMap:
    """Read a journey map from a ``.yaml``/``.yml``/``.json``/``.xlsx`` file.

    Every problem (unreadable file, syntax, unknown field, wrong value, dangling
    reference, a file past the limits of :mod:`parcours.limits`...) raises
    :class:`MapFileError` naming the file, line and field.
    """
    fmt = format_of(path)
    if fmt == "xlsx":
        from parcours.io.excel import import_excel

        return import_excel(path)
    try:
        with Path(path).open("rb") as stream:  # at most one byte past the limit, even
            raw = stream.read(MAP_FILE_MAX_BYTES + 1)  # from a device or a pipe
        if len(raw) > MAP_FILE_MAX_BYTES:
            size = max(Path(path).stat().st_size, len(raw))
            got = f"{size} bytes"
            raise MapFileError(
                str(path), [Problem.of("too_large", limit=str(MAP_FILE_MAX_BYTES), got=got)]
            )
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise MapFileError(str(path), [Problem.of("cannot_read", reason=reason)]) from None
    return loads_map(text, fmt=fmt, source=str(path))


def loads_map(text: str, *, fmt: str, source: str = "<text>") -> JourneyMap:
    """Read a journey map from ``text`` in ``fmt`` (``yaml`` or ``json``)."""
    return to_map(read_document(text, fmt=fmt, source=source), source)


def read_document(text: str, *, fmt: str, source: str) -> Document:
    """Parse and upgrade ``text`` to the current format (plain data, not validated)."""
    if fmt == "yaml":
        doc = parse_yaml(text, source)
    elif fmt == "json":
        doc = parse_json(text, source)
    else:
        raise ValueError(f"unknown text format {fmt!r} (expected 'yaml' or 'json')")
    return upgrade_document(doc, source)


def dump_map(m: JourneyMap, fmt: str = "yaml") -> str:
    """The text of ``m`` in ``fmt``: what the author wrote, keys in model order.

    ``format_version`` is always written first so that later releases can upgrade.
    """
    data = to_plain(m, dates_as_text=fmt == "json")
    data.pop("format_version", None)
    data = {"format_version": FORMAT_VERSION, **data}
    if fmt == "yaml":
        return dump_yaml(data)
    if fmt == "json":
        return dump_json(data) + "\n"
    raise ValueError(f"unknown text format {fmt!r} (expected 'yaml' or 'json')")


def save_map(m: JourneyMap, path: str | Path) -> JourneyMap:
    """Write ``m`` to ``path`` atomically, format from the extension.

    Missing sub-element ids are assigned first (and returned in the saved map) so
    that comments, data and history can refer to them from then on.
    """
    fmt = format_of(path)
    saved = m.assign_missing_ids()
    if fmt == "xlsx":
        from parcours.io.excel import export_excel

        export_excel(saved, path)
    else:
        write_text_atomic(path, dump_map(saved, fmt))
    return saved
