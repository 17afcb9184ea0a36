#!/usr/bin/env python3
"""Give every exercise of the course its nbgrader cells (run after adding or changing an exercise).

    python3 scripts/grading_cells.py            update every notebook in notebooks/
    python3 scripts/grading_cells.py --check    exit 1 and list the notebooks that are not up to date

For each exercise cell (a code cell with ``### BEGIN SOLUTION`` ... ``### END SOLUTION``):

- the cell becomes an nbgrader *autograded answer* (``solution: true``, ``grade_id`` ``exercise-K-answer``)
  and imports its checks module itself (``from utils.nbNN import exercises as nbNN``), so it
  runs on its own after the notebook's set-up cells;
- the cell after it is its *test* (``grade: true``, ``locked``, ``points``, ``grade_id`` ``exercise-K``;
  skipped in slide decks),
  whose body is an nbgrader hidden test: it recomputes the expected answer by running the
  exercise's own solution inside a function and compares it with the learner's ``answer``
  (:func:`utils.shared.feedback.same_answer`). Student versions drop the hidden part, so the
  expected value exists only in the instructor's notebook;
- written answers listed in :data:`WRITTEN` (a memo, the capstone's recommendation) get a
  prompt and an nbgrader *manually graded answer* cell before the notebook's key takeaways.

The learner's feedback while working stays the ``nbNN.check_K(answer)`` call at the end of the
exercise cell. Everything here is derived from the notebooks, so running it twice changes nothing.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
SCHEMA = 3
POINTS = 1  # every autograded exercise is worth one point

_CHECK = re.compile(r"\b(nb\d\d)\.check_(\d+)\(")

#: Written answers graded by the instructor in formgrader, with their rubric in the
#: instructor guide: notebook -> (grade_id, points, prompt, model answer).
WRITTEN = {
    "02": ("memo", 3,
           "**Written answer: a memo to Brightleaf's manager** (3 points, graded by your instructor; see the "
           "rubric in the instructor guide). In 80-150 words: for the channel type you chose with "
           "`channel_type` in the parameters cell, give its reach per post, pooled engagement rate and shares "
           "per 1,000 impressions next to the other two types (from the table above), say what you would do "
           "with that channel next quarter, and give one reason why the comparison is not a fair test of the "
           "channel type itself.",
           "Model answer (the rubric's full marks): names the chosen type and its three figures with their "
           "denominators, compares each with the other two types in plain words, makes one concrete "
           "recommendation that follows from the figures, and names a confounder: the accounts have different "
           "follower bases and post different formats, so the difference is not caused by the channel type "
           "alone."),
    "11": ("recommendation", 5,
           "**Written answer: your recommendation** (5 points, graded by your instructor; see the rubric in "
           "the instructor guide). In 150-250 words, as if to a sceptical manager with your report open: "
           "state the brief (objective, platforms, budget, weeks, segment), the one number you lead with and "
           "why, what the forecast rests on (the segment lift, the views per share, the platform rates), how "
           "far to trust it, and what you would measure in the first two weeks to check it.",
           "Model answer (the rubric's full marks): restates the brief; leads with the metric of its objective "
           "(cost per conversion for sales, cost per thousand people reached for awareness) rather than the "
           "cheapest impressions; names at least two assumptions and what happens to the forecast if they are "
           "off; compares the forecast with the brand's past campaigns; proposes the tracking of step 7 of the "
           "action plan (UTM-tagged links, a weekly check against the plan)."),
}


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def solution_lines(src: str) -> list[str]:
    lines, inside = [], False
    for line in src.splitlines():
        if line.strip() == BEGIN:
            inside = True
        elif line.strip() == END:
            inside = False
        elif inside:
            lines.append(line)
    return lines


def is_exercise(cell) -> bool:
    return cell.get("cell_type") == "code" and BEGIN in _source(cell)


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_test(cell) -> bool:
    return cell.get("cell_type") == "code" and _nbgrader(cell).get("grade") is True and not _nbgrader(cell).get("solution")


def test_source(number: int, solution: list[str], points: int = POINTS) -> str:
    body = "\n".join(f"    {line}" if line.strip() else "" for line in solution)
    return (
        f"# Exercise {number}: {points} point{'s' if points != 1 else ''}, awarded by hidden tests when your "
        f"instructor grades the notebook.\n"
        f"# The check at the end of the cell above already tells you whether your answer is right. "
        f"Leave this cell as it is.\n"
        f"{BEGIN_HIDDEN}\n"
        f"from utils.shared.feedback import same_answer as _same_answer\n\n\n"
        f"def _expected_answer():\n"
        f"    # the exercise's solution, run on the course data\n"
        f"{body}\n"
        f"    return answer\n\n\n"
        f"assert _same_answer(answer, _expected_answer()), \"exercise {number}: not the expected answer\"\n"
        f"{END_HIDDEN}"
    )


def _with_import(src: str, module: str) -> str:
    line = f"from utils.{module} import exercises as {module}"
    if line in src:
        return src
    return f"{line}\n\n{src}"


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _code_cell(cell_id: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": cell_id, "metadata": {}, "outputs": [], "source": []}


def _markdown_cell(cell_id: str, text: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": _lines(text)}


def update(nb: dict, nn: str) -> dict:
    """Return ``nb`` with its grading cells in place (a new notebook; ``nb`` is unchanged)."""
    nb = copy.deepcopy(nb)
    original, cells, i, number = nb["cells"], [], 0, 0
    while i < len(original):
        cell = original[i]
        if is_test(cell):  # an exercise's test is regenerated right after its exercise
            i += 1
            continue
        if not is_exercise(cell):
            cells.append(cell)
            i += 1
            continue
        src = _source(cell)
        found = _CHECK.search(src)
        number = int(found.group(2)) if found else number + 1
        if found:
            src = _with_import(src, found.group(1))
        cell["source"] = _lines(src)
        cell["metadata"]["nbgrader"] = {"grade": False, "grade_id": f"exercise-{number}-answer", "locked": False,
                                        "schema_version": SCHEMA, "solution": True, "task": False}
        cells.append(cell)
        nxt = original[i + 1] if i + 1 < len(original) else None
        reuse = nxt is not None and is_test(nxt)
        test = nxt if reuse else _code_cell(f"exercise-{number}-test")
        test["source"] = _lines(test_source(number, solution_lines(src)))
        test["metadata"]["nbgrader"] = {"grade": True, "grade_id": f"exercise-{number}", "locked": True,
                                        "points": POINTS, "schema_version": SCHEMA, "solution": False,
                                        "task": False}
        test["metadata"]["slideshow"] = {"slide_type": "skip"}  # grading machinery, not lecture material
        test["outputs"], test["execution_count"] = [], None
        cells.append(test)
        i += 2 if reuse else 1
    nb["cells"] = _with_written(cells, nn)
    return nb


def _with_written(cells: list, nn: str) -> list:
    if nn not in WRITTEN:
        return cells
    grade_id, points, prompt, model = WRITTEN[nn]
    if any(_nbgrader(c).get("grade_id") == grade_id for c in cells):
        return cells
    where = next(i for i, c in enumerate(cells)
                 if c["cell_type"] == "markdown" and _source(c).lstrip().startswith("## Key takeaways"))
    answer = _markdown_cell(f"{grade_id}-answer", f"{BEGIN}\n{model}\n{END}")
    answer["metadata"]["nbgrader"] = {"grade": True, "grade_id": grade_id, "locked": False, "points": points,
                                      "schema_version": SCHEMA, "solution": True, "task": False}
    return cells[:where] + [_markdown_cell(f"{grade_id}-prompt", prompt), answer] + cells[where:]


def notebooks(names: list[str]) -> list[Path]:
    found = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    return [p for p in found if not names or any(n in p.name for n in names)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook is not up to date")
    parser.add_argument("names", nargs="*", help="only notebooks whose name contains one of these")
    args = parser.parse_args(argv)
    stale = []
    for path in notebooks(args.names):
        nb = json.loads(path.read_text(encoding="utf-8"))
        new = update(nb, path.name[:2])
        if new != nb:
            stale.append(path.name)
            if not args.check:
                path.write_text(json.dumps(new, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.check and stale:
        print("not up to date (run python3 scripts/grading_cells.py): " + ", ".join(stale))
        return 1
    print(("would update: " if args.check else "updated: ") + (", ".join(stale) or "nothing"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
