#!/usr/bin/env python3
"""Write student versions of the notebooks: solutions removed, outputs cleared.

    python3 tasks.py student                          every notebook -> output/student/notebooks/
    python3 tasks.py student -- --with-course-files   also copy utils/, data/ ... so output/student/
                                                      is a complete course folder to publish to students
    python3 tasks.py student -- 05_viral               only notebooks whose name contains the text

The transformation is nbgrader's ``ClearSolutions`` preprocessor (each
``### BEGIN SOLUTION`` ... ``### END SOLUTION`` block becomes
``answer = None  # your answer here``), nbgrader's ``ClearHiddenTests`` (each
``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` block of a grading test cell is
removed: the expected answers stay with the instructor) and ``LockCells`` (test cells
cannot be edited or deleted in JupyterLab), followed by nbconvert's
``ClearOutputPreprocessor`` (every output and execution count, including the
stored outputs of cells tagged ``nbval-check-output``), run through nbconvert's
``NotebookExporter``. Everything else (parameters cell, widgets, navigation,
metadata, cell ids) is kept as it is.

Every student notebook is then checked against its source (:func:`student_problems`):
no delimiter and no solution line survives, every exercise cell has the starter,
no output is left. If a check fails (say, a misspelt ``### BEGIN SOLUTON``), nothing
is written for that notebook and the command exits with status 1.

With ``--with-course-files`` the copied ``utils/nbNN/exercises.py`` (whose checks compute
every graded answer from the data) are replaced by keyed checks written by
:mod:`student_keys`: hashes of the rounded expected values and named mistakes, no values
and no computation. Self-learners working in the full repository keep the original checks.

The student notebooks still import ``utils`` and read ``data/`` from the course
folder (``pip install -e .`` makes ``utils`` importable from anywhere), so they run
where they are written.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.preprocessors import ClearOutputPreprocessor, Preprocessor
from traitlets.config import Config

from build_common import report_problems
import course
from student_keys import write_keyed_exercises
from utils.shared.config import OUTPUT_DIR, ROOT

STARTER = "answer = None  # your answer here"
TEXT_STARTER = "*Your answer here.*"
BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
DEFAULT_OUT = OUTPUT_DIR / "student"

# What a student needs besides the notebooks to run the course (for --with-course-files).
COURSE_FILES = ("utils", "data", "seeds", "scripts", "vendor", "README.md", "LICENSE", "pyproject.toml",
                "requirements.txt", "environment.yml", "postBuild", "tasks.py")

# Lenient patterns, used only to *check* the result: they also match misspelt markers.
_LOOSE_BEGIN = re.compile(r"#+\s*BEGIN\s*SOL", re.I)
_LOOSE_END = re.compile(r"#+\s*END\s*SOL", re.I)
_CHECK_CALL = re.compile(r"\bnb\d\d\.check_\w+\(")
_ANSWER_ASSIGN = re.compile(r"^\s*answer\s*=")


class MarkStudentVersion(Preprocessor):
    """Record in the notebook metadata that this is a student version."""

    def preprocess(self, nb, resources):
        nb.metadata.setdefault("smm", {})["student_version"] = True
        return nb, resources


def student_config() -> Config:
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions, LockCells  # slow to import

    c = Config()
    c.ClearSolutions.code_stub = {"python": STARTER}
    c.ClearSolutions.text_stub = TEXT_STARTER
    c.ClearSolutions.begin_solution_delimeter = BEGIN  # nbgrader's spelling of "delimiter"
    c.ClearSolutions.end_solution_delimeter = END
    # The course marks solutions by delimiters only, not with nbgrader cell metadata.
    c.ClearSolutions.enforce_metadata = False
    c.NotebookExporter.preprocessors = [ClearSolutions, ClearHiddenTests, LockCells, ClearOutputPreprocessor,
                                        MarkStudentVersion]
    return c


_EXPORTER: list[NotebookExporter] = []


def student_version(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student version of a notebook (the input is not modified)."""
    if not _EXPORTER:
        _EXPORTER.append(NotebookExporter(config=student_config()))
    text, _ = _EXPORTER[0].from_notebook_node(nb)
    return nbformat.reads(text, as_version=4)


# ------------------------------------------------------------------ checks
def _is_test(cell: dict) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta.get("grade") is True and not meta.get("solution")


def _without_hidden_tests(src: str) -> str:
    kept, hidden = [], False
    for line in src.splitlines():
        if "### BEGIN HIDDEN TESTS" in line:
            hidden = True
        elif "### END HIDDEN TESTS" in line:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


def solution_lines(src: str) -> list[str]:
    """The non-empty lines inside solution blocks, found with lenient markers."""
    found, inside = [], False
    for line in src.splitlines():
        if _LOOSE_BEGIN.search(line):
            inside = True
        elif _LOOSE_END.search(line):
            inside = False
        elif inside and line.strip():
            found.append(line.strip())
    return found


def is_exercise(src: str) -> bool:
    return bool(_LOOSE_BEGIN.search(src) or _CHECK_CALL.search(src))


