"""Offline proof and determinism: the whole course runs with the network cut, twice, identically.

Offline
    Every notebook is executed inside a network namespace that has no interface
    but loopback (``unshare --net``; as root, or with ``--user --map-root-user``
    where unprivileged user namespaces are allowed). The kernels talk to the
    runner over IPC sockets, so not even loopback is needed. Inside the
    namespace the runner first proves the network is really gone: connecting to
    outside addresses and resolving a name must fail. On a learner's machine
    without ``unshare`` these tests skip and say so; on CI they fail.

Determinism
    The offline run is the first execution; a second, ordinary execution (same
    runner, network as usual) is compared with it cell by cell: every text
    output (streams, ``text/plain``, ``text/html``, errors) must be identical,
    with widget model ids and inline image bytes masked. A difference fails
    with the notebook, the cell and a diff. Each notebook is executed exactly
    twice in this file.

These two runs are also the suite's papermill runs with default parameters
(``tests/test_notebooks.py`` runs the alternative parameter sets).

This file is also the runner:
``python tests/test_offline.py OUT_DIR NOTEBOOK...`` (with ``--probe`` to test the
network first) executes the notebooks with papermill and writes ``OUT_DIR/report.json``.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
OUTSIDE = (("1.1.1.1", 443), ("8.8.8.8", 53), ("9.9.9.9", 443), ("2606:4700:4700::1111", 443))


# --------------------------------------------------------------------------- #
# The runner (runs inside the namespace; standard library + nbclient only)
# --------------------------------------------------------------------------- #
def probe_network() -> dict:
    """Try to reach the outside world; every attempt must fail inside the namespace."""
    result = {"interfaces": sorted(name for _, name in socket.if_nameindex()), "connections": {}, "dns": ""}
    for host, port in OUTSIDE:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            with socket.socket(family, socket.SOCK_STREAM) as sock:
                sock.settimeout(3)
                sock.connect((host, port))
            result["connections"][f"{host}:{port}"] = "connected"
        except OSError as exc:
            result["connections"][f"{host}:{port}"] = f"{type(exc).__name__}: {exc}"
    try:
        socket.getaddrinfo("pypi.org", 443)
        result["dns"] = "resolved"
    except OSError as exc:
        result["dns"] = f"{type(exc).__name__}: {exc}"
    return result


def run_notebooks(out: Path, names: list[str]) -> dict:
    """Execute each notebook with papermill (default parameters), kernels over IPC sockets."""
    from jupyter_client.manager import KernelManager

    from utils import course as runner

    report: dict = {"notebooks": {}}
    sockets = Path(tempfile.mkdtemp(prefix="smm-ipc-"))  # short path: unix socket names are limited
    try:
        for i, name in enumerate(names):
            started = time.perf_counter()
            km = KernelManager(kernel_name="python3", transport="ipc", ip=str(sockets / f"k{i}"))
            entry = {"seconds": 0.0, "error": None}
            try:
                runner.execute(NOTEBOOK_DIR / name, out / name, cwd=NOTEBOOK_DIR, km=km)
            except Exception as exc:  # noqa: BLE001 - reported, not raised
                entry["error"] = f"{type(exc).__name__}: {exc}"[:2000]
            entry["seconds"] = round(time.perf_counter() - started, 2)
            report["notebooks"][name] = entry
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    return report


def main(argv: list[str]) -> int:
    probe = argv[0] == "--probe"
    args = argv[1:] if probe else argv
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    report: dict = {}
    if probe:
        if shutil.which("ip"):
            subprocess.run(["ip", "link", "set", "lo", "up"], capture_output=True)
        report["probe"] = probe_network()
    report.update(run_notebooks(out, args[1:]))
    (out / "report.json").write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


# --------------------------------------------------------------------------- #
# The tests
# --------------------------------------------------------------------------- #
import pytest  # noqa: E402

from conftest import output_problems, require_tool  # noqa: E402
from utils import course  # noqa: E402

NAMES = [p.name for p in course.list_notebooks(NOTEBOOK_DIR)]
HOW = ("Install util-linux (`sudo apt-get install util-linux`) and run the tests as root or where unprivileged "
       "user namespaces are enabled, so that `unshare --net true` works.")


def unshare_prefix() -> list[str] | None:
    """The command that enters a fresh network namespace here, or None if none works."""
    exe = shutil.which("unshare")
    if not exe:
        return None
    for prefix in ([exe, "--net"], [exe, "--user", "--map-root-user", "--net"]):
        try:
            if subprocess.run([*prefix, "true"], capture_output=True, timeout=30).returncode == 0:
                return prefix
        except (OSError, subprocess.SubprocessError):
            continue
    return None


def _env(output_dir: Path) -> dict:
    env = dict(os.environ)
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"  # what a learner's kernel uses
    env["SMM_OUTPUT_DIR"] = str(output_dir)  # both runs write (and print) the same, outside the repo
    env.pop("PYDEVD_LOAD_VALUES_ASYNC", None)
    return env


def _start(prefix: list[str], out: Path, shared_output: Path, probe: bool) -> subprocess.Popen:
    cmd = [*prefix, sys.executable, str(Path(__file__).resolve()), *(["--probe"] if probe else []), str(out), *NAMES]
    return subprocess.Popen(cmd, env=_env(shared_output), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Execute the course twice at once: offline in a namespace (if possible) and as usual."""
    base = tmp_path_factory.mktemp("course-runs")
    prefix = unshare_prefix()
    started = time.perf_counter()
    first = _start(prefix or [], base / "first", base / "output", probe=prefix is not None)
    second = _start([], base / "second", base / "output", probe=False)
    try:
        logs = [p.communicate(timeout=1800)[0] for p in (first, second)]
    finally:
        for p in (first, second):
            if p.poll() is None:
                p.kill()
                p.wait()
    for p, log in zip((first, second), logs):
        assert p.returncode == 0, f"the runner failed:\n{log[-3000:]}"
    reports = [json.loads((base / d / "report.json").read_text()) for d in ("first", "second")]
    return {"base": base, "offline": prefix is not None, "prefix": prefix, "reports": reports,
            "seconds": round(time.perf_counter() - started, 1)}


