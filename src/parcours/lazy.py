"""Names of a package imported from their modules on first use (PEP 562).

A package ``__init__`` that re-exports everything its modules offer imports them all,
and with them their dependencies: ``parcours render`` paid seconds importing pandas,
Ibis and DuckDB through the analytics it never calls. A package lists where each name
lives and sets ``__getattr__ = lazy_exports(__name__, homes)``; the names stay visible
to type checkers through imports under ``if TYPE_CHECKING:``.

>>> from parcours import io
>>> io.upgrade.__name__, io.upgrade.__module__  # the function, though io/upgrade.py exists
('upgrade', 'parcours.io.upgrade')
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any


class _LazyPackage(types.ModuleType):
    """A package whose names of ``_lazy_homes`` win over its submodules of the same name:
    importing ``parcours.analytics.funnel`` (the module) sets the package's ``funnel``,
    which must stay the function ``funnel`` it re-exports."""

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("__"):
            namespace = super().__getattribute__("__dict__")
            homes = namespace.get("_lazy_homes", {})
            if name in homes:
                values = namespace.setdefault("_lazy_values", {})
                if name not in values:
                    package = namespace["__name__"]
                    home = importlib.import_module(f"{package}.{homes[name]}")
                    values[name] = getattr(home, name)
                return values[name]
        return super().__getattribute__(name)


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: a name of ``homes`` (name -> module
    within the package) is imported from its module, any other public name is tried as
    a submodule. A name of ``homes`` stays what its module defines even when a submodule
    has the same name (``parcours.io.upgrade`` the function, not the module).

    >>> getattr_ = lazy_exports("json", {})
    >>> getattr_("decoder").__name__
    'json.decoder'
    >>> getattr_("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'json' has no attribute 'nothing'
    """
    module = sys.modules.get(package)
    if module is not None and homes and type(module) is types.ModuleType:
        module.__dict__["_lazy_homes"] = dict(homes)
        module.__class__ = _LazyPackage

    def attribute(name: str) -> Any:
        if name in homes:
            return getattr(sys.modules[package], name)
        if name.startswith("_"):
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        try:
            value = importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{package}.{name}":
                raise
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        setattr(sys.modules[package], name, value)
        return value

    return attribute
