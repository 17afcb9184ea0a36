"""Exercise feedback: compare a learner's answer with the expected one and name the mistake.

Each notebook's checks live in ``utils/nbNN/exercises.py`` and are built from
:func:`number_feedback` and :func:`choice_feedback`. A check returns a :class:`Feedback`
that shows as a coloured box in JupyterLab and as plain text elsewhere.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import html
import math
import numbers
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

NOT_ANSWERED = "not answered yet"


def average_of_rates_note(pooled_formula: str) -> str:
    """Feedback for the average of per-post rates where an exercise asks for the pooled rate.

    The average of per-post rates is a legitimate metric (each post counts
    once; Hootsuite publishes its averages that way, see
    :func:`utils.shared.metrics.average_rate`), just not the one asked for, so
    the message says what it is rather than calling it wrong.
    """
    return (f"you averaged the per-post rates: each post counts once (a real metric, the way Hootsuite publishes "
            f"its averages), but this exercise asks for the pooled rate, {pooled_formula}, where big posts weigh more")


# ------------------------------------------------------------------ recording
_RECORDING: contextvars.ContextVar[list[dict] | None] = contextvars.ContextVar("smm_feedback_recording",
                                                                               default=None)


@contextlib.contextmanager
def recording() -> Iterator[list[dict]]:
    """Record what :func:`number_feedback` and :func:`choice_feedback` compare against.

    Inside ``with recording() as specs:`` every call of either function appends its
    specification (kind, expected value(s), mistakes, tolerances, options, what, hint) to
    ``specs`` and then judges the answer exactly as it does outside. ``make_student.py``
    uses it to build the keyed checks of the published student copy.
    """
    specs: list[dict] = []
    token = _RECORDING.set(specs)
    try:
        yield specs
    finally:
        _RECORDING.reset(token)


def _record(spec: dict) -> None:
    specs = _RECORDING.get()
    if specs is not None:
        specs.append(spec)


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``status`` is ``correct``, ``mistake``, ``wrong`` or ``unanswered``."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        icon = {"correct": "✔", "mistake": "✘", "wrong": "✘", "unanswered": "…"}[self.status]
        return f"{icon} {self.message}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = {"correct": "#009E73", "mistake": "#E69F00", "wrong": "#D55E00", "unanswered": "#56B4E9"}[
            self.status
        ]
        return (
            f'<div class="smm-feedback smm-feedback-{self.status}" '
            f'style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
            f"{html.escape(str(self))}</div>"
        )


def as_number(answer: Any) -> float | None:
    """The answer as a finite float, or None (None, bools, text that is not a number, NaN, inf)."""
    if answer is None:
        return None
    if isinstance(answer, bool):
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _close(a: float, b: float, rel: float, abs_: float) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def number_feedback(
    answer: Any,
    expected: float,
    *,
    what: str,
    mistakes: Mapping[str, float] | None = None,
    rel: float = 1e-3,
    abs_: float = 1e-9,
    as_fraction: bool = False,
    hint: str = "",
) -> Feedback:
    """Check a numeric answer.

    ``mistakes`` maps a description of a typical mistake ("you divided by reach,
    the question asks per impression") to the value that mistake produces; the
    first match is named in the feedback. With ``as_fraction=True`` an answer that
    is 100x the expected value is recognised as a percentage typed instead of a
    fraction.
    """
    _record({"kind": "number", "expected": expected, "what": what, "mistakes": dict(mistakes or {}),
             "rel": rel, "abs": abs_, "as_fraction": as_fraction, "hint": hint})
    if answer is None or answer is Ellipsis:
        return Feedback("unanswered", f"{what}: {NOT_ANSWERED}. Replace None with your answer and run the cell.")
    value = as_number(answer)
    if value is None:
        return Feedback("wrong", f"{what}: expected a number, got {type(answer).__name__} {answer!r}.")
    if _close(value, expected, rel, abs_):
        return Feedback("correct", f"{what}: correct ({value:.4g}).")
    for description, wrong_value in (mistakes or {}).items():
        if _close(value, wrong_value, rel, abs_):
            return Feedback("mistake", f"{what}: not quite: {description}.")
    # a percentage typed instead of a fraction, allowing for rounding (5 for 0.0512)
    if as_fraction and _close(value, expected * 100, max(rel, 0.05), max(abs_, 0.5)):
        return Feedback("mistake", f"{what}: that looks like a percentage; give the rate as a fraction (0.05, not 5).")
    direction = "too high" if value > expected else "too low"
    extra = f" Hint: {hint}" if hint else ""
    return Feedback("wrong", f"{what}: {value:.4g} is {direction}.{extra}")


def _set_not_yet(what: str, missing: int, extra: int) -> Feedback:
    """A set answer that is not right yet: how many options are missing and how many do not belong."""
    parts = ([f"{missing} missing"] if missing else []) + ([f"{extra} that do not belong"] if extra else [])
    return Feedback("wrong", f"{what}: not yet: {' and '.join(parts)}.")


def choice_feedback(
    answer: Any,
    expected: str | Iterable[str],
    *,
    what: str,
    options: Iterable[str],
    mistakes: Mapping[str, str] | None = None,
) -> Feedback:
    """Check a choice among ``options`` (case-insensitive).

    ``expected`` is one option, or several for a set answer (order ignored).
    ``mistakes`` maps a wrong option to the explanation shown when it is chosen.
    """
    options = list(options)
    _record({"kind": "choice", "expected": expected if isinstance(expected, str) else list(expected),
             "what": what, "options": options, "mistakes": dict(mistakes or {})})
    if answer is None or answer is Ellipsis:
        return Feedback("unanswered", f"{what}: {NOT_ANSWERED}. Replace None with your choice and run the cell.")
    opts = {o.lower(): o for o in options}
    multi = not isinstance(expected, str)
    given = [answer] if isinstance(answer, str) else list(answer) if multi and not isinstance(answer, str) else None
    if given is None or not all(isinstance(g, str) for g in given):
        return Feedback("wrong", f"{what}: expected {'a list of options' if multi else 'one option'} from {sorted(opts.values())}.")
    unknown = [g for g in given if g.lower() not in opts]
    if unknown:
        return Feedback("wrong", f"{what}: {unknown[0]!r} is not an option; choose from {sorted(opts.values())}.")
    want = {expected.lower()} if isinstance(expected, str) else {e.lower() for e in expected}
    got = {g.lower() for g in given}
    if got == want:
        return Feedback("correct", f"{what}: correct.")
    for option, explanation in (mistakes or {}).items():
        if option.lower() in got and option.lower() not in want:
            return Feedback("mistake", f"{what}: not quite: {explanation}")
    if multi:
        return _set_not_yet(what, len(want - got), len(got - want))
    return Feedback("wrong", f"{what}: not this one; think again about the definition.")


#: Grading accepts a number within half a percent of the expected one: any answer read off
#: the notebook's displays to three significant figures (41.7% for 0.41666) gets the points.
GRADING_REL = 5e-3


def same_answer(answer: Any, expected: Any, *, rel: float = GRADING_REL) -> bool:
    """Whether ``answer`` earns the points of an exercise whose solution gives ``expected``.

    Used by the notebooks' hidden grading tests (nbgrader), which compute ``expected``
    from the solution itself: integers (ids, counts) must be equal; other numbers within
    ``rel``; text is compared without case and surrounding spaces; lists, tuples and sets
    of text as sets (order ignored); anything else with ``==``.
    """
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().lower() == expected.strip().lower()
    if isinstance(expected, (list, tuple, set, frozenset)):
        if not isinstance(answer, (list, tuple, set, frozenset)):
            return False
        if all(isinstance(e, str) for e in expected):
            return (all(isinstance(a, str) for a in answer)
                    and {a.strip().lower() for a in answer} == {e.strip().lower() for e in expected})
        return len(answer) == len(expected) and all(same_answer(a, e, rel=rel) for a, e in zip(answer, expected))
    number = as_number(expected)
    if number is not None:
        given = as_number(answer)
        if given is None:
            return False
        if isinstance(expected, numbers.Integral) and not isinstance(expected, bool):
            return given == number
        return math.isclose(given, number, rel_tol=rel, abs_tol=1e-12)
    try:
        return bool(answer == expected)
    except Exception:  # an answer that cannot be compared is not the expected one
        return False


# ------------------------------------------------------------------ keyed checks
# The published student copy of the course replaces each ``utils/nbNN/exercises.py`` by a
# module of keys (``scripts/make_student.py --with-course-files``): a check judges an answer
# from salted SHA-256 hashes of rounded values instead of computing the expected value from
# the data. Hashes of rounded values deter reading the answer off the source; they are no
# security against a student who hashes every bucket near a guess.

#: Keyed checks accept at least this relative difference (the grading tolerance), so an
#: answer read off the notebook to three significant figures is recognised.
KEY_REL = GRADING_REL


def _hash(salt: str, token: str) -> str:
    return hashlib.sha256(f"{salt}|{token}".encode()).hexdigest()[:24]


def _number_tokens(value: float, rel: float, abs_: float, *, spread: bool) -> list[str]:
    """Bucket tokens of ``value``: its own bucket, and with ``spread`` the two neighbours too.

    Relative tolerance: buckets of width ``-log(1 - rel)`` in log scale, so two values within
    ``rel`` of each other are at most one bucket apart. Without one (``rel == 0``): steps of
    ``2 * abs_`` (whole numbers for ``abs_ = 0.5``). A value within ``abs_`` of zero is ``0``.
    """
    if abs(value) <= abs_:
        return ["0"]
    sign = "+" if value > 0 else "-"
    if rel > 0:
        bucket = math.floor(math.log(abs(value)) / -math.log1p(-rel))
        buckets = (bucket - 1, bucket, bucket + 1) if spread else (bucket,)
        return [f"{sign}{b}" for b in buckets]
    return [f"{sign}{round(abs(value) / (2 * abs_))}"]


def _number_hashes(value: float, rel: float, abs_: float, salt: str) -> list[str]:
    if not math.isfinite(value):
        return []
    return sorted({_hash(salt, t) for t in _number_tokens(value, rel, abs_, spread=True)})


def _matches(value: float, hashes: Iterable[str], rel: float, abs_: float, salt: str) -> bool:
    wanted = set(hashes)
    return any(_hash(salt, t) in wanted for t in _number_tokens(value, rel, abs_, spread=False))


def number_key(spec: Mapping[str, Any], salt: str) -> dict:
    """The key of a recorded :func:`number_feedback` spec: hashes, tolerances and texts, no values."""
    rel = max(spec["rel"], KEY_REL) if spec["rel"] > 0 else 0.0
    abs_ = spec["abs"]
    key = {"kind": "number", "what": spec["what"], "hint": spec["hint"], "salt": salt, "rel": rel, "abs": abs_,
           "expected": _number_hashes(float(spec["expected"]), rel, abs_, salt),
           # named mistakes keep the check's own tolerance: two of them can be close together
           "mistake_rel": spec["rel"],
           "mistakes": [[_number_hashes(float(v), spec["rel"], abs_, salt), text]
                        for text, v in spec["mistakes"].items() if as_number(v) is not None]}
    if spec["as_fraction"]:
        p_rel, p_abs = max(rel, 0.05), max(abs_, 0.5)
        key["percent"] = {"rel": p_rel, "abs": p_abs,
                          "hashes": _number_hashes(float(spec["expected"]) * 100, p_rel, p_abs, salt)}
    return key


def keyed_number_feedback(answer: Any, key: Mapping[str, Any]) -> Feedback:
    """:func:`number_feedback` judged from a :func:`number_key`: same statuses and messages,
    except that a wrong answer is "not the expected value" (a key cannot tell too high from too low)."""
    what, salt, rel, abs_ = key["what"], key["salt"], key["rel"], key["abs"]
    if answer is None or answer is Ellipsis:
        return Feedback("unanswered", f"{what}: {NOT_ANSWERED}. Replace None with your answer and run the cell.")
    value = as_number(answer)
    if value is None:
        return Feedback("wrong", f"{what}: expected a number, got {type(answer).__name__} {answer!r}.")
    if _matches(value, key["expected"], rel, abs_, salt):
        return Feedback("correct", f"{what}: correct ({value:.4g}).")
    for hashes, description in key["mistakes"]:
        if _matches(value, hashes, key["mistake_rel"], abs_, salt):
            return Feedback("mistake", f"{what}: not quite: {description}.")
    percent = key.get("percent")
    if percent and _matches(value, percent["hashes"], percent["rel"], percent["abs"], salt):
        return Feedback("mistake", f"{what}: that looks like a percentage; give the rate as a fraction (0.05, not 5).")
    extra = f" Hint: {key['hint']}" if key["hint"] else ""
    return Feedback("wrong", f"{what}: {value:.4g} is not the expected value.{extra}")


def _set_token(options: Iterable[str]) -> str:
    return "\x1f".join(sorted({o.lower() for o in options}))


def choice_key(spec: Mapping[str, Any], salt: str) -> dict:
    """The key of a recorded :func:`choice_feedback` spec: the options (the learner sees them
    anyway), hashes of the expected option(s) and of the options that are named mistakes."""
    expected = spec["expected"]
    multi = not isinstance(expected, str)
    want = {expected.lower()} if not multi else {e.lower() for e in expected}
    return {"kind": "choice", "what": spec["what"], "salt": salt, "options": list(spec["options"]), "multi": multi,
            "answer": _hash(salt, _set_token(want)),
            "wanted": sorted(_hash(salt, w) for w in want),
            "mistakes": [[_hash(salt, option.lower()), text] for option, text in spec["mistakes"].items()
                         if option.lower() not in want]}


def keyed_choice_feedback(answer: Any, key: Mapping[str, Any]) -> Feedback:
    """:func:`choice_feedback` judged from a :func:`choice_key`, with the same messages."""
    what, salt, multi = key["what"], key["salt"], key["multi"]
    if answer is None or answer is Ellipsis:
        return Feedback("unanswered", f"{what}: {NOT_ANSWERED}. Replace None with your choice and run the cell.")
    opts = {o.lower(): o for o in key["options"]}
    given = ([answer] if isinstance(answer, str)
             else list(answer) if multi and isinstance(answer, (list, tuple, set, frozenset)) else None)
    if given is None or not all(isinstance(g, str) for g in given):
        return Feedback("wrong", f"{what}: expected {'a list of options' if multi else 'one option'} from {sorted(opts.values())}.")
    unknown = [g for g in given if g.lower() not in opts]
    if unknown:
        return Feedback("wrong", f"{what}: {unknown[0]!r} is not an option; choose from {sorted(opts.values())}.")
    got = {g.lower() for g in given}
    if _hash(salt, _set_token(got)) == key["answer"]:
        return Feedback("correct", f"{what}: correct.")
    got_hashes = {_hash(salt, g) for g in got}
    for option_hash, explanation in key["mistakes"]:
        if option_hash in got_hashes:
            return Feedback("mistake", f"{what}: not quite: {explanation}")
    if multi:
        right = len(got_hashes & set(key["wanted"]))
        return _set_not_yet(what, len(key["wanted"]) - right, len(got) - right)
    return Feedback("wrong", f"{what}: not this one; think again about the definition.")


def make_key(spec: Mapping[str, Any], salt: str) -> dict:
    """The key of one recorded spec (see :func:`recording`)."""
    return number_key(spec, salt) if spec["kind"] == "number" else choice_key(spec, salt)


def keyed_feedback(answer: Any, key: Mapping[str, Any]) -> Feedback:
    """Judge ``answer`` from a key made by :func:`make_key`."""
    return keyed_number_feedback(answer, key) if key["kind"] == "number" else keyed_choice_feedback(answer, key)
