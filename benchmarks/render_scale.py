"""Time the renders of large journey maps (PDF, SVG, Excel) and their peak memory.

Usage::

    python benchmarks/render_scale.py --steps 200 --formats pdf svg
    python benchmarks/render_scale.py --long-texts 5 --text-kb 100 --formats svg xlsx
    python benchmarks/render_scale.py --steps 200 --write m.yaml   # only write the map

The large map repeats the 17 steps of the ``bank-account`` English template (actions,
irritants, touchpoints, emotions of 3 personas, blueprint, data, metrics) with fresh ids
until it has ``--steps`` steps. ``--long-texts N`` gives N steps a description and an
action of ``--text-kb`` KB of ordinary sentences each. Every render runs
``parcours render MAP -f FORMAT`` in its own process (imports not timed); the figures
are the CPU seconds (user + system) and wall-clock seconds of the render, and the
process' peak resident memory. On a shared machine, compare CPU seconds: the wall
clock grows with the other processes' load.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SENTENCE = (
    "The customer calls the hotline again because the confirmation e-mail never arrived "
    "and the adviser asks for the file number once more. "
)


def long_text(size_bytes: int) -> str:
    """Ordinary sentences repeated to ``size_bytes`` characters (numbered to differ)."""
    parts: list[str] = []
    total = 0
    index = 0
    while total < size_bytes:
        index += 1
        part = f"({index}) {SENTENCE}"
        parts.append(part)
        total += len(part)
    return "".join(parts)[:size_bytes].rstrip()


def large_map(n_steps: int, *, long_texts: int = 0, text_bytes: int = 100_000) -> dict[str, Any]:
    """The ``bank-account`` template grown to ``n_steps`` steps, as plain data."""
    from parcours.io.yaml_format import parse_yaml
    from parcours.templates.registry import template_text

    data = parse_yaml(template_text("bank-account", "en"), "bank-account.en.yaml").data
    base = data["steps"]
    steps: list[dict[str, Any]] = []
    for index in range(n_steps):
        step = json.loads(json.dumps(base[index % len(base)], default=str))
        copy = index // len(base)
        if copy:
            _suffix_ids(step, f"-{copy}")
            step["name"] = f"{step['name']} ({copy + 1})"
        steps.append(step)
    for step in steps[:long_texts]:
        step["description"] = long_text(text_bytes)
        step["actions"] = [long_text(text_bytes)]
    data["steps"] = steps
    if n_steps < len(base):  # drop what points at the steps left out
        kept = {step["id"] for step in steps}
        data["listening_points"] = [
            p for p in data.get("listening_points", []) if p.get("step") in kept
        ]
        data["opportunities"] = [
            o for o in data.get("opportunities", []) if set(o.get("steps", [])) <= kept
        ]
    return data


def _suffix_ids(node: Any, suffix: str) -> None:
    """Append ``suffix`` to every ``id`` inside ``node`` (ids stay unique across copies)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "id" and isinstance(value, str):
                node[key] = value + suffix
            else:
                _suffix_ids(value, suffix)
    elif isinstance(node, list):
        for item in node:
            _suffix_ids(item, suffix)


def write_map(path: Path, data: dict[str, Any]) -> Path:
    """Write ``data`` as a YAML map file (checked by the model first)."""
    from parcours.io import save_map
    from parcours.model import JourneyMap

    save_map(JourneyMap.model_validate(data), path)
    return path


def child(map_path: str, fmt: str, out: str) -> None:
    """Render in this process and print one JSON line: seconds and peak memory."""
    from parcours import services
    from parcours.services.rendering import OutputFormat

    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    services.render_file(Path(map_path), OutputFormat(fmt), Path(out))
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    figures = {
        "cpu_seconds": round(cpu, 1),
        "wall_seconds": round(seconds, 1),
        "peak_mb": round(after.ru_maxrss / 1024),
    }
    print(json.dumps(figures))


def measure(map_path: Path, fmt: str, out_dir: Path) -> dict[str, Any]:
    """Run :func:`child` in a fresh interpreter and return its figures."""
    out = out_dir / f"out.{fmt}"
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(map_path), fmt, str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1:]}
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--long-texts", type=int, default=0, help="steps with long texts")
    parser.add_argument("--text-kb", type=int, default=100)
    parser.add_argument("--formats", nargs="+", default=["pdf", "svg"])
    parser.add_argument("--write", type=Path, help="write the map there and stop")
    parser.add_argument("--child", nargs=3, metavar=("MAP", "FORMAT", "OUT"))
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    steps = max(args.steps, args.long_texts) if args.long_texts else args.steps
    data = large_map(steps, long_texts=args.long_texts, text_bytes=args.text_kb * 1000)
    if args.write:
        write_map(args.write, data)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        map_path = write_map(Path(tmp) / "m.yaml", data)
        for fmt in args.formats:
            figures = measure(map_path, fmt, Path(tmp))
            label = f"{steps} steps" + (
                f", {args.long_texts} x {args.text_kb} KB texts" if args.long_texts else ""
            )
            print(f"{label:<32} {fmt:<5} {json.dumps(figures)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
