"""Every exercise runs on its own after its notebook's set-up cells, and its grading test
awards the point to the solution and to nothing else.

For each notebook, one kernel runs the set-up cells (every code cell before the first
exercise) once; then each exercise cell and its hidden test run in a fresh copy of that
namespace, as if the learner had skipped every other exercise:

- the solution (the instructor's notebook) must run without error and pass its test;
- the student version's cell (``answer = None``) must run without error (its check says
  "not answered yet") and must fail the same test, so no point is given for nothing.

One kernel per notebook keeps this quick; a fresh copy of the set-up namespace per
exercise is what "run on its own" means for names (a ``NameError`` in exercise 3 because
exercise 2 defined ``full`` is exactly what this catches).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile

import nbformat
from jupyter_client import KernelManager
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from conftest import NOTEBOOKS
import course

PATHS = course.list_notebooks(NOTEBOOKS)

_RUNNER = '''
import copy as _copy
_smm_setup = {k: v for k, v in globals().items() if not k.startswith("_") and k not in {"In", "Out", "exit", "quit", "get_ipython"}}


def _smm_alone(answer_src, test_src):
    namespace = dict(_smm_setup)
    namespace["get_ipython"] = get_ipython
    exec(compile(answer_src, "<exercise>", "exec"), namespace)
    try:
        exec(compile(test_src, "<test>", "exec"), namespace)
    except AssertionError:
        return "fail"
    return "pass"


def _smm_expected(answer_src, test_src):
    namespace = dict(_smm_setup)
    exec(compile(answer_src, "<exercise>", "exec"), namespace)
    exec(compile(test_src, "<test>", "exec"), namespace)
    value = namespace["_expected_answer"]()
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
'''


def _student_version(nb: dict):
    import sys

    sys.path.insert(0, str(NOTEBOOKS.parent / "scripts"))
    from make_student import student_version

    return student_version(nbformat.reads(json.dumps(nb), as_version=4))


def _student_source(nb: dict, index: int) -> str:
    return _student_version(nb).cells[index].source


def _spellings(value: float) -> list[str]:
    """How a graded number would be written if it were given away: with 4 significant
    figures (and as a percentage for a fraction); numbers with fewer are too common to search."""
    if value == 0 or float(f"{value:.3g}") == value:
        return []
    found = [f"{value:.4g}"]
    if 0 < abs(value) < 1:
        found.append(f"{value * 100:.3g}%")
    return found


@pytest.mark.parametrize("path", PATHS, ids=[p.name[:2] for p in PATHS])
def test_each_exercise_runs_alone_and_only_the_solution_earns_its_point(path, tmp_path):
    nb = json.loads(path.read_text())
    cells = nb["cells"]
    exercises = [i for i, c in enumerate(cells)
                 if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("solution")]
    assert exercises, f"{path.name} has no exercise"
    setup = [course.source(c) for c in cells[:exercises[0]] if c["cell_type"] == "code"]
    checks = []
    for i in exercises:
        answer, test = course.source(cells[i]), course.source(cells[i + 1])
        name = cells[i]["metadata"]["nbgrader"]["grade_id"]
        checks.append((name, "solution", answer, test, "pass"))
        checks.append((name, "student version", _student_source(nb, i), test, "fail"))
    run = nbformat.v4.new_notebook()
    run.cells = [nbformat.v4.new_code_cell(src) for src in setup] + [nbformat.v4.new_code_cell(_RUNNER)]
    run.cells += [nbformat.v4.new_code_cell(f"print({name!r}, {kind!r}, _smm_alone({a!r}, {t!r}))")
                  for name, kind, a, t, _ in checks]
    run.cells += [nbformat.v4.new_code_cell(f"print({name!r}, _smm_expected({a!r}, {t!r}))")
                  for name, kind, a, t, _ in checks if kind == "solution"]
    sockets = tempfile.mkdtemp(prefix="smm-alone-")  # short: unix socket paths are limited
    km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "k"))
    client = NotebookClient(run, km=km, timeout=120, resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{path.name}: an exercise does not run on its own after the set-up cells:\n{exc}"[:3000])
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    results = ["".join("".join(o.get("text", "")) for o in c.outputs if o.get("output_type") == "stream").strip()
               for c in run.cells[len(setup) + 1:]]
    expected = [f"{name} {kind} {want}" for name, kind, _, _, want in checks]
    assert results[:len(checks)] == expected
    # No graded number is written in what students get: the student notebook and utils/.
    released = json.dumps(json.loads(nbformat.writes(_student_version(nb))), ensure_ascii=False)
    released += "".join(p.read_text() for p in (NOTEBOOKS.parent / "utils").rglob("*.py"))
    for line in results[len(checks):]:
        name, value = line.split(" ", 1)
        if value == "None":
            continue
        for text in _spellings(float(value)):
            assert text not in released, f"{path.name} {name}: its graded value {value} is written as {text!r}"
