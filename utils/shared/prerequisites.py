"""Prerequisite checks every notebook runs in its first cells.

``check_prerequisites()`` confirms the Python version, the pinned packages, and
that the shipped data files are present, and raises one clear, actionable error
otherwise (instead of a traceback three cells later). It only reads: nothing in
the interpreter or in other libraries is changed.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from utils.shared.config import DATA_DIR, ROOT

MIN_PYTHON = (3, 10)
REQUIRED = ("pandas", "numpy", "matplotlib", "ipywidgets")


class Ready(str):
    """The one-line summary; shows without quotes as a cell's result."""

    def __repr__(self) -> str:
        return str(self)


class PrerequisiteError(RuntimeError):
    """Something the notebook needs is missing; the message says how to fix it."""


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    req = ROOT / "requirements.txt"
    if req.exists():
        for line in req.read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if "==" in line:
                name, version = line.split("==", 1)
                pins[name.strip().lower()] = version.strip()
    return pins


def check_prerequisites(data: tuple[str, ...] = ()) -> Ready:
    """Check Python, packages and the data files this notebook uses.

    ``data`` names the data files without extension (``"posts"``, ``"audience"``...).
    Returns a one-line summary (shown once as the cell's result); raises
    :class:`PrerequisiteError` with the fix.
    """
    problems: list[str] = []
    if sys.version_info < MIN_PYTHON:
        problems.append(
            f"Python {sys.version.split()[0]} is too old: the course needs {'.'.join(map(str, MIN_PYTHON))}+ "
            "(3.11 recommended). Start JupyterLab with `python3 tasks.py lab`."
        )
    pins = _pins()
    mismatched = []
    for name in REQUIRED:
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"package {name} is not installed: run `python3 tasks.py lab` from the course folder.")
            continue
        if pins.get(name) and pins[name] != have:
            mismatched.append(f"{name} {have} (course pins {pins[name]})")
    for name in data:
        path = Path(DATA_DIR) / f"{name}.csv"
        if not path.exists():
            problems.append(
                f"data file {path} is missing: restore it with `git checkout data/` "
                "or regenerate it with `python3 tasks.py data`."
            )
    if problems:
        raise PrerequisiteError("This notebook cannot run yet:\n- " + "\n- ".join(problems))
    summary = f"Ready: Python {sys.version.split()[0]}, data in {Path(DATA_DIR).name}/"
    if mismatched:
        summary += "; note: different versions than the course pins: " + ", ".join(mismatched)
    return Ready(summary)
