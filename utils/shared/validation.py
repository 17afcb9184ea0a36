"""Shared input checks for every ``utils`` module.

Every public formula in the course validates its arguments here, so a learner
who passes a wrong value always gets the same kind of message: it names the
argument, shows the offending value (for a column: how many rows break the rule
and where the first one is) and states the rule, for example::

    ValueError: clicks (120) cannot exceed impressions (100) for CTR

Accepted numeric input (see :func:`as_numeric`)
    Python ``int``/``float`` (and ``fractions.Fraction``/``decimal.Decimal``),
    NumPy numeric scalars, NumPy arrays, lists/tuples of numbers and numeric
    pandas ``Series`` (including the nullable ``Int64``/``Float64`` dtypes).
    What comes back keeps the *kind* of the input: a Python ``float`` for a
    scalar, a ``float64`` NumPy array for an array/list, and a ``float64``
    Series with the same index and name for a Series.

Rejected
    * booleans (``True``, boolean arrays/Series) -> ``TypeError``. A boolean is
      almost always a mask passed by mistake, not a count; convert it
      explicitly (``mask.astype(int)`` / ``int(flag)``) if you mean 0/1.
    * strings (even ``"5"``: no silent parsing), ``None`` as a scalar, dates,
      complex numbers, DataFrames and other objects -> ``TypeError``.
    * missing values (NaN, ``None`` or ``pd.NA`` inside a column) and
      infinities -> ``ValueError``.

Zero denominators follow the column policy of CONTRIBUTING.md through the
``on_zero=`` argument of :func:`safe_divide`: ``"raise"`` (default), ``"nan"``
or ``"zero"``.
"""

from __future__ import annotations

import decimal
import math
import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal, Union

import numpy as np
import pandas as pd

__all__ = [
    "Numeric",
    "OnZero",
    "ON_ZERO_MODES",
    "Aligned",
    "align",
    "as_numeric",
    "as_scalar",
    "check_choice",
    "check_frame",
    "check_count",
    "check_fraction",
    "check_int",
    "check_le",
    "check_nonnegative",
    "check_positive",
    "check_range",
    "check_result",
    "describe_rows",
    "safe_divide",
]

#: What the formulas accept and return: a float, a NumPy array or a pandas Series.
Numeric = Union[float, np.ndarray, pd.Series]

#: The zero-denominator modes of the column policy.
OnZero = Literal["raise", "nan", "zero"]
ON_ZERO_MODES: tuple[str, ...] = ("raise", "nan", "zero")

_SEQUENCE_TYPES = (list, tuple, range, np.ndarray, pd.Index, pd.api.extensions.ExtensionArray)


