"""Throughput and accuracy of the verbatim text analytics (``parcours.analytics.text``).

Usage::

    PYTHONPATH=src python benchmarks/text_throughput.py [--verbatims 20000] [--no-bar]

Throughput: ``read_verbatims`` end to end (language, sentiment, step assignment against the
bank template for verbatims without a step, themes with quotes and monthly trend) on
verbatims made by joining two random sentences of the evaluation set with a random
number, so that texts differ; a third carry no step and go through step assignment.
Imports and the map's loading are excluded; a Rich progress bar is driven by the
``progress`` callback as the CLI will (``--no-bar`` times without it).

Accuracy: the figures of ``docs/voice-of-the-customer.md`` on the labelled sets of
``tests/analytics/text/data`` (``dev``: tuned on; ``heldout``: never tuned on), against
the plain word-count baseline, the name-overlap step baseline and the longest-word theme
baseline.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta
from pathlib import Path

from rich.progress import Progress

from parcours.analytics.text import StepAssigner, Verbatim, read_verbatims
from parcours.analytics.text.evaluation import (
    LabelledVerbatim,
    baseline_sentiment_accuracy,
    baseline_step_score,
    baseline_theme_score,
    read_labelled,
    sentiment_accuracy,
    step_score,
    theme_score,
)
from parcours.io import loads_map
from parcours.model.journey import JourneyMap
from parcours.templates.registry import template_text

DATA = Path(__file__).parent.parent / "tests" / "analytics" / "text" / "data"


def make_verbatims(rows: list[LabelledVerbatim], count: int, seed: int = 1) -> list[Verbatim]:
    """``count`` varied verbatims; one in three without a step."""
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    verbatims = []
    for i in range(count):
        first, second = rng.choice(rows), rng.choice(rows)
        text = f"{first.text} {second.text} ({rng.randint(1, 999)})"
        step = None if i % 3 == 0 or first.step in ("-", "unassigned") else first.step
        verbatims.append(Verbatim(text, step, start + timedelta(days=rng.randint(0, 300))))
    return verbatims


def time_throughput(verbatims: list[Verbatim], journey_map: JourneyMap, bar: bool) -> float:
    """Verbatims per second, end to end."""
    assigner = StepAssigner.from_map(journey_map)
    order = [s.id for s in journey_map.steps]
    began = time.perf_counter()
    if bar:
        with Progress(transient=True) as progress:
            task = progress.add_task("verbatims", total=len(verbatims))
            read_verbatims(
                verbatims,
                assigner=assigner,
                lang=journey_map.language.value,
                step_order=order,
                progress=lambda done, total: progress.update(task, completed=done),
            )
    else:
        read_verbatims(verbatims, assigner=assigner, step_order=order)
    return len(verbatims) / (time.perf_counter() - began)


def accuracy_table(maps: dict[str, JourneyMap]) -> str:
    """The accuracy figures as a Markdown table."""
    lines = [
        "| set | n | sentiment | baseline | step EN map (cov. / prec.) | step FR map "
        "(cov. / prec.) | step baseline | theme purity / inverse / themes | theme baseline |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for split in ("dev", "heldout"):
        rows = read_labelled(DATA / f"verbatims_{split}.tsv")
        steps = {lang: step_score(rows, StepAssigner.from_map(m)) for lang, m in maps.items()}
        base_step = baseline_step_score(rows, {s.id: s.name for s in maps["en"].steps})
        theme, base_theme = theme_score(rows), baseline_theme_score(rows)
        cells = [
            split,
            str(len(rows)),
            f"{sentiment_accuracy(rows):.3f}",
            f"{baseline_sentiment_accuracy(rows):.3f}",
            *(f"{s.accuracy:.3f} ({s.coverage:.2f} / {s.precision:.2f})" for s in steps.values()),
            f"{base_step.accuracy:.3f} ({base_step.coverage:.2f} / {base_step.precision:.2f})",
            f"{theme.purity:.3f} / {theme.inverse_purity:.3f} / {theme.themes} "
            f"(gold {theme.gold_themes})",
            f"{base_theme.purity:.3f} / {base_theme.inverse_purity:.3f} / {base_theme.themes}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbatims", type=int, default=20_000)
    parser.add_argument("--no-bar", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    maps = {
        lang: loads_map(template_text("bank-account", lang), fmt="yaml") for lang in ("en", "fr")
    }
    rows = read_labelled(DATA / "verbatims_dev.tsv") + read_labelled(DATA / "verbatims_heldout.tsv")
    verbatims = make_verbatims(rows, args.verbatims)
    rates = [time_throughput(verbatims, maps["en"], not args.no_bar) for _ in range(args.repeat)]
    print(
        f"{args.verbatims} verbatims, best of {args.repeat}: {max(rates):,.0f} verbatims/s "
        f"(runs: {', '.join(f'{r:,.0f}' for r in rates)})"
    )
    print(accuracy_table(maps))


if __name__ == "__main__":
    main()
