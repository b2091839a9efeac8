"""A bounded, thread-safe memo that computes each missing value once.

The map page of a big map costs seconds when its parse or drawing is not cached; right after a
save, every viewer of the map asks for the new revision at once. ``functools.lru_cache`` would
let each of them parse and draw it again, in parallel, on a server with few cores; this memo
makes the first one compute and the others wait for its result. The save also puts the map it
already holds, so its new text is never parsed back.

>>> squares = Memo[int, int](2)
>>> squares.get(3, lambda: 9), squares.get(3, lambda: 0)
(9, 9)
>>> squares.put(4, 16); squares.put(5, 25); 3 in squares
False
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """At most ``size`` values, least recently used first out; one computation per key."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[K, threading.Lock] = {}

    def __contains__(self, key: K) -> bool:
        with self._lock:
            return key in self._values

    def peek(self, key: K) -> V | None:
        """The value of ``key`` if kept (never computes)."""
        with self._lock:
            return self._values.get(key)

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The value of ``key``, computed by ``compute`` if absent (once, others wait)."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._values:
                    self._values.move_to_end(key)
                    return self._values[key]
            try:
                value = compute()
                self.put(key, value)
            finally:
                with self._lock:
                    self._computing.pop(key, None)
        return value

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` for ``key`` (the oldest values go beyond the size)."""
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self._size:
                self._values.popitem(last=False)
