"""The content calendar (step 5 of the action plan): build a schedule, forecast
it from history, and export it as a CSV file that a spreadsheet opens safely.

Forecast
    A planned post is forecast from the *typical* past post of the same platform
    and content type: the median reach per post and the median engagement rate
    per post (engagements / reach). Medians, not means or pooled rates, because
    this is a forecast for one ordinary post and a few viral posts would pull a
    mean far above what most posts get. Only organic posts are used by default:
    the calendar plans organic posts, and the reach of boosted posts was bought.
    A combination with too little history is estimated instead
    (``forecast_basis`` says which): the platform's effect times the content
    type's effect, both estimated from the combinations that have history.

Safe export
    :func:`export_message` writes the schedule with
    :func:`utils.shared.safe_csv.to_safe_csv`, which neutralises cells a
    spreadsheet would run as formulas.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from utils.shared import metrics
from utils.shared.config import CONTENT_TYPES, PLATFORMS
from utils.shared.plotting import num, pct
from utils.shared.safe_csv import to_safe_csv
from utils.shared.validation import as_scalar, check_frame, check_int, check_nonnegative, safe_divide

__all__ = [
    "DEFAULT_START",
    "MAX_POSTS_PER_WEEK",
    "MAX_WEEKS",
    "allocate",
    "build_calendar",
    "calendar_rows",
    "calendar_view",
    "expected_rates",
    "export_message",
    "summarise",
]

#: Monday of the first planned week when none is given.
DEFAULT_START = "2026-01-05"
MAX_POSTS_PER_WEEK = 21
MAX_WEEKS = 52
#: Fewer past posts than this in a platform x content type -> estimate it (see expected_rates).
MIN_HISTORY = 5
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MIX_TOLERANCE = 1e-6


# --------------------------------------------------------------------------- #
# Forecast from history
# --------------------------------------------------------------------------- #
def expected_rates(posts: pd.DataFrame, *, min_history: Any = MIN_HISTORY,
                   organic_only: bool = True) -> pd.DataFrame:
    """Typical result of one post for every platform x content type.

    Columns: ``history_posts`` (past posts of that combination),
    ``median_reach`` (people per post), ``median_engagement_rate``
    (median of per-post engagements / reach, a fraction),
    ``expected_engagements`` (= median_reach x median_engagement_rate) and
    ``forecast_basis``. Indexed by ``(platform, content_type)``, all 24
    combinations.

    With at least ``min_history`` past posts the medians are the combination's
    own (basis ``"platform x content type"``). With fewer (Brightleaf never
    posted text on TikTok, say) they come from a two-way model fitted on the
    combinations that have history: ``median = platform effect x content-type
    effect`` (least squares on the logarithm). Basis: ``"platform effect x type
    effect"``. An estimate, not history: the calendar counts how many posts
    rely on it.
    """
    check_frame("posts", posts, ("platform", "content_type", "paid", "reach", "likes", "comments", "shares", "clicks"))
    threshold = check_int("min_history", min_history, minimum=1)
    data = posts[~posts["paid"].astype(bool)] if organic_only else posts
    if data.empty:
        raise ValueError("posts has no (organic) rows to forecast from")
    eng = metrics.engagements(data["likes"], data["comments"], data["shares"], data["clicks"])
    per_post = pd.DataFrame({
        "platform": data["platform"].astype(str),
        "content_type": data["content_type"].astype(str),
        "reach": data["reach"].astype(float),
        "rate": metrics.engagement_rate(eng, data["reach"], base_name="reach"),
    })
    index = pd.MultiIndex.from_product([PLATFORMS, CONTENT_TYPES], names=["platform", "content_type"])
    cells = per_post.groupby(["platform", "content_type"])
    table = pd.DataFrame({
        "history_posts": cells.size(),
        "median_reach": cells["reach"].median(),
        "median_engagement_rate": cells["rate"].median(),
    }).reindex(index)
    table["history_posts"] = table["history_posts"].fillna(0).astype(int)
    thin = (table["history_posts"] < threshold).to_numpy()
    gaps = [p for p in PLATFORMS if thin[[q == p for q in index.get_level_values("platform")]].all()]
    if gaps:
        raise ValueError(f"too little history on {gaps}: the forecast needs at least {threshold} past "
                         f"posts of one content type on every platform")
    for column in ("median_reach", "median_engagement_rate"):
        table[column] = np.where(thin, _two_way_fit(table[column], ~thin), table[column].to_numpy())
    table["expected_engagements"] = table["median_reach"] * table["median_engagement_rate"]
    table["forecast_basis"] = np.where(thin, "platform effect x type effect", "platform x content type")
    return table


def _two_way_fit(values: pd.Series, known: np.ndarray) -> np.ndarray:
    """Fit ``log(value) = platform effect + content-type effect`` on the known cells
    (least squares) and return the fitted value of every cell."""
    platforms = values.index.get_level_values("platform")
    kinds = values.index.get_level_values("content_type")
    design = np.column_stack([
        *(np.asarray(platforms == p, dtype=float) for p in PLATFORMS),
        *(np.asarray(kinds == t, dtype=float) for t in CONTENT_TYPES[1:]),  # first type is the reference
    ])
    target = np.log(np.maximum(values.to_numpy(dtype=float), 1e-12))
    coef, *_ = np.linalg.lstsq(design[known], target[known], rcond=None)
    return np.exp(design @ coef)


# --------------------------------------------------------------------------- #
# Building the schedule
# --------------------------------------------------------------------------- #
def _check_platforms(platforms: Any) -> list[str]:
    if isinstance(platforms, str):
        platforms = [platforms]
    if platforms is None:
        platforms = []
    chosen = list(dict.fromkeys(platforms))
    if not chosen:
        raise ValueError("Pick at least one platform: the calendar needs somewhere to publish.")
    unknown = [p for p in chosen if p not in PLATFORMS]
    if unknown:
        raise ValueError(f"platforms: {unknown} are not course platforms; choose from {', '.join(PLATFORMS)}")
    return [p for p in PLATFORMS if p in chosen]


def _check_mix(mix: Any) -> dict[str, float]:
    if not isinstance(mix, Mapping):
        raise TypeError("mix must map content types to fractions, e.g. {'video': 0.5, 'image': 0.5}")
    unknown = [k for k in mix if k not in CONTENT_TYPES]
    if unknown:
        raise ValueError(f"mix: {unknown} are not content types; use {', '.join(CONTENT_TYPES)}")
    shares = {t: float(check_nonnegative(f"mix[{t!r}]", as_scalar(f"mix[{t!r}]", mix.get(t, 0.0))))
              for t in CONTENT_TYPES}
    total = sum(shares.values())
    if abs(total - 1.0) > _MIX_TOLERANCE:
        given = ", ".join(f"{t} {v * 100:.4g}%" for t, v in shares.items() if v)
        raise ValueError(
            f"The content mix adds up to {total * 100:.4g}%, not 100% ({given or 'nothing chosen'}). "
            f"Adjust the shares so that they add up to 100%."
        )
    return shares


def allocate(total: Any, mix: Mapping[str, float]) -> dict[str, int]:
    """Split ``total`` posts between content types by ``mix`` (fractions summing to 1).

    Largest-remainder rounding: each type gets ``floor(total x share)`` posts,
    and the posts left over go to the largest remainders (ties in
    :data:`utils.shared.config.CONTENT_TYPES` order). The counts always sum to ``total``.
    Example: ``allocate(10, {"video": 0.55, "image": 0.45})`` -> video 6, image 4
    (5.5 and 4.5: the tie goes to video, listed first).
    """
    n = check_int("total", total, minimum=0)
    shares = _check_mix(mix)
    exact = {t: n * s for t, s in shares.items()}
    counts = {t: int(math.floor(v + 1e-9)) for t, v in exact.items()}
    left = n - sum(counts.values())
    order = sorted(CONTENT_TYPES, key=lambda t: (-(exact[t] - counts[t]), CONTENT_TYPES.index(t)))
    for t in order[:left]:
        counts[t] += 1
    return counts


def _spread(counts: Mapping[str, int]) -> list[str]:
    """Interleave content types evenly: each type's posts sit at (j + 0.5) / count of the way."""
    slots = [((j + 0.5) / c, CONTENT_TYPES.index(t), t) for t, c in counts.items() for j in range(c)]
    return [t for *_, t in sorted(slots)]


