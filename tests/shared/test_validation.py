"""Tests of utils.shared.validation: the shared input checks and safe_divide."""

from __future__ import annotations

import datetime as dt
import decimal
import fractions

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils.shared.validation import (
    align,
    as_numeric,
    as_scalar,
    check_choice,
    check_count,
    check_fraction,
    check_int,
    check_le,
    check_nonnegative,
    check_positive,
    check_range,
    describe_rows,
    safe_divide,
)

FAST = settings(max_examples=60, deadline=None, database=None)


# --------------------------------------------------------------------------- #
# as_numeric: accepted input and the kind of what comes back
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    "value, expected",
    [
        (3, 3.0),
        (2.5, 2.5),
        (np.int64(7), 7.0),
        (np.float32(0.5), 0.5),
        (fractions.Fraction(1, 4), 0.25),
        (decimal.Decimal("1.5"), 1.5),
        (np.array(4.0), 4.0),  # 0-d array counts as a scalar
    ],
)
def test_as_numeric_scalars_become_python_floats(value, expected):
    result = as_numeric("x", value)
    assert type(result) is float
    assert result == expected


@pytest.mark.parametrize("value", [[1, 2, 3], (1, 2, 3), range(1, 4), np.array([1, 2, 3])])
def test_as_numeric_sequences_become_float_arrays(value):
    result = as_numeric("x", value)
    assert isinstance(result, np.ndarray)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, [1.0, 2.0, 3.0])


def test_as_numeric_array_is_a_copy():
    original = np.array([1, 2, 3], dtype=float)
    result = as_numeric("x", original)
    result[0] = 99
    assert original[0] == 1


def test_as_numeric_series_keeps_index_and_name():
    s = pd.Series([1, 2], index=["a", "b"], name="clicks", dtype="Int64")
    result = as_numeric("clicks", s)
    assert isinstance(result, pd.Series)
    assert result.dtype == np.float64
    assert list(result.index) == ["a", "b"]
    assert result.name == "clicks"
    assert result.tolist() == [1.0, 2.0]


def test_as_numeric_object_series_of_numbers_is_accepted():
    s = pd.Series([1, 2.5, np.int64(3)], dtype=object)
    assert as_numeric("x", s).tolist() == [1.0, 2.5, 3.0]


@pytest.mark.parametrize(
    "value, match",
    [
        (True, "x must be a number, got the boolean True"),
        (np.bool_(False), "boolean"),
        (np.array([True, False]), "booleans"),
        (pd.Series([True, False]), "booleans"),
        (pd.Series([True, None], dtype="boolean"), "booleans"),
        ([1, True], "position 1 holds a boolean"),
        ("5", "x must be a number, got the string '5'"),
        (b"5", "x must be a number"),
        (None, "x must be a number, got None"),
        (dt.datetime(2024, 1, 1), "x must be a number"),
        (1 + 2j, "x must be a number"),
        (np.array([1 + 2j]), "complex"),
        (np.array(["a", "b"]), "text"),
        (["1", "2"], "text"),
        (pd.Series(["a", "b"]), "x must be a numeric column"),
        (pd.Series(pd.to_datetime(["2024-01-01"])), "x must be a numeric column"),
        (pd.Series([1, "a"], dtype=object), "position 1"),
        (pd.DataFrame({"a": [1]}), "x must be a single column"),
        ({"a": 1}, "x must be a number"),
        ([[1, 2], [3]], "x must be"),
    ],
)
def test_as_numeric_rejects_non_numbers_with_type_error(value, match):
    with pytest.raises(TypeError, match=match):
        as_numeric("x", value)


@pytest.mark.parametrize(
    "value, match",
    [
        (float("nan"), "x is NaN"),
        (np.float64("nan"), "x is NaN"),
        (float("inf"), "x is infinite"),
        (-np.inf, "x is infinite"),
        (decimal.Decimal("NaN"), "x is NaN"),
        (pd.NA, "x is missing"),
        ([1.0, np.nan, 3.0], r"x has missing values \(NaN/None\) in 1 of 3 rows \(first at position 1\)"),
        ([1, None, 3], r"x has missing values .*first at position 1"),
        ([1, 2, np.inf], r"x has infinite values in 1 of 3 rows \(first at position 2\)"),
        (
            pd.Series([1, None, None], index=["p1", "p2", "p3"], dtype="Float64"),
            r"2 of 3 rows \(first at position 1, index 'p2'\)",
        ),
    ],
)
def test_as_numeric_rejects_missing_and_infinite_with_value_error(value, match):
    with pytest.raises(ValueError, match=match):
        as_numeric("x", value)


def test_as_numeric_empty_column_is_allowed():
    assert as_numeric("x", []).shape == (0,)
    assert as_numeric("x", pd.Series([], dtype=float)).empty


def test_as_scalar_rejects_columns():
    assert as_scalar("k", 2) == 2.0
    with pytest.raises(TypeError, match="k must be a single number"):
        as_scalar("k", [1, 2])


