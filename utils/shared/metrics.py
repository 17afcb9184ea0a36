"""Social media marketing metrics: the one copy of every formula in the course.

Conventions (see CONTRIBUTING.md):

* Rates are **fractions** (``0.025`` means 2.5%); money is EUR; time in hours.
* Every rate names its denominator in its signature.
* Each function accepts scalars, NumPy arrays, lists or pandas Series and
  returns the same kind: a Python ``float`` for scalars, a NumPy array for
  arrays/lists, a Series (same index) for Series input.
* Bad input raises ``ValueError``/``TypeError`` naming the argument and the rule
  (zero denominators follow ``on_zero=``: ``"raise"``, ``"nan"`` or ``"zero"``).
* Group rates are **pooled** (:func:`pooled_rate`): sum of numerators over sum of
  denominators. The average of per-row rates (:func:`average_rate`, each post
  counts once, as Hootsuite's published averages) is a different metric and is
  named as such wherever the course shows it.
* The course's default engagement rate is engagements / impressions
  (:data:`utils.shared.config.ENGAGEMENT_RATE_BASE`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from utils.shared.validation import (
    Numeric,
    OnZero,
    align,
    as_scalar,
    check_choice,
    check_count,
    check_fraction,
    check_le,
    check_result,
    check_nonnegative,
    describe_rows,
    safe_divide,
)

__all__ = [
    "ResponseTimes",
    "amplification_rate",
    "average_rate",
    "average_response_time",
    "break_even_roas",
    "conversion_rate",
    "ctr",
    "engagement_rate",
    "engagement_rates",
    "engagements",
    "gross_profit",
    "pooled_rate",
    "response_rate",
    "roas",
    "roi",
    "share_of_voice",
    "virality_rate",
]


def _count_rate(
    num_name: str,
    num: Any,
    den_name: str,
    den: Any,
    *,
    context: str,
    result_name: str,
    bounded: bool,
    on_zero: OnZero,
) -> Numeric:
    """Shared body of every count-over-count rate.

    Both inputs must be counts; with ``bounded`` the numerator may not exceed
    the denominator (the impossible-pair rule), so the rate stays in [0, 1].
    """
    num = check_count(num_name, num)
    den = check_count(den_name, den)
    if bounded:
        check_le(num_name, num, den_name, den, context)
    return safe_divide(
        num,
        den,
        num_name=num_name,
        den_name=den_name,
        on_zero=on_zero,
        name=result_name,
        context=context,
    )


# --------------------------------------------------------------------------- #
# Engagement
# --------------------------------------------------------------------------- #
def engagements(likes: Any, comments: Any, shares: Any, clicks: Any) -> Numeric:
    """Total engagements of a post: ``likes + comments + shares + clicks``.

    Unit: a count of actions (not people: one person can like *and* share).
    All four inputs are counts (non-negative whole numbers); columns must have
    the same length/index. Returns a float, array or Series named
    ``"engagements"``.
    """
    aligned = align(
        ("likes", check_count("likes", likes)),
        ("comments", check_count("comments", comments)),
        ("shares", check_count("shares", shares)),
        ("clicks", check_count("clicks", clicks)),
    )
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported by check_result
        total = np.sum(aligned.values, axis=0)
    return aligned.wrap(check_result("engagements", total), "engagements")


def engagement_rate(
    engagements: Any,
    base: Any,
    *,
    base_name: str = "base",
    on_zero: OnZero = "raise",
) -> Numeric:
    """Engagement rate: ``engagements / base``, a fraction.

    The denominator is chosen by the caller and passed explicitly: impressions
    (engagement per view), reach (per person who saw it) or followers (per
    audience member). Say which with ``base_name`` so messages name it, e.g.
    ``engagement_rate(e, df["reach"], base_name="reach")``.

    The result is **not** capped at 1: engagements count actions, so a post
    can collect more actions than its base (common with followers as base when
    a post travels beyond the audience). Hence there is no pair rule here.
    """
    return _count_rate(
        "engagements",
        engagements,
        base_name,
        base,
        context=f"engagement rate by {base_name}",
        result_name="engagement_rate",
        bounded=False,
        on_zero=on_zero,
    )


def engagement_rates(
    likes: Any,
    comments: Any,
    shares: Any,
    clicks: Any,
    impressions: Any,
    reach: Any,
    followers: Any,
    *,
    on_zero: OnZero = "raise",
) -> pd.Series | pd.DataFrame:
    """The three engagement rates of the same posts side by side.

    ``engagements = likes + comments + shares + clicks`` divided by impressions,
    by reach and by followers (fractions). They disagree because the
    denominators count different things: impressions count views (one person
    can see a post several times, so impressions >= reach), reach counts
    people, followers count the audience (whether or not they saw the post).

    Rule: reach cannot exceed impressions.

    Returns
    -------
    pandas.Series
        For scalar input: index ``by_impressions``, ``by_reach``, ``by_followers``.
    pandas.DataFrame
        For column input: one row per post, the same three columns.
    """
    total = engagements(likes, comments, shares, clicks)
    check_le("reach", reach, "impressions", impressions, "engagement rates")
    rates = {
        f"by_{base_name}": engagement_rate(total, base, base_name=base_name, on_zero=on_zero)
        for base_name, base in (("impressions", impressions), ("reach", reach), ("followers", followers))
    }
    if all(isinstance(r, float) for r in rates.values()):
        return pd.Series(rates, name="engagement_rate", dtype=float)
    aligned = align(*rates.items())  # Series index if any input had one
    frame = pd.DataFrame(
        {key: value for key, value in zip(rates, aligned.values)},
        index=aligned.index,
    )
    return frame


# --------------------------------------------------------------------------- #
# Funnel rates
# --------------------------------------------------------------------------- #
def ctr(clicks: Any, impressions: Any, *, on_zero: OnZero = "raise") -> Numeric:
    """Click-through rate: ``clicks / impressions``, a fraction in [0, 1].

    Denominator: impressions (times the post or ad was shown).
    Rule: clicks cannot exceed impressions. Example: ``ctr(25, 1000) == 0.025``.
    """
    return _count_rate(
        "clicks", clicks, "impressions", impressions,
        context="CTR", result_name="ctr", bounded=True, on_zero=on_zero,
    )


def conversion_rate(conversions: Any, clicks: Any, *, on_zero: OnZero = "raise") -> Numeric:
    """Conversion rate: ``conversions / clicks``, a fraction in [0, 1].

    Denominator: clicks (visits brought by social). Rule: conversions cannot
    exceed clicks. Example: ``conversion_rate(5, 25) == 0.2``.
    """
    return _count_rate(
        "conversions", conversions, "clicks", clicks,
        context="conversion rate", result_name="conversion_rate", bounded=True, on_zero=on_zero,
    )


def virality_rate(shares: Any, impressions: Any, *, on_zero: OnZero = "raise") -> Numeric:
    """Virality rate: ``shares / impressions``, a fraction in [0, 1].

    Denominator: impressions. Rule: shares cannot exceed impressions (each
    share needs someone who saw the post). Example: ``virality_rate(30, 6000) == 0.005``.
    """
    return _count_rate(
        "shares", shares, "impressions", impressions,
        context="virality rate", result_name="virality_rate", bounded=True, on_zero=on_zero,
    )


def amplification_rate(shares: Any, followers: Any, *, on_zero: OnZero = "raise") -> Numeric:
    """Amplification rate: ``shares / followers``, a fraction.

    Denominator: followers (the account's audience). Not capped at 1: people
    who do not follow the account can share too.
    Example: ``amplification_rate(15, 1500) == 0.01``.
    """
    return _count_rate(
        "shares", shares, "followers", followers,
        context="amplification rate", result_name="amplification_rate", bounded=False, on_zero=on_zero,
    )


def share_of_voice(brand_mentions: Any, total_mentions: Any, *, on_zero: OnZero = "raise") -> Numeric:
    """Share of voice: ``brand_mentions / total_mentions``, a fraction in [0, 1].

    ``total_mentions`` counts the mentions of every brand in the comparison
    **including** this brand, so the shares of all brands sum to 1.
    Rule: brand_mentions cannot exceed total_mentions.
    Example: ``share_of_voice(30, 120) == 0.25``.
    """
    return _count_rate(
        "brand_mentions", brand_mentions, "total_mentions", total_mentions,
        context="share of voice", result_name="share_of_voice", bounded=True, on_zero=on_zero,
    )


def response_rate(responded: Any, received: Any, *, on_zero: OnZero = "raise") -> Numeric:
    """Response rate: ``responded / received``, a fraction in [0, 1].

    Denominator: messages received (that asked for an answer). Rule:
    responded cannot exceed received. Example: ``response_rate(45, 50) == 0.9``.
    """
    return _count_rate(
        "responded", responded, "received", received,
        context="response rate", result_name="response_rate", bounded=True, on_zero=on_zero,
    )


def roas(revenue: Any, ad_spend: Any, *, on_zero: OnZero = "raise") -> Numeric:
    """Return on ad spend (ROAS): ``revenue / ad_spend``, a ratio (EUR per EUR).

    What each euro of advertising brought back **in revenue** (sales value,
    before the cost of the goods sold). Google Ads defines it the same way:
    conversion value per unit of ad spend ("About Target ROAS bidding",
    https://support.google.com/google-ads/answer/6268637). ROAS is not profit:
    a ROAS of 1.5 can still lose money once the tea itself is paid for (see
    :func:`break_even_roas` and :func:`roi`).

    Units: both in EUR. Denominator: ad spend (a zero spend follows
    ``on_zero``). Example: ``roas(1500, 1000) == 1.5`` (often written 150% or 1.5x).
    """
    revenue = check_nonnegative("revenue", revenue)
    ad_spend = check_nonnegative("ad_spend", ad_spend)
    align(("revenue", revenue), ("ad_spend", ad_spend))
    return safe_divide(
        revenue, ad_spend, num_name="revenue", den_name="ad_spend",
        on_zero=on_zero, name="roas", context="ROAS",
    )


def gross_profit(revenue: Any, *, gross_margin: Any) -> Numeric:
    """Gross profit: ``revenue * gross_margin``, in EUR.

    ``gross_margin`` is the share of each euro of sales left after the cost of
    the goods sold (a fraction, e.g. 0.55; the course's assumption for
    Brightleaf is :data:`utils.shared.config.GROSS_MARGIN`). It is passed
    explicitly so every profit figure says which margin it assumed.
    Example: ``gross_profit(1000, gross_margin=0.55) == 550``.
    """
    revenue = check_nonnegative("revenue", revenue)
    margin = check_fraction("gross_margin", as_scalar("gross_margin", gross_margin))
    with np.errstate(over="ignore", invalid="ignore"):
        value = revenue * margin
    if isinstance(value, pd.Series):
        value = value.rename("gross_profit")
    return check_result("gross_profit", value)


def break_even_roas(gross_margin: Any) -> float:
    """The ROAS at which a campaign exactly pays for itself: ``1 / gross_margin``.

    Below it the gross profit of the sales does not cover the ad spend (ROI < 0).
    Example: with a 55% margin, ``break_even_roas(0.55) == 1 / 0.55``, about
    1.82: each euro of ads must bring about EUR 1.82 of sales just to break even.
    """
    margin = check_fraction("gross_margin", as_scalar("gross_margin", gross_margin))
    if margin == 0:
        raise ValueError(
            "gross_margin must be greater than 0 for a break-even ROAS: with no margin no amount of "
            "revenue pays back the ad spend"
        )
    return 1.0 / margin


def roi(revenue: Any, cost: Any, *, gross_margin: Any, on_zero: OnZero = "raise") -> Numeric:
    """Return on investment on gross profit: ``(revenue * gross_margin - cost) / cost``.

    What the campaign earned back per euro invested, **after** paying for the
    goods it sold: gross profit (:func:`gross_profit`) minus the money spent,
    divided by the money spent. A fraction: 0.2 means every euro spent came
    back with 20 cents of gross profit on top; 0 means break-even; -1 means
    all of it was lost. ``gross_margin`` is required (a fraction; the course
    uses :data:`utils.shared.config.GROSS_MARGIN`).

    Sources differ on the cost in the denominator. Google Ads Help ("Return on
    investment (ROI)", https://support.google.com/google-ads/answer/14090)
    divides by all costs, goods *and* ads. The course divides by the
    marketing spend only, because that is the investment the marketer decides
    on; with ``gross_margin=1`` the formula becomes the simple
    ``(revenue - cost) / cost``, which is ROAS - 1 and ignores what the goods cost.

    Units: EUR. Denominator: cost (a zero cost follows ``on_zero``).
    Example: ``roi(2000, 1000, gross_margin=0.55) == 0.1``.
    """
    revenue = check_nonnegative("revenue", revenue)
    cost = check_nonnegative("cost", cost)
    margin = check_fraction("gross_margin", as_scalar("gross_margin", gross_margin))
    aligned = align(("revenue", revenue), ("cost", cost))
    with np.errstate(over="ignore", invalid="ignore"):
        net = aligned.values[0] * margin - aligned.values[1]
    net = aligned.wrap(check_result("gross profit - cost", net), "net")
    return safe_divide(
        net, cost, num_name="gross profit - cost", den_name="cost",
        on_zero=on_zero, name="roi", context="ROI",
    )


# --------------------------------------------------------------------------- #
# Pooled group rates
# --------------------------------------------------------------------------- #
def _rate_columns(df: Any, numerator: str, denominator: str, by: Any) -> list[str]:
    """Check the frame and column names of :func:`pooled_rate` / :func:`average_rate`; the group keys."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    if by is not None and not isinstance(by, (str, list, tuple)):
        raise TypeError(f"by must be a column name or a list of column names, got {by!r}")
    keys: list[str] = [] if by is None else ([by] if isinstance(by, str) else list(by))
    for role, column in [("numerator", numerator), ("denominator", denominator)] + [("by", k) for k in keys]:
        if column not in df.columns:
            raise ValueError(
                f"{role} column {column!r} is not in df; columns are {list(df.columns)}"
            )
    if numerator == denominator or numerator in keys or denominator in keys:
        raise ValueError("numerator, denominator and by must name different columns")
    return keys


def pooled_rate(
    df: pd.DataFrame,
    numerator: str,
    denominator: str,
    by: str | Sequence[str] | None = None,
    *,
    on_zero: OnZero = "raise",
    bounded: bool = False,
) -> pd.Series | pd.DataFrame:
    """Pooled rate ``sum(numerator) / sum(denominator)``, overall or per group.

    This is the course's rule for group rates: a group of posts with 10/100 and
    30/900 clicks/impressions has a CTR of 40/1000 = 4%, not the mean of 10% and
    3.3%. Big posts weigh more, exactly as they do for the business.

    Parameters
    ----------
    df:
        The table, one row per post/day/campaign.
    numerator, denominator:
        Column names (non-negative numbers, e.g. ``"clicks"``, ``"impressions"``).
    by:
        Column name or list of names to group by; ``None`` for one overall rate.
        Missing group labels form their own group (rows are never dropped).
    on_zero:
        What to do for a group whose denominator sums to 0 (see CONTRIBUTING.md).
    bounded:
        If True, apply the impossible-pair rule row by row (numerator cannot
        exceed denominator), as for CTR.

    Returns
    -------
    pandas.Series
        With ``by=None``: ``<numerator>``, ``<denominator>`` (the sums),
        ``n_rows`` and ``rate``.
    pandas.DataFrame
        Otherwise: one row per group (sorted), the same four columns.
    """
    keys = _rate_columns(df, numerator, denominator, by)
    num = check_nonnegative(numerator, df[numerator])
    den = check_nonnegative(denominator, df[denominator])
    if bounded:
        check_le(numerator, num, denominator, den, "pooled rate")
    if not keys:
        top, bottom = float(num.sum()), float(den.sum())
        rate = safe_divide(
            top, bottom, num_name=f"sum of {numerator}", den_name=f"sum of {denominator}",
            on_zero=on_zero, context="the pooled rate",
        )
        return pd.Series(
            {numerator: top, denominator: bottom, "n_rows": float(len(df)), "rate": rate},
            name="pooled_rate",
        )
    parts = pd.DataFrame({numerator: num, denominator: den})
    grouped = parts.groupby([df[k] for k in keys], dropna=False, sort=True)
    table = grouped.sum()
    table["n_rows"] = grouped.size()
    table["rate"] = safe_divide(
        table[numerator], table[denominator],
        num_name=f"{numerator} (group sum)", den_name=f"{denominator} (group sum)",
        on_zero=on_zero, name="rate", context="the pooled rate",
    )
    return table


def average_rate(
    df: pd.DataFrame,
    numerator: str,
    denominator: str,
    by: str | Sequence[str] | None = None,
    *,
    on_zero: OnZero = "raise",
    bounded: bool = False,
) -> pd.Series | pd.DataFrame:
    """Average of per-row rates: ``mean(numerator / denominator)``, overall or per group.

    Each row (post) counts once, whatever its size: the answer to "how does a
    typical post do?". This is how Hootsuite publishes its "average engagement
    rate by reach" (the engagement rate by reach of each post, summed and
    divided by the number of posts; Hootsuite, "How to calculate engagement
    rate", blog.hootsuite.com/calculate-engagement-rate). It differs from the
    course's default group rate, :func:`pooled_rate` (sum over sum: "of all
    the views, what share turned into engagement?", where big posts weigh
    more). Name which one a number is; compare a rate only with a benchmark
    computed the same way.

    Parameters and checks as :func:`pooled_rate`. ``on_zero`` decides what a
    row with a zero denominator does: ``"raise"`` (default), ``"zero"`` (the row
    counts as a rate of 0) or ``"nan"`` (the row is left out of the mean; a
    group left with no row gets NaN).

    Returns
    -------
    pandas.Series
        With ``by=None``: ``n_rows`` (rows averaged) and ``rate``.
    pandas.DataFrame
        Otherwise: one row per group (sorted), the same two columns.
    """
    keys = _rate_columns(df, numerator, denominator, by)
    if df.empty:
        raise ValueError("df has no rows, so there is no rate to average")
    num = check_nonnegative(numerator, df[numerator])
    den = check_nonnegative(denominator, df[denominator])
    if bounded:
        check_le(numerator, num, denominator, den, "average rate")
    rates = safe_divide(
        num, den, num_name=numerator, den_name=denominator,
        on_zero=on_zero, name="rate", context="the per-row rate",
    )
    if not keys:
        used = rates.dropna()
        return pd.Series(
            {"n_rows": float(len(used)), "rate": float(used.mean()) if len(used) else np.nan},
            name="average_rate",
        )
    grouped = rates.groupby([df[k] for k in keys], dropna=False, sort=True)
    return pd.DataFrame({"n_rows": grouped.count().astype(float), "rate": grouped.mean()})


# --------------------------------------------------------------------------- #
# Response time
# --------------------------------------------------------------------------- #
_SECONDS_PER = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "days": 86400.0}


@dataclass(frozen=True)
class ResponseTimes:
    """Summary of response times (from :func:`average_response_time`).

    ``mean`` and ``median`` are in ``unit`` over answered messages only;
    ``n_unanswered`` messages had no answer and are excluded (see
    :func:`response_rate` for the share answered).
    """

    mean: float
    median: float
    n_answered: int
    n_unanswered: int
    unit: str = "hours"

    def as_dict(self) -> dict[str, Any]:
        """The fields as a plain dict (for tables and JSON)."""
        return asdict(self)

    def __str__(self) -> str:
        return (
            f"mean {self.mean:.2f} {self.unit}, median {self.median:.2f} {self.unit} "
            f"over {self.n_answered} answered messages "
            f"({self.n_unanswered} unanswered, not included)"
        )


def _as_timestamps(name: str, values: Any) -> tuple[np.ndarray, pd.Index | None, bool]:
    """Parse datetimes / date strings into naive ``datetime64[ns]`` (NaT = missing).

    Returns the values, the Series index (if any) and whether the input was
    time-zone aware (aware values are converted to UTC).
    """
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{name} must be a single column of timestamps, not a DataFrame")
    if isinstance(values, (bool, np.bool_, int, float, np.number)):
        raise TypeError(f"{name} must hold datetimes or date strings, not numbers")
    if isinstance(values, str) or not hasattr(values, "__len__"):
        values = [values]  # one timestamp
    series = values if isinstance(values, pd.Series) else pd.Series(list(values) if not isinstance(values, np.ndarray) else values)
    numeric = pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype)
    if not numeric and series.dtype == object:
        numeric = any(isinstance(v, (bool, int, float, np.number)) for v in series.dropna())
    if numeric:
        raise TypeError(f"{name} must hold datetimes or date strings, not numbers")
    try:
        parsed = pd.to_datetime(series)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} holds a value that is not a date/time ({exc})") from None
    aware = isinstance(parsed.dtype, pd.DatetimeTZDtype)
    if aware:
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    index = values.index if isinstance(values, pd.Series) else None
    return parsed.to_numpy(dtype="datetime64[ns]"), index, aware