def student_problems(original: dict, student: dict, name: str = "notebook") -> list[str]:
    """Everything wrong with ``student`` as the student version of ``original``."""
    problems: list[str] = []
    o_cells, s_cells = original["cells"], student["cells"]
    if len(o_cells) != len(s_cells):
        return [f"{name}: {len(s_cells)} cells, the source has {len(o_cells)}"]
    outside = set()  # lines the source notebook has outside solution blocks
    for cell in o_cells:
        sol = set(solution_lines(course.source(cell)))
        outside.update(line.strip() for line in course.source(cell).splitlines() if line.strip() not in sol)
    all_student_lines = {line.strip() for c in s_cells for line in course.source(c).splitlines()}
    for i, (o, s) in enumerate(zip(o_cells, s_cells)):
        where = f"{name}: cell {i} ({o.get('id', '?')})"
        o_src, s_src = course.source(o), course.source(s)
        s_lines = [line.strip() for line in s_src.splitlines()]
        if s.get("cell_type") == "code" and (s.get("outputs") or s.get("execution_count") is not None):
            problems.append(f"{where}: outputs not cleared")
        if course.tags(o) != course.tags(s):
            problems.append(f"{where}: tags changed")
        if "BEGIN SOLUTION" in s_src or "END SOLUTION" in s_src:
            problems.append(f"{where}: a solution delimiter survives")
        if "HIDDEN TESTS" in s_src:
            problems.append(f"{where}: a hidden test survives")
        sol = solution_lines(o_src)
        for line in sol:
            if line in s_lines or (line in all_student_lines and line not in outside):
                problems.append(f"{where}: solution text survives: {line!r}")
        if o["cell_type"] == "code" and is_exercise(o_src):
            kept = [ln.strip() for ln in o_src.splitlines() if ln.strip() and ln.strip() not in sol
                    and not _LOOSE_BEGIN.search(ln) and not _LOOSE_END.search(ln)]
            lost = [ln for ln in kept if ln not in s_lines]
            if lost:  # nbgrader replaces a whole answer cell whose markers it cannot read
                problems.append(f"{where}: the exercise's own lines are gone (a misspelt solution marker?): {lost[0]!r}")
            if STARTER not in s_lines:
                problems.append(f"{where}: exercise cell has no starter {STARTER!r}")
            others = [ln for ln in s_lines if _ANSWER_ASSIGN.match(ln) and ln != STARTER]
            if others:
                problems.append(f"{where}: exercise cell still assigns the answer: {others[0]!r}")
        elif _is_test(o):
            if s_src.strip() != _without_hidden_tests(o_src).strip():
                problems.append(f"{where}: the visible part of a test cell was changed")
        elif not sol and o_src != s_src:
            problems.append(f"{where}: a cell without a solution was changed")
    return problems


# ------------------------------------------------------------------ writing
def make_student(notebooks: list[Path], out_dir: Path) -> tuple[list[Path], list[str]]:
    """Write the student version of each notebook into ``out_dir``; return (written, problems)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written, problems = [], []
    for path in notebooks:
        original = nbformat.read(str(path), as_version=4)
        try:
            student = student_version(original)
        except RuntimeError as exc:  # nbgrader: nested or unterminated solution block
            problems.append(f"{path.name}: {exc}")
            continue
        found = student_problems(original, student, path.name)
        if found:
            problems += found
            continue
        target = out_dir / path.name
        nbformat.write(student, str(target))
        written.append(target)
    return written, problems


def copy_course_files(out_root: Path, root: Path = ROOT) -> list[Path]:
    """Copy what students need besides the notebooks, so ``out_root`` is a runnable course folder."""
    copied = []
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".ipynb_checkpoints")
    for name in COURSE_FILES:
        src, dst = root / name, out_root / name
        if not src.exists():
            continue
        if src.is_dir():
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(src, dst, ignore=ignore)
        else:
            shutil.copy2(src, dst)
        copied.append(dst)
    return copied


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("match", nargs="*", help="only notebooks whose file name contains this text")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (notebooks go to OUT/notebooks)")
    parser.add_argument("--source", default=str(course.NOTEBOOK_DIR), help="folder of the source notebooks")
    parser.add_argument("--with-course-files", action="store_true",
                        help="also copy " + ", ".join(COURSE_FILES) + " into OUT (a publishable student folder)")
    args = parser.parse_args([a for a in argv if a != "--"])
    out_root = Path(args.out)
    if out_root.resolve() == ROOT or (out_root / "notebooks").resolve() == Path(args.source).resolve():
        print(f"--out {out_root} would overwrite the course itself: choose another folder", file=sys.stderr)
        return 1
    paths = [p for p in course.list_notebooks(Path(args.source))
             if not args.match or any(m in p.name for m in args.match)]
    if not paths:
        print("no notebooks matched", file=sys.stderr)
        return 1
    nb_dir = out_root / "notebooks"
    written, problems = make_student(paths, nb_dir)
    for target in written:
        n = sum(1 for c in nbformat.read(str(target), as_version=4).cells
                if c.cell_type == "code" and STARTER in c.source)
        print(f"wrote {target}  ({n} exercise{'s' if n != 1 else ''} with the starter)")
    if args.with_course_files:
        for dst in copy_course_files(out_root):
            print(f"copied {dst}")
        keyed = write_keyed_exercises(out_root / "utils")
        print(f"replaced {len(keyed)} utils/nbNN/exercises.py by keyed checks (no expected values in the copy)")
    if report_problems(problems, "NOT written (fix the solution markers in the source notebook):"):
        return 1
    print(f"\n{len(written)} student notebooks in {nb_dir}")
    if not args.with_course_files:
        print("They import utils and read data/ from this course folder; "
              "add --with-course-files for a self-contained folder to publish.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
