"""Advantages, risks and crisis response: detect a crisis, measure it, simulate a response.

Notebook 10 uses these functions on the crisis week planted in the course data
(a false viral claim about Brightleaf, 8-14 September 2025):

* :func:`audiences_table`: the audiences one campaign reaches at once.
* :func:`daily_mentions`, :func:`inbox_daily` and :func:`detect_spikes`: a
  daily count against a rolling baseline of the days before it; an alert when
  the count is ``threshold`` times the baseline (``method="ratio"``) or
  ``threshold`` standard deviations above it (``method="zscore"``).
* :func:`weekly_totals` and :func:`sales_dip`: sales in the weeks after the
  crisis week against the weeks before it.
* :func:`simulate_false_claim`: a seeded compartment model of how a false claim
  spreads and recedes, and what a correction after ``response_hours`` that
  reaches a share ``response_rate`` of people changes.
* :func:`contact_mix` and :func:`social_share`: the human touch in the
  source's sense: social media is one contact point among several (web shop
  visits from e-mail, search, direct visits...), so a brand must not rely on
  it alone; :func:`human_touch_table` / :func:`needs_person`: the contacts
  where a customer wants a person, not a template.

Rates are fractions, time is in hours, money in EUR.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from utils.shared import stats
from utils.shared.config import BRAND, BRANDS, SEED
from utils.shared.dashboard import web_analytics
from utils.shared.metrics import average_response_time, response_rate
from utils.shared.plotting import eur, num, pct
from utils.shared.validation import check_frame, check_choice, check_fraction, check_int, check_range, safe_divide

__all__ = [
    "AUDIENCES",
    "CRISIS_END",
    "CRISIS_START",
    "NEEDS_PERSON",
    "METHODS",
    "FalseClaimResult",
    "audiences_table",
    "SOCIAL_CHANNELS",
    "claim_rows",
    "contact_mix",
    "daily_mentions",
    "detect_spikes",
    "first_alert",
    "human_touch_table",
    "inbox_daily",
    "needs_person",
    "quarterly_revenue",
    "sales_dip",
    "sales_dip_table",
    "simulate_false_claim",
    "social_share",
    "weekly_totals",
]

#: First and last day of the crisis week in the course data (both included).
CRISIS_START = pd.Timestamp("2025-09-08")
CRISIS_END = pd.Timestamp("2025-09-14")


# --------------------------------------------------------------------------- #
# Advantages: the audiences of one campaign
# --------------------------------------------------------------------------- #
#: (audience, who they are, what a campaign gives them, what they do in a crisis)
AUDIENCES: tuple[tuple[str, str, str, str], ...] = (
    ("Current customers", "people who already buy Brightleaf tea",
     "news, offers, reasons to buy again", "worry first and ask in the inbox"),
    ("Prospective customers", "people who could buy but have not yet",
     "a first reason to try the brand", "quietly choose another brand"),
    ("Employees", "the people who work for the brand",
     "pride, and the words to talk about their work", "get asked by friends what is true"),
    ("Bloggers and creators", "independent voices with their own followers",
     "stories worth passing on", "amplify the claim or the correction"),
    ("Media", "journalists and editors",
     "a story and a source to quote", "report the claim, and the response if there is one"),
    ("General public", "everyone else who scrolls past",
     "awareness of the brand", "form an impression from a headline"),
    ("Other stakeholders", "third-party reviewers, trade groups, retailers, suppliers",
     "evidence of quality and reliability", "ask for facts before they take a side"),
)


def audiences_table() -> pd.DataFrame:
    """The audiences a social media campaign reaches at once (after the source article)."""
    return pd.DataFrame(list(AUDIENCES), columns=["audience", "who", "what a campaign gives them",
                                                  "what they do when a false claim spreads"]).set_index("audience")


# --------------------------------------------------------------------------- #
# Daily counts
# --------------------------------------------------------------------------- #
def _require(df: Any, columns: tuple[str, ...], name: str) -> None:
    check_frame(name, df, columns, hint="load it with utils.shared.data", empty="there is nothing to count")

def _full_days(counts: pd.DataFrame | pd.Series) -> Any:
    """Reindex daily counts to every day from the first to the last (missing days = 0)."""
    days = pd.date_range(counts.index.min(), counts.index.max(), freq="D", name="date")
    return counts.reindex(days, fill_value=0)


def daily_mentions(mentions: pd.DataFrame, brand: str = BRAND) -> pd.DataFrame:
    """Mentions of ``brand`` per day, all platforms together.

    Columns ``positive``, ``neutral``, ``negative`` and ``total``; one row per
    day (days without a row count 0), indexed by ``date``.
    """
    _require(mentions, ("date", "brand", "positive", "neutral", "negative"), "mentions")
    check_choice("brand", brand, BRANDS)
    rows = mentions.loc[mentions["brand"] == brand]
    if rows.empty:
        raise ValueError(f"mentions has no rows for brand {brand!r}")
    daily = rows.groupby(rows["date"].dt.normalize())[["positive", "neutral", "negative"]].sum()
    daily = _full_days(daily)
    daily["total"] = daily["positive"] + daily["neutral"] + daily["negative"]
    return daily


def inbox_daily(inbox: pd.DataFrame) -> pd.DataFrame:
    """Messages received per day, and how many of them were complaints, order issues and answered."""
    _require(inbox, ("received_at", "answered_at", "message_type"), "inbox")
    day = inbox["received_at"].dt.normalize().rename("date")
    frame = pd.DataFrame({
        "messages": 1,
        "complaints": (inbox["message_type"] == "complaint").astype(int),
        "order_issues": (inbox["message_type"] == "order_issue").astype(int),
        "answered": inbox["answered_at"].notna().astype(int),
    })
    return _full_days(frame.groupby(day).sum())


# --------------------------------------------------------------------------- #
# Detection
# --------------------------------------------------------------------------- #
METHODS = ("ratio", "zscore")


def detect_spikes(
    counts: pd.Series,
    window: int = 28,
    threshold: float = 2.0,
    method: str = "ratio",
    min_spread: float = 1.0,
) -> pd.DataFrame:
    """Flag days whose count is far above the baseline of the days before them.

    ``counts``: a daily Series of counts with a DatetimeIndex (e.g.
    ``daily_mentions(m)["negative"]``). For each day the **baseline** is the
    mean of the previous ``window`` days (the day itself excluded, so a spike
    cannot hide itself) and the **spread** their standard deviation.

    ``method="ratio"``: ``ratio = count / baseline``; alert when ``ratio >= threshold``.
    ``method="zscore"``: ``z = (count - baseline) / spread``; alert when ``z >= threshold``.

    The baseline and spread are floored at ``min_spread`` (a count) so a quiet
    stretch of zeros cannot divide by zero. The first ``window`` days have no
    baseline yet and are left out of the result. Columns: ``count``,
    ``baseline``, ``spread``, ``ratio``, ``z``, ``alert``.
    """
    if not isinstance(counts, pd.Series):
        raise TypeError(f"counts must be a pandas Series of daily counts, got {type(counts).__name__}")
    if not isinstance(counts.index, pd.DatetimeIndex):
        raise TypeError("counts must have a DatetimeIndex (one row per day)")
    values = check_range("counts", counts, low=0)
    window = check_int("window", window, minimum=2, maximum=365)
    check_choice("method", method, METHODS)
    threshold = float(check_range("threshold", threshold, low=0, low_inclusive=False))
    floor = float(check_range("min_spread", min_spread, low=0, low_inclusive=False))
    if len(values) <= window:
        raise ValueError(f"counts has {len(values)} days but window is {window}: "
                         f"it needs more days than the window to compute a baseline")
    previous = values.shift(1).rolling(window, min_periods=window)
    baseline = previous.mean().clip(lower=floor)
    spread = previous.std().clip(lower=floor)
    table = pd.DataFrame({"count": values, "baseline": baseline, "spread": spread}).iloc[window:]
    table["ratio"] = safe_divide(table["count"], table["baseline"], num_name="count", den_name="baseline")
    table["z"] = safe_divide(table["count"] - table["baseline"], table["spread"],
                             num_name="count - baseline", den_name="spread")
    table["alert"] = table["ratio" if method == "ratio" else "z"] >= threshold
    return table


def first_alert(detection: pd.DataFrame) -> pd.Timestamp | None:
    """The first day :func:`detect_spikes` flagged, or None if it flagged none."""
    if not isinstance(detection, pd.DataFrame) or "alert" not in detection.columns:
        raise TypeError("detection must be the table returned by detect_spikes")
    flagged = detection.index[detection["alert"].to_numpy(dtype=bool)]
    return None if len(flagged) == 0 else pd.Timestamp(flagged[0])


# --------------------------------------------------------------------------- #
# Measuring the sales dip
# --------------------------------------------------------------------------- #
def weekly_totals(df: pd.DataFrame, time_column: str, columns: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """Weekly sums (weeks Monday..Sunday, labelled by their Monday) of ``columns``.

    Booleans (``converted``) sum to counts. Also adds ``rows`` (rows per week).
    """
    columns = list(columns)
    _require(df, (time_column, *columns), "df")
    week = (df[time_column].dt.normalize() - pd.to_timedelta(df[time_column].dt.day_of_week, unit="D")).rename("week")
    frame = df[columns].astype(float).assign(rows=1.0)
    table = frame.groupby(week).sum()
    weeks = pd.date_range(table.index.min(), table.index.max(), freq="7D", name="week")
    return table.reindex(weeks, fill_value=0.0)


def sales_dip(
    df: pd.DataFrame,
    time_column: str,
    value: str,
    event_start: Any = CRISIS_START,
    event_days: int = 7,
    weeks: int = 4,
) -> dict[str, Any]:
    """Weekly ``value`` in the ``weeks`` weeks after the event against the ``weeks`` weeks before.

    Before: the ``weeks * 7`` days ending the day before ``event_start``.
    After: the ``weeks * 7`` days starting when the event ends
    (``event_start + event_days``), so the event week itself is in neither.
    ``change = after_weekly / before_weekly - 1`` (a fraction; negative = a dip).

    Returns ``before_total``, ``after_total``, ``before_weekly``,
    ``after_weekly``, ``change`` and the four window dates.
    """
    _require(df, (time_column, value), "df")
    start = pd.Timestamp(event_start)
    event_days = check_int("event_days", event_days, minimum=0, maximum=366)
    weeks = check_int("weeks", weeks, minimum=1, maximum=26)
    span = pd.Timedelta(days=7 * weeks)
    before_from, before_to = start - span, start
    after_from = start + pd.Timedelta(days=event_days)
    after_to = after_from + span
    times = df[time_column]
    if times.min() > before_from or times.max() < after_to - pd.Timedelta(days=1):
        raise ValueError(f"df covers {times.min():%Y-%m-%d}..{times.max():%Y-%m-%d}, but the windows need "
                         f"{before_from:%Y-%m-%d}..{after_to - pd.Timedelta(days=1):%Y-%m-%d}; use fewer weeks")
    amounts = df[value].astype(float)
    before = float(amounts[(times >= before_from) & (times < before_to)].sum())
    after = float(amounts[(times >= after_from) & (times < after_to)].sum())
    before_weekly, after_weekly = before / weeks, after / weeks
    change = safe_divide(after_weekly, before_weekly, num_name=f"{value} per week after",
                         den_name=f"{value} per week before") - 1.0
    return {
        "value": value, "before_total": before, "after_total": after,
        "before_weekly": before_weekly, "after_weekly": after_weekly, "change": change,
        "before_from": before_from, "before_to": before_to - pd.Timedelta(days=1),
        "after_from": after_from, "after_to": after_to - pd.Timedelta(days=1),
    }


def conversion_dip_test(web_sessions: pd.DataFrame, **windows: Any) -> dict[str, Any]:
    """Did the web conversion rate (orders / sessions) really fall, or is it noise?

    The same windows as :func:`sales_dip`; the two rates are compared with
    :func:`utils.shared.stats.two_proportion_test` (each window's visits are
    separate). Returns ``before``, ``after`` (rates, fractions), ``difference``
    (after - before) with its 95% interval ``low``/``high``, ``p_value``,
    ``within_noise`` and ``verdict`` (a sentence).
    """
    _require(web_sessions, ("started_at", "converted"), "web_sessions")
    web = web_sessions.assign(sessions=1, orders=web_sessions["converted"].astype(int))
    s = sales_dip(web, "started_at", "sessions", **windows)
    o = sales_dip(web, "started_at", "orders", **windows)
    test = stats.two_proportion_test(int(o["after_total"]), int(s["after_total"]),
                                     int(o["before_total"]), int(s["before_total"]))
    return {"before": test.rate_b, "after": test.rate_a, "difference": test.difference, "low": test.low,
            "high": test.high, "p_value": test.p_value, "within_noise": test.within_noise,
            "verdict": stats.verdict(test.low, test.high, what="the change in the web conversion rate", scale="points")}


def sales_dip_table(web_sessions: pd.DataFrame, posts: pd.DataFrame, **windows: Any) -> pd.DataFrame:
    """Before/after table of sales measures around the crisis (weekly means and a pooled rate).

    Rows: web sessions, web orders, web revenue (EUR), web conversion rate
    (orders / sessions, pooled over each window), post conversions and post
    revenue (EUR). Columns ``before``, ``after``, ``change`` (after / before - 1).
    ``windows`` go to :func:`sales_dip` (``event_start``, ``event_days``, ``weeks``).
    """
    web = web_sessions.assign(sessions=1, orders=web_sessions["converted"].astype(int))
    parts = {
        "web sessions per week": sales_dip(web, "started_at", "sessions", **windows),
        "web orders per week": sales_dip(web, "started_at", "orders", **windows),
        "web revenue per week (EUR)": sales_dip(web, "started_at", "revenue", **windows),
        "post conversions per week": sales_dip(posts, "posted_at", "conversions", **windows),
        "post revenue per week (EUR)": sales_dip(posts, "posted_at", "revenue", **windows),
    }
    rows = {k: (d["before_weekly"], d["after_weekly"], d["change"]) for k, d in parts.items()}
    s, o = parts["web sessions per week"], parts["web orders per week"]
    cr_before = safe_divide(o["before_total"], s["before_total"], num_name="orders", den_name="sessions")
    cr_after = safe_divide(o["after_total"], s["after_total"], num_name="orders", den_name="sessions")
    rows["web conversion rate (orders / sessions)"] = (cr_before, cr_after, cr_after / cr_before - 1.0)
    order = ["web sessions per week", "web orders per week", "web conversion rate (orders / sessions)",
             "web revenue per week (EUR)", "post conversions per week", "post revenue per week (EUR)"]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["before", "after", "change"]).loc[order]
    table.index.name = "measure"
    return table


def quarterly_revenue(web_sessions: pd.DataFrame, end: Any = CRISIS_START) -> float:
    """Web revenue (EUR) of the 13 weeks (one quarter) before ``end``: the sales a crisis puts at risk."""
    _require(web_sessions, ("started_at", "revenue"), "web_sessions")
    end = pd.Timestamp(end)
    start = end - pd.Timedelta(weeks=13)
    times = web_sessions["started_at"]
    if times.min() > start:
        raise ValueError(f"web_sessions starts {times.min():%Y-%m-%d}, after the quarter before {end:%Y-%m-%d}")
    return float(web_sessions.loc[(times >= start) & (times < end), "revenue"].sum())


# --------------------------------------------------------------------------- #
# The false-claim simulation
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class FalseClaimResult:
    """Hour-by-hour result of :func:`simulate_false_claim` and its summary numbers."""

    hours: np.ndarray            # 0..horizon
    unaware: np.ndarray          # never heard the claim (nor the correction)
    spreading: np.ndarray        # believe and share it
    believing: np.ndarray        # believe it (spreading or not)
    corrected: np.ndarray        # believed it, then saw the correction
    informed: np.ndarray         # saw the correction before the claim: never believed
    response_hours: float
    response_rate: float
    population: int
    peak_believers: int
    peak_hour: int
    total_exposed: int           # believed the claim at some point
    believers_end: int           # still believing at the end
    sales_loss_share: float      # of the next quarter's sales (fraction)
    sales_loss_eur: float
    assumptions: dict = field(default_factory=dict)

    def summary(self) -> dict[str, float]:
        """The summary numbers as a dict (no arrays)."""
        return {k: getattr(self, k) for k in (
            "response_hours", "response_rate", "population", "peak_believers", "peak_hour", "total_exposed",
            "believers_end", "sales_loss_share", "sales_loss_eur")}


def simulate_false_claim(
    response_hours: Any = 24,
    response_rate: Any = 0.6,
    *,
    population: int = 50_000,
    first_believers: int = 50,
    spread_per_hour: float = 0.30,
    stop_sharing_per_hour: float = 0.08,
    forget_per_hour: float = 0.004,
    correction_per_hour: float = 0.25,
    days: int = 14,
    purchase_drop: float = 0.5,
    residual_drop: float = 0.2,
    quarterly_sales: float = 10_000.0,
    seed: int = SEED,
) -> FalseClaimResult:
    """How a false claim spreads and recedes, and what a correction changes (seeded).

    Compartments (people): *unaware*, *spreading* (believe and share),
    *quiet believers* (believe, stopped sharing), *corrected* (believed, then saw
    the correction), *informed* (saw the correction first, never believed) and
    *forgotten* (stopped believing on their own).

    Each hour, with ``B`` spreading people out of ``population``:

    * an unaware person starts believing with hazard ``spread_per_hour * B / population``;
    * a spreader stops sharing with hazard ``stop_sharing_per_hour``;
    * a quiet believer forgets with hazard ``forget_per_hour`` (slow: belief lingers);
    * from hour ``response_hours`` on, the correction reaches the share
      ``response_rate`` of people its channels can reach (chosen at random at the
      start) with hazard ``correction_per_hour``: believers among them become
      *corrected*, unaware ones *informed*.

    Transitions are binomial draws from ``numpy.random.default_rng(seed)``.

    Sales loss (an estimate): people still believing at the end buy
    ``purchase_drop`` less, everyone who believed and stopped (corrected or
    forgotten) still buys ``residual_drop`` less ("even after the record is set
    straight"). ``sales_loss_share = (purchase_drop * believers_end +
    residual_drop * (total_exposed - believers_end)) / population``, and
    ``sales_loss_eur = sales_loss_share * quarterly_sales``.
    """
    delay = float(check_range("response_hours", response_hours, low=0, high=24 * 365))
    reach = float(check_fraction("response_rate", response_rate))
    n = check_int("population", population, minimum=100, maximum=10_000_000)
    first = check_int("first_believers", first_believers, minimum=1, maximum=n)
    beta = float(check_range("spread_per_hour", spread_per_hour, low=0))
    gamma = float(check_range("stop_sharing_per_hour", stop_sharing_per_hour, low=0))
    phi = float(check_range("forget_per_hour", forget_per_hour, low=0))
    delta = float(check_range("correction_per_hour", correction_per_hour, low=0))
    horizon = 24 * check_int("days", days, minimum=1, maximum=90)
    drop = float(check_fraction("purchase_drop", purchase_drop))
    residual = float(check_fraction("residual_drop", residual_drop))
    sales = float(check_range("quarterly_sales", quarterly_sales, low=0))
    seed = check_int("seed", seed, minimum=0)

    rng = np.random.default_rng(seed)
    reachable = int(rng.binomial(n, reach))
    first_r = int(rng.hypergeometric(reachable, n - reachable, first))  # first believers, drawn from everyone
    # people by compartment and reachability (r: the correction can reach them, u: it cannot):
    # unaware u0/u1, spreading s0/s1, quiet believers q0/q1
    u0, u1 = reachable - first_r, n - reachable - (first - first_r)
    s0, s1, q0, q1 = first_r, first - first_r, 0, 0
    corrected = informed = 0
    ever = first

    # Hazards of the first and second way out of each compartment: h1 = (new belief,
    # new belief, stop sharing x2, forget x2), h2 = (correction, none) per pair. Only
    # the belief hazard changes every hour, and the correction switches on once.
    h1 = np.array([0.0, 0.0, gamma, gamma, phi, phi])
    h2_off = np.zeros(6)
    h2_on = np.array([delta, 0.0, delta, 0.0, delta, 0.0])
    rows = [(n - first, first, first, 0, 0)]
    binomial = rng.binomial
    for t in range(horizon):
        h1[0] = h1[1] = beta * (s0 + s1) / n
        total = h1 + (h2_on if t >= delay else h2_off)
        p_leave = (1.0 - np.exp(-total)).tolist()
        p_first = np.divide(h1, total, out=np.zeros(6), where=total > 0).tolist()
        # One draw per compartment, in order: the same draws as one call on all six
        # (numpy draws an array element by element), in half the time.
        lv = [binomial(k, p) for k, p in zip((u0, u1, s0, s1, q0, q1), p_leave)]
        fw = [binomial(k, p) for k, p in zip(lv, p_first)]
        # unaware lose everyone who left; spreaders gain the new believers; quiet
        # believers gain those who stopped sharing
        u0, u1 = u0 - lv[0], u1 - lv[1]
        s0, s1 = s0 - lv[2] + fw[0], s1 - lv[3] + fw[1]
        q0, q1 = q0 - lv[4] + fw[2], q1 - lv[5] + fw[3]
        informed += lv[0] - fw[0]
        corrected += (lv[2] - fw[2]) + (lv[4] - fw[4])
        ever += fw[0] + fw[1]
        rows.append((u0 + u1, s0 + s1, s0 + s1 + q0 + q1, corrected, informed))
    out = np.array(rows, dtype=np.int64)

    believing = out[:, 2]
    peak_hour = int(np.argmax(believing))
    believers_end = int(believing[-1])
    loss_share = (drop * believers_end + residual * (ever - believers_end)) / n
    return FalseClaimResult(
        hours=np.arange(horizon + 1), unaware=out[:, 0], spreading=out[:, 1], believing=believing,
        corrected=out[:, 3], informed=out[:, 4], response_hours=delay, response_rate=reach, population=n,
        peak_believers=int(believing[peak_hour]), peak_hour=peak_hour, total_exposed=ever,
        believers_end=believers_end, sales_loss_share=float(loss_share), sales_loss_eur=float(loss_share * sales),
        assumptions={"first_believers": first, "spread_per_hour": beta, "stop_sharing_per_hour": gamma,
                     "forget_per_hour": phi, "correction_per_hour": delta, "days": horizon // 24,
                     "purchase_drop": drop, "residual_drop": residual, "quarterly_sales": sales, "seed": seed},
    )


def claim_rows(result: FalseClaimResult) -> list[tuple[str, str]]:
    """The simulation's summary as (label, formatted value) rows."""
    days = result.assumptions["days"]
    return [
        ("Correction starts after", f"{result.response_hours:g} hours"),
        ("Correction reaches", f"{pct(result.response_rate, 0)} of people"),
        ("Peak believers (people)", num(result.peak_believers)),
        ("Peak at", f"hour {result.peak_hour} (day {result.peak_hour / 24:.1f})"),
        ("Total exposed (ever believed)", f"{num(result.total_exposed)} of {num(result.population)}"),
        (f"Still believing after {days} days", num(result.believers_end)),
        ("Estimated later sales loss (share of next quarter)", pct(result.sales_loss_share, 1)),
        ("Estimated later sales loss (EUR)", eur(result.sales_loss_eur)),
    ]


