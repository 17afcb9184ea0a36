"""Export headers -> the course's fields, from the table ``data/formats/export_headers.csv``.

The header names of the platforms' exports are data, not code: one row per
``platform`` (or ``*`` for any), course ``field``, ``language`` and exact
``header`` text, with ``notes`` on where it comes from. This module loads that
table, compares headers whatever their case, spacing, punctuation, accents or
units in brackets, and maps a file's columns to fields; ``mapping=`` overrides
any of it by hand.

    key("Veces que se ha compartido ")        # "vecesquesehacompartido"
    detect_mapping(["Publish time", "Reach", "Reactions"], platform="Facebook")
    # {"posted_at": "Publish time", "reach": "Reach", "likes": "Reactions"}
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from utils.nb13.errors import NOT_USED, UploadError
from utils.shared.config import PLATFORMS

#: Where the header table lives, relative to the repository root.
TABLE = Path(__file__).resolve().parents[2] / "data" / "formats" / "export_headers.csv"

#: The course's fields, in output order. Counts, then money.
COUNT_FIELDS: tuple[str, ...] = ("impressions", "reach", "views", "likes", "comments", "shares", "clicks", "saves",
                                 "engagements", "conversions", "followers", "thumbnail_impressions")
MONEY_FIELDS: tuple[str, ...] = ("revenue", "spend")
#: Signed counts: a net change that can be negative (YouTube's "Subscribers" per video).
SIGNED_FIELDS: tuple[str, ...] = ("subscribers_net",)
FIELDS: tuple[str, ...] = ("platform", "posted_at", "content_type", *COUNT_FIELDS, *MONEY_FIELDS, *SIGNED_FIELDS)
#: The engagement counts the course adds up (notebook 08): likes + comments + shares + clicks.
ENGAGEMENT_FIELDS: tuple[str, ...] = ("likes", "comments", "shares", "clicks")
#: Counts a rate can be divided by.
BASE_FIELDS: tuple[str, ...] = ("impressions", "reach", "views")
#: Fields of the table that are not course metrics but tell what the file is.
AUX_FIELDS: tuple[str, ...] = ("post_id", "link", "text", "account", "campaign", "period", "daily_value",
                               "post_month", "watch_hours", "profile_views")
#: Platforms an export can come from: the course's platforms, in the course's order.
PLATFORM_NAMES: tuple[str, ...] = PLATFORMS

#: What each field holds (used in messages, the panel and the notebook).
FIELD_MEANINGS: dict[str, str] = {
    "platform": "the platform (Facebook, Instagram, X...)",
    "posted_at": "when the post went live (or the day, in a daily file)",
    "content_type": "the format (video, image, text, link)",
    "impressions": "times the post was shown",
    "reach": "distinct people (accounts) who saw it",
    "views": "views or plays (of a video, or Meta's 'Views')",
    "likes": "likes or reactions",
    "comments": "comments or replies",
    "shares": "shares, retweets or reposts",
    "clicks": "link clicks",
    "saves": "saves or bookmarks",
    "engagements": "the platform's own engagement total (used only when likes, comments... are absent)",
    "conversions": "orders or purchases after a click",
    "revenue": "value of those orders (money)",
    "spend": "money spent promoting the post",
    "followers": "followers of the account",
    "thumbnail_impressions": "times YouTube showed the video's thumbnail (not a base for engagement)",
    "subscribers_net": "subscribers gained minus lost (YouTube, per video; can be negative)",
}


def key(header: Any) -> str:
    """A header reduced for comparison: case-folded letters and digits of any script, accents dropped.

    ``"Hora de publicación"`` -> ``"horadepublicacion"``, ``"インプレッション数"`` stays as
    it is (NFKC-normalised), ``"Link clicks"`` / ``"link_clicks"`` / ``"LINK-CLICKS"``
    -> ``"linkclicks"``.
    """
    text = unicodedata.normalize("NFKC", str(header)).casefold()
    out = []
    for ch in text:
        if ord(ch) < 0x250:  # Latin letters: drop accents ("é" -> "e"); other scripts stay as they are
            ch = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(ch)
    return "".join(ch for ch in "".join(out) if ch.isalnum())


def short_key(header: Any) -> str:
    """The key without bracketed parts: ``"Amount spent (EUR)"`` -> ``"amountspent"``."""
    return key(re.sub(r"\([^)]*\)|\[[^\]]*\]|（[^）]*）", " ", str(header)))


@functools.lru_cache(maxsize=1)
def header_table() -> tuple[tuple[str, str, str, str, str], ...]:
    """The rows of ``data/formats/export_headers.csv``: ``(platform, field, language, header, notes)``."""
    if not TABLE.exists():
        raise FileNotFoundError(f"the header table {TABLE} is missing: restore it with `git checkout data/`")
    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    known = set(FIELDS) | set(AUX_FIELDS)
    for number, row in enumerate(rows, start=2):
        platform, field = row["platform"].strip(), row["field"].strip()
        if field not in known or (platform != "*" and platform not in PLATFORM_NAMES):
            raise ValueError(f"{TABLE.name} line {number}: unknown field {field!r} or platform {platform!r}")
        out.append((platform, field, row["language"].strip(), row["header"].strip(), row["notes"].strip()))
    return tuple(out)


@functools.lru_cache(maxsize=64)
def _candidates(platform: str | None) -> tuple[tuple[str, str, str], ...]:
    """``(field, full key, platform)`` in priority order: the platform's own headers, then generic ones."""
    rows = header_table()
    own = [(f, key(h), p) for p, f, _, h, _ in rows if platform is not None and p == platform]
    generic = [(f, key(h), p) for p, f, _, h, _ in rows if p == "*"] + [(f, key(f), "*") for f in FIELDS]
    # without a platform, other platforms' headers help find the table, but not the fields whose meaning is
    # the platform's own (YouTube's "Impressions" are thumbnail impressions only on YouTube)
    own_meaning = ("thumbnail_impressions", "subscribers_net")
    others = [(f, key(h), p) for p, f, _, h, _ in rows
              if p not in ("*", platform) and f not in own_meaning] if platform is None else []
    return tuple(own + generic + others)


