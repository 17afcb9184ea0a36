"""Which platform an export comes from, and what kind of file it is, weighing all the evidence.

Evidence, each with its weight (the platform with the highest total wins; a
tie, or no evidence at all, is a question for the learner, never a guess):

* a header that only one platform's export uses (``"Tweet id"``, ``"Comments
  added"``, ``"Me gusta"``...), from ``data/formats/export_headers.csv``: 1 each;
  headers several platforms share (``"Likes"``, ``"Impressions"``) weigh nothing;
* links in the cells (``x.com/.../status/``, ``facebook.com``, ``instagram.com``...): 5;
* a title line naming the platform (``"Alcance de Facebook"``): 5;
* the sheet names of a workbook (LinkedIn's ``DISCOVERY``, ``ENGAGEMENT``,
  ``TOP POSTS``...): 5;
* the file name (``tweet_activity``, ``account_analytics_content``, ``Table data``): 2.

A platform needs at least :data:`MIN_SCORE` (2) and more than any other.

A ``platform`` column in the file labels each row itself; ``platform=`` always
overrides everything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from utils.nb13.errors import PlatformQuestion
from utils.nb13.headers import PLATFORM_NAMES, header_table, key, platforms_of_header

W_HEADER, W_LINK, W_TITLE, W_SHEETS, W_NAME = 1.0, 5.0, 5.0, 5.0, 2.0
#: Least evidence for a platform: one distinctive header alone ("Link clicks") is not enough.
MIN_SCORE = 2.0

_LINKS: tuple[tuple[str, re.Pattern], ...] = (
    ("X", re.compile(r"(?:^|//|\.)(?:x|twitter)\.com/[^/\s]+/status/", re.I)),
    ("Facebook", re.compile(r"(?:^|//|\.)(?:facebook|fb)\.com/", re.I)),
    ("Instagram", re.compile(r"(?:^|//|\.)instagram\.com/", re.I)),
    ("LinkedIn", re.compile(r"(?:^|//|\.)linkedin\.com/", re.I)),
    ("YouTube", re.compile(r"(?:^|//|\.)(?:youtube\.com|youtu\.be)/", re.I)),
    ("TikTok", re.compile(r"(?:^|//|\.)tiktok\.com/", re.I)),
)
_NAMES_IN_TEXT: tuple[tuple[str, re.Pattern], ...] = (
    ("Facebook", re.compile(r"\bfacebook\b", re.I)), ("Instagram", re.compile(r"\binstagram\b", re.I)),
    ("X", re.compile(r"\btwitter\b|\bx analytics\b", re.I)), ("LinkedIn", re.compile(r"\blinkedin\b", re.I)),
    ("YouTube", re.compile(r"\byoutube\b", re.I)), ("TikTok", re.compile(r"\btiktok\b", re.I)),
)
#: Sheet-name sets of known workbooks: platform, sheets (case-folded), what the workbook is.
_WORKBOOKS: tuple[tuple[str, frozenset[str], str], ...] = (
    ("LinkedIn", frozenset({"discovery", "engagement", "top posts", "followers", "demographics"}),
     "a LinkedIn creator analytics workbook"),
    ("LinkedIn", frozenset({"metrics", "all posts"}), "a LinkedIn page content workbook"),
)
_FILE_NAMES: tuple[tuple[str, re.Pattern], ...] = (
    ("X", re.compile(r"tweet_activity|account_analytics_content|account_overview_analytics", re.I)),
    ("YouTube", re.compile(r"^table data|^chart data|^totals\b", re.I)),
    ("TikTok", re.compile(r"^(content|overview|followerhistory|viewers)(\s*\(\d+\))?\.csv$", re.I)),
    ("LinkedIn", re.compile(r"linkedin|_content_\d|_followers_\d|_visitors_\d", re.I)),
    ("Facebook", re.compile(r"facebook|page_insights", re.I)),
    ("Instagram", re.compile(r"instagram", re.I)),
)
_DAILY_SHEETS = {"engagement", "metrics"}


def platform_name(value: Any) -> str | None:
    """``"twitter"`` / ``"X (Twitter)"`` / ``"IG"`` -> the course's platform name, or None."""
    k = key(value)
    aliases = {"facebook": "Facebook", "fb": "Facebook", "facebookpage": "Facebook", "meta": "Facebook",
               "instagram": "Instagram", "ig": "Instagram", "insta": "Instagram", "x": "X", "twitter": "X",
               "xtwitter": "X", "twitterx": "X", "linkedin": "LinkedIn", "youtube": "YouTube", "yt": "YouTube",
               "tiktok": "TikTok"}
    return aliases.get(k)


