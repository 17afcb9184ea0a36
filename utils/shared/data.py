"""Loaders for the shipped course data in ``data/``.

Each loader reads one CSV from :data:`utils.shared.config.DATA_DIR` (or a folder you
pass), checks it against ``data/dictionary.csv`` and returns a typed frame::

    from utils.shared.data import load, load_posts, split_list, has_item
    posts = load_posts()                              # typed, validated, a fresh copy
    audience = load("audience")                       # the same, by name
    interests = split_list(audience["interests"])     # [{"wellness", "books"}, ...]
    wellness = has_item(audience["interests"], "wellness")   # boolean Series

Types follow the dictionary's ``type`` column:

=========  ===================================================================
int        ``int64`` (``Int64`` with ``<NA>`` for the optional ``referred_by``)
float      ``float64``
bool       ``bool``
str        pandas ``str``
datetime   ``datetime64`` (``NaT`` for the optional ``answered_at``)
date       ``datetime64`` at midnight
category   pandas ``Categorical`` with the dictionary's ``allowed`` values, in
           that order (``income_band`` is ordered: ``<25k`` < ... < ``100k+``)
list       pandas ``str`` of ``;``-separated items; see :func:`split_list`
=========  ===================================================================

Parsed frames are cached in memory for the life of the kernel (keyed by file path,
size and modification time, so a changed file is read again) and every call returns
a fresh copy, so changing a returned frame never changes what the next caller gets.
Nothing is kept on disk. A missing
file raises :class:`FileNotFoundError` that says how to restore it; a corrupted
one (missing column, unparsable or out-of-range value, broken relationship such
as ``clicks > impressions``) raises :class:`ValueError` naming the file, the
column and the rule.

All checks live in :func:`validate_frame` (plus value parsing in
:func:`parse_frame`), driven by the dictionary and the few cross-column rules
in :data:`ROW_RULES`.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from utils.shared import config

#: Data sets that :func:`load` knows, by name (file name without ``.csv``).
NAMES: tuple[str, ...] = (
    "posts", "audience", "mentions", "inbox", "web_sessions", "campaigns", "social_media_users",
)
DICTIONARY_FILE = "dictionary.csv"
LIST_SEPARATOR = ";"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
DATE_FORMAT = "%Y-%m-%d"
TYPES: tuple[str, ...] = ("int", "float", "bool", "str", "datetime", "date", "category", "list")
RESTORE_HINT = "restore it with `git checkout data/` or `python3 scripts/generate_data.py`"

#: Columns that may be empty; the dictionary's ``meaning`` says when and why.
OPTIONAL_COLUMNS: frozenset[tuple[str, str]] = frozenset({
    ("audience", "referred_by"),
    ("inbox", "answered_at"),
})
#: Category columns whose allowed values have a meaningful order.
ORDERED_COLUMNS: frozenset[tuple[str, str]] = frozenset({("audience", "income_band")})


# ---------------------------------------------------------------------------
# The dictionary
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnSpec:
    """What the dictionary says about one column, plus its optional/ordered flags."""

    file: str
    name: str
    type: str
    unit: str
    min: str
    max: str
    allowed: tuple[str, ...]
    meaning: str
    optional: bool
    ordered: bool


def _resolve_dir(data_dir: str | Path | None) -> Path:
    return Path(data_dir) if data_dir is not None else Path(config.DATA_DIR)


def _stamp(path: Path) -> tuple[int, int]:
    """(size, mtime) of ``path``, so the caches notice a changed file."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def dictionary_path(data_dir: str | Path | None = None) -> Path:
    """The dictionary that governs ``data_dir``.

    It is ``data_dir/dictionary.csv``; a folder without one (for example a
    scratch copy of a single file) falls back to the shipped ``data/dictionary.csv``.
    """
    folder = _resolve_dir(data_dir)
    own = folder / DICTIONARY_FILE
    if own.exists():
        return own
    shipped = config.ROOT / "data" / DICTIONARY_FILE
    if shipped.exists():
        return shipped
    raise FileNotFoundError(f"{DICTIONARY_FILE} not found in {folder}: {RESTORE_HINT}")


