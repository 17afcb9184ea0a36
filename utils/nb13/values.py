"""Cell values of an uploaded export: numbers, dates (also without a year) and short texts.

Liberal in what it accepts: thousands separators (``1,234``, ``1.234``, ``1 234``),
currency signs, signs, ``-`` / ``—`` / empty cells (read as 0, with a note by the
caller), ISO, day-first, month-first and written-out dates (``Fri, Feb 6, 2026``,
``July 16`` with a year from the learner), 12-hour times and time zones.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from utils.nb13.errors import UploadError
from utils.nb13.headers import COUNT_FIELDS, SIGNED_FIELDS, key as header_key

_WHOLE = (*COUNT_FIELDS, *SIGNED_FIELDS)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_CONTENT_TYPES: dict[str, str] = {
    **dict.fromkeys(("video", "videos", "reel", "reels", "short", "shorts", "clip", "live", "livevideo",
                     "igtv", "igreel", "reeldeig"), "video"),
    **dict.fromkeys(("image", "images", "photo", "photos", "picture", "pictures", "carousel", "carouselalbum",
                     "album", "gallery", "igimage", "imagendeig", "igcarousel", "secuenciadeig"), "image"),
    **dict.fromkeys(("text", "status", "statuses", "textpost", "tweet", "poll", "document"), "text"),
    **dict.fromkeys(("link", "links", "article", "articles", "url", "sharedlink"), "link"),
}

# --------------------------------------------------------------------------- #
# Numbers
# --------------------------------------------------------------------------- #
_BLANK_TOKENS = {"", "-", "--", "–", "—", "n/a", "na", "null", "none", "(blank)", "n.a.", "‐", "−"}
_CURRENCY = re.compile(r"^(?:eur|usd|gbp|chf|sek|nok|dkk|pln)\s*|\s*(?:eur|usd|gbp|chf|sek|nok|dkk|pln)$|[€$£¥]",
                       re.IGNORECASE)
_GROUPING = re.compile(r"[\s\u00a0\u202f'’]")
_PLAIN = re.compile(r"\d+")
_US_DEFINITE = re.compile(r"\d{1,3}(,\d{3})+\.\d+|\d{1,3}(,\d{3}){2,}|\d+\.\d{1,2}|\d+\.\d{4,}|\d{4,}\.\d+")
_EU_DEFINITE = re.compile(r"\d{1,3}(\.\d{3})+,\d+|\d{1,3}(\.\d{3}){2,}|\d+,\d{1,2}|\d+,\d{4,}|\d{4,},\d+")
_AMBIGUOUS_DOT = re.compile(r"\d{1,3}\.\d{3}")
_AMBIGUOUS_COMMA = re.compile(r"\d{1,3},\d{3}")
_SCIENTIFIC = re.compile(r"\d+(\.\d+)?[eE][+-]?\d+")
_INDIAN = re.compile(r"\d{1,2}(,\d{2})+,\d{3}(\.\d+)?")  # 12,34,567 (lakh grouping)


def _number_token(text: str) -> tuple[str, bool, bool] | None:
    """Clean one cell: ``(digits and separators, negative, percent)`` or None when not number-like."""
    t = _CURRENCY.sub("", text.strip()).strip()
    negative = False
    if t.startswith("(") and t.endswith(")"):
        t, negative = t[1:-1].strip(), True
    percent = t.endswith("%")
    if percent:
        t = t[:-1].strip()
    if t[:1] in ("-", "+", "\u2212"):
        negative = negative or t[0] != "+"
        t = t[1:]
    t = _CURRENCY.sub("", t).strip()
    t = _GROUPING.sub("", t)
    if not t or not (t[0].isdigit() and t[-1].isdigit()) or not re.fullmatch(r"[\d.,eE+-]+", t):
        return None
    return t, negative, percent


def _parse_numbers(values: pd.Series, field: str, column: str, file: str) -> tuple[np.ndarray, int]:
    """Numbers of one mapped column (floats), and how many blank cells were read as 0."""
    cells = values.to_numpy(dtype=object)
    if all(type(v) is str for v in cells):  # fast path: plain digits (the course's own format)
        simple = r"\d+" if field in _WHOLE else r"\d+(?:\.\d{1,2})?"
        text = pd.Series(cells, dtype=object).str.strip()
        if text.str.fullmatch(simple).all():
            return text.astype(float).to_numpy(), 0
    out = np.zeros(len(values), dtype=float)
    rows = values.index
    kind = "a count" if field in _WHOLE else "an amount of money"
    tokens: dict[int, tuple[str, bool]] = {}
    blanks = 0
    bad: list[int] = []
    for i, value in enumerate(values.to_numpy()):
        if isinstance(value, bool):
            bad.append(i)
            continue
        if isinstance(value, (int, float, np.integer, np.floating)):
            x = float(value)
            if not math.isfinite(x):
                bad.append(i)
            out[i] = x
            continue
        if not isinstance(value, str):
            bad.append(i)
            continue
        text = value.strip()
        if text.casefold() in _BLANK_TOKENS:
            blanks += 1
            continue
        token = _number_token(text)
        if token is None:
            bad.append(i)
            continue
        digits, negative, percent = token
        if percent:
            raise UploadError(
                f"{file}: {field} (column {column!r}) has a percentage, {text!r}, on row {rows[i]}; {field} is "
                f"{kind}, not a rate. Map {field} to the column with the {field} themselves.", "not_a_number")
        tokens[i] = (digits, negative)
    if bad:
        first = bad[0]
        value = values.iloc[first]
        short = isinstance(value, str) and re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*[kKmMbB]\s*", value)
        hint = (" It looks abbreviated (K = thousands, M = millions): export the exact numbers instead."
                if short else "")
        raise UploadError(
            f"{file}: {field} (column {column!r}) must hold numbers, but row {rows[first]} has "
            f"{value!r}{f' ({len(bad)} cells like this)' if len(bad) > 1 else ''}.{hint} Fix the cell "
            f"(or leave it empty for 0), or map {field} to another column.", "not_a_number")
    texts = [d for d, _ in tokens.values()]
    us = any(_US_DEFINITE.fullmatch(t) for t in texts)
    eu = any(_EU_DEFINITE.fullmatch(t) for t in texts)
    if us and eu:
        a = next(t for t in texts if _US_DEFINITE.fullmatch(t))
        b = next(t for t in texts if _EU_DEFINITE.fullmatch(t))
        raise UploadError(f"{file}: {field} (column {column!r}) mixes number formats ({a!r} and {b!r}): use one "
                          f"decimal separator in the whole column.", "not_a_number")
    decimal_comma = eu
    for i, (digits, negative) in tokens.items():
        t = digits
        if _PLAIN.fullmatch(t):
            x = float(t)
        elif _SCIENTIFIC.fullmatch(t):
            x = float(t)
        elif decimal_comma or (not us and _AMBIGUOUS_DOT.fullmatch(t) and field in _WHOLE):
            x = _float_or_none(t.replace(".", "").replace(",", "."))
        elif (_AMBIGUOUS_COMMA.fullmatch(t) or _AMBIGUOUS_DOT.fullmatch(t) or _INDIAN.fullmatch(t)
              or re.fullmatch(r"\d+\.\d+", t) or (us and _US_DEFINITE.fullmatch(t))):
            x = _float_or_none(t.replace(",", ""))
        else:  # 1.2.3, 1,2,3 ...: not a number
            x = None
        if x is None or not math.isfinite(x):
            raise UploadError(
                f"{file}: {field} (column {column!r}) must hold numbers, but row {rows[i]} has "
                f"{values.iloc[i]!r}. Fix the cell or map {field} to another column.", "not_a_number")
        out[i] = -x if negative else x
    return out, blanks


def _float_or_none(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


# --------------------------------------------------------------------------- #
# Dates
# --------------------------------------------------------------------------- #
_MONTHS = {name: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+"
_TIME_RE = r"(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
_TZ_RE = r"(?P<tz>z|utc|gmt|(?:utc|gmt)?\s?[+-]\d{1,2}(?::?\d{2})?)?"
_ISO = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:(?:[ T]|,\s*)" + _TIME_RE + r")?\s*"
                  + _TZ_RE, re.IGNORECASE)
_NUMERIC = re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})\.?(?:(?:[ T]|,\s*)"
                      + _TIME_RE + r")?\s*" + _TZ_RE, re.IGNORECASE)
_MONTH_FIRST = re.compile(r"(?:" + _WEEKDAY_RE + r")?(?P<mon>" + _MONTH_RE + r")\.?[\s/-]+(?P<d>\d{1,2})"
                          r"(?:st|nd|rd|th)?(?:,?\s+|[/-])(?P<y>\d{4}|\d{2})(?:(?:,?\s+at\s+|,?\s+|T)" + _TIME_RE
                          + r")?\s*" + _TZ_RE, re.IGNORECASE)
_DAY_FIRST = re.compile(r"(?:" + _WEEKDAY_RE + r")?(?P<d>\d{1,2})(?:st|nd|rd|th)?\.?[\s/-]+(?P<mon>" + _MONTH_RE
                        + r")\.?(?:,?\s+|[/-])(?P<y>\d{4}|\d{2})(?:(?:,?\s+at\s+|,?\s+|T)" + _TIME_RE + r")?\s*"
                        + _TZ_RE, re.IGNORECASE)
_YEARLESS_MONTH_FIRST = re.compile(r"(?:" + _WEEKDAY_RE + r")?(?P<mon>" + _MONTH_RE + r")\.?\s+(?P<d>\d{1,2})"
                                   r"(?:st|nd|rd|th)?(?:(?:,?\s+at\s+|,?\s+)" + _TIME_RE + r")?\s*" + _TZ_RE, re.IGNORECASE)
_YEARLESS_DAY_FIRST = re.compile(r"(?:" + _WEEKDAY_RE + r")?(?P<d>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<mon>" + _MONTH_RE
                                 + r")\.?(?:(?:,?\s+at\s+|,?\s+)" + _TIME_RE + r")?\s*" + _TZ_RE, re.IGNORECASE)


class _NeedYear(Exception):
    """A date without a year, and no year was given."""
_TOTAL_WORDS = {"total", "totals", "grandtotal", "sum", "summary", "all", "overall", "average", "mean"}
DATE_ORDERS = ("auto", "dmy", "mdy")
_FORMATS_HELP = "formats such as 2025-01-31 10:00, 31/01/2025, 01/31/2025, 31.01.2025 or Jan 31, 2025"


def _tz_offset(text: str | None) -> _dt.timedelta | None:
    if not text:
        return None
    t = text.strip().lower().replace(" ", "")
    for prefix in ("utc", "gmt"):
        t = t.removeprefix(prefix)
    if t in ("", "z"):
        return _dt.timedelta(0)
    sign = -1 if t[0] == "-" else 1
    digits = t[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 14 or minutes > 59:
        raise ValueError("bad offset")
    return sign * _dt.timedelta(hours=hours, minutes=minutes)


def _build(y: int, m: int, d: int, match: re.Match) -> tuple[_dt.datetime, bool]:
    hour = int(match.group("h")) if match.group("h") else 0
    minute = int(match.group("mi")) if match.group("mi") else 0
    second = int(match.group("s")) if match.group("s") else 0
    ampm = (match.group("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError("bad 12-hour time")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    stamp = _dt.datetime(y, m, d, hour, minute, second)
    offset = _tz_offset(match.group("tz"))
    if offset is not None:
        stamp = stamp - offset
    return stamp, offset is not None


def _year(text: str) -> int:
    y = int(text)
    return 2000 + y if len(text) == 2 else y


def _date_order(texts: list[str], order: str, dayfirst_hint: bool, file: str, field_text: str) -> tuple[str, str]:
    """Decide day-first or month-first for numeric dates like 03/04/2025: ``(order, note)``."""
    firsts, seconds, seps = [], [], set()
    for t in texts:
        m = _NUMERIC.fullmatch(t)
        if m:
            firsts.append(int(m.group("a")))
            seconds.append(int(m.group("b")))
            seps.add(m.group("sep"))
    if order != "auto" or not firsts:
        return order, ""
    day_first = any(a > 12 for a in firsts)
    month_first = any(b > 12 for b in seconds)
    if day_first and month_first:
        a = next(t for t in texts if _NUMERIC.fullmatch(t) and int(_NUMERIC.fullmatch(t).group("a")) > 12)
        b = next(t for t in texts if _NUMERIC.fullmatch(t) and int(_NUMERIC.fullmatch(t).group("b")) > 12)
        raise UploadError(f"{file}: {field_text} mixes day-first and month-first dates ({a!r} and {b!r}); use one "
                          f"date format in the whole column.", "date")
    if day_first:
        return "dmy", ""
    if month_first:
        return "mdy", ""
    guess = "dmy" if (dayfirst_hint or seps <= {".", "-"}) else "mdy"
    words = "day/month/year" if guess == "dmy" else "month/day/year"
    return guess, (f"Dates like {texts[0]!r} could be day-first or month-first; they were read as {words}. If that "
                   f"is wrong, choose the other date order.")


def _parse_dates(values: pd.Series, column: str, file: str, order: str, dayfirst_hint: bool,
                 year: int | None = None) -> tuple[pd.Series, list[str], list[Any]]:
    """Datetimes (NaT for blank or "Total" cells), notes, and the rows left without a date.

    Dates written without a year (``"July 16"``, ``"16 Jul"``) take ``year``; without
    it they are an error (problem ``"year"``) that asks for the year.
    """
    field_text = f"posted_at (column {column!r})"
    cells = values.to_numpy(dtype=object)
    if all(type(v) is str for v in cells):  # fast path: ISO dates without a time zone
        text = pd.Series(cells, dtype=object).str.strip()
        if text.str.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?").all():
            try:
                stamps = pd.to_datetime(text, format="ISO8601")
            except (ValueError, OverflowError):
                stamps = None
            if stamps is not None and stamps.dt.year.between(1990, 2100).all():
                return pd.Series(stamps.to_numpy(dtype="datetime64[ns]"), index=values.index), [], []
    texts = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    order, note = _date_order(texts, order, dayfirst_hint, file, field_text)
    notes = [note] if note else []
    parsed: list[Any] = []
    zoned = False
    no_date: list[Any] = []
    bad: list[int] = []
    yearless: list[int] = []
    rows = values.index
    for i, value in enumerate(values.to_numpy()):
        stamp: _dt.datetime | None = None
        if isinstance(value, _dt.datetime):
            stamp = value.replace(tzinfo=None) if value.tzinfo is None else \
                (value.astimezone(_dt.timezone.utc).replace(tzinfo=None))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if math.isfinite(value) and 20_000 <= value < 80_000:  # an Excel serial day number
                stamp = _dt.datetime(1899, 12, 30) + _dt.timedelta(days=float(value))
            else:
                bad.append(i)
        elif isinstance(value, str):
            text = value.strip()
            if not text or text.casefold() in _BLANK_TOKENS or header_key(text) in _TOTAL_WORDS:
                no_date.append(rows[i])
                parsed.append(pd.NaT)
                continue
            try:
                stamp, aware = _parse_one_date(text, order, year)
                zoned = zoned or aware
            except _NeedYear:
                yearless.append(i)
                parsed.append(pd.NaT)
                continue
            except (ValueError, OverflowError):
                stamp = None
            if stamp is None:
                bad.append(i)
        else:
            bad.append(i)
        if stamp is not None and not 1990 <= stamp.year <= 2100:
            raise UploadError(f"{file}: {field_text} has {values.iloc[i]!r} on row {rows[i]}, outside 1990-2100. "
                              f"Check the date column.", "date")
        parsed.append(stamp if stamp is not None else pd.NaT)
    if yearless:
        first = yearless[0]
        raise UploadError(
            f"{file}: the dates in {field_text} have no year (row {rows[first]}: {values.iloc[first]!r}). Say which "
            f"year they are in (the year of the latest date): read_export(..., year=2025), or the Year control of "
            f"the panel.", "year")
    undated = [i for i, v in enumerate(values.to_numpy()) if isinstance(v, str)
               and (_YEARLESS_MONTH_FIRST.fullmatch(v.strip()) or _YEARLESS_DAY_FIRST.fullmatch(v.strip()))]
    if year is not None and undated:
        months = {parsed[i].month for i in undated if not pd.isna(parsed[i])}
        if months & {10, 11, 12} and months & {1, 2, 3}:  # the period runs over New Year
            for i in undated:
                if not pd.isna(parsed[i]) and parsed[i].month >= 7:
                    parsed[i] = parsed[i].replace(year=year - 1)
            notes.append(f"The dates have no year in the file and run over New Year: January to June were given "
                         f"the year {year} (as you chose) and July to December {year - 1}.")
        else:
            notes.append(f"The dates have no year in the file; they were given the year {year} (as you chose).")
    if bad:
        first = bad[0]
        raise UploadError(
            f"{file}: {field_text} has {values.iloc[first]!r} on row {rows[first]}, which is not a date"
            f"{f' ({len(bad)} cells like this)' if len(bad) > 1 else ''}. Use {_FORMATS_HELP}; or map posted_at "
            f"to another column.", "date")
    if zoned:
        notes.append("Times with a time zone were converted to UTC.")
    series = pd.Series(pd.to_datetime(pd.Series(parsed, dtype=object), errors="raise").to_numpy(
        dtype="datetime64[ns]"), index=values.index)
    return series, notes, no_date


def _parse_one_date(text: str, order: str, year: int | None = None) -> tuple[_dt.datetime | None, bool]:
    m = _ISO.fullmatch(text)
    if m:
        return _build(int(m.group("y")), int(m.group("m")), int(m.group("d")), m)
    m = _NUMERIC.fullmatch(text)
    if m:
        a, b, y = int(m.group("a")), int(m.group("b")), _year(m.group("y"))
        day, month = (a, b) if order == "dmy" else (b, a)
        return _build(y, month, day, m)
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        m = pattern.fullmatch(text)
        if m:
            return _build(_year(m.group("y")), _MONTHS[m.group("mon").lower()], int(m.group("d")), m)
    for pattern in (_YEARLESS_MONTH_FIRST, _YEARLESS_DAY_FIRST):
        m = pattern.fullmatch(text)
        if m:
            if year is None:
                raise _NeedYear(text)
            return _build(year, _MONTHS[m.group("mon").lower()], int(m.group("d")), m)
    return None, False


# --------------------------------------------------------------------------- #
# Text fields
# --------------------------------------------------------------------------- #
def _text(value: Any) -> str:
    if _is_blank(value):
        return ""
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "".join(ch for ch in str(value).strip() if unicodedata.category(ch)[0] != "C")[:60]


def _content_type(value: Any) -> str:
    text = _text(value)
    if not text:
        return "unknown"
    return _CONTENT_TYPES.get(header_key(text), text.lower())


