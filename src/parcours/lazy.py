"""Names of a package imported from their modules on first use (PEP 562).

A package ``__init__`` that re-exports everything its modules offer imports them all,
and with them their dependencies: ``parcours render`` paid seconds importing pandas,
Ibis and DuckDB through the analytics it never calls. A package lists where each name
lives and sets ``__getattr__ = lazy_exports(__name__, homes)``; the names stay visible
to type checkers through imports under ``if TYPE_CHECKING:``.

>>> getattr_ = lazy_exports("json", {"JSONDecoder": "decoder"})
>>> getattr_("JSONDecoder").__name__
'JSONDecoder'
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: a name of ``homes`` (name -> module
    within the package) is imported from its module, any other public name is tried as
    a submodule; what is found is kept in the package.

    >>> getattr_ = lazy_exports("json", {})
    >>> getattr_("decoder").__name__
    'json.decoder'
    >>> getattr_("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'json' has no attribute 'nothing'
    """

    def attribute(name: str) -> Any:
        home = homes.get(name)
        if home is not None:
            value = getattr(importlib.import_module(f"{package}.{home}"), name)
        elif name.startswith("_"):
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        else:
            try:
                value = importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as error:
                if error.name != f"{package}.{name}":
                    raise
                raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        setattr(sys.modules[package], name, value)
        return value

    return attribute
