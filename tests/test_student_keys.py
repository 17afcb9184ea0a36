"""Keyed exercise checks of the published student copy (``scripts/student_keys.py``).

For every check of every notebook, the keyed check built from what the original check
compares against must give the same verdicts on the expected answer (also rounded to three
significant figures), on each named mistake, on an unrelated answer and on no answer; the
generated modules must hold no graded value and compute nothing; and a real
``make_student.py --with-course-files`` must write modules that import and accept the solution.
No kernels: the whole file runs in seconds.
"""

from __future__ import annotations

import ast
import importlib
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
import student_keys
from utils.shared.feedback import (Feedback, choice_feedback, keyed_feedback, make_key, number_feedback,
                                   recording, _hash, _number_tokens)

MODULES = {f"nb{n:02d}": importlib.import_module(f"utils.nb{n:02d}.exercises") for n in range(14)}
CHECKS = [(nb, name) for nb, module in MODULES.items() for name in student_keys.public_checks(module)]


def _specs(nb: str, name: str) -> list[dict]:
    return student_keys.record_specs(getattr(MODULES[nb], name))


def _original(answer, spec: dict) -> Feedback:
    """The verdict of the original feedback function on ``answer``, from the recorded spec."""
    if spec["kind"] == "number":
        return number_feedback(answer, spec["expected"], what=spec["what"], mistakes=spec["mistakes"],
                               rel=spec["rel"], abs_=spec["abs"], as_fraction=spec["as_fraction"], hint=spec["hint"])
    return choice_feedback(answer, spec["expected"], what=spec["what"], options=spec["options"],
                           mistakes=spec["mistakes"])


def _round3(value: float) -> float:
    return float(f"{value:.3g}")


def keyed_problems(spec: dict, key: dict) -> list[str]:
    """Everything the keyed check ``key`` gets wrong about the recorded ``spec``."""
    problems = []

    def expect(answer, status: str, message: str | None = None) -> None:
        got = keyed_feedback(answer, key)
        if got.status != status or (message is not None and got.message != message):
            problems.append(f"{answer!r}: {got.status} {got.message!r}, expected {status} {message!r}")

    expect(None, "unanswered", _original(None, spec).message)
    if spec["kind"] == "number":
        expected = float(spec["expected"])
        expect(expected, "correct")
        if spec["rel"] > 0:  # an id or a count must be exact
            expect(_round3(expected), "correct")
        for text, value in spec["mistakes"].items():
            if math.isfinite(value) and not math.isclose(value, expected, rel_tol=key["rel"] * 2.2, abs_tol=spec["abs"]):
                expect(value, "mistake", f"{spec['what']}: not quite: {text}.")
        if spec["as_fraction"] and abs(expected) > 0.01:
            expect(expected * 100, _original(expected * 100, spec).status)
        unrelated = expected * 7 + 1
        expect(unrelated, "wrong")
        expect("ten", "wrong", _original("ten", spec).message)
    else:
        expected = spec["expected"]
        want = [expected] if isinstance(expected, str) else list(expected)
        expect(expected, "correct", _original(expected, spec).message)
        expect(expected.upper() if isinstance(expected, str) else [w.upper() for w in want], "correct")
        for option in spec["mistakes"]:
            if option.lower() not in {w.lower() for w in want}:
                answer = option if isinstance(expected, str) else want + [option]
                expect(answer, "mistake", _original(answer, spec).message)
        others = [o for o in spec["options"] if o.lower() not in {w.lower() for w in want}
                  and o.lower() not in {m.lower() for m in spec["mistakes"]}]
        for other in others[:2]:
            answer = other if isinstance(expected, str) else [other]
            expect(answer, "wrong", _original(answer, spec).message)
        expect("not an option at all", "wrong", _original("not an option at all", spec).message)
        expect(5, "wrong")  # not text: a clear message, never an exception
        if not isinstance(expected, str) and len(want) > 1:
            expect(want[:-1], _original(want[:-1], spec).status, _original(want[:-1], spec).message)
    return problems


