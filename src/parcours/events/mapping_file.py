"""Reading a column-mapping file (``--mapping``): small UTF-8 YAML or JSON, checked.

A mapping is a dozen ``field: column`` lines. The file is refused, with its name and
what is wrong, when it is not UTF-8, larger than
:data:`~parcours.limits.MAPPING_FILE_MAX_BYTES`, nested or aliased past the limits of
:mod:`parcours.limits`, repeats a key (YAML and JSON alike), or names an empty column.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "m.json").write_text('{"case_id": "client", "case_id": "id"}', "utf-8")
>>> read_mapping_file(folder / "m.json")
Traceback (most recent call last):
...
parcours.events.errors.EventLogError: ...m.json: not a valid column mapping: the key 'case_id' \
is given twice.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from parcours.events.errors import EventLogError, Translated
from parcours.limits import (
    MAPPING_FILE_MAX_BYTES,
    MAPPING_MAX_NODES,
    MAPPING_MAX_TEXT_CHARS,
    MAX_DEPTH,
    LimitExceeded,
    bounded_yaml,
    measure,
)

_LIMIT_KEYS = {
    "nodes": "mapping_too_many_values",
    "depth": "mapping_too_deep",
    "text": "mapping_too_much_text",
    "cycle": "mapping_recursive_alias",
}


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def read_mapping_file(path: str | Path) -> dict[str, Any]:
    """The ``field: column`` pairs of the mapping file ``path`` (not yet validated).

    Raises :class:`~parcours.events.errors.EventLogError` (``cannot_read`` or
    ``bad_mapping``) naming the file and the problem.
    """
    file = Path(path)
    label = str(file)
    text = _read_text(file)
    data = _parse(text, file)
    if not isinstance(data, dict):
        raise EventLogError("bad_mapping", file=label, reason=Translated("mapping_not_pairs"))
    try:
        measure(
            data,
            max_nodes=MAPPING_MAX_NODES,
            max_depth=MAX_DEPTH,
            max_text_chars=MAPPING_MAX_TEXT_CHARS,
        )
    except LimitExceeded as exc:
        reason = Translated(_LIMIT_KEYS[exc.kind], limit=exc.limit)
        raise EventLogError("bad_mapping", file=label, reason=reason) from None
    for field, value in data.items():
        if isinstance(value, str) and not value.strip():
            reason = Translated("mapping_empty_value", field=field)
            raise EventLogError("bad_mapping", file=label, reason=reason)
    return data


def _read_text(file: Path) -> str:
    label = str(file)
    try:
        with file.open("rb") as stream:  # never more than the limit, even from a device
            raw = stream.read(MAPPING_FILE_MAX_BYTES + 1)
        if len(raw) > MAPPING_FILE_MAX_BYTES:
            size = max(file.stat().st_size, len(raw))
            too_large = Translated("mapping_too_large", limit=MAPPING_FILE_MAX_BYTES, size=size)
            raise EventLogError("bad_mapping", file=label, reason=too_large)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise EventLogError("cannot_read", file=label, reason=reason) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = f"0x{raw[exc.start]:02x}"
        not_utf8 = Translated("mapping_not_utf8", byte=byte, position=exc.start)
        raise EventLogError("bad_mapping", file=label, reason=not_utf8) from None


def _parse(text: str, file: Path) -> Any:
    label = str(file)
    if file.suffix.lower() == ".json":
        try:
            return json.loads(text, object_pairs_hook=_no_duplicates)
        except _DuplicateKey as exc:
            reason = Translated("mapping_duplicate", key=exc.key)
            raise EventLogError("bad_mapping", file=label, reason=reason) from None
        except RecursionError:
            reason = Translated("mapping_too_deep", limit=MAX_DEPTH)
            raise EventLogError("bad_mapping", file=label, reason=reason) from None
        except json.JSONDecodeError as exc:
            raise EventLogError("bad_mapping", file=label, reason=str(exc)) from exc
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import YAMLError

    try:
        return bounded_yaml("safe").load(text)
    except DuplicateKeyError as exc:
        problem = str(exc.problem or "")
        key = problem.split('"')[1] if problem.count('"') >= 2 else problem
        reason = Translated("mapping_duplicate", key=key)
        raise EventLogError("bad_mapping", file=label, reason=reason) from None
    except (LimitExceeded, RecursionError):
        reason = Translated("mapping_too_deep", limit=MAX_DEPTH)
        raise EventLogError("bad_mapping", file=label, reason=reason) from None
    except YAMLError as exc:
        raise EventLogError("bad_mapping", file=label, reason=str(exc)) from exc
