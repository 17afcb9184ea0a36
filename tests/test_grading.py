"""Grading a class with nbgrader: the exercises' grading cells and ``python3 tasks.py grade``.

One folder of invented submissions is graded once (``scripts/grade.py``, in a network
namespace where ``unshare`` works): every solution, an untouched student version, a cell
that raises, a file that is not a notebook, an endless loop, an edited and a deleted test
cell, a notebook of an older course version. The gradebook must say exactly what each
deserves, and the run must not stop on any of them. Two small notebooks (00, 07) keep it
quick.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, require_tool
import course

GRADE = ROOT / "scripts" / "grade.py"
STARTER = "answer = None  # your answer here"
TIMEOUT = 8  # seconds a cell may run in these tests (the endless loop costs this once)


def _read(name: str) -> dict:
    return json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())


def _student_version(name: str) -> dict:
    sys.path.insert(0, str(ROOT / "scripts"))
    import nbformat
    from make_student import student_version

    nb = nbformat.read(str(ROOT / "notebooks" / f"{name}.ipynb"), as_version=4)
    return json.loads(nbformat.writes(student_version(nb)))


def _by_id(nb: dict) -> dict:
    return {c["metadata"]["nbgrader"]["grade_id"]: c for c in nb["cells"] if "nbgrader" in c.get("metadata", {})}


def _answered(name: str, **replace: str) -> dict:
    """The student version with every exercise answered as the solution does, except the
    exercises in ``replace`` (grade_id -> the cell's new source)."""
    nb = _student_version(name)
    solutions = _by_id(_read(name))
    for grade_id, cell in _by_id(nb).items():
        if grade_id in replace:
            cell["source"] = replace[grade_id]
        elif cell["metadata"]["nbgrader"].get("solution") and cell["cell_type"] == "code":
            cell["source"] = course.source(solutions[grade_id]).replace("### BEGIN SOLUTION\n", "").replace(
                "### END SOLUTION\n", "")
    return nb


def _write(folder: Path, student: str, name: str, nb: dict | str) -> None:
    (folder / student).mkdir(parents=True, exist_ok=True)
    text = nb if isinstance(nb, str) else json.dumps(nb, indent=1)
    (folder / student / f"{name}.ipynb").write_text(text)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    nb00, nb07 = "00_start_here", "07_crm_customer_value"
    subs = tmp_path_factory.mktemp("submissions")
    # every solution
    _write(subs, "ada", nb00, _answered(nb00))
    _write(subs, "ada", nb07, _answered(nb07))
    # the student version, untouched
    _write(subs, "ben", nb07, _student_version(nb07))
    # exercise 1 raises; exercises 2-4 are right (each exercise runs on its own)
    _write(subs, "cai", nb07, _answered(nb07, **{"exercise-1-answer": "answer = 1 / 0\n"}))
    # not a notebook
    _write(subs, "dee", nb00, "These are my answers: 0.025\n")
    # an endless loop in the only exercise
    _write(subs, "eli", nb00, _answered(nb00, **{"exercise-1-answer": "while True:\n    pass\n"}))
    # exercise 1 wrong but its test edited to pass; exercise 2 right but its test deleted
    edited = _answered(nb07, **{"exercise-1-answer": 'answer = ["referral"]\n',
                                "exercise-1": "assert True  # my own test\n"})
    edited["cells"] = [c for c in edited["cells"]
                       if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") != "exercise-2"]
    _write(subs, "fay", nb07, edited)
    # a notebook of an older course version: no grading cells at all
    old = _answered(nb00)
    for cell in old["cells"]:
        cell.get("metadata", {}).pop("nbgrader", None)
    _write(subs, "gus", nb00, old)
    out = tmp_path_factory.mktemp("grades")
    proc = subprocess.run([sys.executable, str(GRADE), str(subs), "--out", str(out), "--timeout", str(TIMEOUT)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    with open(out / "gradebook.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    book = {(r["student"], r["notebook"], r["cell"]): r for r in rows}
    return {"rows": rows, "book": book, "out": out, "stdout": proc.stdout, "subs": subs}


def _points(graded, student, notebook, cell) -> float:
    return float(graded["book"][(student, notebook, cell)]["points"])


def _status(graded, student, notebook, cell) -> str:
    return graded["book"][(student, notebook, cell)]["status"]


def test_the_gradebook_has_a_row_per_student_notebook_and_graded_cell(graded):
    assert list(graded["rows"][0]) == ["student", "notebook", "cell", "points", "max_points", "status"]
    keys = [(r["student"], r["notebook"], r["cell"]) for r in graded["rows"]]
    assert len(keys) == len(set(keys))
    expected = {("ada", "00_start_here"): 1, ("ada", "07_crm_customer_value"): 4, ("ben", "07_crm_customer_value"): 4,
                ("cai", "07_crm_customer_value"): 4, ("dee", "00_start_here"): 1, ("eli", "00_start_here"): 1,
                ("fay", "07_crm_customer_value"): 4, ("gus", "00_start_here"): 1}
    found = {}
    for student, notebook, _ in keys:
        found[(student, notebook)] = found.get((student, notebook), 0) + 1
    assert found == expected
    assert all(float(r["max_points"]) == 1 for r in graded["rows"])


def test_every_solution_gets_every_point(graded):
    for cell in ("exercise-1", "exercise-2", "exercise-3", "exercise-4"):
        assert _points(graded, "ada", "07_crm_customer_value", cell) == 1
        assert _status(graded, "ada", "07_crm_customer_value", cell) == "ok"
    assert _points(graded, "ada", "00_start_here", "exercise-1") == 1


def test_the_untouched_student_version_gets_nothing(graded):
    for cell in ("exercise-1", "exercise-2", "exercise-3", "exercise-4"):
        assert _points(graded, "ben", "07_crm_customer_value", cell) == 0
        assert _status(graded, "ben", "07_crm_customer_value", cell) == "not the expected answer"


def test_a_cell_that_raises_costs_only_its_exercise(graded):
    assert _points(graded, "cai", "07_crm_customer_value", "exercise-1") == 0
    assert "raised ZeroDivisionError" in _status(graded, "cai", "07_crm_customer_value", "exercise-1")
    for cell in ("exercise-2", "exercise-3", "exercise-4"):
        assert _points(graded, "cai", "07_crm_customer_value", cell) == 1


def test_a_file_that_is_not_a_notebook_is_reported(graded):
    assert _points(graded, "dee", "00_start_here", "exercise-1") == 0
    assert _status(graded, "dee", "00_start_here", "exercise-1").startswith("not a notebook")
    assert (graded["out"] / "feedback" / "dee" / "00_start_here.html").exists()


def test_an_endless_loop_is_stopped_by_the_time_limit(graded):
    assert _points(graded, "eli", "00_start_here", "exercise-1") == 0
    assert "time limit" in _status(graded, "eli", "00_start_here", "exercise-1")


def test_edited_and_deleted_test_cells_give_no_points_they_did_not_earn(graded):
    # the edited test is restored from the source, so the wrong answer earns nothing
    assert _points(graded, "fay", "07_crm_customer_value", "exercise-1") == 0
    assert "test cell edited" in _status(graded, "fay", "07_crm_customer_value", "exercise-1")
    # the deleted test is put back and run: the right answer earns its point
    assert "test cell deleted" in _status(graded, "fay", "07_crm_customer_value", "exercise-2")
    for cell in ("exercise-2", "exercise-3", "exercise-4"):
        assert _points(graded, "fay", "07_crm_customer_value", cell) == 1


def test_a_notebook_of_another_course_version_is_reported(graded):
    assert _points(graded, "gus", "00_start_here", "exercise-1") == 0
    assert "another version of the course" in _status(graded, "gus", "00_start_here", "exercise-1")


def test_each_graded_notebook_gets_a_feedback_page(graded):
    for student, notebook in [("ada", "00_start_here"), ("ada", "07_crm_customer_value"), ("ben", "07_crm_customer_value"),
                              ("cai", "07_crm_customer_value"), ("eli", "00_start_here"), ("fay", "07_crm_customer_value")]:
        page = graded["out"] / "feedback" / student / f"{notebook}.html"
        assert page.exists(), page
        text = page.read_text()
        assert "exercise-1" in text or "Exercise 1" in text
    assert "ZeroDivisionError" in (graded["out"] / "feedback" / "cai" / "07_crm_customer_value.html").read_text()
    for page in (graded["out"] / "feedback").rglob("*.html"):
        remote = re.findall(r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["']?(?:https?:)?//[^"' >]*""",
                            page.read_text(), re.I)
        assert remote == [], f"{page.name} loads from the network: {remote[:3]}"


def test_the_summary_line_names_every_problem(graded):
    line = graded["stdout"].strip().splitlines()[-1]
    assert line.startswith("graded 8 submission(s) of 7 student(s):"), line
    for words in ("1 not a notebook", "1 another version of the course", "1 time limit reached", "1 a cell raised",
                  "1 test cell edited", "1 test cell deleted"):
        assert words in line, (words, line)


def test_grading_runs_without_the_network(graded):
    from course import unshare_prefix

    require_tool(unshare_prefix() is not None, "`unshare --net` (a network namespace)",
                 "Install util-linux and run as root or where user namespaces are enabled.")
    assert "WITH the network" not in graded["stdout"]


def test_grading_cells_are_up_to_date():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "grading_cells.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_exercise_has_nbgrader_answer_and_test_cells():
    for path in course.list_notebooks(ROOT / "notebooks"):
        nb = json.loads(path.read_text())
        cells = nb["cells"]
        for i, cell in enumerate(cells):
            if cell["cell_type"] != "code" or "### BEGIN SOLUTION" not in course.source(cell):
                continue
            meta = cell["metadata"].get("nbgrader", {})
            assert meta.get("solution") is True and meta.get("grade") is False and meta.get("schema_version") == 3, \
                f"{path.name} cell {i}"
            test = cells[i + 1]["metadata"].get("nbgrader", {})
            assert test.get("grade") is True and test.get("locked") is True and test.get("points", 0) > 0
            assert test["grade_id"] + "-answer" == meta["grade_id"]
            src = course.source(cells[i + 1])
            assert "### BEGIN HIDDEN TESTS" in src and "### END HIDDEN TESTS" in src


def test_written_answers_are_marked_for_manual_grading():
    for name, grade_id in (("02_why_smm_works", "memo"), ("11_capstone", "recommendation")):
        (cell,) = [c for c in _read(name)["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id]
        meta = cell["metadata"]["nbgrader"]
        assert cell["cell_type"] == "markdown" and meta["solution"] is True and meta["grade"] is True
        assert meta["points"] > 0
    guide = (ROOT / "docs" / "instructor_guide.md").read_text()
    assert "### Rubric: the memo" in guide and "### Rubric: the capstone recommendation" in guide


def test_same_answer_rules():
    import numpy as np

    from utils.shared.feedback import same_answer

    assert same_answer(0.417, 0.41666) and not same_answer(41.7, 0.41666)
    assert same_answer(np.int64(7), np.int64(7)) and not same_answer(8, np.int64(7))
    assert same_answer(["Share", "referral"], ("referral", "share")) and not same_answer(["share"], ["referral", "share"])
    assert same_answer(" Velocity", "velocity") and not same_answer(None, "velocity")
    assert not same_answer(None, 0.5) and not same_answer("half", 0.5)
    assert not same_answer(True, 1.0)
