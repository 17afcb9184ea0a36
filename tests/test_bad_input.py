"""Bad input across the board: functions name the argument and the rule, panels never break.

(a) Functions. Hypothesis draws invalid values (NaN, infinities, negatives,
    fractions of counts, text, None, booleans, out-of-range whole numbers) for
    every argument of every public function of utils.shared.metrics, utils.shared.virality and
    utils.nb09.goals: each must raise ValueError/TypeError whose message names the
    argument. Valid but extreme values (up to 1e308) must give finite results or
    a ValueError, never NaN or inf. The domain modules behind the widget panels
    are reached generically: every panel's pure ``compute`` is called with NaN,
    infinities, text, None and unknown options for each of its inputs.

(b) Panels. Every panel declared in ``DEMOS`` by any ``utils/nbNN/panels.py``
    (discovered, so a new notebook is covered automatically) has every control
    set to its extremes (slider min and max, 0 / negative / huge / NaN-like
    numbers and text, every option and the empty selection, odd uploaded
    files), then pairs of degenerate values. After each change: no exception
    escapes, no "Traceback", no unexpected-exception fallback, and either a
    message is shown or no value shows NaN/inf.

Drawing the charts to PNG is most of an update's cost, so most updates here draw
the artists but skip the PNG encoding; every fifth update (and the last of each
panel) renders for real.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import importlib
import itertools
import logging
import math
import random
import re
from pathlib import Path
from typing import Any, Callable

import ipywidgets as W
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from traitlets import TraitError

import utils.shared.widgets as widgets_module
from utils.nb09 import goals
from utils.shared import metrics, virality
from utils.shared.widgets import PanelMessage

ROOT = Path(__file__).resolve().parent.parent
PROPERTY = settings(max_examples=25, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))
NAN, INF = float("nan"), float("inf")
BAD_TEXT = re.compile(r"(?<![A-Za-z])(nan|inf|infinity)(?![A-Za-z])", re.IGNORECASE)
INTERNAL = re.compile(r"Something went wrong computing this view|Missing field:|object has no attribute|"
                      r"unsupported operand|out of bounds|index out of range|not subscriptable|"
                      r"unexpected keyword|cannot convert float NaN|float division by zero|"
                      r"integer division or modulo by zero|Traceback", re.IGNORECASE)


def finite(value: Any) -> bool:
    """True if every number inside ``value`` (scalars, arrays, Series, frames, dicts, dataclasses) is finite."""
    if isinstance(value, (bool, np.bool_, str, type(None), pd.Timestamp, dt.datetime)):
        return True
    if isinstance(value, (int, float, np.number)):
        return math.isfinite(float(value))
    if isinstance(value, pd.DataFrame):
        return all(finite(value[c]) for c in value.columns)
    if isinstance(value, (pd.Series, pd.Index, np.ndarray)):
        arr = np.asarray(value)
        if arr.dtype.kind in "fc":
            return bool(np.isfinite(arr).all())
        if arr.dtype.kind == "O":
            return all(finite(v) for v in arr.ravel())
        return True
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(finite(v) for v in value)
    if dataclasses.is_dataclass(value):
        return all(finite(getattr(value, f.name)) for f in dataclasses.fields(value))
    return True


def names(argument: str, message: str, *aliases: str) -> bool:
    """Does the message name the argument (or one of its aliases; "months" also matches "start_month")?"""
    text = message.lower()
    forms = {f for a in (argument, *aliases) if a
             for f in (a.lower(), a.lower().replace("_", " "), a.lower().rstrip("s"))}
    return any(f and f in text for f in forms)


# --------------------------------------------------------------------------- #
# (a) Invalid values per kind of argument
# --------------------------------------------------------------------------- #
TEXTS = st.one_of(st.text(max_size=5), st.sampled_from(["10", "nan", "1e3", "", "0.5"]))
NONE_BOOL = st.sampled_from([None, True, False])
NONFINITE = st.sampled_from([NAN, INF, -INF, np.float64("nan"), np.inf])
NEGATIVE = st.floats(max_value=-1e-6, allow_nan=False, allow_infinity=False)
FRACTIONAL = st.floats(min_value=0.001, max_value=1e6).filter(lambda x: not float(x).is_integer())


def bad_count() -> st.SearchStrategy:
    return st.one_of(NONFINITE, NEGATIVE, FRACTIONAL, TEXTS, NONE_BOOL, st.just([1, -1]),
                     st.just(pd.Series([1.0, NAN])), st.just(pd.DataFrame({"a": [1]})), st.just(1 + 2j))


def bad_nonnegative() -> st.SearchStrategy:
    return st.one_of(NONFINITE, NEGATIVE, TEXTS, NONE_BOOL, st.just([2.0, -1.0]))


def bad_positive() -> st.SearchStrategy:
    return st.one_of(bad_nonnegative(), st.just(0), st.just(0.0))


def bad_fraction() -> st.SearchStrategy:
    return st.one_of(NONFINITE, NEGATIVE, st.floats(min_value=1.0001, max_value=1e9), st.just(5), TEXTS, NONE_BOOL)


def bad_whole(low: int | None, high: int | None) -> st.SearchStrategy:
    options = [NONFINITE, FRACTIONAL.filter(lambda x: low is None or x > low), TEXTS, NONE_BOOL, st.just([3])]
    if low is not None:
        options.append(st.integers(max_value=low - 1))
    if high is not None:
        options.append(st.integers(min_value=high + 1, max_value=high * 1000 + 10))
    return st.one_of(*options)


def bad_above(low: float, inclusive: bool) -> st.SearchStrategy:
    edge = st.just(low) if not inclusive else st.nothing()
    return st.one_of(NONFINITE, st.floats(max_value=low, allow_nan=False, allow_infinity=False).filter(
        lambda x: x < low or not inclusive), edge, TEXTS, NONE_BOOL)


def bad_choice() -> st.SearchStrategy:
    return st.one_of(st.sampled_from(["", "nope", "RAISE", "Hours", "NaN"]), st.just(None), st.just(3))


def bad_seed() -> st.SearchStrategy:
    return st.one_of(st.integers(max_value=-1), st.floats(min_value=0.5, max_value=9.5).filter(
        lambda x: not x.is_integer()), st.just("x"), NONFINITE)


def bad_dates() -> st.SearchStrategy:
    return st.one_of(st.just([1, 2]), st.just(["not a date"]), st.just([True]), st.just(pd.DataFrame({"a": [1]})),
                     st.just(3.5))


def bad_frame() -> st.SearchStrategy:
    return st.one_of(st.just(None), st.just([1, 2]), st.just({"a": [1]}), st.just("posts"), st.just(np.ones(3)))


def bad_column() -> st.SearchStrategy:
    return st.one_of(st.sampled_from(["nope", "", "Clicks"]), st.just(None), st.just(3))


def bad_actuals() -> st.SearchStrategy:
    return st.one_of(st.just([]), st.just([1.0, NAN]), st.just([-1.0]), st.just(["a"]), st.just(None),
                     st.just([1.0] * 50), st.just(INF))


FRAME = pd.DataFrame({"clicks": [10, 30, 5], "impressions": [100, 900, 50], "platform": ["X", "X", "Facebook"]})

#: function -> (valid keyword arguments, {argument: strategy of invalid values}, {argument: other names allowed})
SPECS: dict[Callable, tuple[dict, dict[str, Callable[[], st.SearchStrategy]], dict[str, tuple[str, ...]]]] = {
    metrics.engagements: (dict(likes=10, comments=5, shares=3, clicks=2),
                          dict.fromkeys(("likes", "comments", "shares", "clicks"), bad_count), {}),
    metrics.engagement_rate: (dict(engagements=20, base=1000), {"engagements": bad_count, "base": bad_count,
                                                                "on_zero": bad_choice}, {}),
    metrics.engagement_rates: (dict(likes=10, comments=5, shares=3, clicks=2, impressions=1000, reach=800,
                                    followers=5000),
                               {**dict.fromkeys(("likes", "comments", "shares", "clicks", "impressions", "reach",
                                                 "followers"), bad_count), "on_zero": bad_choice},
                               {a: ("engagements",) for a in ("likes", "comments", "shares", "clicks")}),
    metrics.ctr: (dict(clicks=25, impressions=1000), {"clicks": bad_count, "impressions": bad_count,
                                                      "on_zero": bad_choice}, {}),
    metrics.conversion_rate: (dict(conversions=5, clicks=25), {"conversions": bad_count, "clicks": bad_count,
                                                                "on_zero": bad_choice}, {}),
    metrics.virality_rate: (dict(shares=30, impressions=6000), {"shares": bad_count, "impressions": bad_count,
                                                                "on_zero": bad_choice}, {}),
    metrics.amplification_rate: (dict(shares=15, followers=1500), {"shares": bad_count, "followers": bad_count,
                                                                   "on_zero": bad_choice}, {}),
    metrics.share_of_voice: (dict(brand_mentions=30, total_mentions=120),
                             {"brand_mentions": bad_count, "total_mentions": bad_count, "on_zero": bad_choice}, {}),
    metrics.response_rate: (dict(responded=45, received=50), {"responded": bad_count, "received": bad_count,
                                                              "on_zero": bad_choice}, {}),
    metrics.roi: (dict(revenue=1500, cost=1000, gross_margin=0.55),
                  {"revenue": bad_nonnegative, "cost": bad_nonnegative, "gross_margin": bad_fraction,
                   "on_zero": bad_choice}, {}),
    metrics.roas: (dict(revenue=1500, ad_spend=1000), {"revenue": bad_nonnegative, "ad_spend": bad_nonnegative,
                                                       "on_zero": bad_choice}, {}),
    metrics.gross_profit: (dict(revenue=1500, gross_margin=0.55),
                           {"revenue": bad_nonnegative, "gross_margin": bad_fraction}, {}),
    metrics.break_even_roas: (dict(gross_margin=0.55),
                              {"gross_margin": lambda: st.one_of(bad_fraction(), st.just(0), st.just(0.0))}, {}),
    metrics.pooled_rate: (dict(df=FRAME, numerator="clicks", denominator="impressions", by="platform"),
                          {"df": bad_frame, "numerator": bad_column, "denominator": bad_column,
                           "by": lambda: bad_column().filter(lambda v: v is not None),
                           "on_zero": bad_choice}, {"by": ("column",), "numerator": ("column",),
                                                    "denominator": ("column",)}),
    metrics.average_rate: (dict(df=FRAME, numerator="clicks", denominator="impressions", by="platform"),
                           {"df": bad_frame, "numerator": bad_column, "denominator": bad_column,
                            "by": lambda: bad_column().filter(lambda v: v is not None),
                            "on_zero": bad_choice}, {"by": ("column",), "numerator": ("column",),
                                                     "denominator": ("column",)}),
    metrics.average_response_time: (dict(received_at=["2025-01-01 10:00"], answered_at=["2025-01-01 12:00"]),
                                    {"received_at": bad_dates, "answered_at": bad_dates, "unit": bad_choice}, {}),
    virality.viral_coefficient: (dict(invites_per_user=4, invite_conversion=0.25),
                                 {"invites_per_user": bad_nonnegative, "invite_conversion": bad_fraction}, {}),
    virality.reach_by_generation: (dict(seed_users=10, k=1.2, generations=5),
                                   {"seed_users": lambda: bad_whole(1, None), "k": bad_nonnegative,
                                    "generations": lambda: bad_whole(0, virality.MAX_GENERATIONS)}, {}),
    virality.total_reach: (dict(seed_users=10, k=0.5, generations=None),
                           {"seed_users": lambda: bad_whole(1, None), "k": bad_nonnegative,
                            "generations": lambda: bad_whole(0, virality.MAX_GENERATIONS).filter(
                                lambda v: v is not None)}, {}),
    virality.simulate_branching: (dict(seed_users=10, k=1.1, generations=4, runs=20, seed=1),
                                  {"seed_users": lambda: bad_whole(1, None), "k": bad_nonnegative,
                                   "generations": lambda: bad_whole(0, virality.MAX_GENERATIONS),
                                   "runs": lambda: bad_whole(1, 1_000_000), "seed": bad_seed,
                                   "percentiles": lambda: st.sampled_from([[-1], [101], [NAN], ["a"], 50])}, {}),
    virality.simulate_word_of_mouth: (dict(network_size=200, share_probability=0.1, seed_users=5, mean_contacts=5,
                                           steps=10, seed=1),
                                      {"network_size": lambda: bad_whole(1, 1_000_000),
                                       "share_probability": bad_fraction,
                                       "seed_users": lambda: bad_whole(1, 200),
                                       "mean_contacts": lambda: st.one_of(bad_nonnegative(), st.just(200)),
                                       "steps": lambda: bad_whole(0, 100_000), "seed": bad_seed}, {}),
    virality.is_viral: (dict(reach=5000, original_audience=400, factor=10),
                        {"reach": bad_nonnegative, "original_audience": bad_positive,
                         "factor": lambda: bad_above(1, inclusive=False)}, {}),
    goals.required_growth_rate: (dict(uplift=0.15, periods=3),
                                 {"uplift": lambda: bad_above(-1, inclusive=False),
                                  "periods": lambda: bad_whole(1, goals.MAX_PERIODS)}, {}),
    goals.target_path: (dict(baseline=1000, uplift=0.21, periods=2),
                        {"baseline": bad_positive, "uplift": lambda: bad_above(-1, inclusive=False),
                         "periods": lambda: bad_whole(1, goals.MAX_PERIODS)}, {}),
    goals.progress: (dict(actual=1100, baseline=1000, target=1200),
                     {"actual": bad_nonnegative, "baseline": bad_nonnegative, "target": bad_nonnegative,
                      "on_zero": bad_choice}, {}),
    goals.on_track: (dict(actuals=[1050, 1100], baseline=1000, uplift=0.21, periods=2),
                     {"actuals": bad_actuals, "baseline": bad_positive, "uplift": lambda: bad_above(-1, False),
                      "periods": lambda: bad_whole(1, goals.MAX_PERIODS)}, {"periods": ("actuals",)}),
}


def _public_functions(module) -> list[Callable]:
    return [getattr(module, n) for n in module.__all__
            if callable(getattr(module, n)) and not isinstance(getattr(module, n), type)]


def test_every_public_function_has_a_bad_input_spec():
    # Every formula: all of metrics and virality, and notebook 09's growth-target formulas
    # (its goal tracker's bad input is tested in tests/nb09/test_nb09_goal_tracking.py).
    formulas = [*_public_functions(metrics), *_public_functions(virality),
                goals.required_growth_rate, goals.target_path, goals.progress, goals.on_track]
    missing = [f"{f.__module__}.{f.__name__}" for f in formulas if f not in SPECS]
    assert not missing, f"add {missing} to SPECS in tests/test_bad_input.py"
    for fn, (good, bad, _) in SPECS.items():
        assert finite(fn(**good)), fn.__name__
        assert set(bad) <= set(good) | {"on_zero", "unit", "percentiles"}, fn.__name__


CASES = [pytest.param(fn, arg, id=f"{fn.__module__.split('.')[-1]}.{fn.__name__}-{arg}")
         for fn, (_, bad, _) in SPECS.items() for arg in bad]


@pytest.mark.parametrize("fn,argument", CASES)
@PROPERTY
@given(data=st.data())
def test_invalid_argument_raises_naming_it(fn, argument, data):
    good, bad, aliases = SPECS[fn]
    value = data.draw(bad[argument](), label=argument)
    try:
        result = fn(**{**good, argument: value})
    except (ValueError, TypeError) as exc:
        assert names(argument, str(exc), *aliases.get(argument, ())), (
            f"{fn.__module__}.{fn.__name__}({argument}={value!r}): the message does not name {argument!r}: {exc}")
        assert "Traceback" not in str(exc)
    else:
        pytest.fail(f"{fn.__module__}.{fn.__name__}({argument}={value!r}) let the bad value through: "
                    f"returned {result!r}")


PAIRS = [(metrics.ctr, "clicks", "impressions"), (metrics.conversion_rate, "conversions", "clicks"),
         (metrics.virality_rate, "shares", "impressions"), (metrics.share_of_voice, "brand_mentions",
                                                             "total_mentions"),
         (metrics.response_rate, "responded", "received")]


@pytest.mark.parametrize("fn,small,large", PAIRS, ids=[p[0].__name__ for p in PAIRS])
@PROPERTY
@given(base=st.integers(0, 10**12), excess=st.integers(1, 10**6))
def test_impossible_pairs_and_zero_denominators_name_both(fn, small, large, base, excess):
    with pytest.raises(ValueError) as caught:
        fn(**{small: base + excess, large: base})
    assert small in str(caught.value) and large in str(caught.value) and "cannot exceed" in str(caught.value)
    with pytest.raises(ValueError, match=f"{large} is 0"):
        fn(**{small: 0, large: 0})
    assert fn(**{small: 0, large: 0}, on_zero="zero") == 0.0


COUNTS = st.one_of(st.integers(0, 10**9), st.sampled_from([0, 1, 10**15, 1e300, 1e308, 1.7976931348623157e308]))
MONEY = st.one_of(st.floats(0, 1e9), st.sampled_from([0.0, 1e-300, 1e300, 1e308]))
FRACTION = st.floats(0, 1)
BIG_UPLIFT = st.one_of(st.floats(-0.999, 10), st.sampled_from([1e10, 1e200, 1e300]))


def _finite_or_rule(fn: Callable, **kwargs: Any) -> None:
    """A valid call gives finite numbers, or a ValueError stating a rule; never NaN or inf."""
    try:
        result = fn(**kwargs)
    except ValueError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert finite(result), f"{fn.__module__}.{fn.__name__}({kwargs}) returned a non-finite value: {result!r}"


@PROPERTY
@example(likes=1e308, comments=1e308, shares=0, clicks=0)
@given(likes=COUNTS, comments=COUNTS, shares=COUNTS, clicks=COUNTS)
def test_engagements_is_finite(likes, comments, shares, clicks):
    _finite_or_rule(metrics.engagements, likes=likes, comments=comments, shares=shares, clicks=clicks)
    _finite_or_rule(metrics.engagement_rates, likes=likes, comments=comments, shares=shares, clicks=clicks,
                    impressions=1e308, reach=1, followers=1)


@PROPERTY
@given(fn=st.sampled_from([metrics.ctr, metrics.conversion_rate, metrics.virality_rate, metrics.amplification_rate,
                           metrics.share_of_voice, metrics.response_rate, metrics.engagement_rate]),
       a=COUNTS, b=COUNTS, on_zero=st.sampled_from(["raise", "zero"]))
def test_rates_are_finite(fn, a, b, on_zero):
    first, second = list(SPECS[fn][0])[:2]
    _finite_or_rule(fn, **{first: a, second: b, "on_zero": on_zero})


@PROPERTY
@given(revenue=MONEY, cost=MONEY, actual=MONEY, baseline=MONEY, target=MONEY)
def test_roi_and_progress_are_finite(revenue, cost, actual, baseline, target):
    _finite_or_rule(metrics.roi, revenue=revenue, cost=cost, gross_margin=0.55)
    _finite_or_rule(metrics.roas, revenue=revenue, ad_spend=cost)
    _finite_or_rule(goals.progress, actual=actual, baseline=baseline, target=target)


@PROPERTY
@example(baseline=1e200, uplift=1e200, periods=1)
@given(baseline=st.one_of(st.floats(1e-9, 1e9), st.sampled_from([1e300, 1e308])), uplift=BIG_UPLIFT,
       periods=st.integers(1, goals.MAX_PERIODS))
def test_goal_paths_are_finite(baseline, uplift, periods):
    _finite_or_rule(goals.required_growth_rate, uplift=uplift, periods=periods)
    _finite_or_rule(goals.target_path, baseline=baseline, uplift=uplift, periods=periods)
    _finite_or_rule(goals.on_track, actuals=[baseline], baseline=baseline, uplift=uplift, periods=periods)


@PROPERTY
@given(seeds=st.one_of(st.integers(1, 10**6), st.sampled_from([10**100, 10**300])),
       k=st.one_of(st.floats(0, 5), st.sampled_from([1e10, 1e300])), generations=st.integers(0, 2000),
       invites=st.one_of(st.floats(0, 100), st.sampled_from([1e308])), conversion=FRACTION)
def test_virality_expectations_are_finite(seeds, k, generations, invites, conversion):
    _finite_or_rule(virality.reach_by_generation, seed_users=seeds, k=k, generations=generations)
    _finite_or_rule(virality.total_reach, seed_users=seeds, k=k, generations=generations)
    _finite_or_rule(virality.viral_coefficient, invites_per_user=invites, invite_conversion=conversion)
    _finite_or_rule(virality.is_viral, reach=invites, original_audience=seeds, factor=10)


# --------------------------------------------------------------------------- #
# Panels: discovered from utils/nbNN/panels.py
# --------------------------------------------------------------------------- #
def _discover() -> list:
    found = []
    for path in sorted((ROOT / "utils").glob("nb[0-9][0-9]/panels.py")):
        nb = path.parent.name
        module = importlib.import_module(f"utils.{nb}.panels")
        for key, spec in getattr(module, "DEMOS", {}).items():
            found.append(pytest.param(module, key, spec["factory"], id=f"{nb}-{key}"))
    return found


PANELS = _discover()


def test_panels_are_discovered():
    folders = {p.parent.name for p in (ROOT / "utils").glob("nb[0-9][0-9]/panels.py")}
    assert {p.values[0].__name__.split(".")[1] for p in PANELS} == {
        nb for nb in folders if getattr(importlib.import_module(f"utils.{nb}.panels"), "DEMOS", {})}
    assert len(PANELS) >= 2


def _options(control: W.Widget) -> list:
    values = getattr(control, "_options_values", None)
    return list(values) if values is not None else []


def _spread(items: list, cap: int) -> list:
    if len(items) <= cap:
        return list(items)
    step = (len(items) - 1) / (cap - 1)
    return [items[round(i * step)] for i in range(cap)]


def _upload(content: bytes, name: str) -> tuple:
    return ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
             "last_modified": dt.datetime(2025, 1, 1)},)


def _uploads() -> list:
    from utils.nb13.upload import MAX_BYTES

    return [(), _upload(b"", "empty.csv"), _upload(bytes(range(256)) * 4, "garbage.csv"),
            _upload(b"Date Impressions Likes\n2025-01-05 10 1\n", "one_column.csv"),
            _upload(b"Date,Impressions,Likes\n2025-01-05,0,0\n", "zeros.csv"),
            _upload(b"Date,Impressions,Likes,Platform\n2025-01-05,10,1,=cmd|' /C calc'!A0\n", "formula.csv"),
            _upload(b"x" * (MAX_BYTES + 1), "too_big.csv"), _upload(b"%PDF-1.7", "report.pdf")]


def candidates(control: W.Widget) -> list:
    """Extreme and degenerate values a learner can give this control (the first two are the most degenerate)."""
    if isinstance(control, W.FileUpload):
        return _uploads()
    if isinstance(control, (W.IntRangeSlider, W.FloatRangeSlider)):
        lo, hi = control.min, control.max
        return [(lo, lo), (hi, hi), (lo, hi)]
    if isinstance(control, (W.Checkbox, W.ToggleButton)):
        return [not control.value, control.value]
    if isinstance(control, W.SelectMultiple):
        values = _options(control)
        return [(), tuple(values), *[(v,) for v in _spread(values, 4)]]
    if hasattr(control, "options"):
        values = _options(control)
        return [None, *_spread(values, 8)]
    if hasattr(control, "min") and hasattr(control, "max"):
        return [control.min, control.max]
    if isinstance(control, W.IntText):
        return [0, -1, 10**12, -(10**12), 10**18]
    if isinstance(control, W.FloatText):
        return [0.0, -1.0, 1e12, NAN, INF, -INF, 1e308, 1e-12]
    if isinstance(control, (W.Text, W.Textarea)):
        return ["", "nan", "0", "-1", "1e309", "inf", "NaN", " ", "=1+1", "<b>x</b>", "x" * 300]
    return []


class Probe:
    """Applies values to a panel and records every broken promise."""

    def __init__(self, panel, where: str) -> None:
        self.panel = panel
        self.where = where
        self.problems: list[str] = []
        self.updates = 0
        self.skipped = 0
        self.records: list[logging.LogRecord] = []
        handler = logging.Handler(level=logging.ERROR)
        handler.emit = self.records.append  # type: ignore[method-assign]
        self.handler = handler
        logging.getLogger(widgets_module.__name__).addHandler(handler)

    def close(self) -> None:
        logging.getLogger(widgets_module.__name__).removeHandler(self.handler)

    def apply(self, values: dict) -> None:
        step = ", ".join(f"{k}={_short(v)}" for k, v in values.items())
        self.records.clear()
        try:
            self.panel.set(**values)
        except TraitError:
            self.skipped += 1  # the widget itself refuses the value: a learner cannot produce it
            return
        except Exception as exc:  # noqa: BLE001 - that is what is being tested
            self.problems.append(f"{self.where} [{step}]: {type(exc).__name__} escaped: {exc}")
            return
        self.updates += 1
        self.check(step)

    def check(self, step: str) -> None:
        panel = self.panel
        shown = html.unescape(re.sub(r"<[^>]+>", " ", f"{panel._out.value} {panel._extra.value}"))
        if self.records:
            record = self.records[0]
            cause = record.exc_info[1] if record.exc_info else None
            self.problems.append(f"{self.where} [{step}]: unexpected exception inside compute: "
                                 f"{record.getMessage()} {cause!r}")
        if "Traceback" in shown:
            self.problems.append(f"{self.where} [{step}]: the output shows a traceback")
        if panel.message:
            text, level = panel.message
            if not text.strip() or INTERNAL.search(text):
                self.problems.append(f"{self.where} [{step}]: not a friendly message: {text!r}")
        else:
            bad = [f"{label}: {value}" for label, value in panel.rows if BAD_TEXT.search(value)]
            if bad:
                self.problems.append(f"{self.where} [{step}]: shows NaN/inf: {bad}")
            if not panel.rows:
                self.problems.append(f"{self.where} [{step}]: neither a result nor a message")
        if BAD_TEXT.search(re.sub(r"<[^>]+>", " ", panel._extra.value)) and not panel.message:
            self.problems.append(f"{self.where} [{step}]: the extra output shows NaN/inf")


def _short(value: Any) -> str:
    if isinstance(value, tuple) and value and isinstance(value[0], dict):
        return f"upload:{value[0]['name']}"
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "..."


PAIR_CAP = 16
SINGLE_CAP = 8


@pytest.fixture
def cheap_png(monkeypatch):
    """Render every fifth chart for real; otherwise draw the artists but skip the PNG encoding."""
    real = widgets_module.fig_to_svg
    calls = itertools.count()

    def sometimes(fig):
        return real(fig) if next(calls) % 5 == 0 else b""

    monkeypatch.setattr(widgets_module, "fig_to_svg", sometimes)
    return real


@pytest.mark.parametrize("module,key,factory", PANELS)
def test_panel_survives_extreme_and_degenerate_input(module, key, factory, cheap_png):
    panel = getattr(module, factory)()
    probe = Probe(panel, f"{module.__name__} {key}")
    defaults = panel.values()
    try:
        values = {name: candidates(control)[:SINGLE_CAP] for name, control in panel.controls.items()}
        for name, options in values.items():  # one control at a time, then back to its default
            for value in options:
                probe.apply({name: value})
            probe.apply({name: defaults[name]})
        pairs = [(a, b, va, vb) for a, b in itertools.combinations([n for n in values if values[n]], 2)
                 for va in values[a][:2] for vb in values[b][:2]]
        random.Random(2022).shuffle(pairs)
        for a, b, va, vb in pairs[:PAIR_CAP]:  # degenerate pairs, each from the default state
            probe.apply({**defaults, a: va, b: vb})
        probe.apply(defaults)
        panel._image is None or cheap_png(panel._fig)  # the final state renders for real
    finally:
        probe.close()
    assert not probe.problems, "\n".join(probe.problems[:20])
    assert probe.updates > 0


BAD_NUMBERS = [NAN, INF, -INF, "abc"]


@pytest.mark.parametrize("module,key,factory", PANELS)
def test_panel_compute_rejects_impossible_values_naming_them(module, key, factory):
    """The pure function behind each panel, called directly with values no control can hold.

    NaN, infinities, text for numbers, reversed or NaN ranges and unknown options must raise
    ValueError/TypeError naming the input; None may be accepted (it can mean "no filter") but
    must then give finite numbers.
    """
    panel = getattr(module, factory)()
    defaults = panel.values()
    problems = []
    for name, control in panel.controls.items():
        value = defaults[name]
        if isinstance(control, (W.Text, W.Textarea, W.FileUpload, W.Checkbox, W.ToggleButton)):
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            bad_values = [*BAD_NUMBERS, None]
        elif isinstance(control, (W.IntRangeSlider, W.FloatRangeSlider)):
            bad_values = [(NAN, value[1]), (value[1], value[0] - 1), "abc", None]
        elif isinstance(control, W.SelectMultiple):
            bad_values = [("no such option",), None]
        elif hasattr(control, "options"):
            bad_values = ["no such option", 12345, None]
        else:
            continue
        label = (getattr(control, "description", "") or "").lower()
        words = [w for w in re.findall(r"[a-z]{4,}", label) if w not in {"each", "with", "from", "your"}]
        for bad in bad_values:
            try:
                result = panel.compute(**{**defaults, name: bad})
            except PanelMessage:
                continue
            except (ValueError, TypeError) as exc:
                if not names(name, str(exc), label, *words, repr(bad) if bad is not None else ""):
                    problems.append(f"{name}={bad!r}: the message does not name {name!r} ({label!r}): {exc}")
            except Exception as exc:  # noqa: BLE001
                problems.append(f"{name}={bad!r}: {type(exc).__name__} instead of ValueError/TypeError: {exc}")
            else:  # None may mean "no filter"; anything else must be refused
                try:
                    rows = list(panel.rows_fn(result))
                except Exception as exc:  # noqa: BLE001
                    rows = [("rows", f"nan ({type(exc).__name__}: {exc})")]
                shown = [f"{lab}: {val}" for lab, val in rows if BAD_TEXT.search(str(val))]
                if bad is not None or shown:
                    problems.append(f"{name}={bad!r} was accepted" + (f" and shows {shown[:3]}" if shown else ""))
    assert not problems, f"{module.__name__} {key}:\n" + "\n".join(problems)
