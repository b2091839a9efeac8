"""XES is streamed event by event (issue 8): a long trace costs no more memory than a short one."""

from __future__ import annotations

import gzip
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

import parcours.events.spool as spool_module
from parcours.cli.app import app
from parcours.engine import Engine
from parcours.events import EventLogError, read_events
from parcours.events.spool import Spool
from parcours.events.xes import spool_xes

EVENT = (
    '<event><string key="concept:name" value="step {step}"/>'
    '<date key="time:timestamp" value="2024-01-01T10:{minute:02d}:00+00:00"/></event>\n'
)


def _single_trace(path: Path, events: int) -> Path:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as f:
        f.write('<log><trace><string key="concept:name" value="only-case"/>\n')
        for n in range(events):
            f.write(EVENT.format(step=n % 7, minute=n % 60))
        f.write("</trace></log>\n")
    return path


def _peak_bytes(path: Path, events: int) -> int:
    """The peak memory traced while ``path`` (one trace of ``events`` events) is spooled."""
    tracemalloc.start()
    try:
        with Spool() as spooled, Spool() as traces:
            spool_xes(path, spooled, traces)
            _, peak = tracemalloc.get_traced_memory()
            assert (spooled.rows, traces.rows) == (events, 1)
    finally:
        tracemalloc.stop()
    return int(peak)


def test_one_long_trace_is_read_in_bounded_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spool_module, "BATCH_ROWS", 2_000)  # the spool's own buffer stays small
    # 30,000 events (not 150,000: the bound is on growth, which any size past the spool's
    # batch shows): buffering the trace (the old reader) costs ~0.4 KB an event, ~12 MB
    # here and ~60 MB at 150,000; streaming stays near 1.5 MB whatever the length
    short = _peak_bytes(_single_trace(tmp_path / "short.xes.gz", 3_000), 3_000)
    peak = _peak_bytes(_single_trace(tmp_path / "long.xes.gz", 30_000), 30_000)
    assert peak < 5_000_000, f"peak {peak / 1e6:.1f} MB"
    # ten times the events, not ten times the memory: no more than a short trace's + 2 MB
    assert peak < short + 2_000_000, f"peak {peak / 1e6:.1f} MB, short {short / 1e6:.1f} MB"


def test_trace_attributes_reach_every_event_wherever_written(
    tmp_path: Path, engine: Engine
) -> None:
    xes = (
        "<log>"
        '<trace><event><string key="concept:name" value="a"/>'
        '<date key="time:timestamp" value="2024-01-01T10:00:00Z"/></event>'
        '<string key="concept:name" value="late"/>'  # after its events: still the case id
        '<string key="plan" value="gold"/></trace>'
        '<trace><string key="concept:name" value="early"/>'
        '<event><string key="concept:name" value="b"/>'
        '<date key="time:timestamp" value="2024-01-02T10:00:00Z"/></event>'
        '<event><string key="concept:name" value="c"/>'
        '<date key="time:timestamp" value="2024-01-02T11:00:00Z"/></event></trace>'
        "</log>"
    )
    path = tmp_path / "log.xes"
    path.write_text(xes, "utf-8")
    table = read_events(path, engine=engine).to_arrow()
    rows = zip(
        table["row"].to_pylist(),
        table["case_id"].to_pylist(),
        table["activity"].to_pylist(),
        strict=True,
    )
    assert sorted(rows) == [(1, "late", "a"), (2, "early", "b"), (3, "early", "c")]


def _broken_copies(tmp_path: Path) -> dict[str, Path]:
    good = gzip.compress(("<log>" + EVENT.format(step=1, minute=1) * 2000 + "</log>").encode())
    flipped = bytearray(good)
    flipped[12:40] = bytes(b ^ 0xFF for b in flipped[12:40])  # the deflate stream itself
    files = {
        "truncated.xes.gz": good[: len(good) // 2],
        "corrupt.xes.gz": bytes(flipped),
        "notgzip.xes.gz": b"<log></log>",
        "badcrc.xes.gz": good[:-8] + bytes(8),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in files}


def test_corrupt_or_truncated_gzip_is_a_clear_refusal(tmp_path: Path, engine: Engine) -> None:
    for name, path in _broken_copies(tmp_path).items():
        with pytest.raises(EventLogError) as caught:
            read_events(path, engine=engine)
        assert f"{name}: cannot read the file" in caught.value.message("en"), name
        assert "impossible de lire le fichier" in caught.value.message("fr")


def test_cli_refuses_a_truncated_xes_gz_with_exit_2(tmp_path: Path) -> None:
    path = _broken_copies(tmp_path)["truncated.xes.gz"]
    result = runner.invoke(app, ["discover", str(path), "-o", str(tmp_path / "d.yaml")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "truncated.xes.gz" in result.output


runner = CliRunner()