def platforms_of_header(header: Any) -> frozenset[str]:
    """The platforms whose exports use this header (``*`` rows excluded)."""
    return _header_platforms().get(key(header), frozenset())


@functools.lru_cache(maxsize=1)
def _header_platforms() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for platform, _, _, header, _ in header_table():
        if platform != "*":
            out.setdefault(key(header), set()).add(platform)
    return {k: frozenset(v) for k, v in out.items()}


def detect_mapping(columns: Sequence[Any], platform: str | None = None, *,
                   fields: Iterable[str] | None = None) -> dict[str, str]:
    """Which column holds each field, from the header table: ``{field: column}`` for the fields found.

    ``platform`` puts that platform's headers first (``"Likes"`` is Instagram's
    likes, ``"Reactions"`` Facebook's). Each column is used at most once; a
    field takes the first header of the table that the file has. Auxiliary
    fields (``post_id``, ``link``, ``text``, ``period``, ``daily_value``...) are
    included: they tell what kind of file it is.
    """
    if isinstance(columns, (str, bytes)) or not isinstance(columns, Iterable):
        raise TypeError(f"columns must be a list of header names, got {type(columns).__name__}")
    names = [c for c in columns if isinstance(c, str)]
    exact: dict[str, int] = {}
    loose: dict[str, int] = {}
    for i, name in enumerate(names):
        exact.setdefault(key(name), i)
        loose.setdefault(short_key(name), i)
    wanted = set(fields) if fields is not None else None
    used: set[int] = set()
    found: dict[str, str] = {}
    candidates = _candidates(platform)
    # exact headers first ("Impressions (total)"), then without bracketed units ("Amount spent (EUR)")
    for index in (exact, loose):
        for field, k, _ in candidates:
            if field in found or (wanted is not None and field not in wanted) or not k:
                continue
            i = index.get(k)
            if i is not None and i not in used:
                used.add(i)
                found[field] = names[i]
    return found


def course_fields(mapping: Mapping[str, str]) -> dict[str, str]:
    """The part of a mapping that holds course fields (drops the auxiliary ones)."""
    return {f: c for f, c in mapping.items() if f in FIELDS}


def apply_overrides(detected: Mapping[str, str], overrides: Mapping[str, Any] | None, columns: Sequence[str],
                    file: str) -> dict[str, str]:
    """``detected`` updated with the learner's ``mapping=``: ``{field: column}`` or ``{field: None}``.

    A column chosen by hand is taken away from any other field it was detected
    for. Unknown fields and columns are errors that list what is available.
    """
    if overrides is None:
        return dict(detected)
    if not isinstance(overrides, Mapping):
        raise UploadError(f"mapping must be a dict {{course field: column}}, got {type(overrides).__name__}",
                          "mapping")
    out = dict(detected)
    chosen: dict[str, str] = {}
    for field, column in overrides.items():
        if field not in FIELDS and field not in AUX_FIELDS:
            raise UploadError(f"mapping: {field!r} is not a course field; the fields are {', '.join(FIELDS)}",
                              "mapping")
        if column is None or column == "" or column == NOT_USED:
            out.pop(field, None)
            continue
        if not isinstance(column, str) or column not in columns:
            shown = ", ".join(repr(c) for c in list(columns)[:30])
            raise UploadError(f"{file}: mapping: {field} is mapped to {column!r}, which is not a column of this "
                              f"file; its columns are {shown}.", "mapping")
        if column in chosen.values():
            other = next(f for f, c in chosen.items() if c == column)
            raise UploadError(f"{file}: mapping: the column {column!r} is mapped to both {other} and {field}; each "
                              f"column can hold one field.", "mapping")
        chosen[field] = column
    for field, column in chosen.items():
        for other in [f for f, c in out.items() if c == column and f != field]:
            del out[other]
        out[field] = column
    return out
