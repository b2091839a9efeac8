"""``parcours alerts`` as a use case and through the command line: the planted drop fires
there and nowhere else, files and webhooks (up, down) are handled without a crash."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from listening_case import write_case
from typer.testing import CliRunner

from parcours.analytics.alerts import AlertLevel
from parcours.cli.app import app
from parcours.services import alerts as service
from parcours.services.maps import load

runner = CliRunner()


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_case(tmp_path_factory.mktemp("alerts"))


@pytest.fixture(scope="module")
def stable(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_case(tmp_path_factory.mktemp("stable"), drop=False)


def test_the_planted_drop_fires_there_and_nowhere_else(case: dict[str, Path]) -> None:
    outcome = service.run_alerts(case["map"], [case["feedback"]], source=case["events"])
    report = outcome.report
    fired = {(a.watched.source_id, a.level) for a in report.fired}
    assert fired == {("lp-kyc", AlertLevel.WARNING), ("Clients satisfaits", AlertLevel.CRITICAL)}
    kyc = next(a for a in report.alerts if a.watched.source_id == "lp-kyc")
    assert kyc.trend is not None and kyc.trend.significant and kyc.trend.method == "welch_t"
    # the survey counts come from the plan on the event log: everyone at kyc is asked
    assert kyc.current.sent is not None and kyc.current.sent > kyc.current.responses
    support = next(a for a in report.alerts if a.watched.step == "s-support")
    assert support.level is AlertLevel.OK
    assert report.skipped == (("s-kyc: Conversion", "not_from_feedback"),)


def test_no_drop_no_alert(stable: dict[str, Path]) -> None:
    report = service.run_alerts(stable["map"], [stable["feedback"]]).report
    assert report.fired == ()
    assert all(a.response_rate is None for a in report.alerts)  # no event log: no sent counts


def test_since_sets_the_periods(case: dict[str, Path]) -> None:
    import datetime as dt

    report = service.run_alerts(case["map"], [case["feedback"]], since=dt.date(2026, 11, 16)).report
    assert report.options.start == dt.date(2026, 11, 16)
    assert report.options.previous == (dt.date(2026, 10, 31), dt.date(2026, 11, 15))


def test_wide_feedback_and_step_names(tmp_path: Path, case: dict[str, Path]) -> None:
    from parcours.engine import Engine

    path = tmp_path / "wide.csv"
    path.write_text(
        "client;date;etape;csat;nps\nc1;2026-11-20;Support;4;9\nc2;2026-11-21;s-kyc;2;\n",
        encoding="utf-8",
    )
    scores, answers = service.feedback_scores(Engine.duckdb(), [path], load(case["map"]))
    cells = sorted((c.step, c.scale.value, c.total) for c in scores.cells)
    assert answers == 2
    assert cells == [
        ("s-kyc", "csat_1_5", 2.0),
        ("s-support", "csat_1_5", 4.0),
        ("s-support", "nps_0_10", 9.0),
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("customer_id,step,score\nc1,s-kyc,4\n", "no_timestamp"),
        ("customer_id,date,step,score\nc1,never,s-kyc,4\n", "all_rejected"),
    ],
)
def test_feedback_errors_name_the_problem(
    tmp_path: Path, case: dict[str, Path], text: str, key: str
) -> None:
    from parcours.engine import Engine
    from parcours.events.feedback import FeedbackError

    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FeedbackError) as caught:
        service.feedback_scores(Engine.duckdb(), [path], load(case["map"]))
    assert caught.value.key == key
    assert "bad.csv" in caught.value.message("fr") and "bad.csv" in caught.value.message("en")
    result = runner.invoke(app, ["alerts", str(case["map"]), "--feedback", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


class _Hook(http.server.BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, object]]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        _Hook.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Hook.received.clear()
    yield f"http://127.0.0.1:{server.server_port}/alerts"
    server.shutdown()
    server.server_close()
    thread.join()


def _free_port_url() -> str:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Hook)
    port = server.server_port
    server.server_close()  # nobody listens there any more
    return f"http://127.0.0.1:{port}/alerts"


def test_alerts(case: dict[str, Path], hook: str, tmp_path: Path) -> None:
    target = tmp_path / "alerts.json"
    args = ["alerts", str(case["map"]), "--events", str(case["events"])]
    args += ["--feedback", str(case["feedback"]), "--json", str(target), "--webhook", hook]
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "CRITICAL" in result.output and "Traceback" not in result.output
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["fired"] == 2
    assert _Hook.received == [written]


def test_alerts_exit_zero_when_quiet(stable: dict[str, Path]) -> None:
    args = ["alerts", str(stable["map"]), "--feedback", str(stable["feedback"]), "--lang", "fr"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "0 alerte(s)" in result.output


def test_a_dead_webhook_is_a_warning(case: dict[str, Path]) -> None:
    url = _free_port_url()
    naps: list[float] = []
    delivery = service.deliver(url, "{}", timeout_seconds=1, sleep=naps.append)
    assert not delivery.delivered and delivery.attempts == 3
    assert naps == [0.5, 1.0]  # backoff doubles
    args = ["alerts", str(case["map"]), "--feedback", str(case["feedback"])]
    result = runner.invoke(app, [*args, "--webhook", url, "--timeout", "0.5", "--lang", "en"])
    assert result.exit_code == 1  # the alerts, not the dead URL, decide the exit code
    assert "could not be reached" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "option",
    [
        ["--since", "last monday"],
        ["--webhook", "file:///etc/passwd"],
        ["--days", "0"],
        ["--alpha", "2"],
    ],
)
def test_bad_options_exit_two(case: dict[str, Path], option: list[str]) -> None:
    args = ["alerts", str(case["map"]), "--feedback", str(case["feedback"]), *option]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert option[0] in result.output and "Traceback" not in result.output


def test_json_may_not_overwrite_an_input(case: dict[str, Path]) -> None:
    args = ["alerts", str(case["map"]), "--feedback", str(case["feedback"])]
    result = runner.invoke(app, [*args, "--json", str(case["feedback"])])
    assert result.exit_code == 2 and "Traceback" not in result.output
