"""Robust to order: every notebook checks its own prerequisites in its first cells.

The second code cell of every notebook calls ``check_prerequisites(data=(...))``
naming the data files the notebook loads (and they exist). Run against an empty
data folder, a missing package, an old Python or a kernel that cannot import
``utils``, that cell stops with a message naming what is missing and the fix,
instead of a traceback three cells later. Version differences from the pins are
a note, not a failure.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import NOTEBOOKS, ROOT
import course
from utils.shared import prerequisites as setup
from utils.shared.config import DATA_DIR

PATHS = course.list_notebooks(NOTEBOOKS)
IDS = [p.stem for p in PATHS]
DATASET_LOADERS = {"posts", "audience", "mentions", "inbox", "web_sessions", "campaigns", "social_media_users"}


def _code_cells(path: Path) -> list[str]:
    return [course.source(c) for c in course.read_nb(path)["cells"] if c["cell_type"] == "code"]


def _declared(source: str) -> tuple[str, ...] | None:
    """The ``data=`` names passed to check_prerequisites in ``source`` (None if it is not called)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == \
                "check_prerequisites":
            for arg in [*node.args[:1], *(k.value for k in node.keywords if k.arg == "data")]:
                return tuple(ast.literal_eval(arg))
            return ()
    return None


def test_every_notebook_is_checked():
    assert len(PATHS) >= 2 and all(p.name[:2].isdigit() for p in PATHS)


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_second_cell_checks_prerequisites_naming_existing_data(path):
    cells = _code_cells(path)
    assert len(cells) >= 2, f"{path.name} has fewer than two code cells"
    declared = _declared(cells[1])
    assert declared is not None, f"{path.name}: the second code cell does not call check_prerequisites(...)"
    assert declared, f"{path.name}: check_prerequisites names no data file; pass data=(...)"
    missing = [name for name in declared if not (DATA_DIR / f"{name}.csv").exists()]
    assert not missing, f"{path.name}: check_prerequisites names data files that do not exist: {missing}"
    used = set()
    for source in cells:
        used.update(re.findall(r"\bload_(posts|audience|mentions|inbox|web_sessions|campaigns|social_media_users)\(",
                               source))
        used.update(n for n in re.findall(r"\bload\(\s*[\"'](\w+)", source) if n in DATASET_LOADERS)
    assert used <= set(declared), (f"{path.name} loads {sorted(used - set(declared))} but its prerequisites cell "
                                   f"does not name them")


def _run_cell(source: str, env: dict, *flags: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *flags, "-c", source], capture_output=True, text=True, env=env,
                          cwd=cwd or ROOT, timeout=120)


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_empty_data_folder_stops_with_the_fix(path, tmp_path):
    cell = _code_cells(path)[1]
    env = {**os.environ, "SMM_DATA_DIR": str(tmp_path), "MPLBACKEND": "Agg"}
    run = _run_cell(cell, env, cwd=tmp_path)
    assert run.returncode != 0, f"{path.name}: the prerequisites cell passed with an empty data folder"
    assert "PrerequisiteError" in run.stderr and "This notebook cannot run yet" in run.stderr, run.stderr[-800:]
    for name in _declared(cell):
        assert f"{name}.csv is missing" in run.stderr, f"{path.name}: {name}.csv not named: {run.stderr[-800:]}"
    assert "git checkout data/" in run.stderr and "python3 tasks.py data" in run.stderr


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_utils_not_importable_gives_an_actionable_message(path, tmp_path):
    """A kernel started outside the course environment: the first lines must say how to fix it."""
    run = _run_cell(_code_cells(path)[1], {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}, "-S", "-I",
                    cwd=tmp_path)
    assert run.returncode != 0
    assert "tasks.py lab" in run.stderr or "pip install -e" in run.stderr, (
        f"{path.name}: without utils on the path the prerequisites cell says only: "
        f"{run.stderr.strip().splitlines()[-1]!r}; wrap the import in try/except ModuleNotFoundError and say "
        f"how to start the course (see notebook 13)")


def test_check_prerequisites_names_each_missing_file_in_a_subprocess(tmp_path):
    (tmp_path / "posts.csv").write_text("post_id\n")
    code = "from utils.shared.prerequisites import check_prerequisites; check_prerequisites(data=('posts', 'audience', 'inbox'))"
    run = _run_cell(code, {**os.environ, "SMM_DATA_DIR": str(tmp_path)})
    assert run.returncode == 1
    assert "audience.csv is missing" in run.stderr and "inbox.csv is missing" in run.stderr
    assert "posts.csv is missing" not in run.stderr
    ok = _run_cell("from utils.shared.prerequisites import check_prerequisites; print(check_prerequisites(data=('posts',)))",
                   {**os.environ, "SMM_DATA_DIR": str(tmp_path)})
    assert ok.returncode == 0 and "Ready: Python" in ok.stdout


def _metadata_with(version) -> SimpleNamespace:
    """A stand-in for ``importlib.metadata`` in utils.shared.prerequisites whose ``version`` is ``version``."""
    return SimpleNamespace(version=version, PackageNotFoundError=metadata.PackageNotFoundError)


def test_missing_package_is_named_with_the_fix(monkeypatch):
    def version(name: str) -> str:
        if name == "ipywidgets":
            raise metadata.PackageNotFoundError(name)
        return metadata.version(name)

    monkeypatch.setattr(setup, "metadata", _metadata_with(version))
    with pytest.raises(setup.PrerequisiteError, match=r"package ipywidgets is not installed: run `python3 tasks.py "
                                                      r"lab` from the course folder"):
        setup.check_prerequisites(data=("posts",))


def test_different_versions_are_a_note_not_a_failure(monkeypatch):
    pins = setup._pins()
    assert {"pandas", "numpy", "matplotlib", "ipywidgets"} <= set(pins), "requirements.txt pins the core packages"
    monkeypatch.setattr(setup, "metadata", _metadata_with(lambda name: "0.0.1"))
    summary = setup.check_prerequisites(data=("posts",))
    assert "note: different versions than the course pins" in summary
    assert f"pandas 0.0.1 (course pins {pins['pandas']})" in summary


def test_installed_versions_match_the_pins_or_say_so():
    summary = setup.check_prerequisites()
    pins = setup._pins()
    differ = [name for name in setup.REQUIRED if pins.get(name) and metadata.version(name) != pins[name]]
    assert ("note: different versions" in summary) == bool(differ), summary


def test_old_python_is_named_with_the_fix(monkeypatch):
    monkeypatch.setattr(setup, "MIN_PYTHON", (99, 0))
    with pytest.raises(setup.PrerequisiteError, match=r"Python .* is too old: the course needs 99\.0\+.*tasks\.py lab"):
        setup.check_prerequisites()
