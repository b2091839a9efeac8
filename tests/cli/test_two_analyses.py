"""Two ``parcours analyze`` runs on one map, started together, in two real processes:
each snapshot reported as stored is in the map's store, the map points to one of them (the
lock makes the second wait)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from small_files import small_files

from parcours.io import load_map
from parcours.io.measurement_store import FolderStore
from parcours.services import load

SCRIPT = "from parcours.cli.app import main; main()"


def test_two_analyses_of_one_map_both_keep_their_snapshot(tmp_path: Path) -> None:
    carte, log = small_files(tmp_path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "PARCOURS_LANG": "en"}
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                SCRIPT,
                "analyze",
                str(carte),
                "-e",
                str(log),
                "--json",
                str(tmp_path / f"out{k}.json"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        for k in (1, 2)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    for run, output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, output
        assert "Traceback" not in output
    stored = [
        line.split()[2] for o in outputs for line in o.splitlines() if "Stored snapshot" in line
    ]
    assert len(stored) == 2 and stored[0] != stored[1]
    assert sorted(s.id for s in load(carte).measurements) == sorted(stored)
    assert sorted(e.id for e in FolderStore(tmp_path / "m.measures").entries()) == sorted(stored)
    text = carte.read_text(encoding="utf-8")
    assert "measurements:" not in text and "store: m.measures" in text
    assert load_map(carte).measurements_ref.latest in stored  # type: ignore[union-attr]
    assert carte.read_text(encoding="utf-8").startswith("# Written by hand")
    assert not (tmp_path / ".m.yaml.lock").exists()
