"""The course as learners see it: every notebook in a real JupyterLab, the apps in Voila.

For every notebook: open it (``?reset``), run all cells, wait until they finish,
assert no error output, no "Error displaying widget", no browser console error,
no request leaving the machine; then drive every widget panel the notebook shows
through the steps its ``utils/panels/nbNN.py`` declares in ``DEMOS`` (typing into
slider readouts and number boxes, picking dropdown options) and assert that the
numbers shown equal, exactly, what the panel's pure function computes for those
inputs. A screenshot per notebook goes to output/browser/ (ignored by git).

Needs Debian's chromium and the playwright package: ``.ci/run`` installs chromium;
on a learner's machine without it these tests skip and say how to enable them.
"""

from __future__ import annotations

import json
import time

import pytest

from browser_support import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    block_outside,
    chromium_available,
    copy_course,
    demos_for,
    expected_views,
    jupyterlab,
    normalise_space,
    read_view,
    set_control,
    settle,
    voila,
)
from conftest import ROOT, require_tool
from utils import course

NOTEBOOKS = course.list_notebooks()
APPS = sorted((ROOT / "apps").glob("*.ipynb"))
HOW = "Install Debian's chromium (`sudo apt-get install chromium`) to run the browser tests."

JS_DONE = """() => {
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  if (!w || !w.content || !w.sessionContext || !w.sessionContext.session) return false;
  const kernel = w.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  return cells.every(c => c.model.executionCount !== null || c.model.sharedModel.getSource().trim() === '');
}"""

JS_KERNEL_READY = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}"""

JS_ERRORS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const found = [];
  for (const c of w.content.widgets) {
    if (c.model.type !== 'code') continue;
    for (const o of c.model.outputs.toJSON()) {
      if (o.output_type === 'error') found.push(o.ename + ': ' + o.evalue);
      if (o.output_type === 'stream' && o.name === 'stderr') found.push('stderr: ' + [].concat(o.text).join(''));
    }
  }
  if (document.body.innerText.includes('Error displaying widget')) found.push('Error displaying widget');
  return found;
}"""


@pytest.fixture(scope="module")
def browser():
    require_tool(chromium_available(), f"chromium ({CHROMIUM})", HOW)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_tool(False, "the playwright package", "Run `python3 tasks.py setup`.")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    work = tmp_path_factory.mktemp("lab")
    copy_course(work)
    with jupyterlab(work) as server:
        yield server


def _open_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []
    errors: list[str] = []
    block_outside(context, blocked)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    return context, page, blocked, errors


def _wait_view(page, selector: str, expected: dict, timeout: float = 15.0) -> dict:
    deadline = time.time() + timeout
    shown = read_view(page, selector)
    while time.time() < deadline:
        shown = read_view(page, selector)
        if shown["rows"] == expected["rows"] and normalise_space(shown["message"]) == normalise_space(expected["message"]):
            return shown
        time.sleep(0.1)
    return shown


def drive_panels(page, notebook_name: str, where: str) -> int:
    """Drive every panel on the page through its DEMOS steps; return how many were driven."""
    demos = demos_for(notebook_name)
    on_page = page.eval_on_selector_all(
        ".smm-panel", "els => els.map(e => [...e.classList].find(c => c.startsWith('smm-panel-')).slice(10))")
    assert on_page, f"{where}: no widget panel rendered"
    assert set(on_page) <= set(demos), f"{where}: panels {sorted(set(on_page) - set(demos))} have no DEMOS entry"
    for key in dict.fromkeys(on_page):
        selector = f".smm-panel-{key}"
        page.locator(selector).first.scroll_into_view_if_needed()
        views = expected_views(demos[key])
        shown = _wait_view(page, selector, views[0])
        assert shown["rows"] == views[0]["rows"], f"{where} {key}: default view differs from the pure function"
        for view in views[1:]:
            for name, value in view["values"].items():
                before = read_view(page, selector)
                set_control(page, selector, name, view["controls"][name], value, view["options"][name])
                settle(page, selector, before)  # one control at a time, as a learner would
            shown = _wait_view(page, selector, view)
            assert shown["rows"] == view["rows"], f"{where} {key} after {view['step']}: {shown} != {view}"
            assert normalise_space(shown["message"]) == normalise_space(view["message"]), f"{where} {key}: {shown}"
        changed = [v for v in views[1:] if v["rows"] and v["rows"] != views[0]["rows"]]
        assert changed, f"{where} {key}: no DEMOS step changes a number shown"
    return len(on_page)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_in_jupyterlab(lab, browser, path):
    context, page, blocked, errors = _open_page(browser)
    try:
        page.goto(f"{lab['url']}/lab/tree/{path.name}?reset&token={lab['token']}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        page.wait_for_function(JS_KERNEL_READY, timeout=60_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(JS_DONE, timeout=120_000, polling=250)
        page.wait_for_timeout(300)
        assert page.evaluate(JS_ERRORS) == []
        drive_panels(page, path.name, path.name)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{path.stem}.png"))
        panels = page.locator(".smm-panel")
        for i in range(panels.count()):
            panels.nth(i).screenshot(path=str(ARTIFACTS / f"{path.stem}-panel{i}.png"))
        assert [e for e in errors if "favicon" not in e] == [], errors
        assert blocked == [], f"requests leaving the machine: {blocked}"
    finally:
        context.close()


@pytest.fixture(scope="module")
def apps(browser, tmp_path_factory):
    with voila(ROOT / "apps", tmp_path_factory.mktemp("voila")) as server:
        yield server


@pytest.mark.parametrize("path", APPS, ids=[p.stem for p in APPS])
def test_app_in_voila(apps, browser, path):
    meta = json.loads(path.read_text())["metadata"]["smm"]["app"]
    context, page, blocked, errors = _open_page(browser)
    try:
        page.goto(f"{apps['url']}/voila/render/{path.name}", wait_until="load")
        page.wait_for_selector(".smm-panel", timeout=90_000)
        driven = drive_panels(page, meta["notebook"], f"app {path.name}")
        assert driven >= 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"app-{path.stem}.png"), full_page=True)
        assert [e for e in errors if not any(b in e for b in ("ERR_FAILED", "favicon"))] == [], errors
    finally:
        context.close()


def test_apps_exist():
    """The README promises the metric calculator and segmentation explorer as apps."""
    names = {p.stem for p in APPS}
    assert {"metric_calculator", "segmentation_explorer"} <= names, names