# --------------------------------------------------------------------------- #
# The human touch
# --------------------------------------------------------------------------- #
#: The web-shop channels that are social media (the rest are other contact points).
SOCIAL_CHANNELS: tuple[str, ...] = ("social_organic", "social_paid")


def contact_mix(web_sessions: pd.DataFrame) -> pd.DataFrame:
    """Where the web shop's visits, orders and revenue come from, channel by channel.

    One row per channel (from :func:`utils.shared.dashboard.web_analytics`):
    ``sessions``, ``orders``, ``revenue`` (EUR), ``share_of_orders`` and
    ``share_of_revenue`` (fractions of all channels), ``social`` (True for
    :data:`SOCIAL_CHANNELS`). Sorted by revenue, largest first. The source's
    human-touch point in numbers: social media is one contact point among
    several, so a brand that relied on it alone would lose the others.
    """
    table = web_analytics(web_sessions, by="channel")[["sessions", "orders", "revenue", "share_of_orders"]].copy()
    table.index = table.index.astype(str)
    table["share_of_revenue"] = safe_divide(table["revenue"], float(table["revenue"].sum()),
                                            num_name="revenue", den_name="all revenue", on_zero="zero")
    table["social"] = table.index.isin(SOCIAL_CHANNELS)
    return table.sort_values("revenue", ascending=False, kind="stable")


