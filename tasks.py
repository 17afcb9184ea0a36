#!/usr/bin/env python3
"""SMM Lab task runner. Needs only Python 3.10+ (standard library).

    python3 tasks.py lab        open the course in JupyterLab (sets up on first use)
    python3 tasks.py test       run the whole test suite (sets up on first use)

Every task creates the course environment in ``.venv/`` on first use (or when
``requirements.txt`` / ``pyproject.toml`` change) and then runs inside it.
Run ``python3 tasks.py help`` for the full list.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("SMM_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".smm-lab-installed"
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
OUTPUT = ROOT / "output"


def _say(msg: str) -> None:
    print(f"[smm-lab] {msg}", flush=True)


#: Bump when ensure_env gains a step, so existing environments get it too.
SETUP_REVISION = "3"


def _fingerprint() -> str:
    h = hashlib.sha256(SETUP_REVISION.encode())
    for name in ("requirements.txt", "pyproject.toml"):
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()


def ensure_env() -> None:
    """Create or update ``.venv`` so it matches requirements.txt and pyproject.toml."""
    if sys.version_info < (3, 10):
        sys.exit(f"SMM Lab needs Python 3.10 or newer (3.11 recommended); this is {sys.version.split()[0]}.")
    want = _fingerprint()
    if STAMP.exists() and STAMP.read_text().strip() == want and PY.exists():
        return
    if not PY.exists():
        _say(f"creating the course environment in {VENV} (first use, a few minutes)")
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        except Exception as exc:  # Debian ships venv/ensurepip separately
            shutil.rmtree(VENV, ignore_errors=True)
            sys.exit(
                f"Could not create a virtual environment ({exc}).\n"
                "On Debian/Ubuntu install it first:  sudo apt-get install python3-venv\n"
                "Or use conda:  conda env create -f environment.yml && conda activate smm-lab"
            )
    _say("installing the pinned packages from requirements.txt")
    _run([PY, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", "requirements.txt"])
    _run([PY, "-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-deps", "-e", "."])
    # The course uses nbgrader as a library (student versions); its authoring panels
    # ("Validate", "Create Assignment") would only confuse learners in JupyterLab.
    _run([PY, "-m", "jupyter", "labextension", "disable", "--level=sys_prefix", "@jupyter/nbgrader"],
         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    STAMP.write_text(want + "\n")
    _say("environment ready")


def _run(cmd: list, check: bool = True, **kw) -> int:
    proc = subprocess.run([str(c) for c in cmd], cwd=kw.pop("cwd", ROOT), **kw)
    if check and proc.returncode != 0:
        sys.exit(proc.returncode)
    return proc.returncode


def _venv_env() -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    env.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(VENV / "hypothesis"))  # not .hypothesis/ in the tree
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return env


def _python(*args: str, check: bool = True) -> int:
    return _run([PY, *args], check=check, env=_venv_env())


# --------------------------------------------------------------------- tasks
def task_setup(args: list[str]) -> None:
    """Create or update the course environment only."""
    ensure_env()


def task_lab(args: list[str]) -> None:
    """Open the course in JupyterLab at the start notebook (127.0.0.1, token on)."""
    ensure_env()
    _say("starting JupyterLab on http://127.0.0.1 (open the link with the token printed below)")
    os.execve(
        str(PY),
        [str(PY), "-m", "jupyter", "lab", "--ip=127.0.0.1", f"--ServerApp.root_dir={ROOT}",
         f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}",
         *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []), *args],
        _venv_env(),
    )


def task_test(args: list[str]) -> None:
    """Run the whole test suite: unit, data, repo checks, nbval, papermill, browser."""
    ensure_env()
    workers = os.environ.get("SMM_TEST_WORKERS", "2")
    cmd = ["-m", "pytest", "tests", "notebooks", "--nbval-lax", "--nbval-current-env",
           "--nbval-cell-timeout=120", "-n", workers, "--dist", "loadfile", "--no-loadscope-reorder", "-q",
           "-p", "no:cacheprovider", *args]
    code = _python(*cmd, check=False)
    if code == 5:
        _say("pytest collected no tests: that is a failure")
        sys.exit(1)
    sys.exit(code)


def _script_task(script: str, doc: str):
    def task(args: list[str]) -> None:
        ensure_env()
        _python(script, *args)
    task.__doc__ = doc
    return task


task_run = _script_task("scripts/run_notebooks.py",
                        "Execute every notebook with papermill into output/executed/ (ignored by git).")
task_nav = _script_task("scripts/make_nav.py",
                        "Regenerate the navigation line of every notebook and the course map.")
task_data = _script_task("scripts/generate_data.py",
                         "Regenerate the synthetic data sets (byte-identical for the fixed seed).")
task_store_outputs = _script_task("scripts/store_outputs.py",
                                  "Re-execute notebooks and store the outputs of nbval-checked cells only.")
task_student = _script_task("scripts/make_student.py",
                            "Write student versions (solutions removed, outputs cleared) to output/student/.")
task_grade = _script_task("scripts/grade.py",
                          "Grade SUBMISSIONS/<student>/<notebook>.ipynb with nbgrader: output/grades/gradebook.csv, "
                          "feedback pages.")
task_site = _script_task("scripts/build_site.py",
                         "Build the static website of the executed course into output/site/ (offline).")
task_slides = _script_task("scripts/build_slides.py",
                           "Render every notebook as a reveal.js slide deck into output/slides/ (offline).")
task_app = _script_task("scripts/serve_apps.py",
                        "Serve the calculators as Voila apps on 127.0.0.1 (offline).")
task_bench = _script_task("scripts/benchmark.py",
                          "Run the benchmark; prints a table of ratios and writes output/benchmark.md.")


def task_clean(args: list[str]) -> None:
    """Remove generated outputs (output/) and caches (__pycache__ folders, hypothesis);
    keeps the installed .venv."""
    shutil.rmtree(OUTPUT, ignore_errors=True)
    for p in ROOT.rglob("__pycache__"):
        if ".venv" not in p.parts:
            shutil.rmtree(p, ignore_errors=True)
    shutil.rmtree(VENV / "hypothesis", ignore_errors=True)
    shutil.rmtree(ROOT / ".hypothesis", ignore_errors=True)
    _say("cleaned output/ and caches")


TASKS = {
    "setup": task_setup,
    "lab": task_lab,
    "test": task_test,
    "run": task_run,
    "student": task_student,
    "grade": task_grade,
    "site": task_site,
    "slides": task_slides,
    "app": task_app,
    "bench": task_bench,
    "nav": task_nav,
    "data": task_data,
    "store-outputs": task_store_outputs,
    "clean": task_clean,
}


def main(argv: list[str]) -> None:
    if not argv or argv[0] in {"help", "-h", "--help"} or argv[0] not in TASKS:
        print(__doc__)
        width = max(map(len, TASKS))
        for name, fn in TASKS.items():
            print(f"    python3 tasks.py {name:<{width}}  {fn.__doc__.splitlines()[0]}")
        if argv and argv[0] not in {*TASKS, "help", "-h", "--help"}:
            sys.exit(f"\nunknown task: {argv[0]}")
        return
    os.chdir(ROOT)
    TASKS[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
