#!/usr/bin/env python3
"""Grade a folder of submissions with nbgrader: gradebook, feedback pages and a summary line.

    python3 tasks.py grade SUBMISSIONS                 SUBMISSIONS/<student>/<notebook>.ipynb
    python3 tasks.py grade SUBMISSIONS -- --timeout 30 seconds a cell may run (default 60)
    python3 tasks.py grade SUBMISSIONS -- --out DIR    instead of output/grades

What happens, with nbgrader's own machinery (its API and preprocessors):

1. The course notebooks that were submitted are the assignment's *source*; nbgrader's
   ``generate_assignment`` makes the release version and records every graded cell, its
   points and its hidden tests in a gradebook (``output/grades/course/gradebook.db``).
2. Each file is looked at first: a file that is not a notebook, a notebook that is not
   one of the course's, or one of another version of the course (its exercises are not
   the ones of this release) is reported and not run. Test cells a student edited or
   deleted are noted.
3. nbgrader's ``autograde`` runs every submitted notebook in a fresh kernel, cell by cell
   with a time limit (an endless loop is interrupted and the next cells still run), after
   restoring every test cell from the source (ClearOutput, DeduplicateIds,
   OverwriteKernelspec, OverwriteCells, CheckCellMetadata, Execute, SaveAutoGrades).
   The whole command runs inside a network namespace with no interface but loopback
   (``unshare --net``, as the offline tests do), so a submission cannot reach the network;
   where ``unshare`` is not available it says so and runs with the network.
4. ``generate_feedback`` writes one HTML page per student and notebook.

Writes ``output/grades/gradebook.csv`` (``student, notebook, cell, points, max_points, status``:
one row per student, notebook and graded cell; written answers wait for the instructor, with
empty points, in nbgrader's formgrader), ``output/grades/feedback/<student>/<notebook>.html``
and prints a summary line. A broken submission never stops the run.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from course import unshare_prefix  # noqa: E402
from make_student import STARTER, TEXT_STARTER, _without_hidden_tests  # noqa: E402

ASSIGNMENT = "smm-lab"
NOTEBOOKS = ROOT / "notebooks"
COLUMNS = ["student", "notebook", "cell", "points", "max_points", "status"]


@dataclass
class Submission:
    student: str
    file: Path
    notebook: str                       # the course notebook's name without .ipynb ("" if none matches)
    problem: str = ""                   # why it is not run ("" when it is)
    notes: list = field(default_factory=list)   # edited or deleted test cells


def _cells(nb: dict) -> dict[str, dict]:
    """The nbgrader cells of a notebook by grade_id."""
    return {c["metadata"]["nbgrader"]["grade_id"]: c for c in nb.get("cells", [])
            if isinstance(c, dict) and isinstance(c.get("metadata", {}).get("nbgrader"), dict)
            and c["metadata"]["nbgrader"].get("grade_id")}


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def inspect(student: str, file: Path, release: dict[str, dict]) -> Submission:
    """Look at one submitted file before anything runs: is it a notebook of this release?"""
    import nbformat

    name = file.stem
    sub = Submission(student, file, name if name in release else "")
    if not sub.notebook:
        sub.problem = "not a notebook of the course (unknown file name)"
        return sub
    try:
        nb = nbformat.reads(file.read_text(encoding="utf-8"), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:
        sub.problem = f"not a notebook ({type(exc).__name__})"
        return sub
    theirs, ours = _cells(nb), _cells(release[name])
    answers = {g for g, c in ours.items() if c["metadata"]["nbgrader"].get("solution")}
    their_answers = {g for g, c in theirs.items() if c["metadata"]["nbgrader"].get("solution")}
    if their_answers != answers:
        sub.problem = "another version of the course (its exercises are not this release's)"
        return sub
    for grade_id, cell in ours.items():
        meta = cell["metadata"]["nbgrader"]
        if not meta.get("grade") or meta.get("solution"):
            continue
        if grade_id not in theirs:
            sub.notes.append(f"{grade_id}: test cell deleted (restored from the source)")
        elif _without_hidden_tests(_source(theirs[grade_id])).strip() != _source(cell).strip():
            sub.notes.append(f"{grade_id}: test cell edited (restored from the source)")
    return sub


def _with_deleted_tests(nb: dict, release: dict) -> dict:
    """Put back every test cell the student deleted, right after its answer cell (nbgrader's
    OverwriteCells then restores its hidden tests from the source, as for an edited one)."""
    present = _cells(nb)
    for i, cell in enumerate(release["cells"]):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if not grade_id or grade_id in present:
            continue
        before = release["cells"][i - 1].get("metadata", {}).get("nbgrader", {}).get("grade_id") if i else None
        ids = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nb["cells"]]
        at = ids.index(before) + 1 if before in ids else len(nb["cells"])
        nb["cells"].insert(at, json.loads(json.dumps(cell)))
        present[grade_id] = cell
    return nb


def _config(course: Path, timeout: int, sockets: Path):
    from traitlets.config import Config

    c = Config()
    c.CourseDirectory.root = str(course)
    c.CourseDirectory.course_id = ASSIGNMENT
    c.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
    c.ClearSolutions.code_stub = {"python": STARTER}
    c.ClearSolutions.text_stub = TEXT_STARTER
    c.Execute.timeout = timeout
    c.Execute.interrupt_on_timeout = True
    # Kernels talk to the grader over unix sockets: a network namespace has no usable TCP
    # loopback, and ports picked by one kernel cannot be taken by another.
    c.KernelManager.transport = "ipc"
    c.KernelManager.ip = str(sockets / "k")
    c.Autograde.create_student = True
    return c


#: nbgrader's feedback template calls nbconvert's ``mathjax()`` macro without an address, so
#: the page would load MathJax from a CDN; the copy we return to students loads nothing.
_REMOTE_SCRIPT = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>""", re.I)


