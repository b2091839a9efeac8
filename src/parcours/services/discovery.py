"""``parcours discover``: a first journey map drafted from an event log alone."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from parcours import events
from parcours.analytics.discovery import DraftMap, discover
from parcours.analytics.options import MAX_STEPS, MIN_CASE_SHARE
from parcours.events import ColumnMapping, EventLog
from parcours.services.errors import OptionError, OutputExistsError
from parcours.services.maps import MAP_SUFFIXES, save
from parcours.services.outputs import check_outputs, check_suffix, source_path


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
    min_case_share: float = MIN_CASE_SHARE,
    max_steps: int = MAX_STEPS,
    timezone: str | None = None,
    rejected_path: str | Path | None = None,
    table: str | None = None,
    force: bool = False,
) -> DiscoveryOutcome:
    """Read an event log, draft a map from it and save the draft to ``out``.

    The draft is meant to be completed by a person and checked with ``parcours check``.
    Options and outputs are checked before anything is read or written.
    """
    target = Path(out)
    if not 0 <= min_case_share <= 1:  # also NaN
        raise OptionError("--min-share", "share", str(min_case_share))
    if max_steps < 1:
        raise OptionError("--max-steps", "whole_at_least_one", str(max_steps))
    check_suffix(target, "--output", MAP_SUFFIXES)
    check_outputs(
        {"LOG": source_path(source), "--mapping": _mapping_file(mapping)},
        {"--output": target, "--rejected": rejected_path},
    )
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
    ``overrides`` replaces fields of that mapping (``{"segment": "plan"}``).

    The rejected rows go to ``rejected_path`` atomically: written beside it under a
    temporary name, then renamed over it, so a failed read leaves the old file whole.
    """
    if isinstance(mapping, str | Path):
        mapping = ColumnMapping.from_file(mapping)
    if rejected_path is None:
        return events.read_events(
            source, mapping, timezone=timezone, table=table, overrides=overrides
        )
    target = Path(rejected_path)
    temporary = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.tmp{target.suffix}")
    try:
        log = events.read_events(
            source,
            mapping,
            timezone=timezone,
            rejected_path=temporary,
            table=table,
            overrides=overrides,
        )
        if not temporary.exists():
            return log
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return replace(log, rejected=replace(log.rejected, path=target))


def _mapping_file(mapping: ColumnMapping | str | Path | None) -> str | Path | None:
    return mapping if isinstance(mapping, str | Path) else None
