"""Bring your own data: read a real platform export into the course's fields, safely.

The entry points of notebook 13:

    posts = read_export(content, "Table data.csv")      # one row per post (or per day), with `platform`
    posts = read_export(content, "Content.csv", year=2025)           # dates without a year
    posts = read_export(content, "mine.csv", platform="Instagram",   # override the detected platform
                        mapping={"likes": "Hearts"})                 # map a header by hand
    summarise(posts)                                    # pooled rates, each on its platform's base

The work is split by step, one module each:

* :mod:`utils.nb13.reading`: bytes -> tables (encodings, ``sep=``, title lines,
  two-line headers, workbook sheets, side-by-side tables);
* :mod:`utils.nb13.headers`: the header table ``data/formats/export_headers.csv``
  and the mapping to fields (``mapping=`` overrides);
* :mod:`utils.nb13.detect`: which platform and what kind of file (posts,
  campaigns, daily account totals), weighing all the evidence; a tie is a
  question (:class:`PlatformQuestion`), ``platform=`` always wins;
* :mod:`utils.nb13.values` and :mod:`utils.nb13.convert`: typed, checked values;
  files that cannot give the course's metrics are refused with what to export;
* :mod:`utils.nb13.summary` and :mod:`utils.nb13.daily`: the numbers.

Safety: nothing the learner uploads is executed, evaluated or imported; the file
name is only used for its extension and in messages. The only thing written is
:func:`save_clean`: a CSV under ``utils.shared.config.OUTPUT_DIR/byod/`` with a
sanitised name and spreadsheet formulas neutralised.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from utils.shared import config
from utils.shared.safe_csv import to_safe_csv
from utils.nb13 import convert, detect, headers
from utils.nb13.values import _is_blank
from utils.nb13.convert import DATE_ORDERS, EXPORT_ADVICE, KINDS, PAIR_RULES
from utils.nb13.daily import ACCOUNT_TOTALS, draw_daily, summarise_daily
from utils.nb13.errors import AUTO, NOT_USED, UPLOAD, NoFileYet, PlatformQuestion, UploadError
from utils.nb13.headers import (COUNT_FIELDS, ENGAGEMENT_FIELDS, FIELD_MEANINGS, FIELDS, MONEY_FIELDS,
                                detect_mapping as _detect_mapping, key as header_key)
from utils.nb13.reading import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, _as_bytes, _size, read_tables
from utils.nb13.summary import RATE_BASES, summarise, summary_frame, summary_rows
from utils.shared.validation import check_choice

__all__ = [
    "ACCOUNT_TOTALS", "AUTO", "COUNT_FIELDS", "DATE_ORDERS", "ENGAGEMENT_FIELDS", "EXAMPLES", "EXPORT_ADVICE",
    "FIELDS", "FIELD_MEANINGS", "KINDS", "MAX_BYTES", "MAX_COLUMNS", "MAX_ROWS", "MONEY_FIELDS", "NOT_USED",
    "NoFileYet", "PAIR_RULES", "PLATFORM_CHOICES", "PlatformQuestion", "RATE_BASES", "UPLOAD", "UploadError",
    "apply_mapping", "check_examples", "choose_table", "columns_of", "detect_mapping", "draw_daily",
    "example_file", "guess_platform", "header_key", "mapping_html", "read_export", "read_table", "safe_filename",
    "save_clean", "summarise", "summarise_daily", "summary_frame", "summary_rows", "tables_of", "upload_rows", "upload_view",
]

#: Platforms the learner can choose (the override).
PLATFORM_CHOICES: tuple[str, ...] = headers.PLATFORM_NAMES

#: The example files shipped with the course (all synthetic): key -> (label, path under DATA_DIR).
EXAMPLES: dict[str, tuple[str, str]] = {
    "course": ("Course format: data/posts.csv (Brightleaf, synthetic)", "posts.csv"),
    "meta": ("Meta (Facebook) style export: ; separated, day-first dates", "examples/meta_facebook_posts.csv"),
    "x": ("X (Twitter) analytics style export", "examples/x_tweet_activity.csv"),
    "linkedin": ("LinkedIn style export (.xlsx, title row)", "examples/linkedin_posts.xlsx"),
    "tiktok": ("TikTok Studio Content.csv (dates without a year)", "examples/tiktok_content.csv"),
    "daily": ("Instagram daily views (Meta Business Suite, UTF-16)", "examples/instagram_views_daily.csv"),
    "broken": ("A broken export (text in a number column)", "examples/broken_export.csv"),
}


def detect_mapping(columns: Sequence[Any], platform: str | None = None) -> dict[str, str]:
    """``{course field: column}`` for the course's fields found in these headers (see :mod:`utils.nb13.headers`)."""
    return headers.course_fields(_detect_mapping(columns, platform))