def social_share(web_sessions: pd.DataFrame) -> dict[str, float]:
    """Share of the shop's ``sessions``, ``orders`` and ``revenue`` that came from social media (fractions).

    Each is the social channels' total over all channels' total (pooled).
    """
    table = contact_mix(web_sessions)
    social = table[table["social"]]
    return {column: float(safe_divide(float(social[column].sum()), float(table[column].sum()),
                                      num_name=f"social {column}", den_name=f"all {column}", on_zero="zero"))
            for column in ("sessions", "orders", "revenue")}


#: Message type -> (needs a person?, why).
NEEDS_PERSON: dict[str, tuple[bool, str]] = {
    "complaint": (True, "an unhappy customer needs to be heard and a fix decided by someone who can decide"),
    "order_issue": (True, "a wrong or missing order needs someone to look it up and put it right"),
    "question": (False, "most have a known answer (a template or FAQ link); pass on the unusual ones"),
    "praise": (False, "a quick thank-you is enough; a person can still reply when there is time"),
}


def needs_person(inbox: pd.DataFrame, crisis_start: Any = CRISIS_START, crisis_end: Any = CRISIS_END) -> pd.Series:
    """True for each message that needs a person: complaints, order issues, and every crisis-week message."""
    _require(inbox, ("received_at", "message_type"), "inbox")
    start, end = pd.Timestamp(crisis_start), pd.Timestamp(crisis_end) + pd.Timedelta(days=1)
    if end <= start:
        raise ValueError(f"crisis_end ({crisis_end}) cannot be before crisis_start ({crisis_start})")
    by_type = inbox["message_type"].astype(str).map({k: v[0] for k, v in NEEDS_PERSON.items()})
    if by_type.isna().any():
        raise ValueError(f"message_type has values not in NEEDS_PERSON: {sorted(set(inbox['message_type'].astype(str)) - set(NEEDS_PERSON))}")
    in_crisis = (inbox["received_at"] >= start) & (inbox["received_at"] < end)
    return (by_type.astype(bool) | in_crisis).rename("needs_person")


