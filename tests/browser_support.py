"""Helpers for the browser tests: a local JupyterLab / Voila server and Playwright driving.

Chromium is Debian's (``/usr/bin/chromium``), launched headless; playwright never
downloads a browser. Every request that does not go to 127.0.0.1 is blocked, so
the tests also prove the course works offline.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

CHROMIUM = os.environ.get("SMM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "output" / "browser"


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status < 500:
                    return
        except Exception:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer {url} within {timeout} s:\n{log.read_text()[-3000:]}")


@contextmanager
def _serving(cmd: list[str], log: Path, ready_url: str, *, env: dict, cwd: Path) -> Iterator[subprocess.Popen]:
    """Start a server (output to ``log``), wait until ``ready_url`` answers, stop it afterwards."""
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    try:
        _wait_http(ready_url, proc, log)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def _kernels_over_unix_sockets(cmd: list[str], env: dict) -> Iterator[None]:
    """Make the server in ``cmd`` start its kernels on unix sockets in a short private
    runtime folder (removed afterwards) instead of TCP ports.

    Over TCP a kernel binds the ports its server picked a moment earlier; a kernel of
    another server or test worker started in between can take one, and the new kernel
    dies at start. Socket paths must stay under about 100 characters, hence a short
    folder rather than pytest's deep temporary ones.
    """
    runtime = tempfile.mkdtemp(prefix="smm-rt-")
    env["JUPYTER_RUNTIME_DIR"] = runtime
    cmd.append("--KernelManager.transport=ipc")
    try:
        yield
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


@contextmanager
def jupyterlab(workdir: Path) -> Iterator[dict]:
    """JupyterLab on 127.0.0.1 with a token, serving a copy of the notebooks in ``workdir``."""
    port, token = free_port(), secrets.token_hex(16)
    settings = workdir / "lab-settings"
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True, exist_ok=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    (settings / "@jupyterlab" / "docmanager-extension").mkdir(parents=True, exist_ok=True)
    (settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings").write_text(
        json.dumps({"autosave": False}))
    # Each server keeps its own workspace: in the default folder (~/.jupyter/lab/workspaces)
    # the two test workers' servers wrote and read the same file at once, and a read of a
    # half-written file answered 500. It would also have left the tests' layout behind
    # for the learner's own JupyterLab.
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(workdir / "workspaces"))
    log = workdir / "jupyterlab.log"
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={workdir / 'notebooks'}",
           "--LabApp.expose_app_in_browser=True", "--LabApp.news_url="]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    with _kernels_over_unix_sockets(cmd, env):
        with _serving(cmd, log, f"http://127.0.0.1:{port}/api/status?token={token}", env=env, cwd=workdir):
            yield {"url": f"http://127.0.0.1:{port}", "token": token, "log": log}


@contextmanager
def voila(apps_dir: Path, workdir: Path) -> Iterator[dict]:
    """Voila on 127.0.0.1 serving the app notebooks in ``apps_dir``."""
    port = free_port()
    log = workdir / "voila.log"
    cmd = [sys.executable, str(ROOT / "scripts" / "serve_apps.py"), "--port", str(port), "--no-browser"]
    env = dict(os.environ)
    with _kernels_over_unix_sockets(cmd, env):
        with _serving(cmd, log, f"http://127.0.0.1:{port}/", env=env, cwd=ROOT):
            yield {"url": f"http://127.0.0.1:{port}", "log": log}


def copy_course(dest: Path) -> Path:
    """Copy notebooks to ``dest/notebooks`` so running them in the browser never touches the repo."""
    shutil.copytree(ROOT / "notebooks", dest / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return dest / "notebooks"


def block_outside(context, blocked: list[str]) -> None:
    """Abort every request that does not go to this machine; remember what was blocked."""

    def handle(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handle)


# ------------------------------------------------------------------ axe-core (accessibility)
#: axe-core, the engine behind Lighthouse's accessibility audit, installed from npm by
#: .ci/run (``npm ci --prefix .ci``, pinned in .ci/package-lock.json) and injected into
#: each page from this local file: no page loads it from the network.
AXE_JS = Path(os.environ.get("SMM_AXE", ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js"))
AXE_HOW = "Install it with `npm ci --prefix .ci` (needs node and npm; .ci/run does this)."
#: WCAG 2.0 and 2.1, levels A and AA: what public course materials must meet.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Structure rules axe files under best practice that the course also keeps: a page has
#: an h1, headings go down one level at a time, the content sits in a main landmark.
AXE_STRUCTURE = ["page-has-heading-one", "heading-order", "landmark-one-main", "region"]

JS_AXE = """async ([context, tags, rules]) => {
  const root = context ? document.querySelector(context) : document;
  if (!root) return [{id: 'no-context', help: 'nothing matches ' + context, nodes: []}];
  const keep = r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                              summary: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300)}))}));
  const found = keep(await axe.run(root, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}));
  if (rules.length) {
    found.push(...keep(await axe.run(root, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']})));
  }
  return found;
}"""


def axe_available() -> bool:
    return AXE_JS.is_file()


def require_axe() -> None:
    """Skip (on a learner's machine) or fail (on CI) when axe-core is not installed; the
    browser tests call it after their other checks, so only the accessibility part is lost."""
    from conftest import require_tool

    require_tool(axe_available(), f"axe-core ({AXE_JS})", AXE_HOW)


def axe_violations(page, context: str | None = None, structure: bool = True) -> list[dict]:
    """Run axe-core in ``page`` (WCAG 2.0/2.1 A and AA, plus :data:`AXE_STRUCTURE` for a
    whole page) on the whole document or on the element ``context`` selects; return the
    violations (rule id, help, and each failing node's target, html and summary)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    rules = AXE_STRUCTURE if structure and context is None else []
    return page.evaluate(JS_AXE, [context, AXE_TAGS, rules])


def axe_report(where: str, violations: list[dict]) -> str:
    """One line per failing element: where, rule, target and what to fix."""
    lines = []
    for v in violations:
        for node in v["nodes"] or [{"target": "", "summary": ""}]:
            lines.append(f"{where}: {v['id']} at {node['target']}: {v['help']} ({node['summary']})")
    return "\n".join(lines)


JS_SHOW_EVERY_SLIDE = """() => {
  // reveal.js's print layout (?print-pdf) shows every slide and fragment at once; it keeps
  // the hidden/aria-hidden marks of the slides it had hidden before laying them out.
  document.querySelectorAll('.reveal .slides section').forEach(s => {
    s.removeAttribute('hidden'); s.removeAttribute('aria-hidden');
  });
  return document.querySelectorAll('.reveal .slides section').length;
}"""


JS_ACCESSIBLE = """() => {
  const panels = [...document.querySelectorAll('.smm-panel')];
  return panels.length > 0 && panels.every(p => !!p.querySelector('.smm-output[aria-live="polite"]')
                                              && p.getAttribute('data-smm-access') === 'true'
                                              && [...p.querySelectorAll('select, input, [role="slider"]')]
                                                   .every(c => c.hasAttribute('data-lm-suppress-shortcuts')))
    && [...document.querySelectorAll('.smm-panel .noUi-handle')].every(h => !!h.getAttribute('aria-label'));
}"""


def wait_accessible(page, where: str, timeout: float = 10.0) -> None:
    """Wait until the panels' accessibility script has run: every slider handle has a
    name and every panel's results are a live region (see utils.shared.widgets)."""
    try:
        page.wait_for_function(JS_ACCESSIBLE, timeout=timeout * 1000, polling=50)
    except Exception as exc:  # playwright's TimeoutError: say what is missing
        raise AssertionError(f"{where}: slider handles without a name or results without a live region") from exc


def deck_violations(page, deck: Path, presented: bool = True) -> tuple[int, list[dict]]:
    """axe-core on a reveal.js deck: as presented (first slide, controls, progress bar;
    ``presented``), then on every slide at once in reveal's print layout. Returns
    (slides, violations)."""
    found = []
    if presented:
        page.goto(deck.resolve().as_uri(), wait_until="load")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
        found = axe_violations(page)
    page.goto(deck.resolve().as_uri() + "?print-pdf&pdfSeparateFragments=false", wait_until="load")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
    slides = page.evaluate(JS_SHOW_EVERY_SLIDE)
    return slides, found + axe_violations(page, structure=False)


# ------------------------------------------------------------------ panels and demos
def demos_for(notebook_name: str) -> dict[str, dict]:
    """The DEMOS declared by ``utils/nbNN/panels.py`` for this notebook (empty if none)."""
    module_name = f"utils.nb{notebook_name[:2]}.panels"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        return {}
    return {key: dict(spec, module=module) for key, spec in getattr(module, "DEMOS", {}).items()}


def expected_views(spec: dict) -> list[dict]:
    """Build the panel in this process and compute what each demo step must show."""
    panel = getattr(spec["module"], spec["factory"])()
    views = [_view(panel, panel.values())]
    for step in spec["steps"]:
        panel.set(**step)
        views.append(_view(panel, step))
    return views


def _view(panel, step: dict) -> dict[str, Any]:
    return {
        "step": step,
        "rows": [list(r) for r in panel.rows],
        "message": panel.message[0] if panel.message else None,
        "controls": {name: type(panel.controls[name]).__name__ for name in step},
        "values": {name: panel.controls[name].value for name in step},
        "all_values": panel.values(),  # after linked controls reacted, as the browser will see them
        "options": {name: _labels(panel.controls[name]) for name in step},
    }


def _labels(control) -> dict:
    """Map each option value of a selection widget to its displayed label."""
    labels = getattr(control, "_options_labels", None)
    values = getattr(control, "_options_values", None)
    if labels is None or values is None:
        return {}
    return {repr(v): lab for lab, v in zip(labels, values)}


def fmt_number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def set_control(page, panel_sel: str, name: str, kind: str, value: Any, labels: dict) -> None:
    """Set one control in the browser the way a learner would (type, pick, press keys)."""
    root = page.locator(f"{panel_sel} .smm-control-{name}")
    if kind in {"IntSlider", "FloatSlider"}:
        readout = root.locator(".widget-readout")
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(fmt_number(value))
        page.keyboard.press("Enter")
    elif kind in {"IntRangeSlider", "FloatRangeSlider"}:
        readout = root.locator(".widget-readout")
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(f"{fmt_number(value[0])}-{fmt_number(value[1])}")
        page.keyboard.press("Enter")
    elif kind in {"IntText", "FloatText", "BoundedIntText", "BoundedFloatText", "Text", "Textarea"}:
        box = root.locator("input, textarea").first
        box.fill(fmt_number(value))
        box.press("Enter")
        box.blur()
    elif kind == "Dropdown":
        root.locator("select").select_option(label=labels.get(repr(value), str(value)))
    elif kind == "SelectMultiple":
        root.locator("select").select_option(label=[labels.get(repr(v), str(v)) for v in value])
    elif kind in {"RadioButtons"}:
        root.get_by_role("radio", name=labels.get(repr(value), str(value)), exact=True).click()
    elif kind in {"ToggleButtons"}:
        root.locator("button", has_text=labels.get(repr(value), str(value))).first.click()
    elif kind == "Checkbox":
        box = root.locator("input[type=checkbox]")
        if box.is_checked() != bool(value):
            box.click()
    else:
        raise AssertionError(f"browser test does not know how to drive a {kind} control ({name})")


JS_READ_VIEW = """(sel) => {
  const out = document.querySelector(sel + ' .smm-output');
  if (!out) return {rows: [], message: null, update: -1};
  const rows = [...out.querySelectorAll('td.smm-value')].map(td => [td.dataset.label, td.innerText.trim()]);
  const msg = out.querySelector('.smm-message');
  const view = out.querySelector('.smm-view');
  return {rows: rows, message: msg ? msg.innerText.trim() : null, update: view ? Number(view.dataset.update) : -1};
}"""

JS_UPDATED = """([sel, before]) => {
  const view = document.querySelector(sel + ' .smm-output .smm-view');
  return !!view && Number(view.dataset.update) > before;
}"""


def read_view(page, panel_sel: str) -> dict[str, Any]:
    """The panel's results table, message and update count, read in one step."""
    return page.evaluate(JS_READ_VIEW, panel_sel)


def settle(page, panel_sel: str, before: dict, timeout: float = 8.0) -> None:
    """Wait until the panel has answered a change: its update count (``data-update``)
    has moved past the one in ``before``. The browser does the waiting (no polling loop
    here); a change that never arrives fails with the panel named."""
    try:
        page.wait_for_function(JS_UPDATED, arg=[panel_sel, before["update"]], timeout=timeout * 1000, polling=25)
    except Exception as exc:  # playwright's TimeoutError: say which panel did not answer
        raise AssertionError(f"{panel_sel}: no update within {timeout:.0f} s after changing a control "
                             f"(last view: {read_view(page, panel_sel)})") from exc


def same_view(shown: dict, expected: dict) -> bool:
    return shown["rows"] == expected["rows"] and normalise_space(shown["message"]) == normalise_space(expected["message"])


def normalise_space(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", " ", text).strip()


# ------------------------------------------------------------------ pages, notebooks, apps
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


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium, headless, driven by playwright (which never downloads a browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser):
    """A fresh context and page that blocks outside requests and records console errors."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []
    errors: list[str] = []
    block_outside(context, blocked)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    # the console says only "Failed to load resource: ... 500": name the request too
    page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.request.method} {r.url}")
            if r.status >= 400 else None)
    return context, page, blocked, errors


def server_problems(log: Path) -> str:
    """The lines of a server's log that report a 5xx answer, to show next to a failed request."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return "\n".join(line for line in lines if line.startswith(("[E ", "[W ")) and re.search(r"\] 5\d\d ", line))


def wait_view(page, selector: str, expected: dict, timeout: float = 15.0) -> dict:
    """Read the panel until it shows ``expected`` (or the time is up); return what it shows."""
    deadline = time.time() + timeout
    shown = read_view(page, selector)
    while not same_view(shown, expected) and time.time() < deadline:
        time.sleep(0.05)
        shown = read_view(page, selector)
    return shown


def drive_panels(page, notebook_name: str, where: str) -> int:
    """Drive every panel on the page through its DEMOS steps, one control at a time as a
    learner would, and check each view against the pure function; return how many panels."""
    demos = demos_for(notebook_name)
    on_page = page.eval_on_selector_all(
        ".smm-panel", "els => els.map(e => [...e.classList].find(c => c.startsWith('smm-panel-')).slice(10))")
    assert on_page, f"{where}: no widget panel rendered"
    assert set(on_page) <= set(demos), f"{where}: panels {sorted(set(on_page) - set(demos))} have no DEMOS entry"
    for key in dict.fromkeys(on_page):
        selector = f".smm-panel-{key}"
        page.locator(selector).first.scroll_into_view_if_needed()
        views = expected_views(demos[key])
        shown = wait_view(page, selector, views[0])
        assert shown["rows"] == views[0]["rows"], f"{where} {key}: default view differs from the pure function"
        current = dict(views[0]["all_values"])
        for view in views[1:]:
            for name, value in view["values"].items():
                if value == current[name]:
                    continue  # the control already shows it: a learner would not touch it
                before = read_view(page, selector)
                set_control(page, selector, name, view["controls"][name], value, view["options"][name])
                settle(page, selector, before)
            current = dict(view["all_values"])
            shown = wait_view(page, selector, view)
            assert shown["rows"] == view["rows"], f"{where} {key} after {view['step']}: {shown} != {view}"
            assert normalise_space(shown["message"]) == normalise_space(view["message"]), f"{where} {key}: {shown}"
        changed = [v for v in views[1:] if v["rows"] and v["rows"] != views[0]["rows"]]
        assert changed, f"{where} {key}: no DEMOS step changes a number shown"
    return len(on_page)


# ------------------------------------------------------------------ keyboard only
JS_MARK_FOCUSABLE = """(sel) => {
  // Number the panel's focusable elements (in document order, as Tab visits them) and
  // say which control each belongs to and how a keyboard changes it.
  const panel = document.querySelector(sel);
  const all = [...panel.querySelectorAll(
    'input, select, textarea, button, summary, a[href], [tabindex]:not([tabindex="-1"]), [contenteditable="true"]')]
    .filter(e => !e.disabled && e.getClientRects().length > 0 && (e.tabIndex >= 0 || e.isContentEditable));
  return all.map((e, i) => {
    e.dataset.smmKey = String(i);
    const control = e.closest('[class*="smm-control-"]');
    const name = control ? [...control.classList].find(c => c.startsWith('smm-control-')).slice(12) : '';
    const kind = e.getAttribute('role') === 'slider' ? 'slider'
      : e.tagName === 'SELECT' ? (e.multiple ? 'multi' : 'select')
      : e.tagName === 'INPUT' ? e.type : e.isContentEditable ? 'readout' : e.tagName.toLowerCase();
    return {key: i, control: name, kind: kind};
  });
}"""

JS_ACTIVE_KEY = """() => { const a = document.activeElement;
  return a && a.dataset && a.dataset.smmKey !== undefined ? a.dataset.smmKey
    : (a ? a.tagName + '.' + a.className + '[' + (a.getAttribute('contenteditable') || '') + ',' + a.tabIndex + ']' : null); }"""


def drive_panel_by_keyboard(page, panel_sel: str, where: str) -> dict:
    """Drive one panel with the keyboard alone, as a learner who cannot use a mouse.

    Focus arrives on the panel's first control (as after tabbing into it); Tab must then
    reach every control in order; then each control that a key changes (arrows on a
    slider or a list, a number typed and Enter, Space on a check box) is changed until
    the panel answers. The answer must arrive in the results' live region. Returns
    what was pressed on which control."""
    marks = page.evaluate(JS_MARK_FOCUSABLE, panel_sel)
    controls = [m for m in marks if m["control"]]
    assert controls, f"{where}: no focusable control in {panel_sel}"
    first = page.locator(f'{panel_sel} [data-smm-key="{controls[0]["key"]}"]')
    first.focus()
    expected = [str(m["key"]) for m in controls]
    visited = [page.evaluate(JS_ACTIVE_KEY)]
    while len(visited) < 2 * len(marks) and not set(expected) <= set(visited):
        page.keyboard.press("Tab")
        visited.append(page.evaluate(JS_ACTIVE_KEY))
    in_order = [k for k in dict.fromkeys(visited) if k in expected]
    assert in_order == expected, f"{where}: Tab visits {visited}, the panel's controls are {expected} ({marks})"
    keys = {"slider": ["ArrowRight", "ArrowLeft"], "select": ["ArrowDown", "ArrowUp"],
            "multi": ["ArrowDown", "ArrowUp"], "checkbox": ["Space"], "radio": ["ArrowDown", "ArrowUp"],
            "number": ["ArrowUp+Enter", "ArrowDown+Enter"], "text": ["a+Enter"]}
    # a slider's readout takes a typed value too; the handle's arrows are tried first
    tried = []
    for mark in controls:
        for key in keys.get(mark["kind"], []):
            page.locator(f'{panel_sel} [data-smm-key="{mark["key"]}"]').focus()
            before = read_view(page, panel_sel)
            for k in key.split("+"):
                page.keyboard.press(k)
            try:
                settle(page, panel_sel, before, timeout=3.0)
            except AssertionError:
                tried.append(f"{mark['control']} {key}: {page.evaluate(JS_ACTIVE_KEY)} "
                             f"{page.evaluate('() => document.activeElement.value')}")
                continue  # at the end of its range, or a key this control ignores: try the next
            live = page.evaluate("(sel) => { const o = document.querySelector(sel + ' .smm-output');"
                                 " return o ? [o.getAttribute('aria-live'), o.innerText.trim()] : null }", panel_sel)
            assert live and live[0] == "polite" and live[1], f"{where}: the new result is not in a live region"
            return {"control": mark["control"], "kind": mark["kind"], "keys": key}
    raise AssertionError(f"{where}: no control of {panel_sel} could be changed with the keyboard ({tried})")


JS_OUTPUT_IMAGES = """() => {
  // Every image in the notebook's outputs (charts shown by show(), panel charts), with its
  // alt text and whether the chart's words-and-numbers block follows it.
  const w = window.jupyterapp.shell.currentWidget;
  return [...w.node.querySelectorAll('.jp-OutputArea-output img')].map(i => ({
    alt: (i.getAttribute('alt') || '').trim(),
    figure: !!(i.closest('figure.smm-figure') && i.closest('figure.smm-figure').querySelector('details.smm-figure-text'))
  }));
}"""


JS_OPEN = """async (path) => {
  const app = window.jupyterapp;
  await app.commands.execute('docmanager:open', {path: path, factory: 'Notebook'});
}"""

JS_IS_OPEN = """(path) => {
  const w = window.jupyterapp.shell.currentWidget;
  return !!w && !!w.context && w.context.path === path && !!w.content && w.content.widgets.length > 0;
}"""

# The kernel is shut down without waiting for it: a kernel takes 0.4-1.6 s to exit
# (ipykernel 7.4 sometimes stalls 3 s more in its own teardown), and the next notebook
# does not need the old kernel gone. The server finishes the shutdown meanwhile.
JS_CLOSE = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  if (!w) return;
  const session = w.sessionContext && w.sessionContext.session;
  w.dispose();
  if (session) window.jupyterapp.serviceManager.sessions.shutdown(session.id).catch(() => {});
}"""


class LabPage:
    """One JupyterLab page (opened once with ``?reset``) in which notebooks are opened,
    run and closed one after another: the front end loads once per test file, not once
    per notebook. Console errors and outside requests are collected per notebook."""

    def __init__(self, browser, lab: dict) -> None:
        self.context, self.page, self.blocked, self.errors = open_page(browser)
        self.log = lab["log"]
        self.page.goto(f"{lab['url']}/lab?reset&token={lab['token']}")
        self.page.wait_for_selector(".jp-LabShell", timeout=60_000)
        self.page.wait_for_function("() => !!window.jupyterapp && window.jupyterapp.shell", timeout=60_000)

    def close(self) -> None:
        self.context.close()

    def open(self, name: str) -> None:
        """Open notebook ``name`` in this page; return when its kernel is ready.
        The caller closes it with :meth:`close_notebook`."""
        self.page.evaluate(JS_OPEN, name)
        self.page.wait_for_function(JS_IS_OPEN, arg=name, timeout=60_000)
        self.page.wait_for_function(JS_KERNEL_READY, timeout=60_000)

    def open_and_run(self, path: Path) -> None:
        """Open the notebook in this page and run all its cells; return when they are done.
        The caller closes it with :meth:`close_notebook`."""
        page = self.page
        self.open(path.name)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(JS_DONE, timeout=120_000, polling=100)

    def close_notebook(self) -> None:
        """Close the current notebook and shut its kernel down."""
        self.page.evaluate(JS_CLOSE)

    def check_notebook(self, path: Path) -> None:
        """Open the notebook, run all cells, check there is no error, widget failure,
        console error or outside request, drive its panels, then close it and its kernel."""
        page = self.page
        self.blocked.clear()
        self.errors.clear()
        try:
            self.open_and_run(path)
            page.wait_for_timeout(200)
            assert page.evaluate(JS_ERRORS) == []
            drive_panels(page, path.name, path.name)
            images = page.evaluate(JS_OUTPUT_IMAGES)
            assert [i for i in images if not i["alt"]] == [], f"{path.name}: output images without alt text"
            source = path.read_text(encoding="utf-8")
            charts = source.count("show(fig") + source.count("show(ax")  # the notebook's own charts
            assert sum(i["figure"] for i in images) >= charts, f"{path.name}: charts without their text"
            wait_accessible(page, path.name)
            keyboard = page.eval_on_selector_all(
                ".smm-panel", "els => els.map(e => [...e.classList].find(c => c.startsWith('smm-panel-')))")
            for key in dict.fromkeys(keyboard):  # every panel, by keyboard only, then axe-core on it
                selector = f".{key}"
                page.locator(selector).first.scroll_into_view_if_needed()
                drive_panel_by_keyboard(page, selector, f"{path.name} {key}")
                if axe_available():
                    violations = axe_violations(page, context=selector)
                    assert violations == [], f"axe-core on the panel:\n{axe_report(f'{path.name} {key}', violations)}"
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{path.stem}.png"))
            panels = page.locator(".smm-panel")
            for i in range(panels.count()):
                panels.nth(i).screenshot(path=str(ARTIFACTS / f"{path.stem}-panel{i}.png"))
            problems = [e for e in self.errors if "favicon" not in e]
            assert problems == [], f"{problems}\nserver log:\n{server_problems(self.log)}"
            assert self.blocked == [], f"requests leaving the machine: {self.blocked}"
        finally:
            self.close_notebook()
        require_axe()  # every other check has run: without axe-core only its part is missing


def check_app_in_voila(browser, apps: dict, path: Path) -> None:
    """Render a Voila app, drive its panels, and check the console and outside requests."""
    meta = json.loads(path.read_text())["metadata"]["smm"]["app"]
    context, page, blocked, errors = open_page(browser)
    try:
        page.goto(f"{apps['url']}/voila/render/{path.name}", wait_until="load")
        page.wait_for_selector(".smm-panel", timeout=90_000)
        driven = drive_panels(page, meta["notebook"], f"app {path.name}")
        assert driven >= 1
        wait_accessible(page, f"app {path.name}")
        if axe_available():
            violations = axe_violations(page)
            assert violations == [], "axe-core (WCAG 2.1 A/AA and structure):\n" + axe_report(f"app {path.name}",
                                                                                           violations)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"app-{path.stem}.png"), full_page=True)
        problems = [e for e in errors if not any(b in e for b in ("ERR_FAILED", "favicon"))]
        assert problems == [], f"{problems}\nserver log:\n{server_problems(apps['log'])}"
    finally:
        context.close()
    require_axe()
