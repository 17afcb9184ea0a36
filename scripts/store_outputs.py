#!/usr/bin/env python3
"""Execute notebooks and store the outputs of cells tagged ``nbval-check-output`` only.

    python3 tasks.py store-outputs                    every notebook
    python3 tasks.py store-outputs 06_segmentation    notebooks whose name contains the text

Every other cell is stripped of outputs and execution counts, which is the
stored-outputs policy that tests/test_repo.py enforces and nbval relies on.
"""

from __future__ import annotations

import json
import sys

import nbformat
from nbclient import NotebookClient

import course

CHECK_TAG = "nbval-check-output"


def strip(nb: dict, keep: dict[str, list] | None = None) -> dict:
    """Clear outputs except for checked cells (whose outputs come from ``keep``)."""
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            continue
        checked = CHECK_TAG in course.tags(cell)
        if checked and keep is not None and cell["id"] in keep:
            cell["outputs"], cell["execution_count"] = keep[cell["id"]]
        elif not checked or keep is not None:
            cell["outputs"], cell["execution_count"] = [], None
        cell["metadata"].pop("execution", None)
    return nb


def store(path) -> int:
    nb = course.read_nb(path)
    executed = nbformat.reads(json.dumps(nb), as_version=4)
    NotebookClient(executed, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    keep = {}
    for cell in executed.cells:
        if cell.cell_type == "code" and CHECK_TAG in cell.metadata.get("tags", []):
            outputs = json.loads(json.dumps(cell.outputs))
            for out in outputs:
                out.pop("transient", None)
            keep[cell.id] = (outputs, cell.execution_count)
    course.write_nb(path, strip(nb, keep))
    return len(keep)


if __name__ == "__main__":
    wanted = sys.argv[1:]
    for path in course.list_notebooks():
        if wanted and not any(w in path.name for w in wanted):
            continue
        n = store(path)
        print(f"{path.name}: stored {n} checked cell(s)")