def human_touch_table(inbox: pd.DataFrame, crisis_start: Any = CRISIS_START,
                      crisis_end: Any = CRISIS_END) -> pd.DataFrame:
    """Per message type: volume (all year and crisis week), response rate, median hours, and who should answer.

    Columns: ``messages``, ``share`` (of all messages), ``crisis_week`` (messages
    in the crisis week), ``crisis_share`` (of the crisis week's messages),
    ``response_rate`` (answered / received), ``median_hours`` (over answered
    messages), ``needs_person`` and ``why``.
    """
    _require(inbox, ("received_at", "answered_at", "message_type"), "inbox")
    start, end = pd.Timestamp(crisis_start), pd.Timestamp(crisis_end) + pd.Timedelta(days=1)
    in_crisis = (inbox["received_at"] >= start) & (inbox["received_at"] < end)
    total, crisis_total = float(len(inbox)), float(in_crisis.sum())
    rows = {}
    for kind, group in inbox.groupby(inbox["message_type"].astype(str), sort=False):
        answered = float(group["answered_at"].notna().sum())
        times = average_response_time(group["received_at"], group["answered_at"])
        person, why = NEEDS_PERSON[kind]
        rows[kind] = {
            "messages": int(len(group)),
            "share": len(group) / total,
            "crisis_week": int(in_crisis[group.index].sum()),
            "crisis_share": safe_divide(float(in_crisis[group.index].sum()), crisis_total,
                                        num_name="crisis messages of this type", den_name="crisis messages",
                                        on_zero="zero"),
            "response_rate": response_rate(answered, float(len(group))),
            "median_hours": times.median,
            "needs_person": person,
            "why": why,
        }
    order = [k for k in NEEDS_PERSON if k in rows]
    table = pd.DataFrame.from_dict(rows, orient="index").loc[order]
    table.index.name = "message_type"
    return table
