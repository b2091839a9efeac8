"""The demo: the online-bank account-opening map, checked and rendered in every format."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from parcours import io, rubric
from parcours.render import View
from parcours.services.maps import create_from_template, load
from parcours.services.rendering import OutputFormat, render_map

DEMO_TEMPLATE = "bank-account"


class Progress(Protocol):
    """Anything with a ``print`` (a Rich console, or a test double)."""

    def print(self, *objects: object) -> None: ...


@dataclass
class DemoResult:
    """What the demo wrote and whether the map passed the rubric."""

    files: list[Path] = field(default_factory=list)
    report_ok: bool = True


def run_demo(
    out_dir: str | Path, *, lang: str = "fr", progress: Progress | None = None
) -> DemoResult:
    """Create the bank map from its template, check it and render every view and format."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    result = DemoResult()

    def step(text: str) -> None:
        if progress is not None:
            progress.print(f"[bold cyan]→[/] {text}")

    map_path = folder / f"{DEMO_TEMPLATE}.yaml"
    step(f"{DEMO_TEMPLATE}.{lang}.yaml → {map_path}")
    create_from_template(DEMO_TEMPLATE, lang, map_path, force=True)
    result.files.append(map_path)
    m = load(map_path)

    step("parcours check")
    report = rubric.check(m)
    result.report_ok = report.ok
    text_path = folder / "check.txt"
    io.write_text_atomic(text_path, report.to_text(lang) + "\n")
    json_path = folder / "check.json"
    io.write_text_atomic(
        json_path, json.dumps(report.to_json(lang), ensure_ascii=False, indent=2) + "\n"
    )
    result.files += [text_path, json_path]

    for fmt, target in (
        (OutputFormat.HTML, folder / f"{DEMO_TEMPLATE}.html"),
        (OutputFormat.PDF, folder / f"{DEMO_TEMPLATE}.pdf"),
        (OutputFormat.MD, folder / f"{DEMO_TEMPLATE}.md"),
        (OutputFormat.XLSX, folder / f"{DEMO_TEMPLATE}.xlsx"),
        (OutputFormat.SVG, folder / "svg" / f"{DEMO_TEMPLATE}.svg"),
    ):
        step(f"parcours render -f {fmt.value}")
        result.files += render_map(m, fmt, target, views=(View.ALL,), lang=lang)
    step("parcours render -f png --view experience")
    result.files += render_map(
        m, OutputFormat.PNG, folder / "png" / "experience.png", views=(View.EXPERIENCE,), lang=lang
    )
    return result
