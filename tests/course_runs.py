"""The course executed for the offline, determinism and student-version tests, once.

Two runners execute at the same time, each in its own process and with its own
fresh kernel per notebook (papermill, kernels over IPC sockets):

* the **offline run**: every course notebook with its default parameters, inside a
  network namespace with no interface but loopback (``unshare --net``; as root, or
  with ``--user --map-root-user`` where unprivileged user namespaces are allowed).
  It first proves the network is gone: connecting out and resolving a name fail;
* the **student run**: every student version (``scripts/make_student.py``: the same
  notebooks with the solutions taken out), with the network as usual.

``tests/test_offline.py`` checks the offline run and compares the two runs cell by
cell wherever a cell's code is the same in both (everything but the exercises), so
the course is proven deterministic across two independent executions;
``tests/test_instructor.py`` checks the student run. The runs happen once per test
session: under pytest-xdist the first worker to ask runs them while a file lock
holds the other, which then reads the same results.

This file is also the runner: ``python tests/course_runs.py [--probe] OUT SRC NOTEBOOK...``
executes the notebooks found in SRC (cwd: the course's notebooks/) and writes
``OUT/report.json``.
"""

from __future__ import annotations

import fcntl
import importlib
import json
import os
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


def run_notebooks(out: Path, src: Path, names: list[str]) -> dict:
    """Execute each notebook of ``src`` with papermill (default parameters, cwd: the
    course's notebooks/), kernels over IPC sockets."""
    from jupyter_client.manager import KernelManager

    import course as runner

    report: dict = {"notebooks": {}}
    sockets = Path(tempfile.mkdtemp(prefix="smm-ipc-"))  # short path: unix socket names are limited
    try:
        for i, name in enumerate(names):
            started = time.perf_counter()
            km = KernelManager(kernel_name="python3", transport="ipc", ip=str(sockets / f"k{i}"))
            entry = {"seconds": 0.0, "error": None}
            try:
                runner.execute(src / name, out / name, cwd=NOTEBOOK_DIR, km=km)
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
    out, src = Path(args[0]), Path(args[1])
    out.mkdir(parents=True, exist_ok=True)
    report: dict = {}
    if probe:
        if shutil.which("ip"):
            subprocess.run(["ip", "link", "set", "lo", "up"], capture_output=True)
        report["probe"] = probe_network()
    report.update(run_notebooks(out, src, args[2:]))
    (out / "report.json").write_text(json.dumps(report, indent=1))
    return 0


# --------------------------------------------------------------------------- #
# Running it (from the tests)
# --------------------------------------------------------------------------- #
def _env(output_dir: Path) -> dict:
    env = dict(os.environ)
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"  # what a learner's kernel uses
    env["SMM_OUTPUT_DIR"] = str(output_dir)  # both runs write (and print) the same, outside the repo
    env.pop("PYDEVD_LOAD_VALUES_ASYNC", None)
    return env


def _start(prefix: list[str], out: Path, src: Path, shared_output: Path, probe: bool) -> subprocess.Popen:
    names = sorted(p.name for p in src.glob("[0-9][0-9]_*.ipynb"))
    cmd = [*prefix, sys.executable, str(Path(__file__).resolve()), *(["--probe"] if probe else []), str(out), str(src),
           *names]
    return subprocess.Popen(cmd, env=_env(shared_output), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def _make_student(out: Path) -> int:
    """``scripts/make_student.py --out OUT --with-course-files``, imported as
    ``tests/test_instructor.py`` imports the instructor scripts."""
    return importlib.import_module("make_student").main(["--out", str(out), "--with-course-files"])


def run_course(base: Path) -> dict:
    """Write the student versions, then run the offline and the student run at once."""
    from course import unshare_prefix  # scripts/ is on the path in the tests, not when this file runs

    student_code = _make_student(base / "student")
    students = base / "student" / "notebooks"
    prefix = unshare_prefix()
    first = _start(prefix or [], base / "first", NOTEBOOK_DIR, base / "output", probe=prefix is not None)
    # both write (and print) their reports in the same folder, outside the repo
    second = _start([], base / "second", students, base / "output", probe=False)
    try:
        logs = [p.communicate(timeout=1800)[0] for p in (first, second)]
    finally:
        for p in (first, second):
            if p.poll() is None:
                p.kill()
                p.wait()
    failed = [log[-3000:] for p, log in zip((first, second), logs) if p.returncode != 0]
    reports = [json.loads((base / d / "report.json").read_text()) if (base / d / "report.json").exists() else {}
               for d in ("first", "second")]
    return {"base": str(base), "offline": prefix is not None, "prefix": prefix, "reports": reports,
            "runner_failures": failed, "student": {"folder": str(students), "code": student_code}}


def shared_runs(shared_dir: Path) -> dict:
    """:func:`run_course` once per session in ``shared_dir`` (a file lock lets the first
    pytest-xdist worker run it while the others wait, then read its result)."""
    shared_dir.mkdir(parents=True, exist_ok=True)
    result = shared_dir / "course-runs.json"
    with open(shared_dir / "course-runs.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not result.exists():
                base = shared_dir / "course-runs"
                shutil.rmtree(base, ignore_errors=True)
                base.mkdir()
                result.write_text(json.dumps(run_course(base), indent=1))
            return json.loads(result.read_text())
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "scripts"))  # run as a script: pytest's pythonpath setting does not apply
    sys.exit(main(sys.argv[1:]))
