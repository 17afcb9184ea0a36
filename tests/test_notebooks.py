"""Every notebook runs with papermill under each alternative parameter set it declares
in ``metadata.smm.alt_parameters``.

The default parameters are run by papermill offline (``tests/course_runs.py``,
checked in ``tests/test_offline.py``) and compared cell by cell with the run of the
student versions; nbval runs every notebook once more from the test command and
checks the outputs of cells tagged ``nbval-check-output``. Executed copies go to
output/test-runs/.
"""

from __future__ import annotations

import json

import papermill as pm
import pytest

from conftest import NOTEBOOKS, OUTPUT, output_problems
import course

CASES = []
for _path in course.list_notebooks(NOTEBOOKS):
    _meta = course.read_nb(_path)["metadata"].get("smm", {})
    for _i, _alt in enumerate(_meta.get("alt_parameters", [])):
        CASES.append(pytest.param(_path, f"alt{_i}", _alt, id=f"{_path.stem}-alt{_i}"))


def test_every_notebook_declares_alternative_parameters():
    assert {c.values[0] for c in CASES} == set(course.list_notebooks(NOTEBOOKS))


def _output(path, label):
    return OUTPUT / "papermill" / label / path.name


@pytest.fixture(scope="module")
def alt_runs():
    """Every alternative parameter set executed once; each output's error (None: ran clean)."""
    errors = {}
    for case in CASES:
        path, label, params = case.values
        output = _output(path, label)
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            course.execute(path, output, cwd=NOTEBOOKS, parameters=params)
            errors[output] = None
        except pm.PapermillExecutionError as exc:
            errors[output] = f"cell {exc.cell_index}: {exc.ename}: {exc.evalue}"
    return errors


@pytest.mark.parametrize("path,label,params", CASES)
def test_notebook_runs_with_alternative_parameters(path, label, params, alt_runs):
    output = _output(path, label)
    assert alt_runs[output] is None, alt_runs[output]
    nb = json.loads(output.read_text())
    assert output_problems(nb) == []
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected, "papermill did not inject the alternative parameters"
    source = "".join(injected[0]["source"])
    assert all(f"{name} = " in source for name in params), source