def guess_platform(columns: Sequence[Any]) -> str | None:
    """The platform whose export uses these headers, from the headers alone, or None when they do not tell."""
    frame = pd.DataFrame(columns=[c for c in columns if isinstance(c, str)])
    try:
        return detect.detect_platform(frame)[0]
    except PlatformQuestion:
        return None


# --------------------------------------------------------------------------- #
# Choosing the table of a file
# --------------------------------------------------------------------------- #
def _table_score(raw: pd.DataFrame) -> tuple[bool, bool, int]:
    found = _detect_mapping(raw.columns)
    base = any(f in found for f in ("impressions", "reach", "views", "daily_value"))
    engaged = any(f in found for f in (*ENGAGEMENT_FIELDS, "engagements"))
    posts = any(f in found for f in ("post_id", "link", "text"))
    return base and engaged, posts, len(found)


def _label(raw: pd.DataFrame) -> str:
    return str(raw.attrs["upload"].get("sheet") or raw.attrs["upload"]["file"])


def choose_table(tables: Sequence[pd.DataFrame], sheet: str | None = None) -> pd.DataFrame:
    """The table to read: the one named ``sheet``, else the most complete (base + engagement, posts first)."""
    if sheet is not None:
        names = [_label(t) for t in tables]
        for table, name in zip(tables, names):
            if name == sheet or name.casefold() == str(sheet).strip().casefold():
                return table
        raise UploadError(f"{tables[0].attrs['upload']['file']}: there is no sheet {sheet!r}; the tables are "
                          f"{', '.join(repr(n) for n in names)}.", "argument")
    best = max(range(len(tables)), key=lambda i: (_table_score(tables[i]), -i))
    chosen = tables[best]
    sheets = chosen.attrs["upload"].get("sheets") or []
    if len(tables) == 1 and len(sheets) > 1:
        chosen.attrs["upload"]["notes"].insert(0, f"Read the table {_label(chosen)!r} (the other sheets hold no "
                                                  f"table).")
    if len(tables) > 1:
        others = [_label(t) for i, t in enumerate(tables) if i != best]
        chosen.attrs["upload"]["notes"].insert(0, f"Read the table {_label(chosen)!r}, the one with the course's "
                                                  f"metrics; the others ({', '.join(others)}) can be read with "
                                                  f"sheet='...' (or the panel's Sheet control).")
    return chosen


def read_table(content: Any, filename: str, *, max_bytes: int = MAX_BYTES, sheet: str | None = None) -> pd.DataFrame:
    """The raw cells of the file's table (see :func:`utils.nb13.reading.read_tables` and :func:`choose_table`)."""
    return choose_table(read_tables(content, filename, max_bytes=max_bytes), sheet)


