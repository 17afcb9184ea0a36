"""Shared fixtures for the SMM Lab test suite."""

from __future__ import annotations

import os
import re
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


_NAN = re.compile(r"(?<![\w.])(nan|NaN|-?inf)(?![\w.])")


def output_problems(nb: dict) -> list[str]:
    """What a learner must never see in an executed notebook: errors, tracebacks, NaN or inf."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = "".join(out.get("text", ""))
                if re.search(r"Traceback|Error|urlopen|ConnectionRefused|Network is unreachable", text):
                    found.append(f"cell {i} stderr: {text[:300]}")
            text = "".join(out.get("data", {}).get("text/plain", ""))
            if _NAN.search(text):
                found.append(f"cell {i}: NaN/inf shown: {text[:200]}")
    return found


@pytest.fixture
def tmp_course(tmp_path: Path) -> Path:
    """A throwaway copy of the notebooks, seeds and README for breaking on purpose."""
    for name in ("notebooks", "seeds"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    return tmp_path