def _offline_page(text: str) -> str:
    return _REMOTE_SCRIPT.sub("", text)


def _errors(nb: dict, grade_id: str) -> list[str]:
    cell = _cells(nb).get(grade_id)
    if cell is None:
        return []
    return [f"{o.get('ename')}: {o.get('evalue', '')}".strip(": ")
            for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def _status(points, max_points, manual: bool, answer_errors: list[str], test_errors: list[str],
            notes: list[str], grade_id: str) -> str:
    parts = [n.split(": ", 1)[1] for n in notes if n.startswith(f"{grade_id}:")]
    if manual:
        parts.append("written answer: grade it in formgrader")
    elif any("CellTimeoutError" in e or "KeyboardInterrupt" in e for e in answer_errors):
        parts.append("time limit reached in the answer")
    elif answer_errors:
        parts.append(f"the answer raised {answer_errors[0].split(':')[0]}")
    elif points == max_points:
        parts.append("ok")
    elif any(e.startswith("AssertionError") for e in test_errors):
        parts.append("not the expected answer")
    elif test_errors:
        parts.append(f"the test raised {test_errors[0].split(':')[0]}")
    else:
        parts.append("no points")
    return "; ".join(parts)


def _problem_page(sub: Submission) -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(sub.file.name)}</title>"
            f"</head><body><h1>{html.escape(sub.file.name)}</h1><p>This submission was not graded: "
            f"{html.escape(sub.problem)}.</p><p>Submit the course notebook (File &gt; Download in JupyterLab, "
            f"a <code>.ipynb</code> file) of this release.</p></body></html>\n")


def grade(submissions: Path, out: Path, timeout: int = 60) -> dict:
    """Grade every ``submissions/<student>/<notebook>.ipynb``; return the rows and the summary."""
    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings():
        # nbgrader 0.9's gradebook triggers SQLAlchemy 2's autoflush warnings on every submission.
        warnings.simplefilter("ignore", SAWarning)
        return _grade(submissions, out, timeout)