# --------------------------------------------------------------------------- #
# Range rules
# --------------------------------------------------------------------------- #
def test_check_nonnegative():
    assert check_nonnegative("cost", 0) == 0.0
    with pytest.raises(ValueError, match="cost must be 0 or more, got -5"):
        check_nonnegative("cost", -5)
    with pytest.raises(ValueError, match=r"cost must be 0 or more; violated in 1 of 3 rows \(first at position 2: -1\)"):
        check_nonnegative("cost", np.array([1, 2, -1]))


def test_check_positive():
    assert check_positive("baseline", 0.5) == 0.5
    with pytest.raises(ValueError, match="baseline must be greater than 0, got 0"):
        check_positive("baseline", 0)


def test_check_count():
    np.testing.assert_array_equal(check_count("likes", [0, 3.0, 10]), [0, 3, 10])
    with pytest.raises(ValueError, match="likes must be a whole number .* got 2.5"):
        check_count("likes", 2.5)
    with pytest.raises(ValueError, match=r"likes must be whole numbers .*first at position 1, index 'b': 0.5"):
        check_count("likes", pd.Series([1, 0.5], index=["a", "b"]))
    with pytest.raises(ValueError, match="likes must be 0 or more, got -1"):
        check_count("likes", -1)


def test_check_fraction():
    assert check_fraction("p", 1) == 1.0
    assert check_fraction("p", 0) == 0.0
    with pytest.raises(ValueError, match=r"p must be between 0 and 1, got 5 \(rates are fractions: write 5% as 0.05\)"):
        check_fraction("p", 5)
    with pytest.raises(ValueError, match=r"p must be between 0 and 1 \(exclusive\), got 1$"):
        check_fraction("p", 1, allow_one=False)
    with pytest.raises(ValueError, match="p must be between 0 and 1; violated in 1 of 2 rows"):
        check_fraction("p", [0.5, -0.1])


def test_check_range_exclusive_low_and_hint():
    assert check_range("uplift", -0.5, low=-1, low_inclusive=False) == -0.5
    with pytest.raises(ValueError, match=r"uplift must be greater than -1, got -1 \(why\)"):
        check_range("uplift", -1, low=-1, low_inclusive=False, hint="why")
    with pytest.raises(ValueError, match="x must be at most 3, got 4"):
        check_range("x", 4, high=3)


def test_check_int():
    assert check_int("periods", 3.0, minimum=1) == 3
    assert type(check_int("periods", np.int64(3))) is int
    with pytest.raises(ValueError, match="periods must be a whole number, got 2.5"):
        check_int("periods", 2.5)
    with pytest.raises(ValueError, match="periods must be at least 1, got 0"):
        check_int("periods", 0, minimum=1)
    with pytest.raises(ValueError, match="periods must be between 1 and 5, got 6"):
        check_int("periods", 6, minimum=1, maximum=5)
    with pytest.raises(TypeError, match="periods must be a number, got the boolean True"):
        check_int("periods", True)
    with pytest.raises(TypeError, match="periods must be a single number"):
        check_int("periods", [1, 2])


def test_check_choice():
    assert check_choice("unit", "hours", ("hours", "days")) == "hours"
    with pytest.raises(ValueError, match="unit must be one of 'hours', 'days'; got 'weeks'"):
        check_choice("unit", "weeks", ("hours", "days"))


# --------------------------------------------------------------------------- #
# check_le: the impossible-pair rule
# --------------------------------------------------------------------------- #
def test_check_le_scalar_message():
    check_le("clicks", 100, "impressions", 100, "CTR")  # equal is fine
    with pytest.raises(ValueError, match=r"^clicks \(120\) cannot exceed impressions \(100\) for CTR$"):
        check_le("clicks", 120, "impressions", 100, "CTR")


def test_check_le_column_messages():
    with pytest.raises(
        ValueError,
        match=r"clicks cannot exceed impressions for CTR; violated in 2 of 3 rows "
        r"\(first at position 1: clicks 5 > impressions 4\)",
    ):
        check_le("clicks", [1, 5, 9], "impressions", [2, 4, 8], "CTR")
    a = pd.Series([1, 5], index=["x", "y"])
    with pytest.raises(ValueError, match=r"first at position 1, index 'y'"):
        check_le("a", a, "b", 2)


def test_check_le_without_context():
    with pytest.raises(ValueError, match=r"^a \(3\) cannot exceed b \(2\)$"):
        check_le("a", 3, "b", 2)


# --------------------------------------------------------------------------- #
# align
# --------------------------------------------------------------------------- #
def test_align_broadcasts_scalar_with_series():
    s = pd.Series([1, 2], index=[10, 20])
    aligned = align(("a", s), ("b", 3))
    assert aligned.index is not None and list(aligned.index) == [10, 20]
    np.testing.assert_array_equal(aligned.values[1], [3, 3])
    assert not aligned.is_scalar


