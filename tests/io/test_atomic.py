"""Atomic writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from parcours.io import atomic_path, write_text_atomic


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half", encoding="utf-8")
        raise RuntimeError("crash while writing")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["m.yaml"]


def test_replacing_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_text_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_temporary_file_is_in_the_target_directory(tmp_path: Path) -> None:
    with atomic_path(tmp_path / "x.json") as temporary:
        assert temporary.parent == tmp_path
        temporary.write_text("{}", encoding="utf-8")
    assert (tmp_path / "x.json").read_text(encoding="utf-8") == "{}"