# --------------------------------------------------------------------------- #
# Formatting helpers (messages)
# --------------------------------------------------------------------------- #
def _fmt(value: Any) -> str:
    """Format a number for a message: ``120`` not ``120.0``, ``0.05`` as is."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (numbers.Real, np.number)):
        x = float(value)
        if np.isfinite(x) and x.is_integer() and abs(x) < 1e15:
            return str(int(x))
        return repr(x)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def describe_rows(
    mask: np.ndarray,
    index: pd.Index | None,
    detail: Callable[[int], str] | None = None,
) -> str:
    """Describe the rows flagged by ``mask``: how many, and the first one.

    Returns text such as ``"2 of 10 rows (first at position 3, index 'p4': -5)"``.
    ``detail(flat_position)`` adds what the first offending row holds.
    """
    flat = np.flatnonzero(mask)
    count, total = flat.size, mask.size
    first = int(flat[0])
    if mask.ndim <= 1:
        where = f"position {first}"
    else:
        where = f"position {tuple(int(i) for i in np.unravel_index(first, mask.shape))}"
    if index is not None:
        where += f", index {index[first]!r}"
    if detail is not None:
        where += f": {detail(first)}"
    rows = "row" if total == 1 else "rows"
    return f"{count} of {total} {rows} (first at {where})"


def _index_of(value: Any) -> pd.Index | None:
    return value.index if isinstance(value, pd.Series) else None


# --------------------------------------------------------------------------- #
# Conversion
# --------------------------------------------------------------------------- #
def _is_missing_scalar(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and np.isnan(value)


def _element_problem(value: Any) -> str | None:
    """Why one element of an object column is not a number (None if it is)."""
    if _is_missing_scalar(value):
        return None  # reported later as missing (ValueError)
    if isinstance(value, (bool, np.bool_)):
        return f"a boolean ({value})"
    if isinstance(value, (numbers.Real, decimal.Decimal)):
        return None
    return f"{type(value).__name__} {_fmt(value)}"


def _objects_to_float(name: str, values: np.ndarray, index: pd.Index | None) -> np.ndarray:
    """Convert an object array element by element, refusing non-numbers."""
    flat = values.ravel()
    problems = [_element_problem(v) for v in flat]
    bad = np.array([p is not None for p in problems], dtype=bool).reshape(values.shape)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise TypeError(
            f"{name} must contain only numbers, but {describe_rows(bad, index)} "
            f"holds {problems[first]}"
        )
    out = np.array([np.nan if _is_missing_scalar(v) else float(v) for v in flat], dtype=float)
    return out.reshape(values.shape)


def _array_to_float(name: str, values: np.ndarray, index: pd.Index | None) -> np.ndarray:
    kind = values.dtype.kind
    if kind == "b":
        raise TypeError(
            f"{name} must be numbers, got booleans; convert a mask explicitly "
            f"(e.g. .astype(int)) if you mean 0/1 counts"
        )
    if kind in "iuf":
        return np.array(values, dtype=float)  # always a copy: never alias caller data
    if kind == "O":
        return _objects_to_float(name, values, index)
    what = {
        "U": "text (strings)",
        "S": "bytes",
        "M": "dates/times",
        "m": "time differences",
        "c": "complex numbers",
    }.get(kind, f"dtype {values.dtype}")
    raise TypeError(f"{name} must be numbers, got {what}")


def _check_finite(name: str, values: np.ndarray, index: pd.Index | None) -> None:
    if np.isfinite(values).all():  # one pass in the common case; the details only on failure
        return
    missing = np.isnan(values)
    if missing.any():
        raise ValueError(
            f"{name} has missing values (NaN/None) in {describe_rows(missing, index)}; "
            f"fill or drop the missing rows first"
        )
    infinite = np.isinf(values)
    if infinite.any():
        raise ValueError(
            f"{name} has infinite values in {describe_rows(infinite, index)}; "
            f"every value must be a finite number"
        )


def as_numeric(name: str, value: Any) -> Numeric:
    """Validate that ``value`` is a finite number or a column of finite numbers.

    Parameters
    ----------
    name:
        The argument name, used in every error message.
    value:
        ``int``, ``float``, NumPy scalar, NumPy array, list/tuple of numbers or
        numeric pandas Series.

    Returns
    -------
    float | numpy.ndarray | pandas.Series
        A Python ``float`` for scalar input, a new ``float64`` array for array or
        list input, a new ``float64`` Series (same index and name) for a Series.

    Raises
    ------
    TypeError
        For booleans, strings, ``None``, dates, complex numbers, DataFrames or
        any other non-numeric object (bools are rejected on purpose: see the
        module docstring).
    ValueError
        For NaN/missing values or infinities.
    """
    if type(value) is float or type(value) is int:  # the common case, answered first (bools are not ints here)
        x = float(value)
        if math.isfinite(x):
            return x
    if isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a single column (a Series), not a whole DataFrame")
    if isinstance(value, pd.Series):
        dtype = value.dtype
        if pd.api.types.is_bool_dtype(dtype):
            return _array_to_float(name, np.zeros(0, dtype=bool), None)  # raises TypeError
        if isinstance(dtype, np.dtype) and dtype.kind in "iuf":  # plain NumPy numbers: one copy
            arr = value.to_numpy().astype(float)
        elif pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_complex_dtype(dtype):
            arr = value.to_numpy(dtype=float, na_value=np.nan, copy=True)
        elif dtype == object:
            arr = _objects_to_float(name, value.to_numpy(dtype=object), value.index)
        else:
            raise TypeError(f"{name} must be a numeric column, got dtype {dtype}")
        _check_finite(name, arr, value.index)
        return pd.Series(arr, index=value.index, name=value.name, copy=False)
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"{name} must be a number, got the boolean {value}; use int({value}) "
            f"if you really mean {int(value)}"
        )
    if value is None:
        raise TypeError(f"{name} must be a number, got None (no value)")
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a number, got the string {value!r}")
    if isinstance(value, (numbers.Real, decimal.Decimal)) and not isinstance(value, np.ndarray):
        if _is_missing_scalar(value) or (
            isinstance(value, decimal.Decimal) and value.is_nan()
        ):
            raise ValueError(f"{name} is NaN (missing); pass a real number")
        x = float(value)
        if not np.isfinite(x):
            raise ValueError(f"{name} is infinite ({x}); pass a finite number")
        return x
    if value is pd.NA or value is pd.NaT:
        raise ValueError(f"{name} is missing ({value!r}); pass a real number")
    if isinstance(value, _SEQUENCE_TYPES):
        if isinstance(value, (list, tuple)):
            bools = [i for i, v in enumerate(value) if isinstance(v, (bool, np.bool_))]
            if bools:
                raise TypeError(
                    f"{name} must contain only numbers, but position {bools[0]} "
                    f"holds a boolean ({value[bools[0]]})"
                )
        try:
            raw = np.asarray(value)
        except ValueError as exc:  # ragged nested lists
            raise TypeError(f"{name} must be a flat list/array of numbers ({exc})") from None
        arr = _array_to_float(name, raw, None)
        _check_finite(name, arr, None)
        if arr.ndim == 0:
            return float(arr)
        return arr
    raise TypeError(
        f"{name} must be a number, a list/array of numbers or a pandas Series, "
        f"got {type(value).__name__}"
    )


def as_scalar(name: str, value: Any) -> float:
    """Validate a single finite number (not a list, array or Series).

    Used for parameters such as a viral coefficient or an uplift that the
    formula needs as one number. Raises ``TypeError`` for columns.
    """
    x = as_numeric(name, value)
    if not isinstance(x, float):
        raise TypeError(f"{name} must be a single number, not a list, array or Series")
    return x


# --------------------------------------------------------------------------- #
# Range rules
# --------------------------------------------------------------------------- #
def _bound_text(low: float | None, high: float | None, low_inclusive: bool, high_inclusive: bool) -> str:
    if low is not None and high is not None:
        lo = "" if low_inclusive else " (exclusive)"
        hi = "" if high_inclusive else " (exclusive)"
        return f"between {_fmt(low)}{lo} and {_fmt(high)}{hi}"
    if low is not None:
        if low == 0:
            return "0 or more" if low_inclusive else "greater than 0"
        return f"at least {_fmt(low)}" if low_inclusive else f"greater than {_fmt(low)}"
    if high is not None:
        return f"at most {_fmt(high)}" if high_inclusive else f"less than {_fmt(high)}"
    return "any finite number"


def check_range(
    name: str,
    x: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    hint: str | None = None,
) -> Numeric:
    """Validate ``x`` with :func:`as_numeric` and check ``low <= x <= high``.

    Either bound may be ``None`` (open) or exclusive. ``hint`` is appended to
    the message (e.g. why the rule exists). Returns the validated value.
    """
    values = as_numeric(name, x)
    if isinstance(values, float):  # one number: compared without building arrays
        too_low = low is not None and (values < low if low_inclusive else values <= low)
        too_high = high is not None and (values > high if high_inclusive else values >= high)
        if not (too_low or too_high):
            return values
    arr = np.asarray(values, dtype=float)
    bad = None
    if low is not None:
        bad = (arr < low) if low_inclusive else (arr <= low)
    if high is not None:
        above = (arr > high) if high_inclusive else (arr >= high)
        bad = above if bad is None else bad | above
    if bad is not None and bad.any():
        rule = f"{name} must be {_bound_text(low, high, low_inclusive, high_inclusive)}"
        if arr.ndim == 0:
            message = f"{rule}, got {_fmt(values)}"
        else:
            flat = arr.ravel()
            message = f"{rule}; violated in {describe_rows(bad, _index_of(values), lambda i: _fmt(flat[i]))}"
        if hint:
            message += f" ({hint})"
        raise ValueError(message)
    return values


def check_nonnegative(name: str, x: Any) -> Numeric:
    """Validate finite numbers that are 0 or more (money, averages, durations)."""
    return check_range(name, x, low=0)


def check_positive(name: str, x: Any) -> Numeric:
    """Validate finite numbers strictly greater than 0 (a cost, a baseline)."""
    return check_range(name, x, low=0, low_inclusive=False)


def check_count(name: str, x: Any) -> Numeric:
    """Validate counts: non-negative whole numbers (``3.0`` is fine, ``2.5`` is not).

    Returns the validated value as floats (same kind as :func:`as_numeric`).
    """
    values = check_nonnegative(name, x)
    if isinstance(values, float) and values.is_integer():
        return values
    if getattr(getattr(x, "dtype", None), "kind", "") in ("i", "u"):  # integers are whole
        return values
    arr = np.asarray(values, dtype=float)
    fractional = arr != np.floor(arr)
    if fractional.any():
        if arr.ndim == 0:
            raise ValueError(f"{name} must be a whole number (it is a count), got {_fmt(values)}")
        flat = arr.ravel()
        where = describe_rows(fractional, _index_of(values), lambda i: _fmt(flat[i]))
        raise ValueError(f"{name} must be whole numbers (counts); violated in {where}")
    return values


def check_fraction(name: str, x: Any, allow_one: bool = True) -> Numeric:
    """Validate rates/probabilities given as fractions: ``0 <= x <= 1``.

    With ``allow_one=False`` the upper bound is exclusive (``x < 1``). The
    message reminds that 5% is written ``0.05``.
    """
    values = as_numeric(name, x)
    above_one = bool(np.any(np.asarray(values) > 1))
    return check_range(
        name,
        values,
        low=0,
        high=1,
        high_inclusive=allow_one,
        hint="rates are fractions: write 5% as 0.05" if above_one else None,
    )


def check_int(
    name: str,
    value: Any,
    *,
    minimum: int | None = 0,
    maximum: int | None = None,
) -> int:
    """Validate one whole number used as a parameter (periods, generations, runs).

    Accepts ``3`` or ``3.0``; returns a Python ``int``. Booleans, columns and
    fractional values are rejected.
    """
    x = as_scalar(name, value)
    if not x.is_integer():
        raise ValueError(f"{name} must be a whole number, got {_fmt(x)}")
    check_range(name, x, low=minimum, high=maximum)
    return int(x)


def check_result(name: str, values: Any) -> Any:
    """Refuse a result that overflowed to inf or became NaN (inputs too large to compute).

    Returns ``values`` unchanged when every element is finite.
    """
    arr = np.asarray(values, dtype=float)
    if not np.isfinite(arr).all():
        raise ValueError(
            f"{name} cannot be computed: the inputs are too large (the result overflows); "
            "use realistic values"
        )
    return values


def check_frame(
    name: str,
    df: Any,
    columns: Iterable[str],
    *,
    hint: str = "",
    empty: str | None = None,
) -> pd.DataFrame:
    """Check that ``df`` is a DataFrame with ``columns``; return it unchanged.

    ``hint`` is added to the missing-column message (e.g. how to load the table);
    with ``empty`` set, an empty frame is refused with that explanation.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name} is missing the column(s) {missing}" + (f"; {hint}" if hint else ""))
    if empty is not None and df.empty:
        raise ValueError(f"{name} has no rows: {empty}")
    return df