@functools.lru_cache(maxsize=8)
def _read_dictionary(path: str, stamp: tuple[int, int]) -> dict[str, tuple[ColumnSpec, ...]]:
    expected = ["file", "column", "type", "unit", "min", "max", "allowed", "meaning", "notebooks",
                "synthetic", "source"]
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != expected:
            raise ValueError(f"{DICTIONARY_FILE}: header must be {','.join(expected)}; {RESTORE_HINT}")
        specs: dict[str, list[ColumnSpec]] = {}
        for line, row in enumerate(reader, start=2):
            if row["type"] not in TYPES:
                raise ValueError(f"{DICTIONARY_FILE}: line {line}: column 'type' must be one of "
                                 f"{', '.join(TYPES)}, not {row['type']!r}; {RESTORE_HINT}")
            name = row["file"].removesuffix(".csv")
            specs.setdefault(name, []).append(ColumnSpec(
                file=row["file"], name=row["column"], type=row["type"], unit=row["unit"],
                min=row["min"], max=row["max"],
                allowed=tuple(row["allowed"].split(LIST_SEPARATOR)) if row["allowed"] else (),
                meaning=row["meaning"], optional=(name, row["column"]) in OPTIONAL_COLUMNS,
                ordered=(name, row["column"]) in ORDERED_COLUMNS,
            ))
    return {name: tuple(cols) for name, cols in specs.items()}


def column_specs(name: str, data_dir: str | Path | None = None) -> tuple[ColumnSpec, ...]:
    """The dictionary's column specs of data set ``name``, in file order."""
    name = _normalise(name)
    path = dictionary_path(data_dir)
    specs = _read_dictionary(str(path), _stamp(path))
    if name not in specs:
        raise ValueError(f"{DICTIONARY_FILE} has no rows for {name}.csv; {RESTORE_HINT}")
    return specs[name]


# ---------------------------------------------------------------------------
# Cross-column rules
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowRule:
    """A rule every row must satisfy; ``check`` returns True for good rows."""

    column: str
    rule: str
    check: Callable[[pd.DataFrame], pd.Series]


def _unique(column: str) -> RowRule:
    return RowRule(column, f"{column} values are unique", lambda d: ~d[column].duplicated())


def _at_most(column: str, bound: str) -> RowRule:
    return RowRule(column, f"{column} <= {bound}", lambda d: d[column] <= d[bound])


def _zero_without(column: str, count: str) -> RowRule:
    return RowRule(column, f"{column} == 0 when {count} == 0", lambda d: (d[count] > 0) | (d[column] == 0))


def _referrer_exists(d: pd.DataFrame) -> pd.Series:
    ref = d["referred_by"]
    return ref.isna() | (ref.isin(d["person_id"]) & (ref != d["person_id"]))


def _referral_counts(d: pd.DataFrame) -> pd.Series:
    counts = d["referred_by"].dropna().astype("int64").value_counts()
    return d["referrals"] == d["person_id"].map(counts).fillna(0).astype("int64")


def _channel_of(source: pd.Series) -> pd.Series:
    text = source.astype(str)
    return text.where(~text.str.endswith("_organic"), "social_organic").where(
        ~text.str.endswith("_paid"), "social_paid")


#: Rules linking columns of the same row (or the whole file), per data set.
ROW_RULES: dict[str, tuple[RowRule, ...]] = {
    "posts": (
        _unique("post_id"),
        _at_most("reach", "impressions"), _at_most("likes", "reach"), _at_most("comments", "reach"),
        _at_most("shares", "reach"), _at_most("clicks", "impressions"), _at_most("conversions", "clicks"),
        _zero_without("revenue", "conversions"),
        RowRule("spend", "spend > 0 exactly when paid is True", lambda d: (d["spend"] > 0) == d["paid"]),
    ),
    "audience": (
        _unique("person_id"),
        _at_most("engagements", "impressions"), _at_most("clicks", "impressions"),
        _zero_without("purchase_value", "purchases"),
        RowRule("converted", "converted == (purchases > 0)", lambda d: d["converted"] == (d["purchases"] > 0)),
        RowRule("referred_by", "referred_by is the person_id of someone else", _referrer_exists),
        RowRule("referrals", "referrals == number of rows whose referred_by is this person_id", _referral_counts),
    ),
    "mentions": (
        RowRule("date", "one row per date, platform and brand",
                lambda d: ~d.duplicated(["date", "platform", "brand"])),
    ),
    "inbox": (
        _unique("message_id"),
        RowRule("answered_at", "answered_at >= received_at",
                lambda d: d["answered_at"].isna() | (d["answered_at"] >= d["received_at"])),
    ),
    "web_sessions": (
        _unique("session_id"),
        RowRule("revenue", "revenue == 0 when converted is False", lambda d: d["converted"] | (d["revenue"] == 0)),
        RowRule("channel", "channel is the channel group of source",
                lambda d: d["channel"].astype(str) == _channel_of(d["source"])),
    ),
    "campaigns": (
        _unique("campaign_id"),
        _at_most("reach", "impressions"), _at_most("shares", "reach"), _at_most("clicks", "impressions"),
        _at_most("conversions", "clicks"), _zero_without("attributed_revenue", "conversions"),
        RowRule("spend", "spend <= budget * 1.05", lambda d: d["spend"] <= d["budget"] * 1.05 + 1e-9),
        RowRule("end_date", "end_date >= start_date", lambda d: d["end_date"] >= d["start_date"]),
    ),
    "social_media_users": (
        _unique("year"),
        _at_most("users_millions", "world_population_millions"),
    ),
}