def build_calendar(
    platforms: Sequence[str],
    posts_per_week: Any,
    mix: Mapping[str, float],
    weeks: Any,
    *,
    rates: pd.DataFrame,
    start: str | _dt.date = DEFAULT_START,
    campaign: str = "",
    topics: Sequence[str] = (),
) -> pd.DataFrame:
    """A post-by-post schedule with the expected result of every post.

    ``posts_per_week`` posts go out on **each** chosen platform every week for
    ``weeks`` weeks, spread over the week (day ``floor(i x 7 / posts_per_week)``
    for the ``i``-th post). Content types follow ``mix`` (fractions summing to
    1; rounded with :func:`allocate` over the whole period) and are interleaved
    evenly; ``topics`` (optional) rotate post by post. ``rates`` is
    :func:`expected_rates`.

    Columns: ``campaign``, ``week`` (1..weeks), ``date`` (ISO text),
    ``weekday``, ``platform``, ``content_type``, ``topic``, ``expected_reach``
    (people), ``expected_engagements`` and ``forecast_basis``.
    """
    chosen = _check_platforms(platforms)
    per_week = check_int("posts_per_week", posts_per_week, minimum=1, maximum=MAX_POSTS_PER_WEEK)
    n_weeks = check_int("weeks", weeks, minimum=1, maximum=MAX_WEEKS)
    shares = _check_mix(mix)
    if not isinstance(campaign, str):
        raise TypeError(f"campaign must be text, got {type(campaign).__name__}")
    topic_list = [topics] if isinstance(topics, str) else list(topics)
    try:
        first = pd.Timestamp(start).normalize()
    except (ValueError, TypeError):
        raise ValueError(f"start must be a date such as '2026-01-05', got {start!r}") from None
    if not isinstance(rates, pd.DataFrame) or "median_reach" not in rates.columns:
        raise TypeError("rates must be the table returned by expected_rates(posts)")
    lookup = {key: (float(row.median_reach), float(row.expected_engagements), str(row.forecast_basis))
              for key, row in zip(rates.index, rates.itertuples())}
    week = np.repeat(np.arange(n_weeks), per_week)
    day = np.tile((np.arange(per_week) * 7) // per_week, n_weeks)
    dates = np.datetime64(first.date(), "D") + (7 * week + day).astype("timedelta64[D]")
    date_text = np.datetime_as_string(dates, unit="D")
    weekday = np.asarray(_WEEKDAYS)[(dates.astype(np.int64) + 3) % 7]  # 1970-01-01 was a Thursday
    n = per_week * n_weeks
    kinds = _spread(allocate(n, shares))
    frames = []
    for platform in chosen:
        values = [lookup[(platform, kind)] for kind in kinds]
        frames.append(pd.DataFrame({
            "campaign": campaign,
            "week": week + 1,
            "date": date_text,
            "weekday": weekday,
            "platform": platform,
            "content_type": kinds,
            "topic": [topic_list[k % len(topic_list)] for k in range(n)] if topic_list else "",
            "expected_reach": [round(v[0], 1) for v in values],
            "expected_engagements": [round(v[1], 1) for v in values],
            "forecast_basis": [v[2] for v in values],
        }))
    schedule = pd.concat(frames, ignore_index=True)
    return schedule.sort_values(["date", "platform"], kind="stable").reset_index(drop=True)


def summarise(schedule: pd.DataFrame) -> dict[str, Any]:
    """Totals of a schedule: ``posts``, ``expected_reach``, ``expected_engagements``,
    ``engagement_rate`` (expected engagements / expected reach), ``fallback_posts``
    (posts whose platform x content type has too little history) and ``by_platform`` (a frame of the same sums)."""
    if not isinstance(schedule, pd.DataFrame) or "expected_reach" not in schedule.columns:
        raise TypeError("schedule must be the table returned by build_calendar")
    if schedule.empty:
        raise ValueError("the schedule has no posts")
    grouped = schedule.groupby("platform", sort=False)
    by_platform = grouped[["expected_reach", "expected_engagements"]].sum()
    by_platform.insert(0, "posts", grouped.size())
    reach = float(schedule["expected_reach"].sum())
    engaged = float(schedule["expected_engagements"].sum())
    return {
        "posts": int(len(schedule)),
        "expected_reach": reach,
        "expected_engagements": engaged,
        "engagement_rate": float(safe_divide(engaged, reach, num_name="expected engagements",
                                             den_name="expected reach", context="the calendar's engagement rate")),
        "fallback_posts": int((schedule["forecast_basis"] != "platform x content type").sum()),
        "by_platform": by_platform,
    }


def calendar_view(
    platforms: Sequence[str],
    posts_per_week: Any,
    video: Any,
    image: Any,
    text: Any,
    link: Any,
    weeks: Any,
    campaign: str = "",
    *,
    rates: pd.DataFrame,
    topics: Sequence[str] = (),
    start: str = DEFAULT_START,
) -> dict[str, Any]:
    """The calendar builder of notebook 04, with the content mix in **percent**.

    ``video``, ``image``, ``text`` and ``link`` are whole percentages that
    must add up to 100; otherwise (or with no platform) a ``ValueError`` says
    what to change. Returns ``{"schedule", "summary", "mix", "platforms",
    "weeks", "posts_per_week"}``.
    """
    percents = {}
    for name, value in (("video", video), ("image", image), ("text", text), ("link", link)):
        percents[name] = float(check_nonnegative(name, as_scalar(name, value)))
    chosen = _check_platforms(platforms)
    total = sum(percents.values())
    if abs(total - 100.0) > 1e-9:
        raise ValueError(
            f"The content mix adds up to {total:g}%, not 100%. "
            f"Move the sliders until video + image + text + link = 100%."
        )
    mix = {k: v / 100.0 for k, v in percents.items()}
    schedule = build_calendar(chosen, posts_per_week, mix, weeks, rates=rates, start=start,
                              campaign=campaign, topics=topics)
    return {"schedule": schedule, "summary": summarise(schedule), "mix": mix, "platforms": chosen,
            "weeks": int(weeks), "posts_per_week": int(posts_per_week)}


def calendar_rows(result: dict[str, Any]) -> list[tuple[str, str]]:
    """The calendar's totals as ``(label, formatted value)`` rows for a widget table."""
    s = result["summary"]
    rows = [
        ("Posts planned", num(s["posts"])),
        ("Platforms", ", ".join(result["platforms"])),
        ("Expected reach (people, summed over posts)", num(s["expected_reach"])),
        ("Expected engagements", num(s["expected_engagements"])),
        ("Engagements per person reached", pct(s["engagement_rate"], 2)),
        ("First post / last post", f"{result['schedule']['date'].iloc[0]} / {result['schedule']['date'].iloc[-1]}"),
    ]
    if s["fallback_posts"]:
        rows.append(("Posts estimated without history of their format", num(s["fallback_posts"])))
    return rows


def export_message(result: dict[str, Any] | None, path: str | Path) -> str:
    """Export a :func:`calendar_view` result's schedule with :func:`to_safe_csv`; say what happened.

    Returns a sentence for the learner (``result`` is None when the calendar
    shows a message instead of a schedule: nothing is written then).
    """
    if result is None or "schedule" not in result:
        return "Nothing to export: fix the message above first."
    written = to_safe_csv(result["schedule"], path)
    return f"Saved {len(result['schedule'])} posts to {written.parent.name}/{written.name}."