# ------------------------------------------------------------------ recording
def test_recording_does_not_change_a_verdict():
    for nb, name in CHECKS:
        check = getattr(MODULES[nb], name)
        spec = _specs(nb, name)[0]
        for answer in (None, spec["expected"], "ten"):
            plain = check(answer)
            with recording() as specs:
                recorded = check(answer)
            assert (recorded.status, recorded.message) == (plain.status, plain.message), f"{nb}.{name}"
            assert specs and specs[0]["what"] == spec["what"]


def test_recording_is_off_outside_the_block():
    with recording() as specs:
        number_feedback(None, 1.0, what="x")
    number_feedback(None, 2.0, what="y")
    assert [s["expected"] for s in specs] == [1.0]


# ------------------------------------------------------------------ keyed verdicts
@pytest.mark.parametrize("nb,name", CHECKS, ids=[f"{nb}.{name}" for nb, name in CHECKS])
def test_keyed_check_judges_like_the_original(nb, name):
    spec = _specs(nb, name)[0]
    assert keyed_problems(spec, make_key(spec, "salt")) == []


def test_keyed_number_check_keeps_the_named_mistakes_and_drops_the_direction():
    spec = {"kind": "number", "expected": 0.0512, "what": "rate", "mistakes": {"you divided by reach": 0.0731},
            "rel": 1e-3, "abs": 1e-9, "as_fraction": True, "hint": "compute it"}
    key = make_key(spec, "s")
    assert keyed_feedback(0.0512, key).status == "correct"
    assert keyed_feedback(0.0731, key).message == "rate: not quite: you divided by reach."
    assert "percentage" in keyed_feedback(5.1, key).message
    assert keyed_feedback(0.09, key).message == "rate: 0.09 is not the expected value. Hint: compute it"
    assert keyed_feedback(-0.0512, key).status == "wrong"  # the sign is part of the bucket


def test_keyed_check_with_zero_and_whole_numbers():
    zero = make_key({"kind": "number", "expected": 0.0, "what": "z", "mistakes": {}, "rel": 1e-3, "abs": 1e-6,
                     "as_fraction": False, "hint": ""}, "s")
    assert keyed_feedback(1e-8, zero).status == "correct" and keyed_feedback(0.01, zero).status == "wrong"
    ident = make_key({"kind": "number", "expected": 417, "what": "id", "mistakes": {"the top one": 12},
                      "rel": 0.0, "abs": 0.5, "as_fraction": False, "hint": ""}, "s")
    assert keyed_feedback(417, ident).status == "correct"
    assert keyed_feedback(418, ident).status == "wrong" and keyed_feedback(416, ident).status == "wrong"
    assert keyed_feedback(12, ident).status == "mistake"


def test_the_keyed_tests_can_fail():
    """A key whose buckets are shifted (or whose mistake hash is lost) is caught by ``keyed_problems``."""
    spec = _specs("nb03", "check_1")[0]
    key = make_key(spec, "salt")
    shifted = dict(key, expected=[_hash("salt", t) for t in
                                  _number_tokens(spec["expected"] * 1.03, key["rel"], key["abs"], spread=True)])
    assert any("expected correct" in p for p in keyed_problems(spec, shifted))
    no_mistakes = dict(key, mistakes=[])
    assert any("expected mistake" in p for p in keyed_problems(spec, no_mistakes))
    choice = _specs("nb03", "check_3")[0]
    wrong_option = dict(make_key(choice, "salt"), answer=_hash("salt", "advertising"))
    assert keyed_problems(choice, wrong_option)


# ------------------------------------------------------------------ the generated modules
def _graded(module) -> list[float]:
    values = []
    for name, check in student_keys.public_checks(module).items():
        for spec in student_keys.record_specs(check):  # every recorded call, not only the keyed one
            values += student_keys.graded_values(spec)
    return values


ALLOWED_CALLS = {"keyed_feedback", "_default_brief", "Feedback", "brief.default_params", "dataclasses.replace", "kwargs.get"}


