"""Writing a map's YAML piece by piece, each piece written once: saves of big maps in
milliseconds, byte for byte what one ruamel dump of the whole map writes.

ruamel's writer is pure Python: the YAML of a 40-step map takes it about 0.3 s (seconds on a
loaded machine), and the web app writes the whole map again at every save although a save
changes one step. In the block style of :func:`parcours.io.yaml_format.dump_yaml` the text of
a top-level key, and of each item of a top-level list of mappings (the steps, the phases, the
personas...), depends only on its own value: the writer starts each of them at the same
column and indentation. So the document is written as its pieces, each by ruamel itself
(``{key: value}``, or ``{key: [item]}`` without its first line), and the pieces are kept in
a bounded memory keyed by their exact value (pickled: types and key order count); the next
save of the map writes only the pieces that changed. Anything unusual (a key that is not
text, a piece ending the document with ``...``) is written whole, as before.
``tests/io/test_yaml_pieces.py`` checks the identity on every template and the rich map.

>>> data = {"journey": {"title": "Ouvrir"}, "steps": [{"id": "s-1"}, {"id": "s-2"}]}
>>> from parcours.io.yaml_format import dump_whole
>>> print(dump_yaml_pieces(data, dump_whole), end="")
journey:
  title: Ouvrir
steps:
  - id: s-1
  - id: s-2
>>> dump_yaml_pieces(data, dump_whole) == dump_whole(data)
True
"""

from __future__ import annotations

import io
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

PIECES_KEPT = 4096
"""Pieces kept in memory (a piece is a step or a top-level section: a few kB)."""

Dump = Callable[[Any], str]


class _Pieces:
    """A bounded, thread-safe memory of written pieces, least recently used out."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.values: OrderedDict[tuple[str, bytes], str] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[str, bytes]) -> str | None:
        with self.lock:
            text = self.values.get(key)
            if text is not None:
                self.values.move_to_end(key)
            return text

    def put(self, key: tuple[str, bytes], text: str) -> None:
        with self.lock:
            self.values[key] = text
            self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.values.clear()


_PIECES = _Pieces(PIECES_KEPT)


class _Whole(Exception):
    """This document is written whole (see the module docstring)."""


def dump_yaml_pieces(data: Any, dump: Dump) -> str:
    """What ``dump(data)`` writes, written piece by piece with ``dump`` (see the module
    docstring); ``dump`` must write block-style YAML the way ``dump_yaml`` does."""
    if not isinstance(data, dict) or not data:
        return dump(data)
    try:
        return "".join(_section(key, value, dump) for key, value in data.items())
    except _Whole:
        return dump(data)


def forget_pieces() -> None:
    """Empty the memory of written pieces (tests)."""
    _PIECES.clear()


def _section(key: Any, value: Any, dump: Dump) -> str:
    if not isinstance(key, str):
        raise _Whole
    if isinstance(value, list) and value and all(isinstance(v, dict) and v for v in value):
        head, first = _item(key, value[0], dump)
        rest = [_item(key, item, dump) for item in value[1:]]
        if any(other_head != head for other_head, _ in rest):
            raise _Whole
        return head + first + "".join(text for _, text in rest)
    return _piece(("section", key), value, lambda: dump({key: value}))


def _item(key: str, item: dict[str, Any], dump: Dump) -> tuple[str, str]:
    """The line of the list's key and the text of one of its items."""
    text = _piece(("item", key), item, lambda: dump({key: [item]}))
    head, _, body = text.partition("\n")
    if not body.startswith("  - "):
        raise _Whole
    return head + "\n", body


def _exact_bytes(value: Any) -> bytes:
    """``value`` pickled without pickle's memo: equal values give equal bytes whatever
    objects they share (types and key order still count).

    >>> shared = "x"
    >>> _exact_bytes([shared, shared]) == _exact_bytes(["x", "".join(["x"])])
    True
    >>> _exact_bytes([1]) == _exact_bytes([True])
    False
    >>> _exact_bytes({"a": 1, "b": 2}) == _exact_bytes({"b": 2, "a": 1})
    False
    """
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo (a value holding itself raises RecursionError)
    pickler.dump(value)
    return stream.getvalue()


def _piece(kind: tuple[str, str], value: Any, write: Callable[[], str]) -> str:
    try:
        key = (f"{kind[0]}:{kind[1]}", _exact_bytes(value))
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        raise _Whole from None
    text = _PIECES.get(key)
    if text is None:
        text = write()
        if not text.endswith("\n") or text.endswith("...\n") or text.startswith("---"):
            raise _Whole
        _PIECES.put(key, text)
    return text