# --------------------------------------------------------------------------- #
# Reading an export
# --------------------------------------------------------------------------- #
def _resolve(raw: pd.DataFrame, filename: str, mapping: Mapping[str, Any] | None, platform: str | None,
             kind: str | None, date_order: str, year: int | None, on_impossible: str) -> pd.DataFrame:
    file = raw.attrs["upload"]["file"]
    columns = list(raw.columns)
    first = headers.apply_overrides(_detect_mapping(columns), mapping, columns, file)
    evidence: list[str] = []
    if "platform" in first and platform is None:
        chosen = "Unknown"
        evidence = [f"the column {first['platform']!r} names the platform of each row"]
    else:
        try:
            chosen, evidence = detect.detect_platform(raw, filename, platform)
        except PlatformQuestion:
            # a broken value is reported before the question (it would block the file whatever the platform)
            trial_kind = kind or detect.file_kind(first, "Unknown", raw)
            try:
                convert.apply_mapping(raw, first, platform="Unknown", kind=trial_kind, date_order=date_order,
                                      year=year, on_impossible=on_impossible,
                                      daily_field=detect.daily_metric(raw.attrs["upload"].get("title_lines", [])))
            except UploadError as exc:
                if exc.problem not in ("platform", "missing_fields", "mapping"):
                    raise
            raise
    final = headers.apply_overrides(_detect_mapping(columns, chosen if chosen != "Unknown" else None), mapping,
                                    columns, file)
    hand = {f for f, c in (mapping or {}).items() if c not in (None, "", NOT_USED)}
    for field, column in list(final.items()):
        if field not in hand and field in FIELDS and raw[column].map(_is_blank).all():
            del final[field]
            raw.attrs["upload"]["notes"].append(f"The column {column!r} is empty, so {field} was not read from it.")
    if kind is not None:
        check_choice("kind", kind, KINDS)
    file_kind = kind or detect.file_kind(final, chosen, raw)
    daily_field = None
    if file_kind == "daily" and "daily_value" in final:
        daily_field = detect.daily_metric(raw.attrs["upload"].get("title_lines", []))
        if daily_field is None:
            raise UploadError(f"{file}: a daily file whose title does not say which metric its column "
                              f"{final['daily_value']!r} holds. Map it by hand, e.g. "
                              f"mapping={{'reach': {final['daily_value']!r}}} (or 'views', 'impressions').",
                              "mapping")
    posts = convert.apply_mapping(raw, final, platform=chosen, kind=file_kind, date_order=date_order, year=year,
                                  on_impossible=on_impossible, daily_field=daily_field)
    info = posts.attrs["upload"]
    if chosen == "Unknown" and "platform" in posts:
        info["platform"] = ", ".join(str(p) for p in sorted(set(posts["platform"]))) or "Unknown"
    info["evidence"] = evidence
    info["description"] = convert.describe(chosen, file_kind, raw)
    info["columns"] = columns
    if file_kind == "daily":
        info["notes"].insert(0, f"This file holds {ACCOUNT_TOTALS}: one row per day, the account's total.")
    if chosen == "YouTube" and "subscribers_net" in posts:
        info["notes"].append("YouTube's 'Subscribers' is the net change per video (gained minus lost, can be "
                             "negative), not a follower count.")
    if chosen == "YouTube" and "thumbnail_impressions" in posts:
        info["notes"].append("YouTube's 'Impressions' count thumbnails shown, not views: the engagement rate uses "
                             "views as its base.")
    return posts


def read_export(content: Any, filename: str, *, mapping: Mapping[str, Any] | None = None,
                platform: str | None = None, year: int | None = None, date_order: str = "auto",
                sheet: str | None = None, kind: str | None = None, on_impossible: str = "drop",
                max_bytes: int = MAX_BYTES) -> pd.DataFrame:
    """Read an export (CSV or .xlsx bytes) into one row per post (or per day) in the course's fields.

    ``mapping``: ``{field: column}`` to map a header by hand, ``{field: None}``
    to leave a field out; ``platform``: the learner's override of the detected
    platform; ``year``: the year of dates written without one (TikTok's
    ``"July 16"``); ``date_order``: ``"auto"``, ``"dmy"`` or ``"mdy"`` for
    dates like ``03/04/2025``; ``sheet``: which table of a workbook;
    ``kind``: ``"posts"``, ``"campaigns"`` or ``"daily"`` (detected).

    Returns a frame with ``platform``, ``posted_at`` (``date`` for daily
    files), the fields found and ``source_row``; ``attrs["upload"]`` holds
    ``kind``, ``platform``, ``evidence``, ``description``, ``mapping``,
    ``first`` and ``last`` (the date range, to confirm), ``rows_read``,
    ``rows_used`` and the ``notes``. Raises :class:`UploadError` naming the
    problem (``problem == "refused"`` when the file cannot give the course's
    metrics, with what to export instead) and :class:`PlatformQuestion` when
    the platform must be chosen.

    >>> posts = read_export(b"Date,Impressions,Likes\\n05/01/2025,1.000,20\\n", "mine.csv", date_order="dmy",
    ...                     platform="X")
    >>> str(posts["posted_at"].iloc[0]), int(posts["impressions"].iloc[0]), int(posts["likes"].iloc[0])
    ('2025-01-05 00:00:00', 1000, 20)
    """
    raw = read_table(content, filename, max_bytes=max_bytes, sheet=sheet)
    return _resolve(raw, filename, mapping, platform, kind, date_order, year, on_impossible)