def test_align_refuses_different_indexes_and_lengths():
    with pytest.raises(ValueError, match="a and b must have the same index"):
        align(("a", pd.Series([1, 2], index=[0, 1])), ("b", pd.Series([1, 2], index=[1, 2])))
    with pytest.raises(ValueError, match=r"b has shape \(3,\) but a has 2 rows"):
        align(("a", pd.Series([1, 2])), ("b", np.array([1, 2, 3])))
    with pytest.raises(ValueError, match=r"different lengths: a \(2,\), b \(3,\)"):
        align(("a", [1, 2]), ("b", [1, 2, 3]))


def test_describe_rows_text():
    mask = np.array([False, True, True])
    assert describe_rows(mask, None) == "2 of 3 rows (first at position 1)"
    assert describe_rows(mask, pd.Index(["a", "b", "c"])) == "2 of 3 rows (first at position 1, index 'b')"


# --------------------------------------------------------------------------- #
# safe_divide and the zero-denominator column policy
# --------------------------------------------------------------------------- #
def test_safe_divide_return_kinds():
    scalar = safe_divide(1, 4)
    assert type(scalar) is float and scalar == 0.25

    array = safe_divide(np.array([1, 3]), np.array([4, 4]))
    assert isinstance(array, np.ndarray)
    np.testing.assert_array_equal(array, [0.25, 0.75])

    s = pd.Series([1, 3], index=["a", "b"], name="clicks")
    series = safe_divide(s, 4)
    assert isinstance(series, pd.Series)
    assert list(series.index) == ["a", "b"] and series.name == "clicks"
    assert series.tolist() == [0.25, 0.75]
    assert safe_divide(s, 4, name="ctr").name == "ctr"
    assert safe_divide([1, 3], pd.Series([4, 4], name="impr")).name == "impr"


def test_safe_divide_zero_scalar_raises_by_default():
    with pytest.raises(ValueError, match="impressions is 0, so clicks / impressions is undefined"):
        safe_divide(1, 0, num_name="clicks", den_name="impressions")


def test_safe_divide_zero_scalar_other_modes():
    assert np.isnan(safe_divide(1, 0, on_zero="nan"))
    assert safe_divide(1, 0, on_zero="zero") == 0.0


def test_safe_divide_zero_column_raise_names_rows_and_first_label():
    den = pd.Series([10, 0, 5, 0], index=["a", "b", "c", "d"])
    with pytest.raises(
        ValueError,
        match=r"impressions is 0 in 2 of 4 rows \(first at position 1, index 'b'\)",
    ):
        safe_divide([1, 1, 1, 0], den, num_name="clicks", den_name="impressions")
    with pytest.raises(ValueError, match=r"impressions is 0 in 1 of 2 rows \(first at position 0\)"):
        safe_divide(np.array([0, 1]), np.array([0, 2]), den_name="impressions")


def test_safe_divide_zero_column_nan_and_zero_only_touch_those_rows():
    num = np.array([1.0, 0.0, 2.0])
    den = np.array([4.0, 0.0, 8.0])
    nan_mode = safe_divide(num, den, on_zero="nan")
    assert nan_mode[0] == 0.25 and np.isnan(nan_mode[1]) and nan_mode[2] == 0.25
    np.testing.assert_array_equal(safe_divide(num, den, on_zero="zero"), [0.25, 0.0, 0.25])


def test_safe_divide_validates_inputs_and_mode():
    with pytest.raises(ValueError, match="on_zero must be one of 'raise', 'nan', 'zero'; got 'skip'"):
        safe_divide(1, 2, on_zero="skip")
    with pytest.raises(TypeError, match="visits must be a number"):
        safe_divide("3", 2, num_name="visits")
    with pytest.raises(ValueError, match="reach is NaN"):
        safe_divide(3, float("nan"), den_name="reach")


def test_safe_divide_overflow_is_not_silent():
    with pytest.raises(ValueError, match="overflows"):
        safe_divide(1e308, 1e-10)


def test_safe_divide_does_not_modify_inputs():
    num = pd.Series([1.0, 2.0])
    den = pd.Series([0.0, 4.0])
    safe_divide(num, den, on_zero="zero")
    assert num.tolist() == [1.0, 2.0] and den.tolist() == [0.0, 4.0]


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@FAST
@given(st.lists(finite, min_size=1, max_size=20))
def test_as_numeric_roundtrips_finite_lists(values):
    np.testing.assert_array_equal(as_numeric("x", values), np.array(values, dtype=float))


@FAST
@given(
    st.lists(st.tuples(finite, finite.filter(lambda d: abs(d) > 1e-3)), min_size=1, max_size=20)
)
def test_safe_divide_matches_plain_division_when_no_zero(pairs):
    num = [p[0] for p in pairs]
    den = [p[1] for p in pairs]
    expected = np.array(num) / np.array(den)
    np.testing.assert_allclose(safe_divide(num, den), expected)
    np.testing.assert_allclose(safe_divide(pd.Series(num), pd.Series(den)).to_numpy(), expected)
    assert safe_divide(num[0], den[0]) == pytest.approx(expected[0])
