"""Issue 8's large-map figures: a 200-step map to PDF, and SVG cost against text length.

Usage::

    python benchmarks/render_large.py                      # both parts, 200 steps
    python benchmarks/render_large.py --steps 200 --skip-texts
    python benchmarks/render_large.py --skip-pdf --text-kb 10 100 400

Part 1 builds the ``bank-account`` template grown to ``--steps`` steps (the map of
``render_scale.py``), runs ``parcours render MAP -f pdf -o OUT`` as a user would (a
fresh process, imports included) and prints its CPU seconds (user + system), wall
seconds, peak resident memory, page count, and whether every step name is in the
text pypdf extracts (the PDF is complete and its text selectable).

Part 2 renders five steps holding texts of each ``--text-kb`` size (description and
one action each) with ``parcours render -f svg`` and prints the same figures: text
layout is linear when the cost stays flat or grows in proportion to the size. Five
steps of 1 MB texts cannot be measured this way: the map file would pass the 5 MB cap
on map files (docs/safety.md) and ``render`` refuses it (exit 2, as it should).

Targets (issue 8): the 200-step PDF in under 30 s and 2 GB. On a machine shared with
other processes, compare the CPU seconds: the wall clock grows with the load (printed
too, as the one-minute load average before each run).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from render_scale import large_map, write_map  # same directory (benchmarks/)

CLI = "import sys; from parcours.cli.app import main; sys.argv[0] = 'parcours'; main()"
"""The ``parcours`` console script, run by this interpreter (the venv of the checkout)."""


def run_cli(args: list[str]) -> dict[str, Any]:
    """Run ``parcours ARGS`` in a fresh interpreter; its CPU, wall and peak memory."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CLI, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    figures: dict[str, Any] = {
        "exit": result.returncode,
        "cpu_seconds": round(cpu, 1),
        "wall_seconds": round(wall, 1),
        "peak_mb": round(after.ru_maxrss / 1024),  # the largest child so far
        "load_1min": round(load, 1),
    }
    if result.returncode:
        figures["error"] = result.stderr.strip().splitlines()[-3:]
    return figures


def squash(value: str) -> str:
    """``value`` without whitespace (extracted text breaks lines inside names)."""
    return re.sub(r"\s+", "", value)


def pdf_check(pdf: Path, step_names: list[str]) -> dict[str, Any]:
    """Pages of ``pdf`` and the step names missing from its extracted text."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    missing = [name for name in step_names if squash(name) not in text]
    return {"pages": len(reader.pages), "steps_missing": len(missing), "first_missing": missing[:3]}


def pdf_part(steps: int, tmp: Path) -> None:
    """Print the figures of the ``steps``-step PDF."""
    data = large_map(steps)
    map_path = write_map(tmp / f"m{steps}.yaml", data)
    out = tmp / f"m{steps}.pdf"
    figures = run_cli(["render", str(map_path), "-f", "pdf", "-o", str(out)])
    if not figures["exit"] and out.exists():
        figures |= pdf_check(out, [step["name"] for step in data["steps"]])
    print(f"{steps} steps -> pdf   {json.dumps(figures)}", flush=True)


def text_part(sizes_kb: list[int], tmp: Path) -> None:
    """Print the figures of five steps holding texts of each size, rendered to SVG."""
    for size_kb in sizes_kb:
        data = large_map(5, long_texts=5, text_bytes=size_kb * 1000)
        map_path = write_map(tmp / f"t{size_kb}.yaml", data)
        figures = run_cli(
            ["render", str(map_path), "-f", "svg", "-o", str(tmp / f"t{size_kb}.svg")]
        )
        print(f"5 steps x {size_kb:>5} KB texts -> svg   {json.dumps(figures)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--text-kb", type=int, nargs="+", default=[10, 100, 400])
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--skip-texts", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if not args.skip_texts:
            text_part(args.text_kb, tmp)
        if not args.skip_pdf:
            pdf_part(args.steps, tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