def apply_mapping(raw: pd.DataFrame, mapping: Mapping[str, str | None], *, date_order: str = "auto",
                  platform: str | None = None, year: int | None = None, kind: str | None = None,
                  on_impossible: str = "drop") -> pd.DataFrame:
    """:func:`read_export`'s steps after reading, on a table from :func:`read_table` and a full mapping.

    ``mapping`` replaces the detected one: fields it does not name are left out.
    """
    if not isinstance(raw, pd.DataFrame):
        raise UploadError(f"raw must be the table returned by read_table, got {type(raw).__name__}", "argument")
    if not isinstance(mapping, Mapping):
        raise UploadError(f"mapping must be a dict {{course field: column}}, got {type(mapping).__name__}",
                          "mapping")
    for field in mapping:
        if field not in FIELDS and field not in headers.AUX_FIELDS:
            raise UploadError(f"mapping: {field!r} is not a course field; the fields are {', '.join(FIELDS)}",
                              "mapping")
    full: dict[str, Any] = {f: None for f in FIELDS if f not in mapping}
    full.update(mapping)
    return _resolve(raw, raw.attrs.get("upload", {}).get("file", ""), full, platform, kind, date_order, year,
                    on_impossible)


# --------------------------------------------------------------------------- #
# Saving a cleaned copy
# --------------------------------------------------------------------------- #
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def safe_filename(name: Any) -> str:
    """A harmless file name ending in ``.csv``: ``"../../etc/My export!.xlsx"`` -> ``"My_export.csv"``.

    Keeps the last path component only, letters, digits, ``-`` and ``_``
    (other characters become ``_``), at most 80 characters, never hidden (no
    leading dot) and never a reserved device name. Raises ``ValueError`` when
    nothing usable is left and ``TypeError`` for non-text names.
    """
    import unicodedata

    if not isinstance(name, str):
        raise TypeError(f"name must be text such as 'my_posts', got {type(name).__name__}")
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", name))[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.strip(".") else base
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem)
    stem = re.sub(r"_+", "_", stem).strip("_-.")[:80].strip("_-")
    if not stem:
        raise ValueError(f"name {name!r} has no letters or digits to build a file name from; use e.g. 'my_posts'")
    if stem.lower() in _RESERVED:
        stem = f"file_{stem}"
    return f"{stem}.csv"


def save_clean(posts: pd.DataFrame, name: str) -> Path:
    """Write the cleaned posts as CSV under ``utils.shared.config.OUTPUT_DIR/byod/`` and return the path.

    The file name comes from :func:`safe_filename` (no folders, no path
    traversal); every text cell is neutralised against spreadsheet formulas by
    :func:`utils.shared.safe_csv.to_safe_csv` (a cell starting with ``=``, ``+``,
    ``-``, ``@``, tab or carriage return gets a leading ``'``). Nothing is
    written anywhere else.
    """
    if not isinstance(posts, pd.DataFrame):
        raise TypeError(f"posts must be a pandas DataFrame (from read_export), got {type(posts).__name__}")
    folder = Path(config.OUTPUT_DIR) / "byod"
    target = folder / safe_filename(name)
    root = Path(config.OUTPUT_DIR).resolve()
    if target.is_symlink() or folder.is_symlink() or not target.resolve().is_relative_to(root):
        raise ValueError(f"refusing to write {target}: it would land outside the course's output folder {root}")
    return to_safe_csv(posts, target)


# --------------------------------------------------------------------------- #
# The upload panel's pure function
# --------------------------------------------------------------------------- #
_CACHE: OrderedDict[tuple[str, str, int], list[pd.DataFrame]] = OrderedDict()
_VIEWS: OrderedDict[tuple[str, ...], dict[str, Any]] = OrderedDict()


def _copy(raw: pd.DataFrame) -> pd.DataFrame:
    out = raw.copy()
    info = raw.attrs["upload"]
    out.attrs = {"upload": {**info, "notes": list(info["notes"]), "title_lines": list(info.get("title_lines", []))}}
    return out


