"""Why SMM is powerful, in numbers: connection, interaction, social equity, customer data.

The source article names three core areas: **connection** (many kinds of
channel), **interaction** (from a passive like to a conversation, plus
electronic word of mouth, eWOM) and **customer data** (big data's three Vs).
Because interactions happen on the network they are measurable, which makes
campaign returns ("social equity") measurable too.

* :func:`channel_type_summary` posts grouped by the channel types of
  :data:`utils.shared.config.CHANNEL_TYPES` (pooled rates, never means of rates);
* :func:`interaction_mix` how engagements split into likes, comments, shares, clicks;
* :func:`campaign_roi_table` / :func:`pooled_roi` social equity: campaign ROAS and ROI on gross profit;
* :func:`volume_variety` / :func:`velocity` the three Vs of the course data;
* :func:`targeting_fields` geographic, demographic and personal fields of the audience;
* :func:`word_of_mouth_view` / :func:`word_of_mouth_rows` the pure compute of
  notebook 02's eWOM panel (a seeded simulation on a contact network).

Rates are fractions; money is EUR.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from utils.shared.config import CHANNEL_TYPES, SEED
from utils.shared.config import GROSS_MARGIN
from utils.shared.metrics import engagements, gross_profit, pooled_rate, roas, roi
from utils.shared.plotting import num, pct
from utils.shared.validation import check_frame, check_choice, check_count, check_int, check_nonnegative
from utils.shared.virality import simulate_word_of_mouth

__all__ = [
    "CHANNEL_ORDER",
    "DATA_KINDS",
    "EVENT_COUNTS",
    "EVENT_TIMES",
    "INTERACTIONS",
    "TARGETING_FIELDS",
    "campaign_roi_table",
    "channel_breakdown",
    "channel_type_summary",
    "events_per_day",
    "interaction_mix",
    "pooled_roi",
    "targeting_fields",
    "velocity",
    "volume_variety",
    "word_of_mouth_rows",
    "word_of_mouth_view",
]

#: Channel types in the order the source article names them.
CHANNEL_ORDER: tuple[str, ...] = ("content platform", "social site", "microblog")

#: The four engagement actions, from most passive to most committed.
INTERACTIONS: tuple[str, ...] = ("likes", "comments", "shares", "clicks")

#: For each event file, the column saying when the event happened (velocity).
EVENT_TIMES: dict[str, str] = {
    "posts": "posted_at",
    "mentions": "date",
    "inbox": "received_at",
    "web_sessions": "started_at",
}
#: Files whose rows are daily counts: the events are the sum of these columns.
EVENT_COUNTS: dict[str, tuple[str, ...]] = {"mentions": ("positive", "neutral", "negative")}

#: Plain-words names of the data dictionary's column types (variety).
DATA_KINDS: dict[str, str] = {
    "int": "numbers",
    "float": "numbers",
    "bool": "yes/no flags",
    "str": "text",
    "datetime": "timestamps",
    "date": "dates",
    "category": "categories",
    "list": "lists",
}

#: Targeting data the source names, mapped to audience columns.
TARGETING_FIELDS: dict[str, tuple[str, ...]] = {
    "geographic": ("location",),
    "demographic": ("age", "income_band", "job_title", "industry"),
    "personal": ("interests", "platforms"),
}


def _frame(name: str, df: Any, columns: Sequence[str]) -> pd.DataFrame:
    return check_frame(name, df, columns, empty="select at least one row")

# ------------------------------------------------------------------ connection
def channel_type_summary(posts: pd.DataFrame, channel_types: Mapping[str, str] = CHANNEL_TYPES) -> pd.DataFrame:
    """Posts grouped by channel type (content platform, social site, microblog).

    ``posts``: one row per post with ``platform``, ``impressions``, ``reach``,
    ``likes``, ``comments``, ``shares``, ``clicks``. ``channel_types`` maps each
    platform to its type (default :data:`utils.shared.config.CHANNEL_TYPES`).

    Returns one row per channel type present (in :data:`CHANNEL_ORDER`) with
    ``platforms`` (names), ``posts``, the sums ``impressions``, ``reach``,
    ``engagements``, ``shares``, and

    * ``reach_per_post`` = reach / posts (people per post; reach is not summed
      across posts as people, one person can see several posts);
    * ``engagement_rate`` = engagements / impressions, pooled;
    * ``shares_per_1000`` = 1000 * shares / impressions, pooled.
    """
    df = _frame("posts", posts, ["platform", "impressions", "reach", *INTERACTIONS])
    platform = df["platform"].astype(str)
    unknown = sorted(set(platform) - set(channel_types))
    if unknown:
        raise ValueError(f"platform {unknown[0]!r} has no channel type; channel_types knows {sorted(channel_types)}")
    work = pd.DataFrame({
        "channel_type": platform.map(channel_types),
        "platform": platform,
        "impressions": df["impressions"],
        "reach": df["reach"],
        "engagements": engagements(df["likes"], df["comments"], df["shares"], df["clicks"]),
        "shares": df["shares"],
    })
    grouped = work.groupby("channel_type", sort=False)
    table = grouped[["impressions", "reach", "engagements", "shares"]].sum()
    table.insert(0, "posts", grouped.size())
    table.insert(0, "platforms", grouped["platform"].agg(lambda s: ", ".join(sorted(set(s), key=list(channel_types).index))))
    table["reach_per_post"] = table["reach"] / table["posts"]
    table["engagement_rate"] = pooled_rate(work, "engagements", "impressions", by="channel_type")["rate"]
    table["shares_per_1000"] = 1000 * pooled_rate(work, "shares", "impressions", by="channel_type", bounded=True)["rate"]
    order = [c for c in CHANNEL_ORDER if c in table.index] + sorted(set(table.index) - set(CHANNEL_ORDER))
    table = table.loc[order]
    table.index.name = "channel_type"
    return table


def channel_breakdown(
    posts: pd.DataFrame, channel_type: str, channel_types: Mapping[str, str] = CHANNEL_TYPES
) -> pd.DataFrame:
    """The platforms of one channel type, one row each (same columns as :func:`channel_type_summary`).

    ``channel_type``: one of the values of ``channel_types`` (e.g. ``"microblog"``).
    Raises ``ValueError`` naming ``channel_type`` if it is unknown or if
    ``posts`` has no post of that type.
    """
    kinds = [c for c in CHANNEL_ORDER if c in set(channel_types.values())]
    kinds += sorted(set(channel_types.values()) - set(kinds))
    check_choice("channel_type", channel_type, kinds)
    df = _frame("posts", posts, ["platform"])
    chosen = df[df["platform"].astype(str).map(channel_types) == channel_type]
    if chosen.empty:
        raise ValueError(f"posts has no {channel_type} posts (platforms {', '.join(sorted(p for p, t in channel_types.items() if t == channel_type))})")
    names = {p: p for p, t in channel_types.items() if t == channel_type}
    table = channel_type_summary(chosen, names)
    table.index.name = "platform"
    return table.drop(columns="platforms")


# ------------------------------------------------------------------ interaction
def interaction_mix(posts: pd.DataFrame) -> pd.DataFrame:
    """How engagements split into likes, comments, shares and clicks.

    Returns one row per action (in :data:`INTERACTIONS` order) with ``count``
    and ``share`` (count / all engagements, fractions summing to 1). Likes are
    the passive end; comments are direct conversation; shares pass the post on
    (word of mouth); clicks bring people to the shop.
    """
    df = _frame("posts", posts, INTERACTIONS)
    counts = pd.Series({a: int(check_count(a, df[a]).sum()) for a in INTERACTIONS}, name="count", dtype="int64")
    total = counts.sum()
    if total == 0:
        raise ValueError("these posts have no engagements at all: there is no mix to show")
    table = counts.to_frame()
    table["share"] = counts / total
    table.index.name = "action"
    return table


# ------------------------------------------------------------------ social equity
def campaign_roi_table(campaigns: pd.DataFrame, *, gross_margin: float = GROSS_MARGIN) -> pd.DataFrame:
    """Social equity: what each campaign returned, as ROAS and as ROI on gross profit.

    ``campaigns``: one row per campaign with ``name``, ``objective``,
    ``platform``, ``spend`` and ``attributed_revenue`` (EUR). Adds
    ``roas = attributed_revenue / spend`` (:func:`utils.shared.metrics.roas`,
    euros of sales per euro spent: revenue, not profit),
    ``gross_profit = attributed_revenue x gross_margin`` (EUR) and
    ``roi = (gross_profit - spend) / spend`` (:func:`utils.shared.metrics.roi`,
    a fraction: 0.2 means every euro came back with 20 cents of gross profit
    on top, -1 means all of it was lost). ``gross_margin`` is a fraction,
    default the course's :data:`utils.shared.config.GROSS_MARGIN`. Sorted by
    ROI, best first.
    """
    df = _frame("campaigns", campaigns, ["name", "objective", "platform", "spend", "attributed_revenue"])
    table = df[["name", "objective", "platform", "spend", "attributed_revenue"]].copy()
    table["objective"] = table["objective"].astype(str)
    table["platform"] = table["platform"].astype(str)
    table["roas"] = roas(df["attributed_revenue"], df["spend"])
    table["gross_profit"] = gross_profit(df["attributed_revenue"], gross_margin=gross_margin)
    table["roi"] = roi(df["attributed_revenue"], df["spend"], gross_margin=gross_margin)
    return table.sort_values("roi", ascending=False, kind="stable").reset_index(drop=True)


def pooled_roi(
    campaigns: pd.DataFrame, by: str | None = None, *, gross_margin: float = GROSS_MARGIN
) -> float | pd.DataFrame:
    """ROI on gross profit of several campaigns together.

    ``(sum revenue x gross_margin - sum spend) / sum spend``: the pooled rule
    of the course (big campaigns weigh more, as they do for the business), not
    the mean of the campaigns' ROIs. With ``by`` (e.g. ``"objective"``) returns
    one row per group with ``campaigns``, ``spend``, ``attributed_revenue``,
    ``roas`` (pooled revenue / spend) and ``roi``.
    """
    cols = ["spend", "attributed_revenue"] + ([by] if by else [])
    df = _frame("campaigns", campaigns, cols)
    check_nonnegative("spend", df["spend"])
    check_nonnegative("attributed_revenue", df["attributed_revenue"])
    if by is None:
        return float(roi(float(df["attributed_revenue"].sum()), float(df["spend"].sum()), gross_margin=gross_margin))
    groups = df.groupby(df[by].astype(str), sort=True)
    table = groups[["spend", "attributed_revenue"]].sum()
    table.insert(0, "campaigns", groups.size())
    table["roas"] = roas(table["attributed_revenue"], table["spend"])
    table["roi"] = roi(table["attributed_revenue"], table["spend"], gross_margin=gross_margin)
    return table


# ------------------------------------------------------------------ customer data: the three Vs
def volume_variety(
    frames: Mapping[str, pd.DataFrame],
    types: Mapping[str, Mapping[str, str]] | None = None,
) -> pd.DataFrame:
    """Volume and variety of a set of data files.

    ``frames``: name -> DataFrame. ``types``: name -> {column: dictionary type}
    (``int``, ``float``, ``category``, ``datetime``... as in
    ``data/dictionary.csv``); without it the kinds are read from the pandas dtypes.

    Returns one row per file with ``rows``, ``columns``, ``cells`` (rows x
    columns: volume) and ``kinds`` (how many different kinds of data, in the
    plain words of :data:`DATA_KINDS`) plus ``kind_names`` (variety).
    """
    if not isinstance(frames, Mapping) or not frames:
        raise ValueError("frames must be a non-empty mapping of name -> DataFrame")
    out = []
    for name, df in frames.items():
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"frames[{name!r}] must be a pandas DataFrame, got {type(df).__name__}")
        if types is not None and name in types:
            col_types = dict(types[name])
            missing = [c for c in df.columns if c not in col_types]
            if missing:
                raise ValueError(f"types[{name!r}] does not describe the column(s) {missing}")
            unknown = sorted({t for c, t in col_types.items() if c in df.columns} - set(DATA_KINDS))
            if unknown:
                raise ValueError(f"types[{name!r}] uses unknown type(s) {unknown}; known: {sorted(DATA_KINDS)}")
            kinds = {DATA_KINDS[col_types[c]] for c in df.columns}
        else:
            kinds = {_kind_of(df[c]) for c in df.columns}
        out.append({"file": name, "rows": len(df), "columns": df.shape[1], "cells": df.size,
                    "kinds": len(kinds), "kind_names": ", ".join(sorted(kinds))})
    return pd.DataFrame(out).set_index("file")


def _kind_of(series: pd.Series) -> str:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return DATA_KINDS["bool"]
    if isinstance(dtype, pd.CategoricalDtype):
        return DATA_KINDS["category"]
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return DATA_KINDS["datetime"]
    if pd.api.types.is_numeric_dtype(dtype):
        return DATA_KINDS["int"]
    return DATA_KINDS["str"]


def events_per_day(
    frame: pd.DataFrame, time_column: str, count_columns: Sequence[str] = ()
) -> pd.Series:
    """Events per calendar day of one event file.

    An event is a row (a post, a message, a visit) or, for files of counts
    such as mentions, the sum of ``count_columns`` in the row. Returns a
    Series indexed by day (midnight timestamps, every day from the first to
    the last, quiet days as 0), named ``events``.
    """
    df = _frame("frame", frame, [time_column, *count_columns])
    when = df[time_column]
    if not pd.api.types.is_datetime64_any_dtype(when):
        raise TypeError(f"{time_column} must hold datetimes (load the file with utils.shared.data)")
    if when.isna().any():
        raise ValueError(f"{time_column} has missing times in {int(when.isna().sum())} rows")
    if count_columns:
        weight = sum(check_count(c, df[c]) for c in count_columns)
    else:
        weight = pd.Series(1.0, index=df.index)
    day = when.dt.normalize()
    daily = weight.groupby(day).sum()
    full = pd.date_range(daily.index.min(), daily.index.max(), freq="D")
    daily = daily.reindex(full, fill_value=0.0)
    daily.index.name = "day"
    daily.name = "events"
    return daily


def velocity(
    frames: Mapping[str, pd.DataFrame],
    times: Mapping[str, str] = EVENT_TIMES,
    counts: Mapping[str, Sequence[str]] = EVENT_COUNTS,
) -> pd.DataFrame:
    """Velocity: how fast events arrive in each event file.

    For each name in ``frames`` that ``times`` knows (see :func:`events_per_day`):
    ``events``, ``days`` spanned (first to last calendar day, inclusive),
    ``per_day`` = events / days, ``per_hour`` = per_day / 24, and the
    ``busiest_day`` with its ``busiest_day_events``. Files without a time
    column are skipped; if none has one, ``ValueError``.
    """
    if not isinstance(frames, Mapping) or not frames:
        raise ValueError("frames must be a non-empty mapping of name -> DataFrame")
    out = []
    for name, df in frames.items():
        if name not in times:
            continue
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"frames[{name!r}] must be a pandas DataFrame, got {type(df).__name__}")
        if df.empty:
            raise ValueError(f"frames[{name!r}] has no rows: no events to time")
        daily = events_per_day(df, times[name], tuple(counts.get(name, ())))
        events, days = int(daily.sum()), len(daily)
        out.append({
            "file": name,
            "events": events,
            "days": days,
            "per_day": events / days,
            "per_hour": events / days / 24,
            "busiest_day": daily.idxmax(),
            "busiest_day_events": int(daily.max()),
        })
    if not out:
        raise ValueError(f"none of {sorted(frames)} has a time column; known event files: {sorted(times)}")
    return pd.DataFrame(out).set_index("file")


# ------------------------------------------------------------------ targeting data
def targeting_fields(audience: pd.DataFrame, fields: Mapping[str, Sequence[str]] = TARGETING_FIELDS) -> pd.DataFrame:
    """The audience columns a marketer can target, grouped as the source groups them.

    Returns one row per column with ``kind`` (geographic, demographic,
    personal), ``column``, ``distinct`` (different values; for ``;``-lists,
    different items) and ``example`` (the most common value or item).
    """
    needed = [c for cols in fields.values() for c in cols]
    df = _frame("audience", audience, needed)
    out = []
    for kind, cols in fields.items():
        for col in cols:
            values = df[col].dropna()
            if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
                items = values.astype(str).str.split(";").explode()
                items = items[items != ""]
            else:
                items = values
            counts = items.astype(str).value_counts()
            if pd.api.types.is_numeric_dtype(values.dtype):
                example = f"{values.min():g} to {values.max():g}"
            else:
                example = str(counts.index[0]) if len(counts) else ""
            out.append({"kind": kind, "column": col, "distinct": int(items.nunique()), "example": example})
    return pd.DataFrame(out)


# ------------------------------------------------------------------ notebook 02 panel: eWOM
def word_of_mouth_view(
    share_probability: Any,
    network_size: Any,
    seed_users: Any = 10,
    mean_contacts: Any = 10,
    steps: Any = 30,
    seed: int | None = SEED,
) -> dict[str, Any]:
    """Compute of the eWOM panel: word of mouth on a seeded random network.

    Runs :func:`utils.shared.virality.simulate_word_of_mouth` (``seed_users`` people
    see the message first; each person who hears it tells each contact with
    ``share_probability``). Returns the result's per-step ``reached`` array and
    ``final_reach``, ``final_share`` (of the network), ``multiplier`` (people
    reached per seed user), ``active_steps`` (steps in which someone new heard
    it) and ``k`` = share_probability * mean_contacts (the early viral coefficient).
    Bad input raises ``ValueError``/``TypeError`` naming the argument (e.g.
    more seed users than people in the network).
    """
    people = check_int("network_size", network_size, minimum=1, maximum=1_000_000)
    first = check_int("seed_users", seed_users, minimum=1)
    if first > people:
        raise ValueError(f"seed_users ({num(first)}) cannot exceed network_size ({num(people)}): "
                         f"no more people can see the message first than there are in the network")
    result = simulate_word_of_mouth(people, share_probability, first, mean_contacts, steps, seed=seed)
    new = result.new
    return {
        "network_size": result.network_size,
        "seed_users": int(new[0]),
        "steps": len(new) - 1,
        "reached": result.reached.astype(float),
        "final_reach": result.final_reach,
        "final_share": result.final_share,
        "multiplier": result.final_reach / int(new[0]),
        "active_steps": int(np.count_nonzero(new[1:])),
        "k": float(share_probability) * float(mean_contacts),
    }


def word_of_mouth_rows(view: dict[str, Any]) -> list[tuple[str, str]]:
    """The eWOM panel's results table (label, formatted value)."""
    return [
        ("Early viral coefficient k (p x contacts)", f"{view['k']:.2f}"),
        ("People reached", f"{num(view['final_reach'])} of {num(view['network_size'])}"),
        ("Share of the network reached", pct(view["final_share"])),
        ("People reached per seed user", f"{view['multiplier']:.1f}x"),
        ("Steps in which new people heard it", f"{view['active_steps']} of {view['steps']}"),
    ]