def _leaks(text: str, graded: list[float]) -> list[str]:
    found = []
    for match in student_keys._NUMBER.finditer(text):
        value = student_keys._number_of(match.group(0))
        if value is not None and value != 0 and student_keys.near_graded(value, graded):
            found.append(match.group(0))
    return found


def _calls(text: str) -> set[str]:
    return {ast.unparse(node.func) for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Call)}


@pytest.mark.parametrize("nb", list(MODULES))
def test_generated_module_holds_no_graded_value_and_computes_nothing(nb):
    text = student_keys.module_text(MODULES[nb])
    assert _leaks(text, _graded(MODULES[nb])) == []
    assert _calls(text) <= ALLOWED_CALLS
    assert "load_" not in text and "metrics" not in text
    imports = {ast.unparse(n) for n in ast.walk(ast.parse(text)) if isinstance(n, (ast.Import, ast.ImportFrom))}
    assert imports <= {"from __future__ import annotations", "from utils.shared.feedback import Feedback, keyed_feedback",
                       "import dataclasses", "from utils.nb11 import brief"}


def test_leak_and_call_checks_can_fail():
    assert _leaks("KEYS = {'hint': 'about 0.0513'}", [0.0512]) == ["0.0513"]
    assert student_keys.scrub("it is 5.12% here", [0.0512]) == "it is the expected value here"
    assert "load_posts" in _calls("x = load_posts()") - ALLOWED_CALLS


def test_nb11_keys_the_default_brief_only():
    from utils.nb11 import brief
    namespace: dict = {}
    exec(compile(student_keys.module_text(MODULES["nb11"]), "nb11_keyed", "exec"), namespace)
    spec = _specs("nb11", "check_1")[0]
    assert namespace["check_1"](spec["expected"], brief.default_params()).status == "correct"
    other = namespace["check_1"](spec["expected"], brief.default_params(budget=9000))
    assert other.status == "unanswered" and "default brief only" in other.message


# ------------------------------------------------------------------ a real student copy
@pytest.fixture(scope="session")
def student_copy(tmp_path_factory):
    """``make_student.py --out X --with-course-files`` (one notebook: the course files are all copied)."""
    import make_student
    out = tmp_path_factory.mktemp("student_copy")
    assert make_student.main(["--out", str(out), "--with-course-files", "00_"]) == 0
    return out


def test_student_copy_modules_import_and_accept_the_solution(student_copy):
    for nb in MODULES:
        text = (student_copy / "utils" / nb / "exercises.py").read_text()
        assert text.startswith('"""Exercise checks of the published student copy') and "KEYS = {" in text
        assert _calls(text) <= ALLOWED_CALLS
    solutions = {f"{nb}.{name}": _specs(nb, name)[0]["expected"] for nb, name in CHECKS}
    script = (
        "import importlib, json, sys\n"
        "import utils\n"
        "solutions = json.load(sys.stdin)\n"
        "out = {'utils': utils.__file__}\n"
        "for key, expected in solutions.items():\n"
        "    nb, name = key.split('.')\n"
        "    module = importlib.import_module(f'utils.{nb}.exercises')\n"
        "    out[key] = [getattr(module, name)(expected).status, getattr(module, name)(None).status]\n"
        "print(json.dumps(out))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(student_copy))
    run = subprocess.run([sys.executable, "-c", script], input=json.dumps(solutions), capture_output=True,
                         text=True, env=env, cwd=student_copy, timeout=120)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert Path(result.pop("utils")).resolve().is_relative_to(student_copy.resolve())
    assert result == {key: ["correct", "unanswered"] for key in solutions}


def test_student_copy_without_course_files_leaves_utils_alone(tmp_path):
    import make_student
    assert make_student.main(["--out", str(tmp_path), "00_"]) == 0
    assert not (tmp_path / "utils").exists()
    assert "def check_1" in (ROOT / "utils" / "nb03" / "exercises.py").read_text()
    assert "KEYS" not in (ROOT / "utils" / "nb03" / "exercises.py").read_text()