def _tables_cached(content: bytes, filename: str) -> list[pd.DataFrame]:
    cache_key = (hashlib.sha256(content).hexdigest(), filename, MAX_BYTES)
    if cache_key in _CACHE:
        _CACHE.move_to_end(cache_key)
    else:
        _CACHE[cache_key] = read_tables(content, filename)
        while len(_CACHE) > 6:
            _CACHE.popitem(last=False)
    return [_copy(t) for t in _CACHE[cache_key]]


def example_file(key: str) -> tuple[bytes, str]:
    """The bytes and file name of a shipped example (:data:`EXAMPLES`), read from ``utils.shared.config.DATA_DIR``."""
    check_choice("sample", key, tuple(EXAMPLES))
    path = Path(config.DATA_DIR) / EXAMPLES[key][1]
    if not path.exists():
        raise FileNotFoundError(f"example file {path} is missing: restore it with `git checkout data/`")
    return path.read_bytes(), path.name


def check_examples() -> str:
    """Check that every shipped example export is present; raise ``FileNotFoundError`` naming the fix."""
    missing = [EXAMPLES[key][1] for key in EXAMPLES if not (Path(config.DATA_DIR) / EXAMPLES[key][1]).exists()]
    if missing:
        raise FileNotFoundError(
            f"example file(s) {', '.join(missing)} missing from {config.DATA_DIR}: restore them with "
            f"`git checkout data/` (the notebook's exercises and panel read them).")
    headers.header_table()
    return f"{len(EXAMPLES)} example files present"


def _source(sample: Any, upload: Any) -> tuple[bytes, str]:
    if sample != UPLOAD:
        return example_file(sample)
    files = list(upload.values()) if isinstance(upload, Mapping) else list(upload or ())
    if not files:
        raise NoFileYet("No file uploaded yet: click 'Upload' and choose your export (.csv or .xlsx, at most "
                        f"{_size(MAX_BYTES)}), or pick an example file.")
    first = files[0]
    if not isinstance(first, Mapping) or "content" not in first:
        raise UploadError("the upload widget returned something unexpected; upload the file again", "argument")
    return _as_bytes(first["content"]), str(first.get("name", "upload"))


def columns_of(sample: Any, upload: Any = (), sheet: str | None = None, platform: str | None = None
               ) -> tuple[list[str], dict[str, str]]:
    """The chosen file's headers and the detected mapping of them (``([], {})`` if it cannot be read)."""
    try:
        raw = choose_table(_tables_cached(*_source(sample, upload)), sheet)
    except (ValueError, TypeError, FileNotFoundError):
        return [], {}
    columns = [str(c) for c in raw.columns]
    if platform in (None, AUTO):
        try:
            platform = detect.detect_platform(raw, raw.attrs["upload"]["file"])[0]
        except PlatformQuestion:
            platform = None
    return columns, detect_mapping(columns, platform)


def tables_of(sample: Any, upload: Any = ()) -> list[str]:
    """The names of the chosen file's tables (sheets; ``[]`` if it cannot be read)."""
    try:
        return [_label(t) for t in _tables_cached(*_source(sample, upload))]
    except (ValueError, TypeError, FileNotFoundError):
        return []


