"""The use cases read and write snapshots through the store beside the map: the map stays
the same size run after run, renders show the stored values, older maps are upgraded."""

from __future__ import annotations

from pathlib import Path

from parcours.io import load_map
from parcours.io.measurement_store import FolderStore
from parcours.io.measurements import HISTORY_FOLDER
from parcours.services import load
from parcours.services.analysis import analyze_file
from parcours.services.maps import convert
from parcours.services.rendering import OutputFormat, render_file

MAP = """\
# Written by hand: this comment must survive every run.
journey:
  title: Open an account
language: en
steps:
  - id: s-sim
    name: Simulate
    events:
      - activity: simulator_used
    metrics:
      - name: Customers
        measure: customers
  - id: s-sign
    name: Sign
    events:
      - activity: signed
"""

LOG = """\
customer_id,timestamp,activity
c1,2026-01-01 09:00:00,simulator_used
c1,2026-01-01 10:00:00,signed
c2,2026-01-02 09:00:00,simulator_used
c3,2026-01-03 09:00:00,simulator_used
"""


def _files(folder: Path) -> tuple[Path, Path]:
    carte, log = folder / "carte.yaml", folder / "log.csv"
    carte.write_text(MAP, encoding="utf-8")
    log.write_text(LOG, encoding="utf-8")
    return carte, log


def test_the_map_does_not_grow_beyond_its_reference(tmp_path: Path) -> None:
    carte, log = _files(tmp_path)
    outcomes = [analyze_file(carte, log) for _ in range(3)]
    reference = carte.stat().st_size
    assert reference < len(MAP.encode()) + 120  # the map gained only measurements_ref
    outcomes += [analyze_file(carte, log) for _ in range(3)]
    assert carte.stat().st_size <= reference + 2  # an id may gain a "-2" suffix, no more
    text = carte.read_text(encoding="utf-8")
    assert text.replace("format_version: 3\n", "").startswith(MAP)
    ids = [o.snapshot.id for o in outcomes]
    assert len(set(ids)) == 6
    store = FolderStore(tmp_path / "carte.measures")
    assert [e.id for e in store.entries()] == sorted(ids, key=ids.index)
    assert outcomes[-1].store_path == tmp_path / "carte.measures"
    assert [s.id for s in outcomes[-1].journey_map.measurements] == ids
    assert load_map(carte).measurements_ref.latest == ids[-1]  # type: ignore[union-attr]


def test_renders_read_the_stored_snapshot(tmp_path: Path) -> None:
    carte, log = _files(tmp_path)
    analyze_file(carte, log)
    (written,) = render_file(carte, OutputFormat.HTML, tmp_path / "carte.html")
    page = written.read_text(encoding="utf-8")
    assert "3" in page and "Customers" in page
    bare = tmp_path / "bare.yaml"
    bare.write_text(MAP, encoding="utf-8")  # same map, no store: no measured funnel
    (plain,) = render_file(bare, OutputFormat.HTML, tmp_path / "bare.html")
    assert len(page) > len(plain.read_text(encoding="utf-8"))


def test_an_older_map_is_upgraded_by_its_next_analysis(tmp_path: Path) -> None:
    carte, log = _files(tmp_path)
    first = analyze_file(carte, log, store=False).snapshot
    older = MAP.replace("journey:", "format_version: 2\njourney:", 1) + (
        "measurements:\n"
        f"  - id: {first.id}-old\n"
        f"    taken_at: 2026-01-05 00:00:00\n"
        "    values:\n      - {measure: customers, value: 3.0}\n"
    )
    carte.write_text(older, encoding="utf-8")
    assert [s.id for s in load(carte).measurements] == [f"{first.id}-old"]  # read as before
    outcome = analyze_file(carte, log)
    text = carte.read_text(encoding="utf-8")
    assert "measurements:" not in text and "format_version: 3" in text
    assert text.startswith("# Written by hand")
    assert [s.id for s in load(carte).measurements] == [f"{first.id}-old", outcome.snapshot.id]
    history = list((tmp_path / HISTORY_FOLDER).iterdir())
    assert [h.read_text(encoding="utf-8") for h in history] == [older]


def test_convert_keeps_the_reference_beside_its_source(tmp_path: Path) -> None:
    carte, log = _files(tmp_path)
    stored = analyze_file(carte, log).snapshot
    target = convert(carte, tmp_path / "carte.json")
    assert load_map(target).measurements == []  # the document, not the store
    assert [s.id for s in load(target).measurements] == [stored.id]  # same store