def evidence(raw: pd.DataFrame, filename: str = "") -> tuple[dict[str, float], list[str]]:
    """Scores per platform and the sentences saying why (``({"X": 7.0, ...}, ["..."])``)."""
    info = raw.attrs.get("upload", {})
    scores = dict.fromkeys(PLATFORM_NAMES, 0.0)
    why: list[str] = []
    for column in raw.columns:
        owners = platforms_of_header(column)
        if len(owners) == 1:
            (owner,) = owners
            scores[owner] += W_HEADER
            why.append(f"header {column!r} is {owner}'s")
    hits = dict.fromkeys(PLATFORM_NAMES, 0)
    for column in raw.columns:
        values = raw[column].head(50)
        for value in values:
            if isinstance(value, str) and ("." in value and "/" in value):
                for platform, pattern in _LINKS:
                    if pattern.search(value):
                        hits[platform] += 1
                        break
    if any(hits.values()):
        top = max(hits, key=lambda p: hits[p])
        scores[top] += W_LINK
        why.append(f"{hits[top]} link(s) to {top}")
    for line in info.get("title_lines", []) or []:
        for platform, pattern in _NAMES_IN_TEXT:
            if pattern.search(str(line)):
                scores[platform] += W_TITLE
                why.append(f"the title line {str(line)[:60]!r} names {platform}")
    sheets = {str(s).strip().casefold() for s in (info.get("sheets") or [])}
    for platform, names, what in _WORKBOOKS:
        if sheets and len(sheets & names) >= min(2, len(names)):
            scores[platform] += W_SHEETS
            why.append(f"the sheet names are those of {what}")
            break
    base = re.split(r"[\\/]", filename)[-1] if filename else ""
    for platform, pattern in _FILE_NAMES:
        if base and pattern.search(base):
            scores[platform] += W_NAME
            why.append(f"the file name {base!r} is {platform}'s")
            break
    return scores, why


def detect_platform(raw: pd.DataFrame, filename: str = "", platform: str | None = None) -> tuple[str, list[str]]:
    """The platform of a table: ``(name, evidence sentences)``.

    ``platform`` (the learner's choice) always wins. Otherwise the platform with
    the highest evidence score; a tie or no evidence raises
    :class:`~utils.nb13.errors.PlatformQuestion` listing the candidates.
    """
    if platform is not None:
        chosen = platform_name(platform) or (platform if platform in PLATFORM_NAMES else None)
        if chosen is None:
            raise PlatformQuestion(f"platform must be one of {', '.join(PLATFORM_NAMES)}; got {platform!r}",
                                   PLATFORM_NAMES)
        return chosen, [f"chosen by you: {chosen}"]
    scores, why = evidence(raw, filename)
    ranked = sorted(PLATFORM_NAMES, key=lambda p: -scores[p])
    best = scores[ranked[0]]
    tied = [p for p in ranked if scores[p] == best]
    file = raw.attrs.get("upload", {}).get("file", "the file")
    if best < MIN_SCORE:
        raise PlatformQuestion(
            f"{file}: nothing in the file says clearly which platform it comes from (no platform column, and no "
            f"headers, links or title that only one platform uses{': only ' + '; '.join(why) if why else ''}). Which platform is it? Choose it in the panel's Platform control, or "
            f"pass platform='Instagram' (or Facebook, X, YouTube, LinkedIn, TikTok).", PLATFORM_NAMES, why)
    if len(tied) > 1:
        raise PlatformQuestion(
            f"{file}: the file could come from {' or '.join(tied)} (equal evidence: {'; '.join(why)}). Which one is "
            f"it? Choose it in the panel's Platform control, or pass platform='{tied[0]}'.", tied, why)
    return ranked[0], why


def daily_metric(title_lines: Sequence[str]) -> str | None:
    """The metric a daily file's title names (``"Alcance de Facebook"`` -> ``"reach"``), from the header table."""
    text = key(" ".join(str(t) for t in title_lines))
    if not text:
        return None
    for field in ("reach", "views", "impressions", "followers", "likes", "comments", "shares", "clicks"):
        for _, f, _, header, _ in header_table():
            k = key(header)
            if f == field and len(k) >= 4 and k in text:
                return field
    return None


def file_kind(mapping: Mapping[str, str], platform: str, raw: pd.DataFrame) -> str:
    """``"daily"`` (account totals per day), ``"campaigns"`` (Ads Manager rows) or ``"posts"``."""
    info = raw.attrs.get("upload", {})
    sheet = str(info.get("sheet") or "").strip().casefold()
    has_posts = any(f in mapping for f in ("post_id", "link", "text"))
    if "daily_value" in mapping:
        return "daily"
    if platform == "TikTok" and "profile_views" in mapping and not has_posts:
        return "daily"
    if sheet in _DAILY_SHEETS and not has_posts and "posted_at" in mapping:
        return "daily"
    if "campaign" in mapping and not has_posts:
        return "campaigns"
    return "posts"