def upload_view(sample: str = "course", upload: Any = (), date_order: str = "auto", year: Any = AUTO,
                platform: str = AUTO, sheet: str = AUTO, **fields: Any) -> dict[str, Any]:
    """The upload dashboard of notebook 13: read a file, map its columns, summarise it.

    ``sample``: a key of :data:`EXAMPLES`, or :data:`UPLOAD` to use ``upload``
    (the value of an ``ipywidgets.FileUpload``). ``year``: the year of dates
    without one (:data:`AUTO`: none given). ``platform``: :data:`AUTO` (detected)
    or a platform name. ``sheet``: :data:`AUTO` or a table name. Each course
    field may be given as a keyword: :data:`AUTO` (detected), :data:`NOT_USED`
    or a column name. Returns ``file``, ``kind``, ``platform``, ``evidence``,
    ``description``, ``columns``, ``detected``, ``mapping``, ``posts``,
    ``summary``, ``first``/``last`` dates, ``rows_read``/``rows_used`` and
    ``notes``. Raises :class:`UploadError` for a bad file,
    :class:`PlatformQuestion` when the platform must be chosen, :class:`NoFileYet`
    before anything is uploaded.
    """
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise TypeError(f"unknown field(s) {unknown}; the fields are {', '.join(FIELDS)}")
    if sample != UPLOAD:
        check_choice("sample", sample, (*EXAMPLES, UPLOAD))
    check_choice("date_order", date_order, DATE_ORDERS)
    if platform != AUTO:
        check_choice("platform", platform, PLATFORM_CHOICES)
    content, filename = _source(sample, upload)
    tables = _tables_cached(content, filename)
    raw = choose_table(tables, None if sheet == AUTO else sheet)
    overrides: dict[str, str | None] = {}
    for field, choice in fields.items():
        if choice != AUTO:
            overrides[field] = None if choice == NOT_USED else choice
    chosen_year = None if year in (AUTO, None, "") else int(year)
    chosen_platform = None if platform == AUTO else platform
    view_key = (hashlib.sha256(content).hexdigest(), filename, repr(sorted(overrides.items(), key=str)),
                date_order, repr(chosen_year), repr(chosen_platform), repr(sheet))
    if view_key not in _VIEWS:
        posts = _resolve(raw, filename, overrides, chosen_platform, None, date_order, chosen_year, "drop")
        info = posts.attrs["upload"]
        summary = summarise(posts)
        if info["kind"] != "daily" and summary.loc["All", "engagements"] > summary.loc["All", "base_total"]:
            info["notes"].append(f"There are more engagements than {summary.loc['All', 'base']}: check that the base and "
                                 f"the engagement columns are mapped to the right headers.")
        _VIEWS[view_key] = {
            "file": info["file"], "kind": info["kind"], "platform": info["platform"],
            "evidence": list(info.get("evidence", [])), "description": info.get("description", ""),
            "columns": list(raw.columns), "tables": [_label(t) for t in tables], "sheet": _label(raw),
            "detected": detect_mapping(list(raw.columns), None if info["platform"] == "Unknown" else info["platform"]),
            "mapping": headers.course_fields(info["mapping"]), "posts": posts, "summary": summary,
            "rows_read": info["rows_read"], "rows_used": info["rows_used"], "first": info["first"],
            "last": info["last"], "notes": list(info["notes"])}
        while len(_VIEWS) > 16:
            _VIEWS.popitem(last=False)
    _VIEWS.move_to_end(view_key)
    view = dict(_VIEWS[view_key])
    view.update(posts=view["posts"].copy(), summary=view["summary"].copy(), notes=list(view["notes"]))
    view["summary"].attrs = dict(_VIEWS[view_key]["summary"].attrs)
    return view


def _period(view: Mapping[str, Any]) -> str:
    first, last = view.get("first"), view.get("last")
    if first is None or pd.isna(first):
        return "no dates in the file"
    return f"{first:%Y-%m-%d} to {last:%Y-%m-%d} (check that this is the period you exported)"


def upload_rows(view: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The panel's table: the file, what it is, the platform, the rows used, the date range, then the numbers."""
    unit = {"daily": "days", "campaigns": "campaigns"}.get(view["kind"], "posts")
    return [
        ("File", f"{view['file']}" + (f" (table {view['sheet']!r})" if len(view.get("tables", [])) > 1 else "")),
        ("What it is", view.get("description", "")),
        ("Platform", f"{view['platform']}" + (f" ({'; '.join(view['evidence'][:3])})" if view.get("evidence") else "")),
        (f"Rows used / rows read ({unit})", f"{view['rows_used']:,} / {view['rows_read']:,}"),
        ("Dates", _period(view)),
        *summary_rows(view["summary"]),
    ]


def mapping_html(view: Mapping[str, Any]) -> str:
    """The mapping used (course field <- column) and the notes, as escaped HTML."""
    cells = "".join(
        f"<tr><td style='padding:0 8px 0 0'><code>{html.escape(field)}</code></td>"
        f"<td>{html.escape(view['mapping'][field]) if field in view['mapping'] else '<em>not used</em>'}</td></tr>"
        for field in FIELDS if field != "platform" or field in view["mapping"])
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in view["notes"])
    parts = [f"<details class='smm-mapping'><summary>Column mapping used</summary><table>{cells}</table></details>"]
    if notes:
        parts.append(f"<div class='smm-notes'><strong>Notes on the file</strong><ul>{notes}</ul></div>")
    return "".join(parts)