def test_unshare_is_available():
    require_tool(unshare_prefix() is not None, "`unshare --net` (a network namespace)", HOW)


def test_network_is_really_cut_inside(runs):
    require_tool(runs["offline"], "`unshare --net` (a network namespace)", HOW)
    probe = runs["reports"][0]["probe"]
    assert set(probe["interfaces"]) <= {"lo"}, f"interfaces inside the namespace: {probe['interfaces']}"
    connected = [target for target, result in probe["connections"].items() if result == "connected"]
    assert not connected, f"reached {connected} from inside the namespace"
    assert probe["dns"] != "resolved", "a name was resolved inside the namespace"
    assert all("Error" in r or "timed out" in r for r in probe["connections"].values()), probe


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_offline(runs, name):
    require_tool(runs["offline"], "`unshare --net` (a network namespace)", HOW)
    entry = runs["reports"][0]["notebooks"][name]
    assert entry["error"] is None, f"{name} failed offline: {entry['error']}"
    nb = json.loads((runs["base"] / "first" / name).read_text())
    assert output_problems(nb) == [], f"{name} offline: {output_problems(nb)}"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_with_default_parameters(runs, name):
    """The ordinary papermill run with the notebook's defaults: no error, no NaN shown."""
    entry = runs["reports"][1]["notebooks"][name]
    assert entry["error"] is None, f"{name} failed: {entry['error']}"
    nb = json.loads((runs["base"] / "second" / name).read_text())
    assert output_problems(nb) == [], f"{name}: {output_problems(nb)}"


