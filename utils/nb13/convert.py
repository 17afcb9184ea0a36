"""A raw table + its mapping -> typed rows in the course's fields (posts, campaigns or days).

:func:`apply_mapping` converts and checks every mapped value (numbers, dates,
platform names), leaves out the rows that are not posts (a ``Total`` row, X's
empty ``/status/undefined`` rows, rows without a date), applies the
impossible-pair rules on the platform's own base, and refuses a file that
cannot give the course's metrics with a message saying what the file is and
exactly what to export instead. Columns the course does not use are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from utils.nb13.errors import UploadError
from utils.nb13.headers import (BASE_FIELDS, COUNT_FIELDS, ENGAGEMENT_FIELDS, FIELDS, MONEY_FIELDS, SIGNED_FIELDS,
                                key)
from utils.nb13.values import (_BLANK_TOKENS, _TOTAL_WORDS, _content_type, _parse_dates, _parse_numbers,
                               _text)

DATE_ORDERS = ("auto", "dmy", "mdy")
KINDS = ("posts", "campaigns", "daily")

#: Where to get a file the course can read, per platform (said when a file is refused).
EXPORT_ADVICE: dict[str, str] = {
    "X": "On X, open analytics (x.com/i/account_analytics), choose Content, set the period and click Export data "
         "(the account_analytics_content file, one row per post with Impressions, Likes, Replies, Reposts).",
    "Facebook": "In Meta Business Suite, open Insights > Content, pick your Facebook Page, set the period and click "
                "Export data > Content (per post, CSV): it has Reach, Reactions, Comments, Shares and Link clicks.",
    "Instagram": "In Meta Business Suite, open Insights > Content, pick your Instagram account, set the period and "
                 "click Export data > Content (per post, CSV): it has Reach, Likes, Comments, Shares and Saves.",
    "LinkedIn": "On your LinkedIn page, open Analytics > Content, set the period and click Export; save the file as "
                ".xlsx and upload it (the 'All posts' sheet has Impressions, Clicks, Likes, Comments and Reposts). "
                "For a personal profile, export Analytics > Post impressions (.xlsx).",
    "YouTube": "In YouTube Studio, open Analytics > Advanced mode (See more), choose Content, add the metrics Likes, "
               "Comments added and Shares with the metric picker above the table, then click Export current view > "
               "Comma-separated values (.csv) and upload 'Table data.csv' from the zip.",
    "TikTok": "In TikTok Studio, open Analytics > Content, set the period and click Download data; upload "
              "Content.csv (one row per video, with Total views, Total likes, Total comments, Total shares).",
}
_GENERIC_ADVICE = ("Export the per-post analytics of your account (one row per post) with a date, impressions, reach or "
                   "views, and at least one of likes, comments, shares or clicks; or map the columns by hand "
                   "(mapping={'impressions': 'Your header', ...}).")

#: Impossible pairs: (smaller, larger, why). Rows breaking one follow ``on_impossible``.
PAIR_RULES: tuple[tuple[str, str, str], ...] = (
    ("reach", "impressions", "every person reached saw the post at least once"),
    ("likes", "impressions", "every like needs someone who saw the post"),
    ("comments", "impressions", "every comment needs someone who saw the post"),
    ("clicks", "impressions", "every click needs the post to be shown"),
    ("shares", "impressions", "every share needs someone who saw the post"),
    ("likes", "views", "every like needs someone who watched"),
    ("comments", "views", "every comment needs someone who watched"),
    ("conversions", "clicks", "a conversion is counted after a click"),
)
#: Platforms whose views count every viewer (video platforms): only there can views bound likes and comments.
_VIEW_BOUND = ("YouTube", "TikTok")


def describe(platform: str, kind: str, raw: pd.DataFrame) -> str:
    """A short name of what the file is: ``"a YouTube Studio table (Table data.csv)"``..."""
    info = raw.attrs.get("upload", {})
    columns = {key(c) for c in raw.columns}
    if platform == "YouTube" and "videopublishtime" in columns:
        return "a YouTube Studio table export (Table data.csv)"
    if platform == "TikTok":
        return "a TikTok Studio daily overview (Overview.csv)" if kind == "daily" else "a TikTok Studio export"
    if platform == "LinkedIn" and info.get("sheet"):
        return f"the sheet {info['sheet']!r} of a LinkedIn workbook" + (": daily account totals" if kind == "daily"
                                                                         else "")
    if platform == "Unknown" or "," in platform:
        return "a table with a platform column (one platform per row)"
    article = "an" if platform[:1] in "AEIOUX" else "a"
    if kind == "daily":
        return f"{article} {platform} daily account file"
    if kind == "campaigns":
        return f"{article} {platform} ads report (one row per campaign or ad)"
    return f"{article} {platform} export"


def refuse_message(file: str, platform: str, kind: str, raw: pd.DataFrame, found: Mapping[str, str],
                   missing: str) -> str:
    what = describe(platform, kind, raw)
    from utils.nb13.reading import _data_hint

    has = ", ".join(f"{f} ({c!r})" for f, c in found.items() if f in FIELDS and f != "platform") or "none"
    shown = ", ".join(repr(c) for c in raw.columns[:40]) + (" ..." if len(raw.columns) > 40 else "")
    return (f"{file}: this is {what}, but it has no {missing}, so the course cannot compute engagement from it "
            f"(required fields are missing). Course fields found: {has}. Headers seen: {shown}. If one of them holds "
            f"the missing field, map it by hand (mapping={{'{missing.split()[0].rstrip(',')}': 'Your header'}} or "
            f"the panel's dropdowns)."
            f"{_data_hint(list(raw.columns))} What to export instead: {EXPORT_ADVICE.get(platform, _GENERIC_ADVICE)}")


def _check_mapping(raw: pd.DataFrame, mapping: Any, file: str) -> dict[str, str]:
    if not isinstance(mapping, Mapping):
        raise UploadError(f"mapping must be a dict {{course field: column}}, got {type(mapping).__name__}",
                          "mapping")
    chosen: dict[str, str] = {}
    users: dict[str, str] = {}
    for field, column in mapping.items():
        if column is None or column == "" or column == "__none__":
            continue
        if not isinstance(column, str) or column not in raw.columns:
            shown = ", ".join(repr(c) for c in raw.columns[:30])
            raise UploadError(f"{file}: mapping: {field} is mapped to {column!r}, which is not a column of this "
                              f"file; its columns are {shown}.", "mapping")
        if column in users:
            raise UploadError(f"{file}: mapping: the column {column!r} is mapped to both {users[column]} and "
                              f"{field}; each column can hold one field.", "mapping")
        users[column] = field
        chosen[field] = column
    return chosen


def _drop_non_posts(raw: pd.DataFrame, chosen: Mapping[str, str], notes: list[str]) -> np.ndarray:
    """Rows to keep: not a ``Total`` row, not an X ``/status/undefined`` row."""
    keep = np.ones(len(raw), dtype=bool)
    first = raw.columns[0] if len(raw.columns) else None
    if first is not None:
        totals = raw[first].map(lambda v: isinstance(v, str) and key(v) in _TOTAL_WORDS).to_numpy(dtype=bool)
        if totals.any():
            rows = ", ".join(str(r) for r in raw.index[totals][:5])
            notes.append(f"Left out {int(totals.sum())} total row(s) (row {rows}): they add up the posts, they are "
                         f"not a post.")
            keep &= ~totals
    link = chosen.get("link")
    if link is not None:
        undefined = raw[link].map(lambda v: isinstance(v, str) and v.strip().rstrip("/").endswith(
            "/status/undefined")).to_numpy(dtype=bool)
        if undefined.any():
            notes.append(f"Left out {int(undefined.sum())} empty row(s) whose link ends in '/status/undefined' (X "
                         f"writes them into the export; they are not posts).")
            keep &= ~undefined
    return keep


def apply_mapping(raw: pd.DataFrame, mapping: Mapping[str, str | None], *, platform: str, kind: str = "posts",
                  date_order: str = "auto", year: int | None = None, on_impossible: str = "drop",
                  daily_field: str | None = None) -> pd.DataFrame:
    """Turn a raw table into typed rows in the course's fields.

    ``mapping`` maps fields to the file's column names (auxiliary fields such as
    ``link`` and ``daily_value`` may be included); ``platform`` labels the rows
    (a mapped ``platform`` column labels each row itself); ``kind`` is
    ``"posts"``, ``"campaigns"`` or ``"daily"``; ``year`` completes dates written
    without one; ``daily_field`` names the metric of a daily file's ``daily_value``
    column (``"reach"``...).

    Posts and campaigns: one row per post (``posted_at``), daily files: one
    row per day (``date``). Then the mapped counts (``int64``), money
    (``float64``) and ``source_row``. ``attrs["upload"]`` adds ``kind``,
    ``platform``, ``mapping``, ``rows_read``, ``rows_used``, ``first``, ``last``
    and the ``notes``.
    """
    if not isinstance(raw, pd.DataFrame):
        raise UploadError(f"raw must be the table returned by read_table, got {type(raw).__name__}", "argument")
    if not raw.columns.is_unique or not all(isinstance(c, str) for c in raw.columns):
        raise UploadError("raw must have unique text headers (use read_table to read the file)", "argument")
    info = dict(raw.attrs.get("upload", {}))
    file = info.get("file", "the file")
    if date_order not in DATE_ORDERS:
        raise UploadError(f"date_order must be one of {', '.join(DATE_ORDERS)}; got {date_order!r}", "argument")
    if on_impossible not in ("drop", "raise"):
        raise UploadError(f"on_impossible must be 'drop' or 'raise'; got {on_impossible!r}", "argument")
    if kind not in KINDS:
        raise UploadError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}", "argument")
    if year is not None and (isinstance(year, bool) or not isinstance(year, (int, np.integer))
                             or not 1990 <= int(year) <= 2100):
        raise UploadError(f"year must be a whole number between 1990 and 2100, such as 2025; got {year!r}",
                          "argument")
    chosen = _check_mapping(raw, mapping, file)
    if "posted_at" not in chosen and "period" in chosen:
        chosen["posted_at"] = chosen.pop("period")
    if kind == "daily" and "daily_value" in chosen:
        field = daily_field or "views"
        if field in chosen:
            raise UploadError(f"{file}: the daily value column {chosen['daily_value']!r} and {chosen[field]!r} are "
                              f"both {field}; map one of them only.", "mapping")
        chosen[field] = chosen.pop("daily_value")
    bases = [f for f in BASE_FIELDS if f in chosen]
    engaged = [f for f in ENGAGEMENT_FIELDS if f in chosen] or (["engagements"] if "engagements" in chosen else [])
    if kind == "daily":
        if "posted_at" not in chosen:
            raise UploadError(f"{file}: this daily file has no date column; map posted_at to the column with the "
                              f"days.", "missing_fields")
        if not bases and not engaged:
            raise UploadError(refuse_message(file, platform, kind, raw, chosen,
                                             "reach, impressions, views or engagement column"), "missing_fields")
    elif not bases or not engaged:
        missing = ("impressions, reach or views column" if not bases else
                   "likes, comments, shares or clicks column (the course needs at least one of them)")
        raise UploadError(refuse_message(file, platform, kind, raw, chosen, missing), "missing_fields")
    notes = list(info.get("notes", []))
    rows_read = len(raw)
    keep = _drop_non_posts(raw, chosen, notes)
    subset_raw = raw.loc[keep]
    out: dict[str, Any] = {}
    if "posted_at" in chosen:
        dates, date_notes, no_date = _parse_dates(subset_raw[chosen["posted_at"]], chosen["posted_at"], file,
                                                 date_order, bool(info.get("dayfirst_hint", False)),
                                                 None if year is None else int(year))
        notes += date_notes
        if no_date:
            shown = ", ".join(str(r) for r in no_date[:5]) + (" ..." if len(no_date) > 5 else "")
            notes.append(f"Left out {len(no_date)} row(s) without a date (a 'Total' row, say): row(s) {shown}.")
        has_date = dates.notna().to_numpy()
        if not has_date.any():
            raise UploadError(f"{file}: no row has a date in {chosen['posted_at']!r}.", "no_rows")
        subset_raw = subset_raw.loc[has_date]
        out["posted_at"] = dates.to_numpy()[has_date]
    else:
        notes.append("The file has no post dates, so no date range can be shown"
                     + (f" (it keeps only the month, in {chosen.get('post_month', 'Post Month')!r})."
                        if "post_month" in raw.columns or "post_month" in chosen else "."))
    if subset_raw.empty:
        raise UploadError(f"{file}: no rows are left to read (all were totals or empty rows).", "no_rows")
    if "platform" in chosen:
        labels = subset_raw[chosen["platform"]].map(lambda v: _platform_label(v, platform))
        out["platform"] = labels.to_numpy()
    else:
        out["platform"] = np.full(len(subset_raw), platform, dtype=object)
    if "content_type" in chosen and kind != "daily":
        out["content_type"] = subset_raw[chosen["content_type"]].map(_content_type).to_numpy()
    for field in (*COUNT_FIELDS, *MONEY_FIELDS, *SIGNED_FIELDS):
        if field not in chosen:
            continue
        column = chosen[field]
        values, blanks = _parse_numbers(subset_raw[column], field, column, file)
        if field not in SIGNED_FIELDS:
            bad = np.flatnonzero(values < 0)
            if bad.size:
                what = "counts" if field in COUNT_FIELDS else "amounts of money"
                raise UploadError(f"{file}: {field} (column {column!r}) has a negative value, "
                                  f"{subset_raw[column].iloc[bad[0]]!r}, on row {subset_raw.index[bad[0]]}; {what} "
                                  f"are 0 or more. Correct that cell (or export the file again), or map {field} to "
                                  f"the column that holds it.", "negative")
        if field not in MONEY_FIELDS:
            fractional = np.flatnonzero(values != np.floor(values))
            if fractional.size:
                raise UploadError(f"{file}: {field} (column {column!r}) must be whole numbers (it is a count), but "
                                  f"row {subset_raw.index[fractional[0]]} has "
                                  f"{subset_raw[column].iloc[fractional[0]]!r}.", "not_a_number")
        limit = 1e15 if field not in MONEY_FIELDS else 1e13
        if values.size and np.abs(values).max() > limit:
            big = int(np.argmax(np.abs(values)))
            raise UploadError(f"{file}: {field} (column {column!r}) has an implausibly large value on row "
                              f"{subset_raw.index[big]} ({subset_raw[column].iloc[big]!r}); check the column.",
                              "not_a_number")
        if blanks:
            notes.append(f"{blanks} empty cell(s) in {column!r} ({field}) were read as 0.")
        out[field] = values
    frame = pd.DataFrame(out, index=subset_raw.index)
    frame["source_row"] = subset_raw.index.to_numpy()
    frame = _apply_pair_rules(frame, file, on_impossible, notes, platform in _VIEW_BOUND)
    for field in (*COUNT_FIELDS, *SIGNED_FIELDS):
        if field in frame:
            frame[field] = frame[field].astype("int64")
    for field in MONEY_FIELDS:
        if field in frame:
            frame[field] = frame[field].astype("float64")
    ordered = ["platform", "posted_at", "content_type", *[f for f in FIELDS[3:] if f in frame], "source_row"]
    frame = frame[[c for c in ordered if c in frame]].reset_index(drop=True)
    if "posted_at" in frame:
        frame["posted_at"] = frame["posted_at"].astype("datetime64[ns]")
        if kind == "daily":
            frame = frame.rename(columns={"posted_at": "date"})
    dates = frame["date"] if kind == "daily" else frame.get("posted_at")
    info.update(kind=kind, platform=platform, mapping={f: c for f, c in chosen.items()}, rows_read=rows_read,
                rows_used=len(frame), notes=notes,
                first=None if dates is None else dates.min(), last=None if dates is None else dates.max())
    frame.attrs["upload"] = info
    return frame


def _platform_label(value: Any, default: str) -> str:
    from utils.nb13.detect import platform_name

    text = _text(value)
    if not text or text.casefold() in _BLANK_TOKENS:
        return default
    return platform_name(text) or text


def _apply_pair_rules(frame: pd.DataFrame, file: str, on_impossible: str, notes: list[str],
                      views_bound: bool = False) -> pd.DataFrame:
    from utils.shared.plotting import num

    broken = np.zeros(len(frame), dtype=bool)
    found: list[str] = []
    for small, large, why in PAIR_RULES:
        if large == "views" and not views_bound:
            continue
        if small in frame and large in frame:
            bad = (frame[small] > frame[large]).to_numpy()
            if bad.any():
                first = int(np.flatnonzero(bad)[0])
                row = frame["source_row"].iloc[first]
                example = (f"{small} ({num(frame[small].iloc[first])}) > {large} ({num(frame[large].iloc[first])})"
                           f" on row {row}")
                if on_impossible == "raise":
                    raise UploadError(f"{file}: {small} cannot exceed {large} ({why}), but {example}"
                                      f"{f' and {int(bad.sum()) - 1} more row(s)' if bad.sum() > 1 else ''}. Check "
                                      f"the mapping of {small} and {large}.", "impossible_pair")
                found.append(f"{int(bad.sum())} with {small} > {large} (e.g. {example})")
                broken |= bad
    if broken.all():
        raise UploadError(f"{file}: every row breaks a rule ({'; '.join(found)}). The columns are probably mapped "
                          f"to the wrong fields: check the mapping.", "impossible_pair")
    if broken.any():
        notes.append(f"Left out {int(broken.sum())} row(s) that cannot be right: {'; '.join(found)}.")
    return frame.loc[~broken]


__all__ = ["DATE_ORDERS", "EXPORT_ADVICE", "KINDS", "PAIR_RULES", "apply_mapping", "describe", "refuse_message"]
