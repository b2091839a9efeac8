"""The main flows of issue 11 in a real Chromium: log in, create from a template, edit a step
and see the drawing and rubric update, export the PDF, share a read-only link and open it
logged out, reorder the steps by drag and drop, upload an event log and see its funnel."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from browser.conftest import LiveSite, log_in, new_page
from parcours.services import documents

PDF_TIMEOUT_MS = 180_000
"""A PDF takes WeasyPrint 20 s on this shared machine (then it is cached per revision: the
export test and the share test use the same map, so only the first renders)."""


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext not installed: scripts/bootstrap.sh --dev installs poppler-utils")
    path = tmp_path / "export.pdf"
    path.write_bytes(data)
    return subprocess.run(
        [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _download(page: Any, selector: str) -> bytes:
    with page.expect_download(timeout=PDF_TIMEOUT_MS) as info:
        page.click(selector)
    path = info.value.path()
    return Path(path).read_bytes()


def test_login_opens_the_workspaces(browser: Any, live_site: LiveSite) -> None:
    page = new_page(browser, live_site)
    page.goto("/maps/1")
    assert "/login" in page.url  # the map asks for a login first
    page.fill("input[name=username]", "viewer")
    page.fill("input[name=password]", "wrong password")
    page.click("form[action='/login'] button")
    assert page.locator(".alert").inner_text().startswith("Wrong user name or password")
    log_in(page, "viewer")
    assert page.locator("h1").inner_text() == "Workspaces"
    assert page.get_by_role("link", name="Bank").is_visible()
    assert page.get_by_role("link", name="Other").count() == 0
    page.context.close()


def test_create_a_map_from_a_template(editor_page: Any, live_site: LiveSite) -> None:
    page = editor_page
    page.goto(f"/workspaces/{live_site.site.workspace_id}")
    page.select_option("select[name=template]", "ecommerce.en")
    page.click(f"form[action='/workspaces/{live_site.site.workspace_id}/maps'] button")
    page.wait_for_url("**/maps/*")
    title = documents.parse_map_text(documents.template_map_text("ecommerce", "en")).journey.title
    assert page.locator("h1").inner_text() == title, page.locator("main").inner_text()
    assert page.locator(".drawing-scroll img.drawing").count() == 1
    assert _drawing_loaded(page)
    assert page.locator("#rubric .verdict").is_visible()


def test_edit_a_step_in_place_updates_drawing_and_rubric(
    editor_page: Any, live_site: LiveSite
) -> None:
    page = editor_page
    step = live_site.flawed_step
    page.goto(f"/maps/{live_site.flawed_map_id}")
    rubric = page.locator("#rubric")
    assert "Requests a new laptop" not in rubric.inner_text()
    page.locator(f"#step-{step} button").first.click()
    form = page.locator(f"#step-{step} form")
    form.locator("input[name=name]").fill("Requests a new laptop")
    form.locator("textarea[name=description]").fill("Through the IT portal")
    form.locator("button.primary").click()
    page.wait_for_selector(".toast")
    assert "revision 2" in page.locator(".toast").inner_text()
    assert "rev=2-" in (page.locator("img.drawing").get_attribute("src") or "")
    assert _drawing_loaded(page)  # the new revision's drawing, fetched by the browser
    words = page.evaluate(  # the drawing the image shows, read as the browser got it
        """async step => {
            const svg = await (await fetch(document.querySelector('img.drawing').src)).text();
            const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
            const header = doc.querySelector(`g.step-header[data-step="${step}"]`);
            return [...header.querySelectorAll('text')].map(t => t.textContent);
        }""",
        step,
    )
    assert "Requests a new laptop" in " ".join(words)  # wrapped over lines in the drawing
    assert "Requests a new laptop" in page.locator("#rubric").inner_text()  # its finding's name
    assert page.locator(f"#step-{step} .step-desc").inner_text() == "Through the IT portal"
    page.reload()  # saved, not only swapped in the page
    assert "Requests a new laptop" in page.locator(f"#step-{step} .step-name").inner_text()


def test_export_the_pdf(editor_page: Any, live_site: LiveSite, tmp_path: Path) -> None:
    page = editor_page
    page.goto(f"/maps/{live_site.flawed_map_id}")
    title = page.locator("h1").inner_text()
    data = _download(page, f"a[href='/maps/{live_site.flawed_map_id}/export/pdf']")
    assert data.startswith(b"%PDF")
    assert " ".join(title.split()) in " ".join(_pdf_text(data, tmp_path).split())


def test_share_a_read_only_link_and_open_it_logged_out(
    editor_page: Any, anonymous_page: Any, live_site: LiveSite
) -> None:
    page = editor_page
    page.goto(f"/maps/{live_site.flawed_map_id}")
    title = page.locator("h1").inner_text()
    page.click(f"form[action='/maps/{live_site.flawed_map_id}/shares'] button")
    url = page.locator("input.share-url").input_value()
    assert "/s/" in url
    shared = anonymous_page
    shared.goto(url)
    assert shared.locator("h1").inner_text() == title
    assert shared.locator(".drawing-scroll img.drawing").count() == 1
    assert _drawing_loaded(shared)
    assert shared.locator("form, textarea, input, [hx-get], [hx-post]").count() == 0
    links = shared.eval_on_selector_all(  # where each link leads, resolved by the browser
        "a[href]", "nodes => nodes.map(n => new URL(n.href).pathname)"
    )
    assert links and all(link.startswith("/s/") for link in links), links
    data = _download(shared, "a[href*='/pdf']")
    assert data.startswith(b"%PDF")


# --------------------------------------------------------------------------- reorder, data
def test_reorder_steps_by_drag_and_drop(editor_page: Any, live_site: LiveSite) -> None:
    """Dragging the first step below the third saves a revision: the order persists."""
    page = editor_page
    page.goto(f"/maps/{live_site.site.map_id}")
    rows = page.locator("ol.steps > [data-testid=step-row]")
    before = [rows.nth(i).get_attribute("data-id") for i in range(rows.count())]
    assert len(before) >= 3
    saved = f"/maps/{live_site.site.map_id}/order/step"
    with page.expect_response(  # the drop submits the order: wait for its answer, not for idle
        lambda r: r.request.method == "POST" and r.url.endswith(saved), timeout=30_000
    ) as answer:
        rows.nth(0).drag_to(rows.nth(2))
    assert answer.value.status < 400
    page.reload()
    rows = page.locator("ol.steps > [data-testid=step-row]")
    after = [rows.nth(i).get_attribute("data-id") for i in range(rows.count())]
    assert sorted(after) == sorted(before) and after != before
    assert after.index(before[0]) > 0


def test_upload_events_and_see_the_funnel(
    editor_page: Any, live_site: LiveSite, tmp_path: Path
) -> None:
    """Upload a small log, keep the guessed columns, run the analysis, see its funnel."""
    page = editor_page
    m = documents.parse_map_text(documents.template_map_text("bank-account", "en"))
    rows = ["case_id,activity,channel,timestamp"]
    for case in range(20):
        for number, step in enumerate(m.steps[: 3 + case % 3]):
            event = step.events[0]  # the template binds each step to an activity on a channel
            at = f"2026-11-0{1 + case % 9}T10:{number:02d}:00Z"
            rows.append(f"c{case},{event.activity},{event.channel or ''},{at}")
    log = tmp_path / "events.csv"
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page.goto(f"/maps/{live_site.site.map_id}/analysis")
    page.set_input_files("#upload-events", str(log))
    page.locator("[data-testid=upload-form] button").click()
    page.wait_for_url("**/mapping")
    page.locator("form.data-mapping button.primary").click()
    page.wait_for_url("**/analysis*")
    page.locator("[data-testid=run-form] button").click()
    page.wait_for_url("**/jobs/*")
    page.locator(".data-job.state-done a").first.click(timeout=120_000)
    page.wait_for_url("**/analysis?snapshot=*")
    report = page.frame_locator("[data-testid=report]")
    funnel = report.locator("#analysis-funnel")
    funnel.locator("svg").first.wait_for(timeout=30_000)
    drawn = funnel.text_content() or ""
    # the stages every customer reached
    assert all(step.name in drawn for step in m.steps[:3]), drawn[:1500]


def _drawing_loaded(page: Any) -> bool:
    """The page's drawing (its own resource, an ``<img>``) has loaded and has a size."""
    page.wait_for_function(
        "() => { const i = document.querySelector('img.drawing'); return i && i.complete; }"
    )
    width = page.evaluate("() => document.querySelector('img.drawing').naturalWidth")
    return bool(width and width > 0)
