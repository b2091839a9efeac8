"""``parcours discover``: a first journey map drafted from an event log alone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from parcours import events
from parcours.analytics.discovery import DraftMap, discover
from parcours.events import ColumnMapping, EventLog
from parcours.services.maps import OutputExistsError, save


@dataclass(frozen=True)
class DiscoveryOutcome:
    """What ``discover_file`` read and wrote."""

    log: EventLog
    draft: DraftMap
    path: Path


def discover_file(
    source: str | Path,
    out: str | Path,
    *,
    mapping: ColumnMapping | str | Path | None = None,
    lang: str = "en",
    min_case_share: float = 0.05,
    max_steps: int = 30,
    timezone: str | None = None,
    rejected_path: str | Path | None = None,
    table: str | None = None,
    force: bool = False,
) -> DiscoveryOutcome:
    """Read an event log, draft a map from it and save the draft to ``out``.

    The draft is meant to be completed by a person and checked with ``parcours check``.
    """
    target = Path(out)
    if target.exists() and not force:
        raise OutputExistsError(target)
    log = read_log(source, mapping, timezone=timezone, rejected_path=rejected_path, table=table)
    draft = discover(
        log.engine,
        log.table,
        lang=lang,
        min_case_share=min_case_share,
        max_steps=max_steps,
        source=Path(str(source)).name,
    )
    return DiscoveryOutcome(log, draft, save(draft.journey_map, target))


def read_log(
    source: str | Path,
    mapping: ColumnMapping | str | Path | None = None,
    *,
    timezone: str | None = None,
    rejected_path: str | Path | None = None,
    table: str | None = None,
    overrides: dict[str, str] | None = None,
) -> EventLog:
    """Read an event log with a mapping given as an object, a mapping file, or guessed;
    ``overrides`` replaces fields of that mapping (``{"segment": "plan"}``)."""
    if isinstance(mapping, str | Path):
        mapping = ColumnMapping.from_file(mapping)
    return events.read_events(
        source,
        mapping,
        timezone=timezone,
        rejected_path=rejected_path,
        table=table,
        overrides=overrides,
    )
