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
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
               PYTHONDONTWRITEBYTECODE="1")
    log = workdir / "jupyterlab.log"
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={workdir / 'notebooks'}",
           "--LabApp.expose_app_in_browser=True", "--LabApp.news_url="]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    with _serving(cmd, log, f"http://127.0.0.1:{port}/api/status?token={token}", env=env, cwd=workdir):
        yield {"url": f"http://127.0.0.1:{port}", "token": token, "log": log}


@contextmanager
def voila(apps_dir: Path, workdir: Path) -> Iterator[dict]:
    """Voila on 127.0.0.1 serving the app notebooks in ``apps_dir``."""
    port = free_port()
    log = workdir / "voila.log"
    cmd = [sys.executable, str(ROOT / "scripts" / "serve_apps.py"), "--port", str(port), "--no-browser"]
    with _serving(cmd, log, f"http://127.0.0.1:{port}/", env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"), cwd=ROOT):
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


# ------------------------------------------------------------------ panels and demos
def demos_for(notebook_name: str) -> dict[str, dict]:
    """The DEMOS declared by ``utils/panels/nbNN.py`` for this notebook (empty if none)."""
    module_name = f"utils.panels.nb{notebook_name[:2]}"
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
        root.locator("label", has_text=labels.get(repr(value), str(value))).first.click()
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
  if (!out) return {rows: [], message: null};
  const rows = [...out.querySelectorAll('td.smm-value')].map(td => [td.dataset.label, td.innerText.trim()]);
  const msg = out.querySelector('.smm-message');
  return {rows: rows, message: msg ? msg.innerText.trim() : null};
}"""


def read_view(page, panel_sel: str) -> dict[str, Any]:
    """The panel's results table and message, read in one step (no race with re-rendering)."""
    return page.evaluate(JS_READ_VIEW, panel_sel)


def settle(page, panel_sel: str, before: dict, timeout: float = 8.0) -> None:
    """Wait until the panel has answered a change: its view differs from ``before``
    and then stays the same for a moment (or, for a no-op change, a short quiet spell)."""
    deadline = time.time() + timeout
    last, stable_since, changed = read_view(page, panel_sel), time.time(), False
    while time.time() < deadline:
        time.sleep(0.1)
        now = read_view(page, panel_sel)
        if now != last:
            last, stable_since = now, time.time()
        changed = changed or now != before
        if time.time() - stable_since >= (0.3 if changed else 1.2):
            return


def normalise_space(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", " ", text).strip()