def check_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    """Validate that ``value`` is one of the allowed option strings."""
    options = tuple(choices)
    if not isinstance(value, str) or value not in options:
        allowed = ", ".join(repr(c) for c in options)
        raise ValueError(f"{name} must be one of {allowed}; got {value!r}")
    return value


# --------------------------------------------------------------------------- #
# Several inputs together
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class Aligned:
    """Validated inputs broadcast to one shape, plus how to shape a result.

    ``values`` are read-only ``float64`` arrays of the common shape (0-d when
    every input was a scalar). ``index`` is the shared Series index, if any
    input was a Series.
    """

    values: tuple[np.ndarray, ...]
    index: pd.Index | None
    is_scalar: bool

    def wrap(self, result: np.ndarray, name: str | None = None) -> Any:
        """Return ``result`` in the kind of the inputs.

        Python scalar (``float``/``bool``) if every input was a scalar, a Series
        (shared index, given ``name``) if any input was a Series, else an array.
        """
        result = np.asarray(result)
        if self.is_scalar:
            return result.item()
        if self.index is not None:
            return pd.Series(result, index=self.index, name=name, copy=False)
        return result


def align(*named: tuple[str, Any]) -> Aligned:
    """Validate several ``(name, value)`` inputs and broadcast them together.

    Scalars combine with anything. Two Series must have the same index (rows
    are paired by label; pandas would otherwise align them silently and create
    NaN). An array combined with a Series must be 1-D with the Series' length.
    """
    names = [n for n, _ in named]
    converted = [as_numeric(n, v) for n, v in named]
    index: pd.Index | None = None
    index_owner = ""
    arrays: list[np.ndarray] = []
    for name, value in zip(names, converted):
        if isinstance(value, pd.Series):
            if index is None:
                index, index_owner = value.index, name
            elif not value.index.equals(index):
                raise ValueError(
                    f"{index_owner} and {name} must have the same index (rows are "
                    f"paired by label); select the same rows or use .reindex first"
                )
            arrays.append(value.to_numpy())
        else:
            arrays.append(np.asarray(value, dtype=float))
    if index is not None:
        for name, arr in zip(names, arrays):
            if arr.ndim > 1 or (arr.ndim == 1 and arr.shape[0] != len(index)):
                raise ValueError(
                    f"{name} has shape {arr.shape} but {index_owner} has {len(index)} "
                    f"rows; pass columns of the same length"
                )
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        shapes = ", ".join(f"{n} {a.shape}" for n, a in zip(names, arrays))
        raise ValueError(f"inputs have different lengths: {shapes}; pass columns of the same length") from None
    values = tuple(np.broadcast_to(a, shape) for a in arrays)
    return Aligned(values=values, index=index, is_scalar=shape == ())