# ---------------------------------------------------------------------------
# Parsing and validation
# ---------------------------------------------------------------------------


def _fail(file: str, column: str, problem: str, rule: str) -> ValueError:
    return ValueError(f"{file}: column '{column}' {problem} (rule: {rule}); {RESTORE_HINT}")


def _first(mask: pd.Series) -> int:
    """Position of the first True in ``mask``."""
    return int(mask.to_numpy().argmax())


def _where(mask: pd.Series) -> str:
    """``'3 rows, first on line 17'`` (line numbers count the header as line 1)."""
    n = int(mask.sum())
    return f"{n} row{'s' if n != 1 else ''}, first on line {_first(mask) + 2}"


def _parse_column(spec: ColumnSpec, column: pd.Series) -> pd.Series:
    """Convert one column of raw strings (or numbers read by ``read_csv``) to its dictionary type."""
    kind = spec.type
    api = pd.api.types
    if kind in ("int", "float") and api.is_numeric_dtype(column.dtype) and not api.is_bool_dtype(column.dtype):
        return column.astype("float64") if kind == "float" else column  # typed by read_csv already
    text = column.astype(str)
    empty = text == ""
    if kind in ("int", "float"):
        values = pd.to_numeric(text.where(~empty), errors="coerce")
        bad = values.isna() & ~empty
        if kind == "int":
            bad |= ~text.str.fullmatch(r"[+-]?[0-9]+") & ~empty
        if bad.any():
            value = text.iloc[_first(bad)]
            raise _fail(spec.file, spec.name, f"has {value!r} on line {_first(bad) + 2}",
                        "values are whole numbers" if kind == "int" else "values are numbers")
        if kind == "float":
            return values.astype("float64")
        # Empty cells need the nullable dtype; validate_frame rejects them unless optional.
        return values.astype("Int64" if spec.optional or empty.any() else "int64")
    if kind == "bool":
        bad = ~text.isin(("True", "False")) & ~empty
        if bad.any():
            raise _fail(spec.file, spec.name, f"has {text.iloc[_first(bad)]!r} on line {_first(bad) + 2}",
                        "values are True or False")
        if empty.any():
            return text.map({"True": True, "False": False, "": None})
        return text == "True"
    if kind in ("datetime", "date"):
        fmt = DATETIME_FORMAT if kind == "datetime" else DATE_FORMAT
        values = pd.to_datetime(text.where(~empty), format=fmt, errors="coerce")
        bad = values.isna() & ~empty
        if bad.any():
            shape = "YYYY-MM-DD HH:MM:SS" if kind == "datetime" else "YYYY-MM-DD"
            raise _fail(spec.file, spec.name, f"has {text.iloc[_first(bad)]!r} on line {_first(bad) + 2}",
                        f"values are written {shape}")
        return values
    if kind == "category":
        bad = ~text.isin(spec.allowed) & ~empty
        if bad.any():
            raise _fail(spec.file, spec.name, f"has {text.iloc[_first(bad)]!r} on line {_first(bad) + 2}",
                        f"values are one of {', '.join(spec.allowed)}")
        return pd.Series(pd.Categorical(text.where(~empty), categories=list(spec.allowed), ordered=spec.ordered),
                         index=text.index, name=text.name)
    return text.where(~empty) if empty.any() else text  # str and list stay text