def _grade(submissions: Path, out: Path, timeout: int) -> dict:
    import logging

    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI

    # nbgrader runs the ``alembic`` command of its environment to set up the gradebook.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise SystemExit(f"{submissions} is not a folder: give a folder of SUBMISSIONS/<student>/<notebook>.ipynb")
    files = sorted(p for p in submissions.glob("*/*") if p.is_file() and not p.name.startswith("."))
    students = sorted({p.parent.name for p in files})
    course = out / "course"
    shutil.rmtree(course, ignore_errors=True)
    shutil.rmtree(out / "feedback", ignore_errors=True)
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    course_notebooks = {p.stem: p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    wanted = sorted({p.stem for p in files if p.stem in course_notebooks})
    for name in wanted:
        shutil.copy(course_notebooks[name], course / "source" / ASSIGNMENT / f"{name}.ipynb")
    # The folder is a complete nbgrader course: formgrader can open it for the written answers.
    (course / "nbgrader_config.py").write_text(
        "# Written by python3 tasks.py grade: open formgrader here for the written answers.\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {ASSIGNMENT!r}\n"
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(course / 'gradebook.db')!r}\n"
        f"c.ClearSolutions.code_stub = {{'python': {STARTER!r}}}\n"
        f"c.ClearSolutions.text_stub = {TEXT_STARTER!r}\n", encoding="utf-8")
    sockets = Path(tempfile.mkdtemp(prefix="smm-grade-"))
    api = NbGraderAPI(config=_config(course, timeout, sockets))
    api.log.setLevel(logging.ERROR)
    rows: list[dict] = []
    counts: Counter = Counter()
    try:
        release: dict[str, dict] = {}
        if wanted:
            result = api.generate_assignment(ASSIGNMENT)
            if not result["success"]:
                raise SystemExit(f"nbgrader could not make the release version:\n{result.get('log', '')[-3000:]}")
            for name in wanted:
                release[name] = json.loads((course / "release" / ASSIGNMENT / f"{name}.ipynb").read_text())
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", ASSIGNMENT) as gb:
            graded_cells = {name: [(c.name, c.max_score, c.notebook.name) for c in gb.find_notebook(name, ASSIGNMENT).grade_cells]
                            for name in wanted}
        for student in students:
            subs = [inspect(student, f, release) for f in files if f.parent.name == student]
            target = course / "submitted" / student / ASSIGNMENT
            target.mkdir(parents=True, exist_ok=True)
            runnable = [s for s in subs if not s.problem]
            for sub in runnable:
                (target / f"{sub.notebook}.ipynb").write_text(
                    json.dumps(_with_deleted_tests(json.loads(sub.file.read_text(encoding="utf-8")),
                                                   release[sub.notebook]), indent=1), encoding="utf-8")
            feedback_dir = out / "feedback" / student
            feedback_dir.mkdir(parents=True, exist_ok=True)
            graded = False
            if runnable:
                result = api.autograde(ASSIGNMENT, student)
                graded = result["success"]
                if graded:
                    api.generate_feedback(ASSIGNMENT, student)
                else:
                    reason = (result.get("error") or result.get("log") or "").strip().splitlines()
                    for sub in runnable:
                        sub.problem = f"nbgrader could not grade it ({reason[-1][:200] if reason else 'no log'})"
            for sub in subs:
                counts["submissions"] += 1
                cells = graded_cells.get(sub.notebook) or [("", None, sub.notebook)]
                if sub.problem:
                    counts[sub.problem.split(" (")[0]] += 1
                    for grade_id, max_score, _ in cells:
                        rows.append({"student": student, "notebook": sub.notebook or sub.file.name, "cell": grade_id,
                                     "points": 0 if max_score is not None else "",
                                     "max_points": max_score if max_score is not None else "", "status": sub.problem})
                    (feedback_dir / f"{sub.file.stem}.html").write_text(_problem_page(sub), encoding="utf-8")
                    continue
                autograded = json.loads((course / "autograded" / student / ASSIGNMENT / f"{sub.notebook}.ipynb").read_text())
                with Gradebook(f"sqlite:///{course / 'gradebook.db'}", ASSIGNMENT) as gb:
                    nb_grades = {g.cell.name: g for g in gb.find_submission_notebook(sub.notebook, ASSIGNMENT, student).grades}
                    for grade_id, max_score, _ in cells:
                        g = nb_grades[grade_id]
                        manual = g.auto_score is None and g.manual_score is None and g.needs_manual_grade
                        points = "" if manual else (g.score or 0)
                        status = _status(points, max_score, manual, _errors(autograded, f"{grade_id}-answer"),
                                         _errors(autograded, grade_id), sub.notes, grade_id)
                        rows.append({"student": student, "notebook": sub.notebook, "cell": grade_id,
                                     "points": points, "max_points": max_score, "status": status})
                for note in sub.notes:
                    counts[note.split(": ", 1)[1].split(" (")[0]] += 1
                if any("the answer raised" in r["status"] for r in rows[-len(cells):]):
                    counts["a cell raised"] += 1
                if any("time limit" in r["status"] for r in rows[-len(cells):]):
                    counts["time limit reached"] += 1
                page = course / "feedback" / student / ASSIGNMENT / f"{sub.notebook}.html"
                if page.exists():
                    (feedback_dir / f"{sub.notebook}.html").write_text(
                        _offline_page(page.read_text(encoding="utf-8")), encoding="utf-8")
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "gradebook.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    points = sum(float(r["points"]) for r in rows if r["points"] != "")
    possible = sum(float(r["max_points"]) for r in rows if r["max_points"] != "" and r["points"] != "")
    manual = sum(1 for r in rows if r["points"] == "" and r["max_points"] != "")
    problems = {k: v for k, v in counts.items() if k != "submissions"}
    summary = (f"graded {counts['submissions']} submission(s) of {len(students)} student(s): "
               f"{points:g} of {possible:g} autograded points"
               + (f", {manual} written answer(s) to grade in formgrader" if manual else "")
               + ("; problems: " + ", ".join(f"{v} {k}" for k, v in sorted(problems.items())) if problems else
                  "; no problems")
               + f". Gradebook: {out / 'gradebook.csv'}; feedback: {out / 'feedback'}/")
    return {"rows": rows, "summary": summary, "counts": dict(counts)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", type=Path, help="folder of <student>/<notebook>.ipynb")
    parser.add_argument("--out", type=Path, default=ROOT / "output" / "grades")
    parser.add_argument("--timeout", type=int, default=60, help="seconds a cell may run (default 60)")
    parser.add_argument("--network", action="store_true", help="run without a network namespace")
    parser.add_argument("--in-namespace", action="store_true", help=argparse.SUPPRESS)
    argv = [a for a in (sys.argv[1:] if argv is None else argv) if a != "--"]  # tasks.py grade X -- --timeout 30
    args = parser.parse_args(argv)
    if not args.network and not args.in_namespace:
        prefix = unshare_prefix()
        if prefix is not None:
            return subprocess.run([*prefix, sys.executable, str(Path(__file__).resolve()), *argv,
                                   "--in-namespace"]).returncode
        print("note: `unshare --net` is not available here (util-linux, and root or user namespaces), so the "
              "submissions run WITH the network. Install util-linux or grade on a machine where it works.",
              flush=True)
    result = grade(args.submissions.resolve(), args.out.resolve(), args.timeout)
    print(result["summary"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