def average_response_time(
    received_at: Any,
    answered_at: Any,
    unit: str = "hours",
) -> ResponseTimes:
    """Mean and median time to answer a message, over answered messages.

    ``answered_at - received_at`` per message, paired by position (two Series
    must share the same index). Accepts Series, arrays or lists of datetimes or
    date strings. An answer that is missing (``None``/``NaT``) means the message
    was not answered: it is excluded from the times and counted in
    ``n_unanswered``. Time zones are honoured (aware timestamps are compared in
    UTC; do not mix aware and naive values).

    Units: ``unit`` is ``"hours"`` (course default), ``"minutes"``,
    ``"seconds"`` or ``"days"``.

    Rules: every message needs a ``received_at``; an answer cannot come before
    the message; at least one message must be answered.
    """
    check_choice("unit", unit, _SECONDS_PER)
    received, index_r, aware_r = _as_timestamps("received_at", received_at)
    answered, index_a, aware_a = _as_timestamps("answered_at", answered_at)
    if aware_r != aware_a and not np.isnat(answered).all():
        raise TypeError(
            "received_at and answered_at must both have time zones or both have none "
            "(mixing them makes the difference ambiguous)"
        )
    if len(received) != len(answered):
        raise ValueError(
            f"received_at has {len(received)} messages but answered_at has {len(answered)}; "
            f"pass one answer time (or None) per message"
        )
    if index_r is not None and index_a is not None and not index_r.equals(index_a):
        raise ValueError("received_at and answered_at must have the same index (messages are paired by label)")
    index = index_r if index_r is not None else index_a
    if len(received) == 0:
        raise ValueError("received_at is empty; there are no messages to time")
    missing = np.isnat(received)
    if missing.any():
        raise ValueError(f"received_at is missing in {describe_rows(missing, index)}; every message needs a received time")
    is_answered = ~np.isnat(answered)
    delta_s = (answered - received).astype("timedelta64[ns]").astype("int64") / 1e9
    early = is_answered & (delta_s < 0)
    if early.any():
        def show(i: int) -> str:
            return f"answered {pd.Timestamp(answered[i])} before received {pd.Timestamp(received[i])}"

        raise ValueError(
            f"answered_at cannot be earlier than received_at; violated in {describe_rows(early, index, show)}"
        )
    n_answered = int(is_answered.sum())
    if n_answered == 0:
        raise ValueError(
            f"answered_at has no answers ({len(received)} messages, all unanswered), "
            f"so the response time is undefined"
        )
    times = delta_s[is_answered] / _SECONDS_PER[unit]
    return ResponseTimes(
        mean=float(np.mean(times)),
        median=float(np.median(times)),
        n_answered=n_answered,
        n_unanswered=int(len(received) - n_answered),
        unit=unit,
    )
