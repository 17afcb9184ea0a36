"""Prerequisite checks every notebook runs in its first cells.

``check_prerequisites()`` confirms the Python version, the pinned packages, and
that the shipped data files are present, and raises one clear, actionable error
otherwise (instead of a traceback three cells later). It also sets the kernel's
garbage-collection schedule for notebook work (:func:`tune_garbage_collection`).
"""

from __future__ import annotations

import gc
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


def installed_version(name: str) -> str:
    """The installed version of package ``name`` (as ``importlib.metadata.version``).

    Reads the ``Version:`` line of the package's metadata instead of parsing the whole
    file (a long description for pandas) with the email parser: a third of the time,
    in the first cell of every notebook. Raises ``PackageNotFoundError`` when missing.
    """
    dist = metadata.distribution(name)
    for line in (dist.read_text("METADATA") or dist.read_text("PKG-INFO") or "").splitlines():
        if not line.strip():  # the headers end at the first blank line
            break
        if line.startswith("Version:"):
            return line.partition(":")[2].strip()
    return dist.version


#: The kernel's garbage-collection thresholds (Python's defaults are 700, 10, 10).
GC_THRESHOLDS = (700, 10, 100)


def tune_garbage_collection() -> tuple[int, int, int]:
    """Make full garbage collections ten times rarer in this process; returns the thresholds.

    Once pandas, matplotlib and ipywidgets are imported, a kernel holds about a million
    objects. Python's default schedule goes over all of them (a full collection) after
    every ten collections of the younger objects: a 20-40 ms pause about twice per
    notebook, and again every few slider moves while a panel redraws. Only the third
    threshold changes, from 10 to 100; young objects are collected as often as before,
    so short-lived garbage is freed as usual. A threshold already set higher stays, and
    a collector switched off (a first threshold of 0) stays off.
    """
    current = gc.get_threshold()
    if current[0] == 0:
        return current
    wanted = tuple(max(have, want) for have, want in zip(current, GC_THRESHOLDS))
    gc.set_threshold(*wanted)
    return wanted


def check_prerequisites(data: tuple[str, ...] = ()) -> Ready:
    """Check Python, packages and the data files this notebook uses.

    ``data`` names the data files without extension (``"posts"``, ``"audience"``...).
    Returns a one-line summary (shown once as the cell's result); raises
    :class:`PrerequisiteError` with the fix. Every notebook runs this first, so it also
    sets the kernel's garbage-collection schedule (:func:`tune_garbage_collection`).
    """
    tune_garbage_collection()
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
            have = installed_version(name)
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
