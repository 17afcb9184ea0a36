"""Shared fixtures for the SMM Lab test suite."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
OUTPUT = ROOT / "output" / "test-runs"

os.environ.setdefault("MPLBACKEND", "Agg")


def in_ci() -> bool:
    """True on CI, where every test must run (tools are installed by .ci/run)."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_tool(available: bool, what: str, how: str) -> None:
    """Skip on a learner's machine when an optional tool is missing; fail on CI."""
    if available:
        return
    message = f"{what} is not available. {how}"
    if in_ci():
        pytest.fail(f"{message} (CI must run this test: .ci/run installs it)")
    pytest.skip(message)


@pytest.fixture
def tmp_course(tmp_path: Path) -> Path:
    """A throwaway copy of the notebooks, seeds and README for breaking on purpose."""
    for name in ("notebooks", "seeds"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    return tmp_path
