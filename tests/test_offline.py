"""Offline proof and determinism: the whole course runs with the network cut, and two
independent executions give the same outputs.

Offline
    Every notebook is executed with its default parameters inside a network
    namespace that has no interface but loopback (see ``tests/course_runs.py``).
    Inside, the runner first proves the network is gone: connecting to outside
    addresses and resolving a name must fail. On a learner's machine without
    ``unshare`` these tests skip and say so; on CI they fail.

Determinism
    The student versions are executed at the same time, in other kernels, with the
    network as usual. Every code cell that is the same in both versions (all but the
    exercises, which the student version leaves open) must give identical text
    outputs (streams, ``text/plain``, ``text/html``, errors), with widget model ids
    and inline image bytes masked. A difference fails with the notebook, the cell
    and a diff.

The offline run is also the suite's papermill run with default parameters
(``tests/test_notebooks.py`` runs the alternative parameter sets; nbval runs every
notebook once more).
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from conftest import output_problems, require_tool
from course import unshare_prefix
from course_runs import NOTEBOOK_DIR
import course

NAMES = [p.name for p in course.list_notebooks(NOTEBOOK_DIR)]
HOW = ("Install util-linux (`sudo apt-get install util-linux`) and run the tests as root or where unprivileged "
       "user namespaces are enabled, so that `unshare --net true` works.")


@pytest.fixture(scope="module")
def runs(course_runs):
    return dict(course_runs, base=Path(course_runs["base"]))


def test_unshare_is_available():
    require_tool(unshare_prefix() is not None, "`unshare --net` (a network namespace)", HOW)


def test_network_is_really_cut_inside(runs):
    require_tool(runs["offline"], "`unshare --net` (a network namespace)", HOW)
    probe = runs["reports"][0]["probe"]
    assert set(probe["interfaces"]) <= {"lo"}, f"interfaces inside the namespace: {probe['interfaces']}"
    connected = [target for target, result in probe["connections"].items() if result == "connected"]
    assert not connected, f"reached {connected} from inside the namespace"
    assert probe["dns"] != "resolved", "a name was resolved inside the namespace"
    assert all("Error" in r or "timed out" in r for r in probe["connections"].values()), probe


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_offline(runs, name):
    require_tool(runs["offline"], "`unshare --net` (a network namespace)", HOW)
    entry = runs["reports"][0]["notebooks"][name]
    assert entry["error"] is None, f"{name} failed offline: {entry['error']}"
    nb = json.loads((runs["base"] / "first" / name).read_text())
    assert output_problems(nb) == [], f"{name} offline: {output_problems(nb)}"


_MODEL_ID = re.compile(r'("model_id":\s*")[0-9a-f]{32}(")')
_DATA_URI = re.compile(r"(data:image/[a-z+]+;base64,)[A-Za-z0-9+/=]+")
_ADDRESS = re.compile(r"\bat 0x[0-9a-f]+")


def _texts(cell: dict) -> list[str]:
    """A cell's outputs as comparable text: image bytes and widget model ids masked.

    Printed text is compared per stream (stdout, stderr), joined: the kernel
    flushes it in chunks whose boundaries and interleaving depend on timing,
    not on the notebook. Rich outputs and errors are compared in order.
    """
    streams: dict[str, str] = {}
    texts: list[str] = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            name = out.get("name", "stdout")
            streams[name] = streams.get(name, "") + "".join(out.get("text", ""))
        elif kind == "error":
            texts.append(f"[error] {out.get('ename')}: {out.get('evalue')}")
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            for mime in sorted(data):
                if mime.startswith("image/"):
                    texts.append(f"[{mime}] (image)")
                    continue
                value = data[mime]
                text = value if isinstance(value, str) else "".join(value) if isinstance(value, list) else \
                    json.dumps(value, sort_keys=True)
                text = _ADDRESS.sub("at 0x…", _DATA_URI.sub(r"\1…", _MODEL_ID.sub(r"\1…\2", text)))
                texts.append(f"[{mime}] {text}")
    return [f"[{name}] {text}" for name, text in sorted(streams.items())] + texts


def test_comparison_masks_only_volatile_parts():
    def cell(text: str, model: str, png: str) -> dict:
        return {"outputs": [
            {"output_type": "stream", "name": "stdout", "text": text},
            {"output_type": "display_data", "data": {
                "image/png": png, "text/html": f"<img src='data:image/png;base64,{png}'/>",
                "application/vnd.jupyter.widget-view+json": {"model_id": model, "version_major": 2}}}]}

    a = cell("CTR 2.50%\n", "0" * 32, "iVBORw0KGgoAAAA")
    b = cell("CTR 2.50%\n", "f" * 32, "iVBORw0KGgoBBBB")
    assert _texts(a) == _texts(b)  # widget ids and image bytes may differ
    assert _texts(a) != _texts(cell("CTR 2.51%\n", "0" * 32, "iVBORw0KGgoAAAA"))  # a number may not
    assert _texts({"outputs": [{"output_type": "error", "ename": "ValueError", "evalue": "x"}]}) == [
        "[error] ValueError: x"]
    chunks = [{"output_type": "stream", "name": "stdout", "text": t} for t in ("a\nb", "\nc\n")]
    assert _texts({"outputs": chunks}) == _texts({"outputs": [{"output_type": "stream", "name": "stdout",
                                                               "text": "a\nb\nc\n"}]})


@pytest.mark.parametrize("name", NAMES)
def test_two_executions_give_identical_outputs(runs, name):
    first, second = (runs["reports"][i]["notebooks"][name] for i in (0, 1))
    assert first["error"] is None and second["error"] is None, (first["error"], second["error"])
    nbs = [json.loads((runs["base"] / d / name).read_text()) for d in ("first", "second")]
    assert len(nbs[0]["cells"]) == len(nbs[1]["cells"])
    differences, skipped = [], []
    for i, (a, b) in enumerate(zip(nbs[0]["cells"], nbs[1]["cells"])):
        if a["cell_type"] != "code":
            continue
        if course.source(a) != course.source(b):
            skipped.append(i)  # an exercise, which the student version leaves open, or its hidden tests
            assert "### BEGIN SOLUTION" in course.source(a) or "### BEGIN HIDDEN TESTS" in course.source(a), \
                f"{name} cell {i}: student code differs outside an exercise"
            continue
        ta, tb = _texts(a), _texts(b)
        if ta != tb:
            diff = "\n".join(difflib.unified_diff("\n".join(ta).splitlines(), "\n".join(tb).splitlines(),
                                                  "first run", "second run", lineterm="", n=1))
            differences.append(f"cell {i} ({a.get('id')}):\n{diff[:1500]}")
    mode = "offline run vs student run" if runs["offline"] else "two ordinary runs"
    assert not differences, f"{name}: outputs differ between executions ({mode}):\n" + "\n".join(differences)
    code_cells = sum(c["cell_type"] == "code" for c in nbs[0]["cells"])
    assert code_cells - len(skipped) >= 3, f"{name}: only {code_cells - len(skipped)} code cells compared"
