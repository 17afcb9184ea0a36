"""Keyed exercise checks for the published student copy of the course.

``scripts/make_student.py --with-course-files`` copies ``utils/`` beside the student
notebooks. The original ``utils/nbNN/exercises.py`` computes every graded answer from the
data, so a student could read (or run) how each answer is computed. In the published copy
each of those modules is replaced by one written here:

- every public ``check_K`` of the original module is called with ``answer=None`` inside
  :func:`utils.shared.feedback.recording`, which captures what it compares against (expected
  value, named mistakes, tolerances, options, texts);
- the new module holds ``KEYS``: per check, salted SHA-256 hashes of the rounded expected value
  and of each named mistake's value (or of the expected option), the tolerances, the salt and
  the message texts, and nothing else; its ``check_K(answer, *args, **kwargs)`` judges an answer
  with :func:`utils.shared.feedback.keyed_feedback`.

Self-learners in the full repository keep the original checks. Limits of the keyed copy: a
wrong number is "not the expected value" (no "too high / too low"); a check whose logic makes
several calls or builds its own feedback keeps its first recorded spec only (its other
messages are lost); notebook 11's checks are keyed for the default brief. Hashes of rounded
values deter reading the answer; they are no security against a student who hashes every
bucket around a guess.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import inspect
import pprint
import re
from pathlib import Path

from utils.shared.feedback import make_key, recording

#: A number in a message within this relative distance of a graded value is replaced.
LEAK_REL = 5e-3
EXPECTED_WORDS = "the expected value"
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?%?(?!\w)(?!\.\d)")


def public_checks(module) -> dict[str, object]:
    """The module's own ``check_K`` functions, in order of K."""
    found = {name: f for name, f in vars(module).items()
             if re.fullmatch(r"check_\d+", name) and inspect.isfunction(f) and f.__module__ == module.__name__}
    return dict(sorted(found.items(), key=lambda kv: int(kv[0].split("_")[1])))


def record_specs(check) -> list[dict]:
    """Everything ``check`` compares an answer against, recorded with ``answer=None``."""
    with recording() as specs:
        check(None)
    return specs


def graded_values(spec: dict) -> list[float]:
    """The graded numbers of a spec: the expected value (and, for a rate, it as a percentage).

    The values of named mistakes are not graded; they are often the exercise's own inputs
    (4 weeks, K = 1) that the question states anyway.
    """
    if spec["kind"] != "number":
        return []
    values = [float(spec["expected"])]
    if spec["as_fraction"]:
        values.append(float(spec["expected"]) * 100)
    return [v for v in values if v != 0 and v == v]


def _number_of(text: str) -> float | None:
    try:
        return float(text.rstrip("%"))
    except ValueError:
        return None


def near_graded(number: float, graded: list[float], rel: float = LEAK_REL) -> bool:
    return any(abs(number - g) <= rel * max(abs(g), abs(number)) for g in graded)


def scrub(text: str, graded: list[float]) -> str:
    """``text`` with every number within 0.5% of a graded value replaced by "the expected value"."""
    def replace(match: re.Match) -> str:
        value = _number_of(match.group(0))
        percent = match.group(0).endswith("%")
        if value is not None and (near_graded(value, graded) or percent and near_graded(value / 100, graded)):
            return EXPECTED_WORDS
        return match.group(0)
    return _NUMBER.sub(replace, text)


def _scrub_key(key: dict, graded: list[float]) -> dict:
    out = dict(key)
    for field in ("what", "hint"):
        if field in out:
            out[field] = scrub(out[field], graded)
    out["mistakes"] = [[h, scrub(text, graded)] for h, text in key["mistakes"]]
    return out


def keys_for(module, graded_by_check: dict | None = None) -> dict[str, dict]:
    """``{check name: key}`` for every public check of ``module`` (its first recorded spec)."""
    keys = {}
    for name, check in public_checks(module).items():
        specs = record_specs(check)
        if not specs:
            raise RuntimeError(f"{module.__name__}.{name} called neither number_feedback nor choice_feedback "
                               f"with answer=None: it cannot be keyed")
        graded = graded_values(specs[0])
        if graded_by_check is not None:
            graded_by_check[name] = graded
        # The salt is stored beside the hashes anyway, so deriving it from the check's name costs
        # nothing and makes the published copy the same on every build (no noise in its history).
        salt = hashlib.sha256(f"{module.__name__}.{name}".encode()).hexdigest()[:16]
        keys[name] = _scrub_key(make_key(specs[0], salt), graded)
    return keys


def module_text(module) -> str:
    """The source of the keyed replacement of ``module`` (``utils.nbNN.exercises``)."""
    checks = public_checks(module)
    graded: dict[str, list[float]] = {}
    keys = keys_for(module, graded)
    package = module.__name__.rsplit(".", 1)[0]
    takes_params = any("params" in inspect.signature(f).parameters for f in checks.values())
    lines = [
        f'"""Exercise checks of the published student copy ({module.__name__}), keyed.',
        "",
        "Written by scripts/make_student.py --with-course-files from the course's own checks:",
        "each check_K was run with answer=None under utils.shared.feedback.recording(), and what",
        "it compares against was turned into KEYS: salted SHA-256 hashes of rounded values and",
        "options, tolerances and message texts (no values). An answer is judged by hashing it the",
        "same way (utils.shared.feedback.keyed_feedback). The full course repository computes the",
        "same checks from the data and can also say whether a wrong number is too high or too low;",
        "checks that give extra custom messages there keep only their main comparison here.",
    ]
    if takes_params:
        lines += ["These keys are for the default brief; the graded test reruns the learner's own brief."]
    lines += ['"""', "", "from __future__ import annotations", "",
              "from utils.shared.feedback import Feedback, keyed_feedback"]
    if takes_params:
        lines += ["import dataclasses", "", f"from {package} import brief"]
    lines += ["", "KEYS = " + pprint.pformat(keys, width=110, sort_dicts=False), ""]
    if takes_params:
        lines += ["", "def _default_brief(params) -> bool:",
                  "    if params is None:",
                  "        return True",
                  "    default = brief.default_params()",
                  "    try:",
                  "        return dataclasses.replace(params, report_name=default.report_name) == default",
                  "    except TypeError:",
                  "        return False", ""]
    for name, check in checks.items():
        doc = (inspect.getdoc(check) or "").splitlines()[:1]
        lines += ["", f"def {name}(answer, *args, **kwargs) -> Feedback:"]
        if doc:
            lines.append(f"    {scrub(doc[0], graded[name])!r}")
        if "params" in inspect.signature(check).parameters:
            lines += ["    params = args[0] if args else kwargs.get('params')",
                      "    if answer is not None and not _default_brief(params):",
                      f"        return Feedback('unanswered', KEYS[{name!r}]['what'] + ': this copy of the course "
                      f"checks the default brief only; your brief differs, so the graded test reruns your own "
                      f"brief to check this answer.')"]
        lines.append(f"    return keyed_feedback(answer, KEYS[{name!r}])")
    return "\n".join(lines) + "\n"


def write_keyed_exercises(utils_copy: Path) -> list[Path]:
    """Replace each ``utils_copy/nbNN/exercises.py`` by its keyed module; return the files written.

    The original modules are imported from the course (``utils`` on the path), not from the copy.
    """
    written = []
    for path in sorted(utils_copy.glob("nb[0-9][0-9]/exercises.py")):
        module = importlib.import_module(f"utils.{path.parent.name}.exercises")
        path.write_text(module_text(module), encoding="utf-8")
        written.append(path)
    return written