_MODEL_ID = re.compile(r'("model_id":\s*")[0-9a-f]{32}(")')
_DATA_URI = re.compile(r"(data:image/[a-z+]+;base64,)[A-Za-z0-9+/=]+")
_ADDRESS = re.compile(r"\bat 0x[0-9a-f]+")


def _texts(cell: dict) -> list[str]:
    """A cell's outputs as comparable text: image bytes and widget model ids masked.

    Printed text is compared per stream (stdout, stderr), joined: the kernel
    flushes it in chunks whose boundaries and interleaving depend on timing,
    not on the notebook. Rich outputs and errors are compared in order.
    """
    streams: dict[str, str] = {}
    texts: list[str] = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            name = out.get("name", "stdout")
            streams[name] = streams.get(name, "") + "".join(out.get("text", ""))
        elif kind == "error":
            texts.append(f"[error] {out.get('ename')}: {out.get('evalue')}")
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            for mime in sorted(data):
                if mime.startswith("image/"):
                    texts.append(f"[{mime}] (image)")
                    continue
                value = data[mime]
                text = value if isinstance(value, str) else "".join(value) if isinstance(value, list) else \
                    json.dumps(value, sort_keys=True)
                text = _ADDRESS.sub("at 0x…", _DATA_URI.sub(r"\1…", _MODEL_ID.sub(r"\1…\2", text)))
                texts.append(f"[{mime}] {text}")
    return [f"[{name}] {text}" for name, text in sorted(streams.items())] + texts


def test_comparison_masks_only_volatile_parts():
    def cell(text: str, model: str, png: str) -> dict:
        return {"outputs": [
            {"output_type": "stream", "name": "stdout", "text": text},
            {"output_type": "display_data", "data": {
                "image/png": png, "text/html": f"<img src='data:image/png;base64,{png}'/>",
                "application/vnd.jupyter.widget-view+json": {"model_id": model, "version_major": 2}}}]}

    a = cell("CTR 2.50%\n", "0" * 32, "iVBORw0KGgoAAAA")
    b = cell("CTR 2.50%\n", "f" * 32, "iVBORw0KGgoBBBB")
    assert _texts(a) == _texts(b)  # widget ids and image bytes may differ
    assert _texts(a) != _texts(cell("CTR 2.51%\n", "0" * 32, "iVBORw0KGgoAAAA"))  # a number may not
    assert _texts({"outputs": [{"output_type": "error", "ename": "ValueError", "evalue": "x"}]}) == [
        "[error] ValueError: x"]
    chunks = [{"output_type": "stream", "name": "stdout", "text": t} for t in ("a\nb", "\nc\n")]
    assert _texts({"outputs": chunks}) == _texts({"outputs": [{"output_type": "stream", "name": "stdout",
                                                               "text": "a\nb\nc\n"}]})


@pytest.mark.parametrize("name", NAMES)
def test_two_executions_give_identical_outputs(runs, name):
    first, second = (runs["reports"][i]["notebooks"][name] for i in (0, 1))
    assert first["error"] is None and second["error"] is None, (first["error"], second["error"])
    nbs = [json.loads((runs["base"] / d / name).read_text()) for d in ("first", "second")]
    assert len(nbs[0]["cells"]) == len(nbs[1]["cells"])
    differences = []
    for i, (a, b) in enumerate(zip(nbs[0]["cells"], nbs[1]["cells"])):
        if a["cell_type"] != "code":
            continue
        ta, tb = _texts(a), _texts(b)
        if ta != tb:
            diff = "\n".join(difflib.unified_diff("\n".join(ta).splitlines(), "\n".join(tb).splitlines(),
                                                  "first run", "second run", lineterm="", n=1))
            differences.append(f"cell {i} ({a.get('id')}):\n{diff[:1500]}")
    mode = "offline run vs ordinary run" if runs["offline"] else "two ordinary runs"
    assert not differences, f"{name}: outputs differ between executions ({mode}):\n" + "\n".join(differences)
