"""A class on a JupyterHub, on this machine: the harness of ``tests/test_hub.py`` and of the
sizing figures in ``docs/deployment.md``.

It starts JupyterHub on 127.0.0.1 with the dummy authenticator, the simple local spawner
and configurable-http-proxy (from npm, pinned in ``tests/hub/package-lock.json``), with the
course image's own settings (``deploy/jupyterhub/jupyter_server_config.py`` and
``overrides.json``) and the same environment variable as the Zero to JupyterHub
configuration (``SMM_OUTPUT_DIR`` in the student's home). Then, for every student at once,
as their browser would: get a token, start the server, open the notebook (contents API),
start its kernel (sessions API) and run every code cell over the kernel's websocket,
through the proxy. It records the time to the server, to the kernel and to the first
output, the outputs of every cell, and the memory of each student's processes (the
single-user server and its kernels) while their kernels are still open.

Run it by hand for other class sizes or notebooks (the figures of docs/deployment.md)::

    python tests/hub_support.py --students 3 --notebooks 06_segmentation.ipynb
    python tests/hub_support.py --students 1 --notebooks all      # one student, 14 kernels open
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "jupyterhub"
NOTEBOOKS = ROOT / "notebooks"
#: Where ``.ci/run`` installs configurable-http-proxy (``npm ci`` of tests/hub/package*.json).
PROXY_TOOLS = ROOT / "output" / "tools" / "hub"
#: The course folder inside a student's home, as nbgitpuller would create it.
COURSE_FOLDER = "smm-lab"
#: The output folder inside a student's home (``singleuser.extraEnv.SMM_OUTPUT_DIR`` in config.yaml).
OUTPUT_FOLDER = "smm-lab-output"

HOW = ("Install them as .ci/run does: `.venv/bin/pip install -r requirements-dev.txt` (JupyterHub) and "
       "`mkdir -p output/tools/hub && cp tests/hub/package*.json output/tools/hub/ && "
       "npm ci --prefix output/tools/hub --ignore-scripts` (configurable-http-proxy; Node.js from "
       "`sudo apt-get install nodejs npm`).")

GiB = 1024 ** 3


def proxy_command() -> str | None:
    """configurable-http-proxy: ``$SMM_CHP``, the copy .ci/run installs, or one on PATH."""
    for candidate in (os.environ.get("SMM_CHP"), PROXY_TOOLS / "node_modules" / ".bin" / "configurable-http-proxy",
                      shutil.which("configurable-http-proxy")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def jupyterhub_installed() -> bool:
    return importlib.util.find_spec("jupyterhub") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ the hub
@dataclass
class Hub:
    url: str
    token: str            # the test service's token (admin role: creates users and their tokens)
    folder: Path          # everything of this hub: config, database, homes, logs
    log: Path
    proc: subprocess.Popen

    def home(self, student: str) -> Path:
        return self.folder / "home" / student


_HUB_CONFIG = """\
# Written by tests/hub_support.py: a throw-away hub on 127.0.0.1 (never for a real class).
import os, sys
folder = {folder!r}
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = os.path.join(folder, "proxy.pid")
c.JupyterHub.db_url = "sqlite:///" + os.path.join(folder, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(folder, "cookie_secret")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(folder, "home", "{{username}}")
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.env_keep = ["PATH", "PYTHONPATH", "VIRTUAL_ENV", "LANG", "LC_ALL", "PYTHONPYCACHEPREFIX",
                      "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]
c.Spawner.environment = {{
    # As singleuser.extraEnv in deploy/jupyterhub/config.yaml: outputs go to the student's home.
    "SMM_OUTPUT_DIR": lambda spawner: os.path.join(spawner.home_dir, {output!r}),
    # The image's settings: the course's jupyter_server_config.py, as postBuild installs it.
    "JUPYTER_CONFIG_PATH": os.path.join(folder, "jupyter-config"),
    # Kernels talk to their server over unix sockets in a short folder (TCP ports picked by
    # one server can be taken by another's kernel a moment later; socket paths are limited).
    "JUPYTER_RUNTIME_DIR": lambda spawner: os.path.join({runtime!r}, spawner.user.name),
}}
c.JupyterHub.services = [{{"name": "class-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "admin", "services": ["class-test"]}}]
"""


@contextmanager
def running_hub(folder: Path | None = None) -> Iterator[Hub]:
    """JupyterHub on 127.0.0.1 (free ports) until the block ends; then every server it
    started is stopped. Raises RuntimeError with the end of the log if it does not start."""
    proxy = proxy_command()
    if proxy is None or not jupyterhub_installed():
        raise RuntimeError(f"JupyterHub and configurable-http-proxy are needed. {HOW}")
    own_folder = folder is None
    folder = Path(folder or tempfile.mkdtemp(prefix="smm-hub-"))
    folder.mkdir(parents=True, exist_ok=True)
    runtime = tempfile.mkdtemp(prefix="smm-hrt-")  # short: unix socket paths are limited
    (folder / "jupyter-config").mkdir(exist_ok=True)
    shutil.copy(DEPLOY / "jupyter_server_config.py", folder / "jupyter-config" / "jupyter_server_config.py")
    (folder / "lab-settings").mkdir(exist_ok=True)
    shutil.copy(DEPLOY / "overrides.json", folder / "lab-settings" / "overrides.json")
    # The image installs overrides.json in JupyterLab's own settings folder, which is empty
    # in the course environment; here that folder is pointed at a copy instead.
    args = ["--KernelManager.transport=ipc", f"--LabApp.app_settings_dir={folder / 'lab-settings'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    port, token = _free_port(), secrets.token_hex(24)
    config = folder / "jupyterhub_config.py"
    config.write_text(_HUB_CONFIG.format(folder=str(folder), port=port, hub_port=_free_port(),
                                         api_port=_free_port(), proxy=proxy, args=args, token=token,
                                         output=OUTPUT_FOLDER, runtime=runtime))
    log = folder / "jupyterhub.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=folder,
                                stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    hub = Hub(url=f"http://127.0.0.1:{port}", token=token, folder=folder, log=log, proc=proc)
    try:
        _wait_for_hub(hub)
        yield hub
    finally:
        _stop_hub(hub)
        shutil.rmtree(runtime, ignore_errors=True)
        if own_folder:
            shutil.rmtree(folder, ignore_errors=True)


def _wait_for_hub(hub: Hub, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.proc.poll() is not None:
            raise RuntimeError(f"JupyterHub exited with {hub.proc.returncode}:\n{hub.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{hub.url}/hub/api/", timeout=2) as resp:
                if resp.status == 200:
                    return
        except Exception:
            time.sleep(0.25)
    raise RuntimeError(f"JupyterHub did not answer within {timeout} s:\n{hub.log.read_text()[-3000:]}")


def _stop_hub(hub: Hub) -> None:
    """Stop the hub (it stops the servers it spawned and its proxy), then end any process
    of its session that is still there, by its id."""
    import psutil

    try:
        family = psutil.Process(hub.proc.pid).children(recursive=True)
    except psutil.Error:
        family = []
    hub.proc.terminate()
    try:
        hub.proc.wait(30)
    except subprocess.TimeoutExpired:
        hub.proc.kill()
        hub.proc.wait(10)
    _, alive = psutil.wait_procs(family, timeout=10)
    for proc in alive:
        try:
            proc.kill()
        except psutil.Error:
            pass


# ------------------------------------------------------------------ a student
@dataclass
class NotebookRun:
    notebook: str
    cells: list = field(default_factory=list)      # nbformat code cells with the outputs received
    errors: list = field(default_factory=list)     # "cell N: Ename: value" for every failure
    kernel_seconds: float = 0.0                    # opening the notebook to kernel ready
    first_output_seconds: float | None = None      # kernel ready to the first output
    run_seconds: float = 0.0                       # kernel ready to the last cell's reply
    kernel_env: dict = field(default_factory=dict) # the kernel's HOME, SMM_OUTPUT_DIR and folder


@dataclass
class Student:
    name: str
    token: str = ""                                # the student's own API token (their server only)
    server_seconds: float = 0.0                    # start request to server ready
    first_output_seconds: float | None = None      # start request to the first output seen
    runs: list = field(default_factory=list)
    rss: int = 0                                   # bytes, server + kernels, while kernels are open
    server_rss: int = 0                            # bytes, the single-user server alone
    pss: int = 0                                   # the same, shared pages divided among processes
    processes: int = 0
    cpu_seconds: float = 0.0                       # CPU time of those processes so far
    errors: list = field(default_factory=list)


async def _api(hub: Hub, method: str, path: str, token: str, body: dict | None = None) -> dict:
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest

    request = HTTPRequest(f"{hub.url}{path}", method=method, headers={"Authorization": f"token {token}"},
                          body=None if body is None and method == "GET" else json.dumps(body or {}),
                          request_timeout=120)
    response = await AsyncHTTPClient().fetch(request)
    return json.loads(response.body) if response.body else {}


def _message(msg_type: str, content: dict, session: str, channel: str = "shell") -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "student",
                       "session": session, "version": "5.3",
                       "date": datetime.datetime.now(datetime.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}


async def _reply(ws, msg_id: str, timeout: float, on_output=None) -> dict:
    """Read the kernel's messages until the reply to ``msg_id`` and its idle status."""
    reply, idle = None, False
    deadline = time.monotonic() + timeout
    while reply is None or not idle:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no reply within {timeout:.0f} s")
        raw = await asyncio.wait_for(ws.read_message(), left)
        if raw is None:
            raise ConnectionError("the kernel's websocket closed")
        if isinstance(raw, bytes):  # a message with binary buffers (widget state): not an output
            continue
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["header"]["msg_type"]
        if kind.endswith("_reply"):
            reply = msg
        elif kind == "status" and msg["content"].get("execution_state") == "idle":
            idle = True
        elif on_output is not None and kind in {"stream", "display_data", "execute_result", "error"}:
            on_output(msg)
    return reply


_PROBE = ("import json as _j, os as _o; print(_j.dumps({'HOME': _o.environ.get('HOME'), "
          "'SMM_OUTPUT_DIR': _o.environ.get('SMM_OUTPUT_DIR'), 'cwd': _o.getcwd()}))")


async def _run_notebook(hub: Hub, student: Student, token: str, notebook: str, started: float,
                        cell_timeout: float) -> NotebookRun:
    import nbformat
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    run = NotebookRun(notebook)
    path = f"{COURSE_FOLDER}/notebooks/{notebook}"
    base = f"/user/{student.name}/api"
    opened = time.monotonic()
    model = await _api(hub, "GET", f"{base}/contents/{urllib.parse.quote(path)}?content=1", token)
    nb = nbformat.from_dict(model["content"])
    session = await _api(hub, "POST", f"{base}/sessions", token,
                         {"path": path, "name": notebook, "type": "notebook", "kernel": {"name": "python3"}})
    kernel_id, session_id = session["kernel"]["id"], uuid.uuid4().hex
    ws_url = hub.url.replace("http://", "ws://") + f"{base}/kernels/{kernel_id}/channels?session_id={session_id}"
    ws = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}))
    try:
        info = _message("kernel_info_request", {}, session_id)
        await ws.write_message(json.dumps(info))
        await _reply(ws, info["header"]["msg_id"], 120)
        ready = time.monotonic()
        run.kernel_seconds = ready - opened
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            cell.outputs = []

            def collect(msg, cell=cell, index=index):
                now = time.monotonic()
                if run.first_output_seconds is None:
                    run.first_output_seconds = now - ready
                if student.first_output_seconds is None:
                    student.first_output_seconds = now - started
                cell.outputs.append(nbformat.v4.output_from_msg(msg))
                if msg["header"]["msg_type"] == "error":
                    run.errors.append(f"{notebook} cell {index}: {msg['content']['ename']}: "
                                      f"{msg['content']['evalue']}")

            request = _message("execute_request", {"code": cell.source, "silent": False, "store_history": True,
                                                   "user_expressions": {}, "allow_stdin": False,
                                                   "stop_on_error": True}, session_id)
            await ws.write_message(json.dumps(request))
            try:
                reply = await _reply(ws, request["header"]["msg_id"], cell_timeout, collect)
            except TimeoutError as exc:
                run.errors.append(f"{notebook} cell {index}: {exc}")
                break
            run.cells.append(cell)
            if reply["content"].get("status") != "ok":
                if not any(e.startswith(f"{notebook} cell {index}:") for e in run.errors):
                    run.errors.append(f"{notebook} cell {index}: status {reply['content'].get('status')}")
                break
        run.run_seconds = time.monotonic() - ready
        # Where this kernel runs and writes (not a notebook cell: not counted above).
        probe = _message("execute_request", {"code": _PROBE, "silent": False, "store_history": False,
                                             "user_expressions": {}, "allow_stdin": False}, session_id)
        await ws.write_message(json.dumps(probe))
        printed = []
        await _reply(ws, probe["header"]["msg_id"], 30,
                     lambda msg: printed.append(msg["content"].get("text", "")))
        run.kernel_env = json.loads("".join(printed) or "{}")
    finally:
        ws.close()
    return run


async def _student(hub: Hub, name: str, notebooks: list[str], cell_timeout: float) -> Student:
    student = Student(name)
    # The course in the student's home, as the nbgitpuller link puts it there.
    course = hub.home(name) / COURSE_FOLDER / "notebooks"
    course.mkdir(parents=True, exist_ok=True)
    for notebook in notebooks:
        shutil.copy(NOTEBOOKS / notebook, course / notebook)
    try:
        await _api(hub, "POST", f"/hub/api/users/{name}", hub.token)
        token = (await _api(hub, "POST", f"/hub/api/users/{name}/tokens", hub.token,
                            {"note": "class test", "expires_in": 3600,
                             "scopes": [f"servers!user={name}", f"read:users!user={name}",
                                        f"access:servers!user={name}"]}))["token"]
        student.token = token
        started = time.monotonic()
        await _api(hub, "POST", f"/hub/api/users/{name}/server", token)
        while True:
            model = await _api(hub, "GET", f"/hub/api/users/{name}", token)
            server = model.get("servers", {}).get("", {})
            if server.get("ready"):
                break
            if not model.get("pending") and not server:
                raise RuntimeError(f"{name}'s server stopped while starting (see {hub.log})")
            if time.monotonic() - started > 120:
                raise TimeoutError(f"{name}'s server was not ready within 120 s")
            await asyncio.sleep(0.2)
        student.server_seconds = time.monotonic() - started
        for notebook in notebooks:
            run = await _run_notebook(hub, student, token, notebook, started, cell_timeout)
            student.runs.append(run)
            student.errors += run.errors
    except Exception as exc:  # reported with the student, so the other students' figures still show
        detail = getattr(getattr(exc, "response", None), "body", b"") or b""
        student.errors.append(f"{type(exc).__name__}: {exc} {detail.decode(errors='replace')[:300]}".strip())
    return student


def _is_server(proc) -> bool:
    try:
        return "jupyterhub.singleuser" in " ".join(proc.cmdline())
    except Exception:
        return False


def measure_memory(hub: Hub, students: list[Student]) -> dict:
    """Fill in each student's memory (their single-user server and its kernels: resident
    and proportional set sizes) and return the hub's and the proxy's own."""
    import psutil

    def sizes(procs):
        rss = pss = 0
        for p in procs:
            try:
                info = p.memory_full_info()
            except psutil.Error:
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        return rss, pss

    def cpu(procs):
        total = 0.0
        for p in procs:
            try:
                times = p.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
        return total

    hub_proc = psutil.Process(hub.proc.pid)
    family = hub_proc.children(recursive=True)
    owner = {}
    for p in family:
        try:
            owner[p.pid] = p.environ().get("JUPYTERHUB_USER")
        except psutil.Error:
            owner[p.pid] = None
    for student in students:
        mine = [p for p in family if owner.get(p.pid) == student.name]
        student.rss, student.pss = sizes(mine)
        student.cpu_seconds = cpu(mine)
        student.server_rss = sizes([p for p in mine if _is_server(p)])[0]
        student.processes = len(mine)
    others = [p for p in family if owner.get(p.pid) is None]
    return {"hub": sizes([hub_proc])[0], "proxy": sizes(others)[0]}


def run_class(hub: Hub, students: int, notebooks: list[str], cell_timeout: float = 120) -> tuple[list[Student], dict]:
    """Every student starts their server and runs ``notebooks`` at the same time; memory is
    measured when all are done, with every kernel still open."""

    async def main():
        names = [f"student{i + 1}" for i in range(students)]
        return await asyncio.gather(*(_student(hub, n, notebooks, cell_timeout) for n in names))

    result = asyncio.run(main())
    return list(result), measure_memory(hub, list(result))


def run_more(hub: Hub, student: Student, notebooks: list[str], cell_timeout: float = 120) -> list[NotebookRun]:
    """Run more notebooks on a student's running server (after the memory was measured)."""
    course = hub.home(student.name) / COURSE_FOLDER / "notebooks"
    for notebook in notebooks:
        shutil.copy(NOTEBOOKS / notebook, course / notebook)

    async def main():
        started = time.monotonic()
        return [await _run_notebook(hub, student, student.token, n, started, cell_timeout) for n in notebooks]

    return asyncio.run(main())


def report(students: list[Student], overhead: dict, notebooks: list[str]) -> str:
    width = max(len(n) for n in notebooks)
    lines = [f"{len(students)} student(s) at once, each running {', '.join(notebooks) if len(notebooks) < 4 else f'{len(notebooks)} notebooks'}"
             " to the end, every kernel left open:",
             f"{'student':<10} {'server s':>8} {'1st output s':>12} {'run s':>6} {'RSS GiB':>8} {'server':>7} {'PSS GiB':>8} {'CPU s':>6} procs"]
    for s in students:
        run_s = sum(r.run_seconds for r in s.runs)
        first = f"{s.first_output_seconds:.1f}" if s.first_output_seconds is not None else "-"
        lines.append(f"{s.name:<10} {s.server_seconds:>8.1f} {first:>12} {run_s:>6.1f} "
                     f"{s.rss / GiB:>8.2f} {s.server_rss / GiB:>7.2f} {s.pss / GiB:>8.2f} {s.cpu_seconds:>6.1f} {s.processes:>5}")
    if len(notebooks) > 1 and students:
        lines.append("per notebook (first student): " + "; ".join(
            f"{r.notebook[:width]} kernel {r.kernel_seconds:.1f} s, run {r.run_seconds:.1f} s" for r in students[0].runs))
    lines.append(f"hub {overhead['hub'] / GiB:.2f} GiB RSS, proxy {overhead['proxy'] / GiB:.2f} GiB RSS")
    for s in students:
        lines += [f"ERROR {s.name}: {e}" for e in s.errors]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=3)
    parser.add_argument("--notebooks", default="06_segmentation.ipynb",
                        help="comma-separated notebook file names, or 'all'")
    args = parser.parse_args(argv)
    if args.notebooks == "all":
        notebooks = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    else:
        notebooks = [n.strip() for n in args.notebooks.split(",")]
    with running_hub() as hub:
        students, overhead = run_class(hub, args.students, notebooks)
        print(report(students, overhead, notebooks))
    return 1 if any(s.errors for s in students) else 0


if __name__ == "__main__":
    sys.exit(main())
