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


def test_a_missing_folder_names_the_target_not_the_temporary(tmp_path: Path) -> None:
    from parcours.io.atomic import WriteError

    target = tmp_path / "missing" / "x.yaml"
    with pytest.raises(WriteError) as caught:
        write_text_atomic(target, "journey: {title: T}\n")
    for lang in ("en", "fr"):
        message = caught.value.message(lang)
        assert str(target) in message and ".tmp" not in message


def test_a_folder_in_the_way_is_refused_and_left_alone(tmp_path: Path) -> None:
    from parcours.io.atomic import WriteError

    (tmp_path / "out.html").mkdir()
    with pytest.raises(WriteError):
        write_text_atomic(tmp_path / "out.html", "<p>")
    assert (tmp_path / "out.html").is_dir()
    assert os.listdir(tmp_path) == ["out.html"]


def test_a_held_lock_makes_the_other_wait_then_refuse(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    from parcours.io.atomic import FileLockedError, lock_path, locked

    target = tmp_path / "m.yaml"
    target.write_text("x", encoding="utf-8")
    # another process holds the lock for 2 seconds
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from parcours.io.atomic import locked\n"
            "with locked(sys.argv[1]):\n    print('held', flush=True); time.sleep(2)",
            str(target),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(FileLockedError) as caught, locked(target, wait_seconds=0.3):
            pass
        assert str(holder.pid) in caught.value.message("en")
        assert "supprimez" in caught.value.message("fr")
        started = time.monotonic()
        with locked(target, wait_seconds=30):  # waits for the holder to finish
            assert time.monotonic() - started > 0.5
    finally:
        holder.wait(timeout=30)
    assert not lock_path(target).exists()


def test_a_lock_left_by_a_dead_process_does_not_block(tmp_path: Path) -> None:
    from parcours.io.atomic import lock_path, locked

    target = tmp_path / "m.yaml"
    lock_path(target).write_text("999999 elsewhere 0\n", encoding="utf-8")  # stale file
    with locked(target, wait_seconds=0.5):
        pass
    assert not lock_path(target).exists()


def test_a_symbolic_link_is_written_through_and_kept(tmp_path: Path) -> None:
    from parcours.io.atomic import lock_path, locked

    real = tmp_path / "maps" / "m.yaml"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "m.yaml"
    link.symlink_to(real)
    write_text_atomic(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    with locked(link) as lock:
        assert lock == lock_path(real)  # the same lock as through the real name
