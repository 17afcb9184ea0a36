"""Every notebook runs with papermill: with its defaults and with each alternative
parameter set it declares in ``metadata.smm.alt_parameters``.

(nbval runs every notebook too, from the test command, and compares the outputs
of cells tagged ``nbval-check-output``.) Executed copies go to output/test-runs/.
"""

from __future__ import annotations

import json

import papermill as pm
import pytest

from conftest import NOTEBOOKS, OUTPUT
from utils import course

CASES = []
for _path in course.list_notebooks(NOTEBOOKS):
    _meta = course.read_nb(_path)["metadata"].get("smm", {})
    CASES.append(pytest.param(_path, "default", {}, id=f"{_path.stem}-default"))
    for _i, _alt in enumerate(_meta.get("alt_parameters", [])):
        CASES.append(pytest.param(_path, f"alt{_i}", _alt, id=f"{_path.stem}-alt{_i}"))


def _errors(nb: dict) -> list[str]:
    found = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"{out.get('ename')}: {out.get('evalue')}")
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = "".join(out.get("text", ""))
                if "Traceback" in text or "Error" in text:
                    found.append(text[:300])
            for mime in ("text/plain", "text/html"):
                text = "".join(out.get("data", {}).get(mime, ""))
                if mime == "text/plain" and any(tok in text.split() for tok in ("nan", "NaN", "inf", "-inf")):
                    found.append(f"NaN/inf shown: {text[:200]}")
    return found


@pytest.mark.parametrize("path,label,params", CASES)
def test_notebook_runs(path, label, params):
    out_dir = OUTPUT / "papermill" / label
    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / path.name
    pm.execute_notebook(str(path), str(output), parameters=params, cwd=str(NOTEBOOKS),
                        kernel_name="python3", progress_bar=False, log_output=False)
    nb = json.loads(output.read_text())
    assert _errors(nb) == []
    if params:
        injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
        assert injected, "papermill did not inject the alternative parameters"