def check_le(
    name_a: str,
    a: Any,
    name_b: str,
    b: Any,
    context: str | None = None,
) -> None:
    """The impossible-pair rule: every ``a`` must be at most the matching ``b``.

    Example message: ``clicks (120) cannot exceed impressions (100) for CTR``.
    For columns the message says how many rows break the rule and shows the
    first one. ``context`` names the metric the rule belongs to.
    """
    aligned = align((name_a, a), (name_b, b))
    left, right = aligned.values
    bad = left > right
    if not bad.any():
        return
    suffix = f" for {context}" if context else ""
    if aligned.is_scalar:
        raise ValueError(
            f"{name_a} ({_fmt(left.item())}) cannot exceed {name_b} ({_fmt(right.item())}){suffix}"
        )
    lf, rf = left.ravel(), right.ravel()
    where = describe_rows(bad, aligned.index, lambda i: f"{name_a} {_fmt(lf[i])} > {name_b} {_fmt(rf[i])}")
    raise ValueError(f"{name_a} cannot exceed {name_b}{suffix}; violated in {where}")


def safe_divide(
    num: Any,
    den: Any,
    *,
    num_name: str = "numerator",
    den_name: str = "denominator",
    on_zero: OnZero = "raise",
    name: str | None = None,
    context: str | None = None,
) -> Any:
    """Divide ``num`` by ``den`` with the zero-denominator column policy.

    Both inputs are validated with :func:`as_numeric` and broadcast with
    :func:`align`.

    on_zero
        ``"raise"`` (default): ``ValueError`` naming ``den_name``, how many rows
        are zero and the first position / index label. ``"nan"``: NaN for those
        rows only. ``"zero"``: 0.0 for those rows.

    Returns
    -------
    float | numpy.ndarray | pandas.Series
        A Python ``float`` for scalar inputs, a NumPy array for arrays, and a
        Series (shared index, ``name``; default: the numerator's Series name)
        if either input is a Series.
    """
    check_choice("on_zero", on_zero, ON_ZERO_MODES)
    aligned = align((num_name, num), (den_name, den))
    top, bottom = aligned.values
    zero = bottom == 0
    what = context or f"{num_name} / {den_name}"
    if zero.any() and on_zero == "raise":
        if aligned.is_scalar:
            raise ValueError(
                f"{den_name} is 0, so {what} is undefined (division by zero); "
                f"{den_name} must not be 0"
            )
        raise ValueError(
            f"{den_name} is 0 in {describe_rows(zero, aligned.index)}, so {what} is undefined "
            f"there; fix or drop those rows, or pass on_zero='nan' or on_zero='zero'"
        )
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        result = np.divide(top, np.where(zero, 1.0, bottom))
    overflow = ~np.isfinite(result)
    if overflow.any():
        raise ValueError(
            f"{num_name} / {den_name} overflows (too large to represent) in "
            f"{describe_rows(overflow, aligned.index)}"
        )
    if zero.any():
        result = np.where(zero, np.nan if on_zero == "nan" else 0.0, result)
    if name is None:
        for value in (num, den):
            if isinstance(value, pd.Series):
                name = value.name
                break
    return aligned.wrap(result, name)
