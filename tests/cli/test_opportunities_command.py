"""``parcours opportunities``: propose, rank, accept into the map, check before / after."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parcours.cli.app import app
from parcours.io import ConflictError
from parcours.services import load
from parcours.services import opportunities as service

runner = CliRunner()

MAP = """\
# Commentaire à garder.
journey:
  title: Ouvrir un compte
  conversion_value: 120
  currency: EUR
language: fr
steps:
  - id: visit
    name: Visiter
    events:
      - activity: visit
  - id: form
    name: Formulaire
    events:
      - activity: form
  - id: sign
    name: Signer
    events:
      - activity: sign
"""


def write_log(path: Path, after_signed: int = 30) -> None:
    """100 customers in February: 90 fill the form, 30 sign 5 days later; 100 more in
    March who sign ``after_signed`` times, 1 hour after the form."""
    lines = ["customer_id,event,timestamp"]
    for cohort, start, signed, wait in (
        ("x", dt.datetime(2026, 2, 1), 30, dt.timedelta(days=5)),
        ("y", dt.datetime(2026, 3, 2), after_signed, dt.timedelta(hours=1)),
    ):
        for n in range(100):
            t0 = start + dt.timedelta(minutes=n)
            lines.append(f"{cohort}{n},visit,{t0:%Y-%m-%d %H:%M:%S}")
            if n < 90:
                lines.append(f"{cohort}{n},form,{t0 + dt.timedelta(hours=1):%Y-%m-%d %H:%M:%S}")
            if n < signed:
                at = t0 + dt.timedelta(hours=1) + wait
                lines.append(f"{cohort}{n},sign,{at:%Y-%m-%d %H:%M:%S}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    m, log = tmp_path / "carte.yaml", tmp_path / "events.csv"
    m.write_text(MAP, encoding="utf-8")
    write_log(log)
    return m, log


def run(*args: str) -> object:
    return runner.invoke(app, ["opportunities", *args, "--window-days", "0", "--lang", "en"])


def test_proposes_ranks_and_accepts(files: tuple[Path, Path], tmp_path: Path) -> None:
    m, log = files
    out, svg = tmp_path / "opps.json", tmp_path / "opps.svg"
    result = runner.invoke(
        app,
        ["opportunities", str(m), "--events", str(log), "-o", str(out), "--matrix", str(svg),
         "--window-days", "0", "--effort", "opp-drop-off-sign=2",
         "--accept", "opp-drop-off-sign", "--lang", "en"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "The two actions to start with: 1. Réduire l'abandon avant « Signer »" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    # sign: 180 decided at the form, 120 dropped (90 - 30 in each month), 120 EUR each
    first = data["candidates"][0]
    assert first["id"] == "opp-drop-off-sign" and first["impact_unit"] == "EUR"
    assert first["impact_estimate"] == pytest.approx(120 * 120)
    assert data["top"][0] == "opp-drop-off-sign"
    assert data["accepted"] == ["opp-drop-off-sign"]
    saved = load(m)
    accepted = saved.opportunities[0]
    assert (accepted.id, accepted.effort, accepted.effort_unknown) == (
        "opp-drop-off-sign",
        2,
        False,
    )
    assert accepted.evidence[0].kind == "drop_off"
    assert m.read_text(encoding="utf-8").startswith("# Commentaire à garder.")
    assert list((m.parent / ".parcours-history").iterdir())
    assert 'data-top="true"' in svg.read_text(encoding="utf-8")


def test_unknown_accept_is_refused_and_nothing_is_written(files: tuple[Path, Path]) -> None:
    m, log = files
    before = m.read_bytes()
    result = run(str(m), "--events", str(log), "--accept", "opp-nope")
    assert result.exit_code == 2
    assert "opp-nope" in result.output and "Traceback" not in result.output
    assert m.read_bytes() == before


def test_bad_effort_is_refused(files: tuple[Path, Path]) -> None:
    m, log = files
    result = run(str(m), "--events", str(log), "--effort", "opp-drop-off-sign=9")
    assert result.exit_code == 2 and "ID=N" in result.output


def test_done_opportunity_is_compared_before_and_after(tmp_path: Path) -> None:
    m, log = tmp_path / "carte.yaml", tmp_path / "events.csv"
    m.write_text(
        MAP
        + "opportunities:\n  - id: opp-sign\n    title: Signature en ligne\n"
        + "    steps: [sign]\n    status: done\n    done_on: 2026-03-01\n",
        encoding="utf-8",
    )
    write_log(log, after_signed=60)
    outcome = service.opportunities_file(
        m, log, options=service.AnalysisOptions(window_seconds=None)
    )
    (check,) = outcome.improvements
    changes = {c.metric: c for c in check.changes}
    assert (check.customers_before, check.customers_after) == (100, 100)
    assert changes["conversion"].improved and changes["conversion"].significant
    assert changes["delay_seconds"].improved


def test_a_map_changed_during_the_run_is_not_overwritten(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    m, log = files
    measure = service.analyze_map

    def edited_meanwhile(*args: object, **kwargs: object) -> object:
        m.write_text(MAP + "# edited\n", encoding="utf-8")
        return measure(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "analyze_map", edited_meanwhile)
    with pytest.raises(ConflictError):
        service.opportunities_file(
            m,
            log,
            options=service.AnalysisOptions(window_seconds=None),
            entries=service.Entries(accept=("opp-drop-off-sign",)),
        )
    assert m.read_text(encoding="utf-8").endswith("# edited\n")


def test_voice_evidence_becomes_candidates(files: tuple[Path, Path], tmp_path: Path) -> None:
    m, log = files
    voice, out = tmp_path / "voice.json", tmp_path / "o.json"
    voice.write_text(
        json.dumps(
            {
                "negative_themes": [
                    {"label": "frais", "step": "form", "mentions": 90, "verbatims": 100,
                     "valence": 1.0, "quotes": ["<script>frais</script>"]}
                ],
                "satisfaction_gaps": [
                    {"step": "sign", "score": 2.0, "reference": 4.0, "responses": 40}
                ],
            }
        ),
        encoding="utf-8",
    )  # fmt: skip
    result = run(str(m), "--events", str(log), "--voice", str(voice), "-o", str(out))
    assert result.exit_code == 0, result.output
    found = {c["id"]: c for c in json.loads(out.read_text(encoding="utf-8"))["candidates"]}
    # 180 customers at the form x 90/100 x 1.0 x 120 EUR; 60 at sign x 2/4 x 120 EUR
    assert found["opp-negative-theme-frais-form"]["impact_estimate"] == pytest.approx(19440)
    assert found["opp-satisfaction-gap-sign"]["impact_estimate"] == pytest.approx(3600)


def test_broken_voice_file_is_explained(files: tuple[Path, Path], tmp_path: Path) -> None:
    m, log = files
    voice = tmp_path / "voice.json"
    voice.write_text('{"negative_themes": [{"label": "x"}]}', encoding="utf-8")
    result = run(str(m), "--events", str(log), "--voice", str(voice))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "negative_themes[0]: the field 'mentions' is missing" in result.output


def test_feedback_becomes_voice_evidence(files: tuple[Path, Path], tmp_path: Path) -> None:
    """``--feedback``: survey answers read like ``analyze --feedback`` give a satisfaction
    gap at the form (CSAT 1 against a mean of 3) and its fee irritant, quotes included."""
    m, log = files
    survey = tmp_path / "survey.csv"
    rows = ["client,date,etape,csat,commentaire"]
    for n in range(40):
        rows.append(f"x{n},2026-02-10,Formulaire,1,Les frais sont beaucoup trop chers")
        rows.append(f"x{n},2026-02-11,Visiter,5,Très clair et rapide")
    survey.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "opps.json"
    result = run(str(m), "--events", str(log), "--feedback", str(survey), "-o", str(out))
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    ids = {c["id"] for c in document["candidates"]}
    assert "opp-satisfaction-gap-form" in ids
    theme = next(c for c in document["candidates"] if c["id"].startswith("opp-negative-theme"))
    assert theme["steps"] == ["form"]
    assert "Les frais sont beaucoup trop chers" in theme["evidence"][0]["quotes"]