def parse_frame(name: str, raw: pd.DataFrame, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Turn a frame of raw strings (as read from the CSV) into a typed, validated frame.

    Empty strings become missing values (allowed only in optional columns).
    Number columns that are already numeric are taken as they are.
    Raises :class:`ValueError` naming the file, column and rule on the first problem.
    """
    name = _normalise(name)
    specs = column_specs(name, data_dir)
    _check_columns(f"{name}.csv", [s.name for s in specs], list(raw.columns))
    typed = pd.DataFrame({s.name: _parse_column(s, raw[s.name]) for s in specs}, index=raw.index)
    validate_frame(name, typed, data_dir)
    return typed


def _check_columns(file: str, expected: list[str], found: list[str]) -> None:
    for column in expected:
        if column not in found:
            raise _fail(file, column, "is missing", "every column in the dictionary is present")
    for column in found:
        if column not in expected:
            raise _fail(file, column, "is not in the dictionary", "only documented columns")


def _dtype_ok(spec: ColumnSpec, series: pd.Series) -> bool:
    dtype = series.dtype
    api = pd.api.types
    if spec.type == "int":
        return api.is_integer_dtype(dtype)
    if spec.type == "float":
        return api.is_float_dtype(dtype)
    if spec.type == "bool":
        return api.is_bool_dtype(dtype)
    if spec.type in ("datetime", "date"):
        return api.is_datetime64_dtype(dtype)
    if spec.type == "category":
        return isinstance(dtype, pd.CategoricalDtype) and list(dtype.categories) == list(spec.allowed) \
            and bool(dtype.ordered) == spec.ordered
    return api.is_string_dtype(dtype) or api.is_object_dtype(dtype)


def _bound(spec: ColumnSpec, text: str) -> float | pd.Timestamp:
    return pd.Timestamp(text) if spec.type in ("datetime", "date") else float(text)


def validate_frame(name: str, df: pd.DataFrame, data_dir: str | Path | None = None) -> None:
    """Check a typed frame against the dictionary and :data:`ROW_RULES`.

    Checks, in order: the columns (all present, none extra), each column's dtype,
    missing values (only in optional columns), min/max, allowed categories and
    list items, date-only values, then the cross-column rules. Raises
    :class:`ValueError` naming the file, the column and the rule; returns None.
    """
    name = _normalise(name)
    file = f"{name}.csv"
    specs = column_specs(name, data_dir)
    _check_columns(file, [s.name for s in specs], list(df.columns))
    for spec in specs:
        series = df[spec.name]
        missing = series.isna()
        if missing.any() and not spec.optional:
            raise _fail(file, spec.name, f"is empty in {_where(missing)}", "a value is required")
        if not _dtype_ok(spec, series):
            raise _fail(file, spec.name, f"has dtype {series.dtype}", f"type {spec.type} in the dictionary")
        if spec.min and (low := _flag(series < _bound(spec, spec.min))).any():
            raise _fail(file, spec.name, f"has {series.iloc[_first(low)]} on line {_first(low) + 2}",
                        f"{spec.name} >= {spec.min}")
        if spec.max and (high := _flag(series > _bound(spec, spec.max))).any():
            raise _fail(file, spec.name, f"has {series.iloc[_first(high)]} on line {_first(high) + 2}",
                        f"{spec.name} <= {spec.max}")
        if spec.type == "float" and (infinite := _flag(series.abs() == float("inf"))).any():
            raise _fail(file, spec.name, f"is infinite in {_where(infinite)}", "values are finite numbers")
        if spec.type == "date" and (timed := _flag(series != series.dt.normalize())).any():
            raise _fail(file, spec.name, f"has a time of day in {_where(timed)}", "values are dates without a time")
        if spec.type == "list":
            _check_list(file, spec, series)
    for rule in ROW_RULES.get(name, ()):
        broken = ~_flag(rule.check(df))
        if broken.any():
            raise _fail(file, rule.column, f"breaks the rule in {_where(broken)}", rule.rule)


def _flag(mask: pd.Series) -> pd.Series:
    """A plain boolean mask on positions 0..n-1; missing values count as False."""
    return pd.Series(pd.Series(mask).fillna(False).to_numpy(dtype=bool))


def _check_list(file: str, spec: ColumnSpec, series: pd.Series) -> None:
    """Every row holds distinct items from the allowed values, at least one."""
    allowed = set(spec.allowed)
    for text in series.dropna().unique():  # few distinct lists: check each once
        items = str(text).split(LIST_SEPARATOR)
        problem = ""
        if not set(items) <= allowed:
            problem = f"items are ;-separated values from {', '.join(spec.allowed)}"
        elif len(set(items)) != len(items):
            problem = "each item appears at most once per row"
        if problem:
            line = _first(_flag(series == text)) + 2
            raise _fail(file, spec.name, f"has {text!r} on line {line}", problem)


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def _normalise(name: str) -> str:
    key = str(name).removesuffix(".csv")
    if key not in NAMES:
        raise ValueError(f"name: unknown data set {name!r}; choose one of {', '.join(NAMES)}")
    return key


def data_path(name: str, data_dir: str | Path | None = None) -> Path:
    """Path of data set ``name``'s CSV (it may not exist)."""
    return _resolve_dir(data_dir) / f"{_normalise(name)}.csv"


@functools.lru_cache(maxsize=32)
def _load_cached(name: str, path: str, stamp: tuple[int, int], dictionary: str,
                 dictionary_stamp: tuple[int, int]) -> pd.DataFrame:
    """The parsed, validated frame (callers get copies: see :func:`load`)."""
    return _parse_file(name, path, dictionary)


def _parse_file(name: str, path: str, dictionary: str) -> pd.DataFrame:
    folder = Path(dictionary).parent
    specs = column_specs(name, folder)
    # Fast path: let read_csv type the required number columns. Any surprise
    # (a bad number, an empty cell) falls back to reading text, so that
    # parse_frame can say exactly which value on which line is wrong.
    numbers = {s.name: "int64" for s in specs if s.type == "int" and not s.optional}
    numbers.update({s.name: "float64" for s in specs if s.type == "float"})
    options = {"keep_default_na": False, "na_filter": False, "encoding": "utf-8"}
    try:
        raw = pd.read_csv(path, dtype=dict.fromkeys((s.name for s in specs), str) | numbers, **options)
    except (ValueError, TypeError, OverflowError):
        try:
            raw = pd.read_csv(path, dtype=str, **options)
        except (ValueError, UnicodeDecodeError) as error:  # ParserError and EmptyDataError included
            raise ValueError(f"{name}.csv: cannot be read as CSV ({error}); {RESTORE_HINT}") from error
    return parse_frame(name, raw, folder)


def load(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load data set ``name`` (one of :data:`NAMES`; ``"posts.csv"`` works too).

    ``data_dir`` defaults to :data:`utils.shared.config.DATA_DIR` read at call time.
    Returns a new copy of the cached, validated frame on every call.
    """
    path = data_path(name, data_dir)
    if not path.exists():
        raise FileNotFoundError(f"{path.name} not found in {path.parent}: {RESTORE_HINT}")
    dictionary = dictionary_path(path.parent)
    frame = _load_cached(_normalise(name), str(path), _stamp(path), str(dictionary), _stamp(dictionary))
    return frame.copy(deep=True)


def load_posts(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Brightleaf's own posts in 2025 with their results (synthetic)."""
    return load("posts", data_dir)


def load_audience(data_dir: str | Path | None = None) -> pd.DataFrame:
    """People Brightleaf can reach, with exposure, purchases and referrals (synthetic)."""
    return load("audience", data_dir)


def load_mentions(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Daily mention counts by sentiment, platform and brand (synthetic)."""
    return load("mentions", data_dir)


def load_inbox(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Messages to Brightleaf and when they were answered (synthetic)."""
    return load("inbox", data_dir)


def load_web_sessions(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Visits to Brightleaf's web shop by source, with orders (synthetic)."""
    return load("web_sessions", data_dir)


def load_campaigns(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Brightleaf's paid campaigns of 2025 with budget and results (synthetic)."""
    return load("campaigns", data_dir)


def load_social_media_users(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Social media users worldwide by year (real, cited figures)."""
    return load("social_media_users", data_dir)


def clear_cache() -> None:
    """Forget every parsed frame (the next load reads the files again)."""
    _load_cached.cache_clear()
    _read_dictionary.cache_clear()


# ---------------------------------------------------------------------------
# List columns
# ---------------------------------------------------------------------------


def split_list(series: pd.Series) -> list[set[str]]:
    """Split a ``;``-separated list column into one set per row.

    >>> split_list(pd.Series(["wellness;books", "music"])) == [{"books", "wellness"}, {"music"}]
    True

    Missing values and empty strings give empty sets.
    """
    return [set(_items(value)) for value in series]


def _items(value: object) -> list[str]:
    """One row's list items; a missing value or an empty string holds none."""
    return value.split(LIST_SEPARATOR) if isinstance(value, str) and value else []


def has_item(series: pd.Series, item: str) -> pd.Series:
    """Boolean Series: does each row's ``;``-separated list contain ``item``?

    >>> has_item(pd.Series(["wellness;books", "music"]), "books").tolist()
    [True, False]
    """
    if not isinstance(item, str) or not item or LIST_SEPARATOR in item:
        raise ValueError(f"item must be one non-empty list item without {LIST_SEPARATOR!r}, got {item!r}")
    found = [item in _items(value) for value in series]
    return pd.Series(found, index=series.index, dtype=bool, name=series.name)
