"""Bring your own data: read a post export from a social platform, safely.

A learner uploads the export of their own posts (CSV or Excel, from Meta Business
Suite, Instagram, X/Twitter analytics, LinkedIn, YouTube Studio or TikTok, or a file
in the course's own ``posts.csv`` format). This module turns it into a typed table
in the course's fields, then into the metrics dashboard, or says exactly what is
wrong with the file.

    raw = read_table(content, "export.csv")       # the cells as text, headers as given
    mapping = detect_mapping(raw.columns)         # {"impressions": "Post impressions", ...}
    posts = apply_mapping(raw, mapping)           # typed, checked, in the course's fields
    posts = read_export(content, "export.csv")    # the three steps in one
    summarise(posts)                              # pooled rates per platform (utils.shared.metrics)

Fields
    ``platform``, ``posted_at``, ``content_type``, ``impressions``, ``reach``,
    ``likes``, ``comments``, ``shares``, ``clicks``, ``conversions``, ``revenue``,
    ``spend``, ``followers``. Required: ``posted_at``, ``impressions`` and at least
    one engagement count (likes, comments, shares or clicks); the rest are optional.

What is accepted
    ``.csv`` / ``.tsv`` / ``.txt`` (separator ``,`` ``;`` tab or ``|``, sniffed;
    UTF-8 with or without BOM, UTF-16 with BOM, otherwise Windows-1252/Latin-1 with
    a note) and ``.xlsx`` (read-only, cached values only: formulas are never
    evaluated and macros never run). At most :data:`MAX_BYTES` (5 MB) and
    :data:`MAX_ROWS` rows. Title rows above the header are skipped. Numbers may
    carry thousands separators (``1,234`` / ``1.234`` / ``1 234``), currency
    signs and signs; dates may be ISO (``2025-01-31 10:00``), day-first
    (``31/01/2025``), month-first (``01/31/2025``) or written out
    (``Jan 31, 2025 10:00``, ``31 January 2025``).

Policies (stated once, applied everywhere)
    * Empty cells in a count or money column (also ``-``, ``n/a``) are read as 0,
      with a note; text such as ``about 40``, ``nan`` or ``inf`` is an error.
    * Rows without a date (a "Total" row, say) are left out, with a note.
    * Counts must be whole numbers, 0 or more; money 0 or more.
    * Impossible pairs (reach, likes, comments, clicks or shares above
      impressions, conversions above clicks): with ``on_impossible="drop"`` (default) those rows are left
      out and listed in a note; with ``"raise"`` the first one is an error. If
      every row breaks a rule, it is an error either way (check the mapping).
    * Times with a time zone are converted to UTC and stored without one.

Safety
    Nothing the learner uploads is executed, evaluated or imported; the file name
    is only used for its extension and in messages. The only thing this module
    writes is :func:`save_clean`: a CSV under ``utils.shared.config.OUTPUT_DIR/byod/``
    with a sanitised file name and spreadsheet formulas neutralised
    (:func:`utils.shared.safe_csv.neutralise_cell`).

Every problem raises :class:`UploadError` (a ``ValueError``) whose message names
the file, the column, the row and the rule, and says what to do.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import hashlib
import html
import io
import math
import re
import unicodedata
import zipfile
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from utils.shared import config
from utils.shared.safe_csv import to_safe_csv
from utils.shared.config import PLATFORMS
from utils.shared.metrics import pooled_rate
from utils.shared.plotting import eur, num, pct
from utils.shared.validation import check_choice, check_count, check_nonnegative

__all__ = [
    "AUTO",
    "COUNT_FIELDS",
    "ENGAGEMENT_FIELDS",
    "EXAMPLES",
    "FIELDS",
    "MAX_BYTES",
    "MAX_ROWS",
    "MONEY_FIELDS",
    "NOT_USED",
    "NoFileYet",
    "PAIR_RULES",
    "REQUIRED",
    "UPLOAD",
    "UploadError",
    "apply_mapping",
    "check_examples",
    "columns_of",
    "detect_mapping",
    "example_file",
    "guess_platform",
    "header_key",
    "mapping_html",
    "read_export",
    "read_table",
    "safe_filename",
    "save_clean",
    "summarise",
    "summary_rows",
    "upload_rows",
    "upload_view",
]

#: Largest file accepted: 5 MB.
MAX_BYTES: int = 5 * 1024 * 1024
#: Largest number of data rows accepted.
MAX_ROWS: int = 50_000
#: Largest number of columns accepted.
MAX_COLUMNS: int = 300
#: Largest total size an .xlsx may unpack to (guards against zip bombs).
MAX_UNPACKED_BYTES: int = 100 * 1024 * 1024

#: The course's fields, in output order.
FIELDS: tuple[str, ...] = ("platform", "posted_at", "content_type", "impressions", "reach", "likes", "comments",
                           "shares", "clicks", "conversions", "revenue", "spend", "followers")
COUNT_FIELDS: tuple[str, ...] = ("impressions", "reach", "likes", "comments", "shares", "clicks", "conversions",
                                 "followers")
MONEY_FIELDS: tuple[str, ...] = ("revenue", "spend")
ENGAGEMENT_FIELDS: tuple[str, ...] = ("likes", "comments", "shares", "clicks")
#: Always required; plus at least one of :data:`ENGAGEMENT_FIELDS`.
REQUIRED: tuple[str, ...] = ("posted_at", "impressions")

#: Impossible pairs: (smaller, larger, why). Rows breaking one follow ``on_impossible``.
PAIR_RULES: tuple[tuple[str, str, str], ...] = (
    ("reach", "impressions", "every person reached saw the post at least once"),
    ("likes", "impressions", "every like needs someone who saw the post"),
    ("comments", "impressions", "every comment needs someone who saw the post"),
    ("clicks", "impressions", "every click needs the post to be shown"),
    ("shares", "impressions", "every share needs someone who saw the post"),
    ("conversions", "clicks", "a conversion is counted after a click"),
)

#: Extension -> kind of file.
EXTENSIONS: dict[str, str] = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx"}
_REFUSED_EXTENSIONS: dict[str, str] = {
    ".xls": "the old Excel format (.xls) is not supported: open it in your spreadsheet and save it as .xlsx or CSV",
    ".xlsm": "macro-enabled workbooks (.xlsm) are not accepted: save the sheet as .xlsx or CSV (without macros)",
    ".xlsb": "binary workbooks (.xlsb) are not supported: save the sheet as .xlsx or CSV",
    ".ods": "OpenDocument spreadsheets (.ods) are not supported: save the sheet as .xlsx or CSV",
    ".numbers": "Numbers files are not supported: export the sheet as CSV or Excel (.xlsx)",
}

#: Panel choices: a shipped example, or the learner's own upload.
UPLOAD = "upload"
AUTO = "__auto__"
NOT_USED = "__none__"

#: The example files shipped with the course (all synthetic): key -> (label, path under DATA_DIR).
EXAMPLES: dict[str, tuple[str, str]] = {
    "course": ("Course format: data/posts.csv (Brightleaf, synthetic)", "posts.csv"),
    "meta": ("Meta (Facebook) style export: ; separated, day-first dates", "examples/meta_facebook_posts.csv"),
    "x": ("X (Twitter) analytics style export", "examples/x_tweet_activity.csv"),
    "linkedin": ("LinkedIn style export (.xlsx, title row)", "examples/linkedin_posts.xlsx"),
    "broken": ("A broken export (text in a number column)", "examples/broken_export.csv"),
}


class UploadError(ValueError):
    """The uploaded file cannot be used; the message says what is wrong and what to do.

    ``problem`` is a short code (``"empty"``, ``"too_large"``, ``"extension"``,
    ``"binary"``, ``"encoding"``, ``"delimiter"``, ``"duplicate_headers"``,
    ``"missing_fields"``, ``"mapping"``, ``"not_a_number"``, ``"negative"``,
    ``"impossible_pair"``, ``"date"``, ``"excel"``, ``"no_rows"``, ``"too_many"``,
    ``"ragged"``, ``"argument"``).
    """

    def __init__(self, message: str, problem: str = "invalid") -> None:
        super().__init__(message)
        self.problem = problem


class NoFileYet(ValueError):
    """The panel is waiting for the learner to upload a file (not an error)."""


# --------------------------------------------------------------------------- #
# Headers and their mapping to the course's fields
# --------------------------------------------------------------------------- #
#: Known export headers per field, most specific first (compared with :func:`header_key`).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "platform": ("platform", "socialnetwork", "network", "socialchannel", "channel", "site"),
    "posted_at": ("postedat", "publishtime", "publishedtime", "publishdate", "publisheddate", "publishedat",
                  "postpublishdate", "videopublishtime", "posttime", "postdate", "postedon", "dateposted",
                  "posted", "published", "createddate", "createdtime", "createdat", "created", "creationtime",
                  "uploaddate", "datetime", "date", "time", "timestamp", "day"),
    "content_type": ("contenttype", "posttype", "mediatype", "contentformat", "format", "type", "mediaproducttype"),
    "impressions": ("impressions", "postimpressions", "totalimpressions", "impressionstotal",
                    "lifetimepostimpressions", "lifetimeposttotalimpressions", "views", "videoviews", "postviews",
                    "totalviews", "plays"),
    "reach": ("reach", "postreach", "totalreach", "reachtotal", "lifetimepostreach", "lifetimeposttotalreach",
              "accountsreached", "accountreached", "peoplereached", "uniqueimpressions", "uniqueviewers",
              "uniqueviews"),
    "likes": ("likes", "reactions", "postreactions", "likesandreactions", "totallikes", "totalreactions",
              "lifetimepostreactions", "hearts", "favorites", "favourites"),
    "comments": ("comments", "replies", "postcomments", "totalcomments", "commentsadded"),
    "shares": ("shares", "retweets", "reposts", "postshares", "totalshares", "reshares", "sharescount"),
    "clicks": ("linkclicks", "urlclicks", "websiteclicks", "clickstowebsite", "clicks", "totalclicks",
               "postclicks"),
    "conversions": ("conversions", "purchases", "websitepurchases", "orders", "totalconversions"),
    "revenue": ("revenue", "totalrevenue", "purchasevalue", "conversionvalue", "websitepurchasesconversionvalue",
                "estimatedrevenue", "sales"),
    "spend": ("spend", "amountspent", "adspend", "cost", "totalspend", "budgetspent"),
    "followers": ("followers", "followercount", "followerscount", "totalfollowers", "pagefollowers",
                  "subscribers"),
}

#: Headers that only one platform's export uses: platform -> header keys.
_PLATFORM_HINTS: dict[str, tuple[str, ...]] = {
    "X": ("tweetid", "tweetpermalink", "tweettext", "retweets", "userprofileclicks", "urlclicks",
          "detailexpands", "hashtagclicks"),
    "Facebook": ("reactions", "reactionscommentsandshares", "pageid", "pagename", "publishtime"),
    "Instagram": ("accountsreached", "saves", "profilevisits", "accountcenteraccountid"),
    "LinkedIn": ("posttitle", "postlink", "postedby", "reposts", "follows", "campaignname"),
    "YouTube": ("videotitle", "videopublishtime", "watchtimehours", "subscribers", "averageviewduration",
                "content"),
    "TikTok": ("videolink", "videoviews", "totalplaytime", "averagewatchtime", "fullvideowatchedrate"),
}

_PLATFORM_NAMES: dict[str, str] = {
    "facebook": "Facebook", "fb": "Facebook", "meta": "Facebook", "facebookpage": "Facebook",
    "instagram": "Instagram", "ig": "Instagram", "insta": "Instagram",
    "x": "X", "twitter": "X", "xtwitter": "X", "twitterx": "X",
    "linkedin": "LinkedIn", "youtube": "YouTube", "yt": "YouTube", "tiktok": "TikTok",
}

_CONTENT_TYPES: dict[str, str] = {
    **dict.fromkeys(("video", "videos", "reel", "reels", "short", "shorts", "clip", "live", "livevideo",
                     "igtv"), "video"),
    **dict.fromkeys(("image", "images", "photo", "photos", "picture", "pictures", "carousel", "carouselalbum",
                     "album", "gallery"), "image"),
    **dict.fromkeys(("text", "status", "statuses", "textpost", "tweet", "poll", "document"), "text"),
    **dict.fromkeys(("link", "links", "article", "articles", "url", "sharedlink"), "link"),
}


def header_key(header: Any) -> str:
    """A header reduced to lower-case ASCII letters and digits: ``"Post Impressions "`` -> ``"postimpressions"``.

    Accents are dropped (``"Réactions"`` -> ``"reactions"``); punctuation and spaces
    are ignored, so "Link clicks", "link_clicks" and "LINK-CLICKS" compare equal.
    """
    text = unicodedata.normalize("NFKD", str(header)).casefold()
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def _stripped_key(header: Any) -> str:
    """The key without parenthesised parts: ``"Amount spent (EUR)"`` -> ``"amountspent"``."""
    return header_key(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(header)))


def detect_mapping(columns: Sequence[Any]) -> dict[str, str]:
    """Guess which column holds each course field from the export's headers.

    Case, spaces, punctuation and units in parentheses are ignored
    (``"Amount spent (EUR)"`` matches ``spend``). Each column is used at most
    once and each field gets the most specific header found (``"Link clicks"``
    before ``"Clicks"``, ``"Impressions"`` before ``"Views"``). Returns
    ``{field: column}`` for the fields found only; adjust it by hand and pass
    it to :func:`apply_mapping`.
    """
    if isinstance(columns, (str, bytes)) or not isinstance(columns, (Sequence, pd.Index, np.ndarray)):
        raise TypeError(f"columns must be a list of header names, got {type(columns).__name__}")
    names = [c for c in columns if isinstance(c, str)]
    keys = [(header_key(c), _stripped_key(c)) for c in names]
    used: set[int] = set()
    found: dict[str, str] = {}
    for field in FIELDS:
        for synonym in SYNONYMS[field]:
            hit = next((i for i, (full, short) in enumerate(keys)
                        if i not in used and synonym in (full, short)), None)
            if hit is not None:
                used.add(hit)
                found[field] = names[hit]
                break
    return found


def guess_platform(columns: Sequence[Any]) -> str | None:
    """The platform whose export uses these headers (``"X"`` for "Tweet id", "retweets"...), or None."""
    keys = {header_key(c) for c in columns if isinstance(c, str)}
    scores = {name: len(keys.intersection(hints)) for name, hints in _PLATFORM_HINTS.items()}
    best = max(scores.values(), default=0)
    winners = [name for name, score in scores.items() if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


# --------------------------------------------------------------------------- #
# Reading the file into a table of cells
# --------------------------------------------------------------------------- #
def _display_name(filename: str) -> str:
    base = re.split(r"[\\/]", filename)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    return (base[:77] + "...") if len(base) > 80 else (base or "(no name)")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        mb = n / (1024 * 1024)
        return f"{mb:.0f} MB" if mb.is_integer() else f"{mb:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def _as_bytes(content: Any) -> bytes:
    if isinstance(content, bytes):
        return content
    if isinstance(content, (bytearray, memoryview)):
        return bytes(content)
    if isinstance(content, str):
        return content.encode("utf-8")
    raise UploadError(f"content must be the file's bytes (as read from the upload), got {type(content).__name__}",
                      "argument")


def _check_max_bytes(max_bytes: Any) -> int:
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, (int, np.integer)) or max_bytes < 1:
        raise UploadError(f"max_bytes must be a whole number of bytes, 1 or more, got {max_bytes!r}", "argument")
    return int(max_bytes)


def _decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Text, the encoding's name and notes. BOMs first, then UTF-8, then Windows-1252 / Latin-1."""
    boms = ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
            (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (with BOM)"),
            (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
    for bom, codec, label in boms:
        if data.startswith(bom):
            try:
                return data.decode(codec), label, []
            except UnicodeDecodeError as exc:
                raise UploadError(
                    f"{name}: starts like a {label} file but has invalid bytes at position {exc.start}. "
                    f"Export the file again as 'CSV UTF-8'.", "encoding") from None
    try:
        return data.decode("utf-8"), "UTF-8", []
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        # UTF-16 without a byte-order mark: every other byte of plain text is 0
        even, odd = data[0::2].count(0), data[1::2].count(0)
        codec = "utf-16-le" if odd > 0.3 * len(data) / 2 else "utf-16-be" if even > 0.3 * len(data) / 2 else None
        if codec:
            try:
                return data.decode(codec), "UTF-16", []
            except UnicodeDecodeError:
                pass
        raise UploadError(f"{name}: this is not a text (CSV) file: it holds binary data (a 0 byte at position "
                          f"{data.index(0)}). Export your data as CSV or Excel (.xlsx) and upload that.", "binary")
    try:
        text, label = data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, label = data.decode("latin-1"), "Latin-1"
    return text, label, [f"The file is not UTF-8: it was read as {label} (Western European). If some letters "
                         f"look wrong, save it as 'CSV UTF-8' and upload it again."]


#: Control characters (Unicode category Cc) other than tab, newlines, form feed and
#: vertical tab, and lone surrogates (Cs): what a text export never holds.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _check_text(text: str, name: str) -> tuple[str, list[str]]:
    """Reject binary content; drop a few stray control characters (with a note)."""
    bad = [found.start() for found in _CONTROL.finditer(text)]
    if not bad:
        return text, []
    if "\x00" in text or (len(bad) > 5 and len(bad) > 0.01 * len(text)):
        raise UploadError(f"{name}: this is not a text (CSV) file: it holds binary data ({len(bad)} control "
                          f"characters, the first at position {bad[0]}). Export your data as CSV or Excel (.xlsx) "
                          f"and upload that.", "binary")
    cleaned = _CONTROL.sub("", text)
    return cleaned, [f"Removed {len(bad)} invisible control character(s) from the file."]


_DELIMITERS: tuple[tuple[str, str], ...] = ((",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "pipe"))


def _records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """``(line number, cells)`` for every record (line numbers count from 1)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True,
                        skipinitialspace=False, strict=False)
    out: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        out.append((start, cells))
        start = reader.line_num + 1
        if len(out) > MAX_ROWS + 100:
            break
    return out


def _sniff(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()][:60]
    sample = "\n".join(lines)
    best, best_score = ",", (False, 0.0, 0)
    for delimiter, _ in _DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter, strict=False)
                    if any(c.strip() for c in r)]
        except csv.Error:
            continue
        counts = [len(r) for r in rows]
        if not counts:
            continue
        values, freq = np.unique(counts, return_counts=True)
        mode = int(values[freq == freq.max()].max())
        score = (mode > 1, round(float(freq.max()) / len(counts), 2), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _grid_from_csv(data: bytes, name: str) -> tuple[list[tuple[int, list[Any]]], dict[str, Any]]:
    text, encoding, notes = _decode(data, name)
    text, dropped = _check_text(text, name)
    notes = notes + dropped
    if not text.strip():
        raise UploadError(f"{name}: the file has no content (only blank space). Export your posts again.", "empty")
    start = text.lstrip()[:200].lower()
    kinds = (("<!doctype html", "a web page (HTML)"), ("<html", "a web page (HTML)"), ("<?xml", "an XML file"),
             ("<table", "an HTML table"), ("{", "a JSON file"), ("[{", "a JSON file"), ("%pdf", "a PDF"))
    for prefix, what in kinds:
        if start.startswith(prefix):
            raise UploadError(f"{name}: this looks like {what}, not a CSV table. Export the posts as CSV or Excel "
                              f"(.xlsx) from the platform's analytics and upload that.", "binary")
    delimiter = _sniff(text)
    try:
        records = _records(text, delimiter)
    except csv.Error as exc:
        raise UploadError(f"{name}: cannot be read as CSV ({exc}). A cell may be longer than "
                          f"{csv.field_size_limit():,} characters or a quote may be unbalanced.", "delimiter") from None
    lines = text.rstrip("\r\n").count("\n") + 1
    if text.count('"') % 2 and records and records[-1][0] < lines:  # the last record swallowed the lines below
        raise UploadError(f"{name}: a double quote (\") opened on row {records[-1][0]} is never closed, so the rest "
                          f"of the file reads as one cell. Close or remove the quote and upload again.", "delimiter")
    widths = [len(cells) for _, cells in records if any(c.strip() for c in cells)]
    if widths and max(widths) == 1:
        first = next(c[0] for _, c in records if any(x.strip() for x in c))
        raise UploadError(
            f"{name}: only one column was found, so the values are not separated by a comma, semicolon, tab or "
            f"pipe (|). First line: {first[:80]!r}. Export the data as CSV (comma or semicolon separated) or as "
            f"Excel (.xlsx).", "delimiter")
    meta = {"kind": "csv", "encoding": encoding, "delimiter": delimiter, "notes": notes, "sheet": None,
            "dayfirst_hint": delimiter in (";", "\t")}
    return records, meta


def _excel_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    return str(value)


def _grid_from_xlsx(data: bytes, name: str) -> tuple[list[tuple[int, list[Any]]], dict[str, Any]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise UploadError(f"{name}: is not a valid Excel workbook (.xlsx) ({exc}). Open it in your spreadsheet "
                          f"and save it again as .xlsx, or export CSV.", "excel") from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise UploadError(f"{name}: is a zip archive but not an Excel workbook (no xl/workbook.xml). Upload the "
                          f".xlsx export itself, or a CSV.", "excel")
    if any(i.flag_bits & 0x1 for i in infos):
        raise UploadError(f"{name}: the workbook is encrypted (password-protected). Remove the password and "
                          f"save it again.", "excel")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES or len(infos) > 5000:
        raise UploadError(f"{name}: the workbook unpacks to {_size(unpacked)} (limit {_size(MAX_UNPACKED_BYTES)}); "
                          f"export only the sheet with your posts, as CSV.", "too_large")
    notes: list[str] = []
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        notes.append("The workbook contains macros; they were ignored (never run).")
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False,
                                      keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise UploadError(f"{name}: could not be read as an Excel workbook ({type(exc).__name__}: {exc}). Open it "
                          f"in your spreadsheet and save it again as .xlsx, or export CSV.", "excel") from None
    sheets: list[tuple[str, list[tuple[int, list[Any]]]]] = []
    try:
        for sheet in book.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet
            rows: list[tuple[int, list[Any]]] = []
            for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
                if number > MAX_ROWS + 100:
                    raise UploadError(f"{name}: sheet {sheet.title!r} has more than {MAX_ROWS:,} rows; the limit is "
                                      f"{MAX_ROWS:,}. Export a shorter period.", "too_many")
                rows.append((number, [_excel_cell(v) for v in values]))
            sheets.append((str(sheet.title), rows))
    except UploadError:
        raise
    except Exception as exc:
        raise UploadError(f"{name}: could not be read as an Excel workbook ({type(exc).__name__}: {exc}).",
                          "excel") from None
    finally:
        book.close()
    if not sheets:
        raise UploadError(f"{name}: the workbook has no worksheet with cells.", "empty")
    scored = [(len(detect_mapping([c for c in rows[_header_index(rows)][1] if isinstance(c, str)]))
               if rows else -1, -i, title, rows) for i, (title, rows) in enumerate(sheets)]
    _, _, title, rows = max(scored, key=lambda s: (s[0], s[1]))
    if len(sheets) > 1:
        notes.append(f"Read the sheet {title!r} (the one whose headers look like a posts export).")
    unstored = _formulas_without_values(data, title, rows)
    if unstored:
        notes.append(f"{unstored} formula cell(s) had no stored result (the workbook was never recalculated) and "
                     f"were read as empty: formulas are never calculated here. Open and save the file in your "
                     f"spreadsheet, then upload it again.")
    meta = {"kind": "xlsx", "encoding": None, "delimiter": None, "notes": notes, "sheet": title,
            "dayfirst_hint": False}
    return rows, meta


def _formulas_without_values(data: bytes, title: str, rows: list[tuple[int, list[Any]]]) -> int:
    """How many cells of the sheet hold a formula whose result the workbook did not store.

    Reads the formulas as text (``data_only=False``); nothing is evaluated.
    """
    if not any(cell == "" for _, cells in rows for cell in cells):
        return 0
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        try:
            count = 0
            for (_, cells), formulas in zip(rows, book[title].iter_rows(max_col=MAX_COLUMNS, values_only=True)):
                count += sum(1 for value, text in zip(cells, formulas)
                             if value == "" and isinstance(text, str) and text.startswith("="))
            return count
        finally:
            book.close()
    except Exception:  # noqa: BLE001 - only a note depends on it
        return 0


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_index(records: list[tuple[int, list[Any]]]) -> int:
    """Position of the header: the first of the first 15 non-empty rows naming 2+ course fields,
    otherwise the first non-empty row."""
    candidates = [i for i, (_, cells) in enumerate(records) if any(not _is_blank(c) for c in cells)][:15]
    for i in candidates:
        texts = [c for c in records[i][1] if isinstance(c, str)]
        if len(detect_mapping(texts)) >= 2:
            return i
    return candidates[0] if candidates else 0


def read_table(content: Any, filename: str, *, max_bytes: int = MAX_BYTES) -> pd.DataFrame:
    """Read an uploaded CSV or Excel file into a table of raw cells (nothing converted yet).

    Columns are the headers as written in the file (stripped); the index is the
    row number in the file (as a spreadsheet shows it, the header row included
    in the count). Cells are text, or numbers and datetimes for Excel cells.
    ``frame.attrs["upload"]`` holds ``file``, ``kind``, ``encoding``,
    ``delimiter``, ``sheet``, ``header_row`` and ``notes``.

    Raises :class:`UploadError` for an empty file, a file over ``max_bytes``
    (default :data:`MAX_BYTES`, 5 MB), an unknown extension, binary content, a
    single column (wrong separator), duplicated headers, rows with more
    values than headers, or no data rows.
    """
    if not isinstance(filename, str):
        raise UploadError(f"filename must be text such as 'posts.csv', got {type(filename).__name__}", "argument")
    limit = _check_max_bytes(max_bytes)
    data = _as_bytes(content)
    name = _display_name(filename)
    if not data:
        raise UploadError(f"{name}: the file is empty (0 bytes). Export your posts again and upload the file.",
                          "empty")
    if len(data) > limit:
        raise UploadError(f"{name}: the file is {_size(len(data))}, over the size limit of {_size(limit)}. Export "
                          f"a shorter period or only the columns you need.", "too_large")
    base = re.split(r"[\\/]", filename)[-1].strip().rstrip(".")
    suffix = ("." + base.rsplit(".", 1)[-1].lower()) if "." in base else ""
    if suffix in _REFUSED_EXTENSIONS:
        raise UploadError(f"{name}: {_REFUSED_EXTENSIONS[suffix]}.", "extension")
    if suffix not in EXTENSIONS:
        shown = f"'{suffix}'" if suffix else "no extension"
        raise UploadError(f"{name}: unknown file type ({shown}); upload a .csv or an Excel .xlsx file.",
                          "extension")
    kind = EXTENSIONS[suffix]
    notes: list[str] = []
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadError(f"{name}: this is an old-format (.xls) or password-protected Excel file; save it as "
                          f".xlsx (no password) or CSV.", "excel")
    if data.startswith(b"PK\x03\x04") and kind == "csv":
        notes.append(f"{name} is an Excel workbook despite its {suffix} name; it was read as .xlsx.")
        kind = "xlsx"
    elif kind == "xlsx" and not data.startswith(b"PK"):
        raise UploadError(f"{name}: is named .xlsx but is not an Excel workbook. If it is a CSV file, rename it "
                          f"to .csv.", "excel")
    records, meta = _grid_from_xlsx(data, name) if kind == "xlsx" else _grid_from_csv(data, name)
    meta["notes"] = notes + meta["notes"]
    return _to_frame(records, meta, name)


def _data_hint(headers: Sequence[Any]) -> str:
    """A hint when the header row holds numbers or dates: the file probably has no header."""
    texts = [str(h).strip() for h in headers if str(h).strip() and not str(h).startswith("(column ")]
    data_like = 0
    for t in texts:
        try:
            data_like += _number_token(t) is not None or _parse_one_date(t, "dmy")[0] is not None
        except (ValueError, OverflowError):
            data_like += 1
    if texts and data_like * 2 >= len(texts):
        return " The first row looks like data, not column names: add a header row (Date, Impressions, Likes...)."
    return ""


def _to_frame(records: list[tuple[int, list[Any]]], meta: dict[str, Any], name: str) -> pd.DataFrame:
    nonempty = [(n, cells) for n, cells in records if any(not _is_blank(c) for c in cells)]
    if not nonempty:
        raise UploadError(f"{name}: the file has no rows with values. Export your posts again.", "empty")
    at = _header_index(records)
    header_line, header_cells = records[at]
    skipped = sum(1 for n, cells in nonempty if n < header_line)
    body = [(n, cells) for n, cells in records[at + 1:] if any(not _is_blank(c) for c in cells)]
    if len(body) > MAX_ROWS:
        raise UploadError(f"{name}: has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}. Export a shorter "
                          f"period.", "too_many")
    headers = [str(c).strip() if not _is_blank(c) else "" for c in header_cells]
    while headers and headers[-1] == "" and not any(len(cells) >= len(headers) and not _is_blank(
            cells[len(headers) - 1]) for _, cells in body):
        headers.pop()  # trailing separators
    if len(headers) > MAX_COLUMNS:
        raise UploadError(f"{name}: has {len(headers)} columns; the limit is {MAX_COLUMNS}. Export only the "
                          f"columns you need.", "too_many")
    width = len(headers)
    for n, cells in body:
        extra = [c for c in cells[width:] if not _is_blank(c)]
        if extra:
            separator = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(meta.get("delimiter"), "")
            hint = (f" A value probably contains the separator ({separator}): put such values in double quotes, "
                    f"or export the file again." if separator else "")
            raise UploadError(f"{name}: row {n} has {len(cells)} values but the header (row {header_line}) has "
                              f"{width} columns.{hint}", "ragged")
    for i, h in enumerate(headers):
        if h == "":
            headers[i] = f"(column {i + 1})"
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        key = h if h.startswith("(column ") else (header_key(h) or h)
        if key in seen:
            first = headers[seen[key]]
            same = f"{h!r} appears" if first == h else f"{first!r} and {h!r} appear"
            raise UploadError(f"{name}: duplicated headers: {same} in columns {seen[key] + 1} and {i + 1} "
                              f"(row {header_line}). Give each column its own header and upload again.",
                              "duplicate_headers")
        seen[key] = i
    if not body:
        shown = ", ".join(repr(h) for h in headers[:6])
        raise UploadError(f"{name}: has a header row (row {header_line}: {shown}) but no data rows below it."
                          + _data_hint(headers), "no_rows")
    rows = [list(cells[:width]) + [""] * (width - len(cells)) for _, cells in body]
    frame = pd.DataFrame(rows, columns=headers, index=pd.Index([n for n, _ in body], name="row"), dtype=object)
    empty = [h for h in headers if h.startswith("(column ") and frame[h].map(_is_blank).all()]
    frame = frame.drop(columns=empty)
    notes = list(meta["notes"])
    if skipped:
        notes.append(f"Skipped {skipped} title row(s) above the header (row {header_line}).")
    frame.attrs["upload"] = {"file": name, "kind": meta["kind"], "encoding": meta["encoding"],
                             "delimiter": meta["delimiter"], "sheet": meta["sheet"], "header_row": header_line,
                             "dayfirst_hint": meta["dayfirst_hint"], "notes": notes}
    return frame


# --------------------------------------------------------------------------- #
# Numbers
# --------------------------------------------------------------------------- #
_BLANK_TOKENS = {"", "-", "--", "–", "—", "n/a", "na", "null", "none", "(blank)"}
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
        simple = r"\d+" if field in COUNT_FIELDS else r"\d+(?:\.\d{1,2})?"
        text = pd.Series(cells, dtype=object).str.strip()
        if text.str.fullmatch(simple).all():
            return text.astype(float).to_numpy(), 0
    out = np.zeros(len(values), dtype=float)
    rows = values.index
    kind = "a count" if field in COUNT_FIELDS else "an amount of money"
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
        elif decimal_comma or (not us and _AMBIGUOUS_DOT.fullmatch(t) and field in COUNT_FIELDS):
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


def _parse_dates(values: pd.Series, column: str, file: str, order: str, dayfirst_hint: bool
                 ) -> tuple[pd.Series, list[str], list[Any]]:
    """Datetimes (NaT for blank or "Total" cells), notes, and the rows left without a date."""
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
                stamp, aware = _parse_one_date(text, order)
                zoned = zoned or aware
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


def _parse_one_date(text: str, order: str) -> tuple[_dt.datetime | None, bool]:
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


def _platform_name(value: Any, default: str) -> str:
    text = _text(value)
    if not text:
        return default
    return _PLATFORM_NAMES.get(header_key(text), text)


def _content_type(value: Any) -> str:
    text = _text(value)
    if not text:
        return "unknown"
    return _CONTENT_TYPES.get(header_key(text), text.lower())


# --------------------------------------------------------------------------- #
# Mapping -> typed posts
# --------------------------------------------------------------------------- #
def _by_value(values: pd.Series, convert: Any) -> list[str]:
    """``convert`` applied once per distinct cell value."""
    done: dict[Any, str] = {}
    out = []
    for v in values.to_numpy(dtype=object):
        key = (type(v).__name__, v if isinstance(v, (str, int, float, _dt.datetime)) else repr(v))
        if key not in done:
            done[key] = convert(v)
        out.append(done[key])
    return out


def _check_mapping(raw: pd.DataFrame, mapping: Any, file: str) -> dict[str, str]:
    if not isinstance(mapping, Mapping):
        raise UploadError(f"mapping must be a dict {{course field: column}}, got {type(mapping).__name__}",
                          "mapping")
    chosen: dict[str, str] = {}
    users: dict[str, str] = {}
    for field, column in mapping.items():
        if field not in FIELDS:
            raise UploadError(f"mapping: {field!r} is not a course field; the fields are {', '.join(FIELDS)}",
                              "mapping")
        if column is None or column == "" or column == NOT_USED:
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


def apply_mapping(raw: pd.DataFrame, mapping: Mapping[str, str | None], *, date_order: str = "auto",
                  platform: str | None = None, on_impossible: str = "drop") -> pd.DataFrame:
    """Turn the raw table of :func:`read_table` into typed posts in the course's fields.

    ``mapping`` maps course fields to the file's column names (as from
    :func:`detect_mapping`, adjusted by hand; ``None`` leaves a field out).
    ``date_order`` is ``"auto"`` (day-first if any day is above 12, month-first
    if any month position is, else guessed from the file, with a note),
    ``"dmy"`` or ``"mdy"``. ``platform`` labels the posts when the file has no
    platform column (default: guessed from the headers, else ``"Unknown"``).
    ``on_impossible``: ``"drop"`` (default: rows with an impossible pair are
    left out, with a note) or ``"raise"``.

    Returns one row per post: ``platform``, ``posted_at``, then the mapped
    fields in :data:`FIELDS` order (counts as ``int64``, money as ``float64``),
    then ``source_row`` (the row in the file). ``attrs["upload"]`` adds
    ``mapping``, ``rows_read``, ``rows_used`` and the ``notes``.
    """
    if not isinstance(raw, pd.DataFrame):
        raise UploadError(f"raw must be the table returned by read_table, got {type(raw).__name__}", "argument")
    if not raw.columns.is_unique or not all(isinstance(c, str) for c in raw.columns):
        raise UploadError("raw must have unique text headers (use read_table to read the file)", "argument")
    info = dict(raw.attrs.get("upload", {}))
    file = info.get("file", "the file")
    order = date_order if isinstance(date_order, str) else repr(date_order)
    if order not in DATE_ORDERS:
        raise UploadError(f"date_order must be one of {', '.join(DATE_ORDERS)}; got {date_order!r}", "argument")
    if on_impossible not in ("drop", "raise"):
        raise UploadError(f"on_impossible must be 'drop' or 'raise'; got {on_impossible!r}", "argument")
    if platform is not None and not isinstance(platform, str):
        raise UploadError(f"platform must be text such as 'Instagram', got {type(platform).__name__}", "argument")
    chosen = _check_mapping(raw, mapping, file)
    missing = [f for f in REQUIRED if f not in chosen]
    if not any(f in chosen for f in ENGAGEMENT_FIELDS):
        missing.append("at least one of likes, comments, shares, clicks")
    if missing:
        shown = ", ".join(repr(c) for c in raw.columns[:40]) + (" ..." if len(raw.columns) > 40 else "")
        raise UploadError(
            f"{file}: required fields are missing: {', '.join(missing)}. Headers seen: {shown}. Choose the "
            f"matching column for each in the mapping (or pass mapping={{'impressions': 'Your header', ...}})."
            + _data_hint(list(raw.columns)), "missing_fields")
    notes = list(info.get("notes", []))
    rows_read = len(raw)
    dates, date_notes, no_date = _parse_dates(raw[chosen["posted_at"]], chosen["posted_at"], file, order,
                                             bool(info.get("dayfirst_hint", False)))
    notes += date_notes
    keep = dates.notna().to_numpy()
    if no_date:
        shown = ", ".join(str(r) for r in no_date[:5]) + (" ..." if len(no_date) > 5 else "")
        notes.append(f"Left out {len(no_date)} row(s) without a date (a 'Total' row, say): row(s) {shown}.")
    if not keep.any():
        raise UploadError(f"{file}: no row has a date in posted_at (column {chosen['posted_at']!r}).", "no_rows")
    default_platform = platform or guess_platform(list(raw.columns)) or "Unknown"
    out: dict[str, Any] = {}
    if "platform" in chosen:
        out["platform"] = _by_value(raw[chosen["platform"]], lambda v: _platform_name(v, default_platform))
    else:
        out["platform"] = [default_platform] * rows_read
        notes.append(f"No platform column: every post is labelled {default_platform!r}"
                     + (" (guessed from the headers)." if platform is None and default_platform != "Unknown" else "."))
    out["posted_at"] = dates.to_numpy()
    if "content_type" in chosen:
        out["content_type"] = _by_value(raw[chosen["content_type"]], _content_type)
    subset = raw.loc[keep]
    for field in FIELDS[3:]:
        if field not in chosen:
            continue
        column = chosen[field]
        values, blanks = _parse_numbers(subset[column], field, column, file)
        bad = np.flatnonzero(values < 0)
        if bad.size:
            kind = "counts" if field in COUNT_FIELDS else "amounts of money"
            shown = subset[column].iloc[bad[0]]
            raise UploadError(f"{file}: {field} (column {column!r}) has a negative value, {shown!r}, on row "
                              f"{subset.index[bad[0]]}; {kind} are 0 or more.", "negative")
        if field in COUNT_FIELDS:
            fractional = np.flatnonzero(values != np.floor(values))
            if fractional.size:
                raise UploadError(f"{file}: {field} (column {column!r}) must be whole numbers (it is a count), but "
                                  f"row {subset.index[fractional[0]]} has {subset[column].iloc[fractional[0]]!r}.",
                                  "not_a_number")
            if values.size and values.max() > 1e15:
                big = int(np.argmax(values))
                raise UploadError(f"{file}: {field} (column {column!r}) has an implausibly large count on row "
                                  f"{subset.index[big]} ({subset[column].iloc[big]!r}); check the column.",
                                  "not_a_number")
        elif values.size and values.max() > 1e13:
            big = int(np.argmax(values))
            raise UploadError(f"{file}: {field} (column {column!r}) has an implausibly large amount on row "
                              f"{subset.index[big]} ({subset[column].iloc[big]!r}); check the column.",
                              "not_a_number")
        if blanks:
            notes.append(f"{blanks} empty cell(s) in {column!r} ({field}) were read as 0.")
        full = np.zeros(rows_read, dtype=float)
        full[keep] = values
        out[field] = full
    frame = pd.DataFrame(out, index=raw.index)
    frame["source_row"] = raw.index.to_numpy()
    frame = frame.loc[keep]
    frame = _apply_pair_rules(frame, chosen, file, on_impossible, notes)
    for field in FIELDS[3:]:
        if field in frame:
            frame[field] = frame[field].astype("int64" if field in COUNT_FIELDS else "float64")
    frame["posted_at"] = frame["posted_at"].astype("datetime64[ns]")
    frame = frame.reset_index(drop=True)
    info.update(mapping=dict(chosen), rows_read=rows_read, rows_used=len(frame), notes=notes)
    frame.attrs["upload"] = info
    return frame


def _apply_pair_rules(frame: pd.DataFrame, chosen: Mapping[str, str], file: str, on_impossible: str,
                      notes: list[str]) -> pd.DataFrame:
    broken = np.zeros(len(frame), dtype=bool)
    found: list[str] = []
    for small, large, why in PAIR_RULES:
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


def read_export(content: Any, filename: str, *, max_bytes: int = MAX_BYTES,
                mapping: Mapping[str, str | None] | None = None, date_order: str = "auto",
                platform: str | None = None, on_impossible: str = "drop") -> pd.DataFrame:
    """Read a post export (CSV or .xlsx bytes) into typed posts in the course's fields.

    :func:`read_table`, then :func:`detect_mapping` (updated with ``mapping``:
    ``{field: column}`` to choose another column, ``{field: None}`` to leave a
    field out), then :func:`apply_mapping`. Raises :class:`UploadError` naming
    the problem; ``result.attrs["upload"]["notes"]`` lists what was fixed or
    left out on the way.

    >>> posts = read_export(b"Date,Impressions,Likes\\n05/01/2025,1.000,20\\n", "mine.csv", date_order="dmy")
    >>> str(posts["posted_at"].iloc[0]), int(posts["impressions"].iloc[0]), int(posts["likes"].iloc[0])
    ('2025-01-05 00:00:00', 1000, 20)
    """
    raw = read_table(content, filename, max_bytes=max_bytes)
    chosen: dict[str, str | None] = dict(detect_mapping(list(raw.columns)))
    if mapping is not None:
        if not isinstance(mapping, Mapping):
            raise UploadError(f"mapping must be a dict {{course field: column}}, got {type(mapping).__name__}",
                              "mapping")
        chosen.update(mapping)
    return apply_mapping(raw, chosen, date_order=date_order, platform=platform, on_impossible=on_impossible)


# --------------------------------------------------------------------------- #
# The dashboard numbers
# --------------------------------------------------------------------------- #
def _platform_order(names: Sequence[str]) -> list[str]:
    known = [p for p in PLATFORMS if p in names]
    return known + sorted(n for n in names if n not in PLATFORMS)


def summarise(posts: pd.DataFrame, by: str = "platform") -> pd.DataFrame:
    """Pooled rates of uploaded posts per platform (or content type), plus an ``"All"`` row.

    Columns: ``posts``, ``impressions``, ``engagements`` (the sum of the
    engagement counts the file has: likes, comments, shares, clicks),
    ``er_impressions`` (engagements / impressions), and where the columns exist
    ``reach`` and ``er_reach`` (engagements / reach), ``ctr`` (clicks /
    impressions), ``virality_rate`` (shares / impressions),
    ``conversion_rate`` (conversions / clicks), ``revenue``, ``spend``.

    Every rate is pooled with :func:`utils.shared.metrics.pooled_rate` (sum over sum).
    A group whose denominator sums to 0 gets NaN in that rate (the ``"nan"``
    column policy; :func:`summary_rows` labels it "n/a").

    Several exports combined with ``pd.concat`` may lack a column in some rows
    (X exports have no reach, say): a rate that needs such a column is NaN for
    every group with a gap, and for ``"All"`` (never computed on a part of the
    rows silently); engagements add up the counts each row has.
    ``attrs["engagement_fields"]`` names the counts summed into engagements and
    ``attrs["incomplete"]`` the columns with gaps.

    (:func:`utils.shared.dashboard.pooled_post_rates` needs every course column and
    nonzero totals; an export rarely has followers or revenue, so this
    function pools only what the file has, with the same formulas.)
    """
    if not isinstance(posts, pd.DataFrame):
        raise TypeError(f"posts must be a pandas DataFrame (from read_export), got {type(posts).__name__}")
    check_choice("by", by, ("platform", "content_type"))
    engaged = [f for f in ENGAGEMENT_FIELDS if f in posts.columns]
    needed = [c for c in (by, "impressions") if c not in posts.columns]
    if needed or not engaged:
        what = needed + ([] if engaged else ["an engagement count (likes, comments, shares or clicks)"])
        raise ValueError(f"posts is missing {', '.join(what)}; read it with read_export")
    if posts.empty:
        raise ValueError("posts has no rows to summarise")
    filler = "Unknown" if by == "platform" else "unknown"
    labels = posts[by].astype(object).where(posts[by].notna(), filler).astype(str)
    labels = labels.replace({"All": f"All ({by})"})  # "All" is the overall row
    work = pd.DataFrame({by: labels.to_numpy(), "all": "All"}, index=pd.RangeIndex(len(posts)))
    gaps: dict[str, np.ndarray] = {}
    for column in ("impressions", "reach", "clicks", "shares", "conversions", "likes", "comments", *MONEY_FIELDS):
        if column not in posts.columns:
            continue
        try:
            values = pd.Series(pd.to_numeric(posts[column]).to_numpy(dtype=float), index=work.index)
        except (TypeError, ValueError):
            raise TypeError(f"{column} must be a numeric column (read the file with read_export)") from None
        present = values.notna().to_numpy()
        (check_nonnegative if column in MONEY_FIELDS else check_count)(column, values[present])
        work[column] = values.fillna(0.0)
        gaps[column] = ~present
    if gaps["impressions"].any():
        raise ValueError(f"impressions is missing in {int(gaps['impressions'].sum())} row(s); every post needs "
                         f"its impressions")
    work["engagements"] = work[engaged].sum(axis=1)
    incomplete = [c for c, g in gaps.items() if g.any()]
    no_gap = np.zeros(len(work), dtype=bool)

    def rate(numerator: str, denominator: str, bounded: bool = False) -> pd.Series:
        groups = pooled_rate(work, numerator, denominator, by=by, on_zero="nan", bounded=bounded)["rate"]
        overall = pooled_rate(work, numerator, denominator, by="all", on_zero="nan", bounded=bounded)["rate"]
        gap = pd.Series(gaps.get(numerator, no_gap) | gaps.get(denominator, no_gap), index=work.index)
        if numerator == "engagements":
            gap = pd.Series(gaps.get(denominator, no_gap), index=work.index)
        holes = gap.groupby(work[by]).any()
        groups = groups.where(~holes.reindex(groups.index, fill_value=False))
        if gap.any():
            overall = overall * np.nan
        return pd.concat([groups, overall])

    def total(column: str) -> pd.Series:
        sums = pd.concat([work.groupby(by)[column].sum(), work.groupby("all")[column].sum()])
        if column in incomplete:
            holes = pd.Series(gaps[column], index=work.index).groupby(work[by]).any()
            sums = sums.where(~holes.reindex(sums.index, fill_value=True).to_numpy())
        return sums

    table = pd.concat([pooled_rate(work, "engagements", "impressions", by=by, on_zero="nan"),
                       pooled_rate(work, "engagements", "impressions", by="all", on_zero="nan")])
    table = table.rename(columns={"n_rows": "posts", "rate": "er_impressions"})
    table = table[["posts", "impressions", "engagements", "er_impressions"]]
    if "reach" in work:
        table["reach"] = total("reach")
        table["er_reach"] = rate("engagements", "reach")
    if "clicks" in work:
        table["ctr"] = rate("clicks", "impressions", bounded=True)
    if "shares" in work:
        table["virality_rate"] = rate("shares", "impressions", bounded=True)
    if "conversions" in work and "clicks" in work:
        table["conversion_rate"] = rate("conversions", "clicks", bounded=True)
    for column in MONEY_FIELDS:
        if column in work:
            table[column] = total(column)
    groups = [str(i) for i in table.index if i != "All"]
    order = _platform_order(groups) if by == "platform" else sorted(groups)
    table = table.loc[[*order, "All"]]
    table.index.name = by
    table["posts"] = table["posts"].astype(int)
    table.attrs["engagement_fields"] = engaged
    table.attrs["incomplete"] = incomplete
    return table


def _rate_text(value: Any, digits: int, why: str) -> str:
    return pct(float(value), digits) if math.isfinite(float(value)) else f"n/a ({why})"


def summary_rows(table: pd.DataFrame) -> list[tuple[str, str]]:
    """The ``"All"`` row of :func:`summarise` as ``(label, formatted value)`` rows, then one rate per group."""
    if not isinstance(table, pd.DataFrame) or "All" not in table.index or "er_impressions" not in table.columns:
        raise TypeError("table must be the result of summarise(posts)")
    whole = table.loc["All"]
    gaps = set(table.attrs.get("incomplete", ()))
    engaged = " + ".join(table.attrs.get("engagement_fields", ENGAGEMENT_FIELDS))
    rows = [
        ("Posts", num(whole["posts"])),
        ("Impressions", num(whole["impressions"])),
        (f"Engagements ({engaged})", num(whole["engagements"])),
        ("Engagement rate by impressions (pooled)", _rate_text(whole["er_impressions"], 2, "no impressions")),
    ]
    optional = (("er_reach", "Engagement rate by reach (pooled)", 2, ("reach",), "no reach"),
                ("ctr", "CTR: clicks / impressions (pooled)", 2, ("clicks",), "no impressions"),
                ("virality_rate", "Virality rate: shares / impressions (pooled)", 2, ("shares",), "no impressions"),
                ("conversion_rate", "Conversion rate: conversions / clicks (pooled)", 1, ("conversions", "clicks"),
                 "no clicks"))
    for column, label, digits, inputs, zero in optional:
        if column not in table:
            rows.append((label, "not in the file"))
            continue
        why = "not in every file" if gaps.intersection(inputs) else zero
        rows.append((label, _rate_text(whole[column], digits, why)))
    for column, label in (("revenue", "Revenue"), ("spend", "Spend")):
        if column in table:
            value = float(whole[column])
            rows.append((label, eur(value) if math.isfinite(value) else "n/a (not in every file)"))
    groups = [g for g in table.index if g != "All"]
    if len(groups) > 1:
        for group in groups[:12]:
            rows.append((f"{group}: engagement rate by impressions",
                         _rate_text(table.loc[group, "er_impressions"], 2, "no impressions")))
    return rows


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
_CACHE: OrderedDict[tuple[str, str, int], pd.DataFrame] = OrderedDict()
_VIEWS: OrderedDict[tuple[str, ...], dict[str, Any]] = OrderedDict()


def _read_cached(content: bytes, filename: str) -> pd.DataFrame:
    key = (hashlib.sha256(content).hexdigest(), filename, MAX_BYTES)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        raw = _CACHE[key]
    else:
        raw = read_table(content, filename)
        _CACHE[key] = raw
        while len(_CACHE) > 6:
            _CACHE.popitem(last=False)
    copy = raw.copy()
    copy.attrs = {"upload": {**raw.attrs["upload"], "notes": list(raw.attrs["upload"]["notes"])}}
    return copy


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


def columns_of(sample: Any, upload: Any = ()) -> tuple[list[str], dict[str, str]]:
    """The chosen file's headers and :func:`detect_mapping` of them (``([], {})`` if it cannot be read)."""
    try:
        raw = _read_cached(*_source(sample, upload))
    except (ValueError, TypeError, FileNotFoundError):
        return [], {}
    columns = [str(c) for c in raw.columns]
    return columns, detect_mapping(columns)


def upload_view(sample: str = "course", upload: Any = (), date_order: str = "auto", **fields: Any) -> dict[str, Any]:
    """The upload dashboard of notebook 13: read a file, map its columns, pool the rates.

    ``sample``: a key of :data:`EXAMPLES`, or :data:`UPLOAD` to use ``upload``
    (the value of an ``ipywidgets.FileUpload``: a tuple of dicts with
    ``name`` and ``content``). Each course field may be given as a keyword:
    :data:`AUTO` (use :func:`detect_mapping`), :data:`NOT_USED`, or a column
    name. Returns ``file``, ``columns``, ``detected``, ``mapping``, ``posts``
    (typed), ``summary`` (:func:`summarise`), ``first``/``last`` dates and
    ``notes``. Raises :class:`UploadError` for a bad file, :class:`NoFileYet`
    before anything is uploaded.
    """
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise TypeError(f"unknown field(s) {unknown}; the fields are {', '.join(FIELDS)}")
    if sample != UPLOAD:
        check_choice("sample", sample, (*EXAMPLES, UPLOAD))
    content, filename = _source(sample, upload)
    raw = _read_cached(content, filename)
    detected = detect_mapping(list(raw.columns))
    mapping: dict[str, str | None] = {}
    for field in FIELDS:
        choice = fields.get(field, AUTO)
        mapping[field] = detected.get(field) if choice == AUTO else None if choice == NOT_USED else choice
    key = (hashlib.sha256(content).hexdigest(), filename, repr(sorted(mapping.items(), key=str)), repr(date_order))
    if key not in _VIEWS:
        posts = apply_mapping(raw, mapping, date_order=date_order)
        info = posts.attrs["upload"]
        summary = summarise(posts)
        if summary.loc["All", "er_impressions"] > 1:
            info["notes"].append("There are more engagements than impressions: check that impressions and the "
                                 "engagement columns are mapped to the right headers.")
        _VIEWS[key] = {
            "file": info["file"], "columns": list(raw.columns), "detected": detected, "mapping": info["mapping"],
            "posts": posts, "summary": summary, "rows_read": info["rows_read"],
            "rows_used": info["rows_used"], "first": posts["posted_at"].min(), "last": posts["posted_at"].max(),
            "notes": list(info["notes"])}
        while len(_VIEWS) > 16:
            _VIEWS.popitem(last=False)
    _VIEWS.move_to_end(key)
    view = dict(_VIEWS[key])
    view.update(posts=view["posts"].copy(), summary=view["summary"].copy(), notes=list(view["notes"]))
    return view


def upload_rows(view: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The panel's table: the file, the rows used, the period, then :func:`summary_rows`."""
    return [
        ("File", view["file"]),
        ("Rows used / rows read", f"{view['rows_used']:,} / {view['rows_read']:,}"),
        ("Posted between", f"{view['first']:%Y-%m-%d} and {view['last']:%Y-%m-%d}"),
        *summary_rows(view["summary"]),
    ]


def mapping_html(view: Mapping[str, Any]) -> str:
    """The mapping used (course field <- column) and the notes, as escaped HTML."""
    cells = "".join(
        f"<tr><td style='padding:0 8px 0 0'><code>{html.escape(field)}</code></td>"
        f"<td>{html.escape(view['mapping'][field]) if field in view['mapping'] else '<em>not used</em>'}</td></tr>"
        for field in FIELDS)
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in view["notes"])
    parts = [f"<details class='smm-mapping'><summary>Column mapping used</summary><table>{cells}</table></details>"]
    if notes:
        parts.append(f"<div class='smm-notes'><strong>Notes on the file</strong><ul>{notes}</ul></div>")
    return "".join(parts)

