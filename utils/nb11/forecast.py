"""The capstone's forecast: what the data say, and a campaign followed down the funnel.

:func:`platform_costs` and :func:`content_rates` turn Brightleaf's posts into
prices and rates (:class:`CampaignInputs`, :func:`load_inputs`);
:func:`segment_lift` measures the target segment; :func:`simulate` forecasts a
brief and :func:`compare_platforms` puts each platform on its own;
:mod:`utils.nb11.backtest` checks it against every past campaign.

The forecast (:func:`simulate`) uses only what Brightleaf's 2025 data shows
(all of it synthetic, see ``data/README.md``):

* **Price of attention**: the effective CPM of each platform, from its paid
  posts: ``spend / impressions x 1000`` (pooled). It includes the organic views
  a boosted post also gets, as a real boosted post would. Only platforms with
  paid posts in the data can be planned (:func:`plannable_platforms`).
* **What the money buys**: each platform's paid posts give its CTR,
  conversions per click and revenue per conversion (:func:`platform_costs`);
  the content type adjusts the clicks (``ctr_index``) and gives engagements and
  shares per impression, pooled over every post (:func:`content_rates`). A content type
  a platform (almost) never carried in the data (fewer than
  :data:`MIN_CELL_POSTS` posts) is not planned there: that platform's budget is
  spread over the content types of the mix it does carry.
* **Segment lift** (optional, off in the default brief): the segment's
  purchases per click divided by the whole audience's, from ``audience.csv``
  (:func:`segment_lift`); it multiplies the conversions per click. A lift per
  person (buyers / people) would not match that denominator.
* **Word of mouth**: every share shows the post to ``views_per_share`` people
  (:data:`utils.shared.config.VIEWS_PER_SHARE`, an assumption), who share again at the
  plan's share rate: viral coefficient ``k = views_per_share x share rate``
  (:func:`utils.shared.virality.viral_coefficient`), spread over
  :data:`WOM_GENERATIONS` generations (:func:`utils.shared.virality.total_reach`).
  Earned views add reach; sales are counted on paid impressions only (a
  cautious choice).

Every number is an expected value (no randomness). Budget is split equally
between the chosen platforms, then by the content mix, and paced evenly over
the weeks.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from utils.nb11.brief import (
    CONTENT_TYPES,
    CampaignParams,
    MIN_CELL_POSTS,
    OBJECTIVES,
    PLAN_OBJECTIVE,
    RESULT_LABEL,
    RESULT_METRIC,
    WOM_GENERATIONS,
    _choice,
)
from utils.shared import config, metrics, segmentation
from utils.shared.config import GROSS_MARGIN, VIEWS_PER_SHARE
from utils.shared.data import has_item, load_audience, load_posts
from utils.shared.goals import OBJECTIVES as PLAN_OBJECTIVES
from utils.shared.validation import as_scalar, check_fraction, check_frame, check_int, check_range
from utils.shared.virality import is_viral, total_reach, viral_coefficient


# --------------------------------------------------------------------------- #
# What the data says (computed once per data version)
# --------------------------------------------------------------------------- #
_RATE_COLUMNS = ("impressions", "reach", "engagements", "shares", "clicks", "conversions", "revenue")


def platform_costs(posts: pd.DataFrame) -> pd.DataFrame:
    """Effective CPM, frequency and funnel rates of each platform's paid posts (pooled).

    One row per platform that has paid posts (``paid`` True), in
    :data:`utils.shared.config.PLATFORMS` order. Columns: ``paid_posts``, ``spend``
    (EUR), ``impressions``, ``reach``, ``clicks``, ``conversions``, ``revenue``
    (EUR), ``cpm = spend / impressions x 1000`` (EUR per 1,000 impressions),
    ``frequency = impressions / reach`` (times each person saw a paid post), and
    the paid posts' ``ctr`` (clicks / impressions), ``cvr`` (conversions / clicks)
    and ``revenue_per_conversion`` (EUR): what money actually bought on that
    platform, the base of the forecast's clicks, conversions and revenue.
    """
    paid = _posts(posts)
    paid = paid[paid["paid"]]
    if paid.empty:
        raise ValueError("posts has no paid posts (paid == True), so no platform has a CPM")
    sums = paid.groupby(paid["platform"].astype(str))[["spend", "impressions", "reach", "clicks", "conversions",
                                                        "revenue"]].sum()
    sums.insert(0, "paid_posts", paid.groupby(paid["platform"].astype(str)).size())
    sums = sums.reindex([p for p in config.PLATFORMS if p in sums.index])
    sums["cpm"] = metrics.pooled_rate(paid.assign(platform=paid["platform"].astype(str)), "spend", "impressions",
                                      by="platform")["rate"].reindex(sums.index) * 1000.0
    sums["frequency"] = sums["impressions"] / sums["reach"]
    sums["ctr"] = metrics.ctr(sums["clicks"], sums["impressions"])
    sums["cvr"] = metrics.conversion_rate(sums["conversions"], sums["clicks"], on_zero="zero")
    sums["revenue_per_conversion"] = np.where(sums["conversions"] > 0,
                                              sums["revenue"] / sums["conversions"].where(sums["conversions"] > 0, 1),
                                              0.0)
    sums.index.name = "platform"
    return sums


def _posts(posts: Any) -> pd.DataFrame:
    needed = ("platform", "content_type", "paid", "spend", "impressions", "reach", "likes", "comments",
              "shares", "clicks", "conversions", "revenue")
    return check_frame("posts", posts, needed, hint="load it with utils.shared.data.load_posts()")


def content_rates(posts: pd.DataFrame, min_posts: int = MIN_CELL_POSTS) -> pd.DataFrame:
    """Pooled rates per platform x content type over every post (paid and organic).

    Index ``(platform, content_type)``; columns: ``posts`` and the sums of
    ``impressions``, ``reach``, ``engagements`` (likes + comments + shares +
    clicks), ``shares``, ``clicks``, ``conversions``, ``revenue`` (EUR); the
    rates ``engagement_rate`` (engagements / impressions), ``share_rate``
    (shares / impressions), ``ctr`` (clicks / impressions), ``cvr`` (conversions
    / clicks) and ``revenue_per_conversion`` (EUR); ``ctr_index`` (the cell's CTR
    over its platform's CTR, all posts: how much a content type draws clicks
    compared with the platform's other posts); and ``carried`` (True when
    the cell has at least ``min_posts`` posts, so the plan may use it).
    """
    data = _posts(posts)
    min_posts = check_int("min_posts", min_posts, minimum=1)
    frame = pd.DataFrame({
        "platform": data["platform"].astype(str),
        "content_type": data["content_type"].astype(str),
        "impressions": data["impressions"],
        "reach": data["reach"],
        "engagements": metrics.engagements(data["likes"], data["comments"], data["shares"], data["clicks"]),
        "shares": data["shares"],
        "clicks": data["clicks"],
        "conversions": data["conversions"],
        "revenue": data["revenue"],
    })
    keys = ["platform", "content_type"]
    table = frame.groupby(keys)[list(_RATE_COLUMNS)].sum()
    table.insert(0, "posts", frame.groupby(keys).size())
    table["engagement_rate"] = metrics.engagement_rate(table["engagements"], table["impressions"],
                                                       base_name="impressions")
    table["share_rate"] = metrics.virality_rate(table["shares"], table["impressions"])
    table["ctr"] = metrics.ctr(table["clicks"], table["impressions"])
    table["cvr"] = metrics.conversion_rate(table["conversions"], table["clicks"], on_zero="zero")
    table["revenue_per_conversion"] = np.where(table["conversions"] > 0,
                                               table["revenue"] / table["conversions"].where(table["conversions"] > 0, 1),
                                               0.0)
    platform_ctr = table.groupby(level="platform")["clicks"].transform("sum") / \
        table.groupby(level="platform")["impressions"].transform("sum")
    table["ctr_index"] = table["ctr"] / platform_ctr.where(platform_ctr > 0, 1.0)
    table["carried"] = table["posts"] >= min_posts
    return table


@dataclass(frozen=True, eq=False)
class CampaignInputs:
    """The data the forecast needs, computed once: costs, rates and the audience."""

    costs: pd.DataFrame
    rates: pd.DataFrame
    audience: pd.DataFrame
    platform_users: Mapping[str, np.ndarray] = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, repr=False)

    def carried(self, platform: str) -> tuple[str, ...]:
        """Content types ``platform`` carries in the data (enough posts to plan on)."""
        key = ("carried", platform)
        if key not in self._memo:
            cells = self.rates[self.rates["carried"]].index
            self._memo[key] = tuple(c for c in CONTENT_TYPES if (platform, c) in cells)
        return self._memo[key]

    def cell(self, platform: str, content_type: str) -> dict[str, float]:
        """The pooled rates of one platform x content type, as a plain dict (memoised)."""
        key = ("cell", platform, content_type)
        if key not in self._memo:
            self._memo[key] = {k: float(v) for k, v in self.rates.loc[(platform, content_type)].items()}
        return self._memo[key]

    def segment_mask(self, spec: segmentation.SegmentSpec) -> np.ndarray:
        """Who in the audience matches ``spec`` (memoised: specs are hashable)."""
        key = ("segment", spec)
        if key not in self._memo:
            self._memo[key] = segmentation.filter_audience(self.audience, spec).to_numpy()
        return self._memo[key]

    def everyone(self) -> segmentation.SegmentProfile:
        """The whole audience's profile (memoised)."""
        if "everyone" not in self._memo:
            self._memo["everyone"] = segmentation.profile(self.audience, None)
        return self._memo["everyone"]


def _build_inputs(posts: pd.DataFrame, audience: pd.DataFrame) -> CampaignInputs:
    users = {p: has_item(audience["platforms"], p).to_numpy() for p in config.PLATFORMS}
    return CampaignInputs(costs=platform_costs(posts), rates=content_rates(posts), audience=audience,
                          platform_users=users)


@functools.lru_cache(maxsize=4)
def _cached_inputs(data_dir: str, stamp: tuple) -> CampaignInputs:
    return _build_inputs(load_posts(data_dir), load_audience(data_dir))


def load_inputs(posts: pd.DataFrame | None = None, audience: pd.DataFrame | None = None) -> CampaignInputs:
    """The forecast's inputs from the course data (cached) or from frames you pass."""
    if posts is not None or audience is not None:
        return _build_inputs(posts if posts is not None else load_posts(),
                             audience if audience is not None else load_audience())
    folder = Path(config.DATA_DIR)
    stamp = tuple((f, (folder / f).stat().st_mtime_ns) for f in ("posts.csv", "audience.csv")
                  if (folder / f).exists())
    cached = _cached_inputs(str(folder), stamp)
    # The cache hands out copies (pandas' copy-on-write makes shallow copies cheap and safe): a
    # learner who edits inputs.costs changes their copy only, never the next forecast's inputs.
    return dataclasses.replace(
        cached, costs=cached.costs.copy(deep=False), rates=cached.rates.copy(deep=False),
        audience=cached.audience.copy(deep=False),
        platform_users={k: v.copy() for k, v in cached.platform_users.items()}, _memo={})


def plannable_platforms(inputs: CampaignInputs | None = None) -> tuple[str, ...]:
    """Platforms with paid posts in the data (a CPM to plan with)."""
    return tuple((inputs or load_inputs()).costs.index)


# --------------------------------------------------------------------------- #
# Plan
# --------------------------------------------------------------------------- #
def goal_metric(objective: str) -> dict[str, str]:
    """Goal and metrics of an objective: the goal -> metric table of notebook 03 plus the forecast count.

    Returns ``goal``, ``track`` (the rate to track, with its ``formula``) from
    :data:`utils.shared.goals.OBJECTIVES`, ``result`` (the count the forecast reports:
    reach, clicks or conversions) and ``result_label``.
    """
    key = _choice("objective", objective, OBJECTIVES)
    spec = PLAN_OBJECTIVES[PLAN_OBJECTIVE[key]]
    result = RESULT_METRIC[key]
    return {"objective": key, "goal": spec.goal, "track": spec.metric, "formula": spec.formula,
            "result": result, "result_label": RESULT_LABEL[result]}


def segment_lift(params: CampaignParams, inputs: CampaignInputs | None = None) -> dict[str, Any]:
    """The target segment among users of the chosen platforms, and its conversion lift.

    ``lift = segment conversion rate / whole-audience conversion rate`` where a
    conversion rate is buyers / people (:func:`utils.shared.segmentation.profile`):
    a lift per **person**. The forecast multiplies purchases per **click**, so it
    uses ``click_lift`` = the segment's purchases per click / everyone's
    (``purchases_per_click`` / ``everyone_purchases_per_click``, from the
    audience's ``purchases`` and ``clicks``): the same denominator on both sides.
    Returns ``description``, ``people``, ``audience_size``, ``share``,
    ``conversion_rate``, ``everyone_rate``, ``lift``, ``purchases_per_click``,
    ``everyone_purchases_per_click``, ``click_lift`` and ``reliable`` (at least
    :data:`utils.shared.segmentation.MIN_RELIABLE_PEOPLE` people). Raises
    :class:`utils.shared.segmentation.EmptySegmentError` if nobody matches.
    """
    inputs = inputs or load_inputs()
    audience = inputs.audience
    spec = params.segment
    users = np.zeros(len(audience), dtype=bool)
    for platform in params.platforms:
        users |= inputs.platform_users[platform]
    mask = inputs.segment_mask(spec) & users
    description = f"{spec.describe()}, using {' or '.join(params.platforms)}"
    if not mask.any():
        raise segmentation.EmptySegmentError(description)
    seg = segmentation.profile(audience, mask)
    everyone = inputs.everyone()
    purchases, clicks = audience["purchases"].to_numpy(dtype=float), audience["clicks"].to_numpy(dtype=float)
    seg_clicks = clicks[mask].sum()
    per_click = (purchases[mask].sum() / seg_clicks) / (purchases.sum() / clicks.sum()) if seg_clicks > 0 else 1.0
    return {
        "description": description,
        "people": seg.people,
        "audience_size": seg.audience_size,
        "share": seg.share,
        "conversion_rate": seg.conversion_rate,
        "everyone_rate": everyone.conversion_rate,
        "lift": seg.conversion_rate / everyone.conversion_rate,
        "purchases_per_click": purchases[mask].sum() / seg_clicks if seg_clicks > 0 else 0.0,
        "everyone_purchases_per_click": purchases.sum() / clicks.sum(),
        "click_lift": float(per_click),
        "reliable": seg.reliable,
    }


@dataclass(frozen=True, eq=False)
class CampaignResult:
    """Everything :func:`simulate` forecasts. Counts are expected values; money in EUR.

    ``plan``: one row per platform x content type (the CSV of the report).
    ``by_platform``: the plan summed per platform, with cost per result.
    ``weekly``: paid and earned impressions, conversions and revenue per week.
    ``totals``: the key numbers (see :func:`simulate`). ``segment``: see
    :func:`segment_lift`. ``notes``: what the forecast adjusted or warns about.
    """

    params: CampaignParams
    plan: pd.DataFrame
    by_platform: pd.DataFrame
    weekly: pd.DataFrame
    totals: dict[str, Any]
    segment: dict[str, Any]
    notes: tuple[str, ...]


def simulate(
    params: CampaignParams,
    inputs: CampaignInputs | None = None,
    *,
    views_per_share: Any = VIEWS_PER_SHARE,
    generations: Any = WOM_GENERATIONS,
    gross_margin: Any = GROSS_MARGIN,
) -> CampaignResult:
    """Forecast a campaign from the data: plan, funnel, word of mouth, money.

    Per platform (budget split equally) and content type (the mix, renormalised
    over the types the platform carries): ``impressions = spend / cpm x 1000``;
    ``reach = impressions / frequency``; ``engagements``, ``shares = impressions x``
    the content type's pooled rates; ``clicks = impressions x`` the platform's
    paid CTR ``x ctr_index`` (the content type's pull on clicks); ``conversions =
    clicks x`` the platform's paid conversions per click ``x click_lift`` (1
    without ``segment_lift``; the rate is capped at 1); ``revenue = conversions x``
    the platform's paid revenue per conversion. Money follows what the brand's
    paid posts bought, not its organic posts; :func:`utils.nb11.backtest.backtest`
    checks the model against every past campaign.

    Word of mouth: ``k = viral_coefficient(views_per_share, shares / impressions)``;
    shares over generations ``0..generations`` = paid shares x ``total_reach(1, k,
    generations)``; ``earned_impressions = views_per_share x`` those shares, and
    earned reach counts each of those views as one person.

    ``totals`` keys: ``budget``, ``impressions``, ``reach`` (paid, summed over
    platforms: people on two platforms count twice), ``engagements``, ``shares``,
    ``clicks``, ``conversions``, ``revenue``, ``roas`` (revenue / budget,
    :func:`utils.shared.metrics.roas`), ``gross_profit`` (revenue x ``gross_margin``, EUR),
    ``roi`` (ROI on gross profit, :func:`utils.shared.metrics.roi`; ``gross_margin`` a
    fraction, default :data:`utils.shared.config.GROSS_MARGIN`),
    ``earned_impressions``, ``earned_reach``, ``total_reach``, ``k``,
    ``viral`` (:func:`utils.shared.virality.is_viral` of total vs paid reach),
    ``lift`` (used), ``result_metric``, ``result``, ``cost_per_result`` (None if
    the result is 0), ``cost_per_conversion`` (None if no conversion).
    """
    if not isinstance(params, CampaignParams):
        raise TypeError(f"params must be CampaignParams (from validate_parameters), got {type(params).__name__}")
    inputs = inputs or load_inputs()
    views = float(check_range("views_per_share", as_scalar("views_per_share", views_per_share), low=0, high=10_000))
    gens = check_int("generations", generations, minimum=0, maximum=50)
    margin = float(check_fraction("gross_margin", as_scalar("gross_margin", gross_margin)))
    segment = segment_lift(params, inputs)
    lift = segment["click_lift"] if params.segment_lift else 1.0
    notes: list[str] = []
    rows = []
    per_platform = params.budget / len(params.platforms)
    for platform in params.platforms:
        if platform not in inputs.costs.index:
            raise ValueError(f"platforms: {platform} has no CPM in the data; validate the parameters first")
        cost = inputs.costs.loc[platform]
        carried = inputs.carried(platform)
        mix = {c: s for c, s in params.content_mix if c in carried}
        if not mix:
            raise ValueError(f"content_mix: {platform} carries none of the mix's content types")
        dropped = [c for c, _ in params.content_mix if c not in carried]
        if dropped:
            notes.append(f"{platform} carries no {' or '.join(dropped)} posts in the data: its budget goes to "
                         f"{', '.join(mix)} in the same proportions.")
        total_share = sum(mix.values())
        for content, share in mix.items():
            r = inputs.cell(platform, content)
            spend = per_platform * share / total_share
            impressions = spend / cost["cpm"] * 1000.0
            clicks = impressions * min(cost["ctr"] * r["ctr_index"], 1.0)
            conversions = clicks * min(cost["cvr"] * lift, 1.0)
            rows.append({
                "platform": platform, "content_type": content, "mix_share": share / total_share,
                "budget": spend, "cpm": cost["cpm"], "impressions": impressions,
                "reach": impressions / cost["frequency"], "engagements": impressions * r["engagement_rate"],
                "shares": impressions * r["share_rate"], "clicks": clicks, "conversions": conversions,
                "revenue": conversions * cost["revenue_per_conversion"],
            })
    plan = pd.DataFrame(rows)
    sums = plan[["budget", "impressions", "reach", "engagements", "shares", "clicks", "conversions", "revenue"]].sum()
    share_rate = float(sums["shares"] / sums["impressions"]) if sums["impressions"] > 0 else 0.0
    k = float(viral_coefficient(views, min(share_rate, 1.0)))
    shares_all = float(sums["shares"]) * total_reach(1, k, gens)
    earned_impressions = views * shares_all
    earned_reach = earned_impressions
    paid_reach = float(sums["reach"])
    total = paid_reach + earned_reach
    metric = RESULT_METRIC[params.objective]
    result_value = total if metric == "reach" else float(sums[metric])
    totals: dict[str, Any] = {key: float(sums[key]) for key in sums.index}
    totals.update({
        "roas": metrics.roas(totals["revenue"], params.budget),
        "gross_profit": metrics.gross_profit(totals["revenue"], gross_margin=margin),
        "roi": metrics.roi(totals["revenue"], params.budget, gross_margin=margin),
        "gross_margin": margin,
        "earned_impressions": earned_impressions,
        "earned_reach": earned_reach,
        "total_reach": total,
        "k": k,
        "viral": bool(is_viral(total, paid_reach)) if paid_reach > 0 else False,
        "lift": lift,
        "result_metric": metric,
        "result": result_value,
        "cost_per_result": params.budget / result_value if result_value > 0 else None,
        "cost_per_conversion": params.budget / totals["conversions"] if totals["conversions"] > 0 else None,
    })
    if not segment["reliable"]:
        people = f"{segment['people']} {'person' if segment['people'] == 1 else 'people'}"
        notes.append(f"The segment has only {people} in the audience data: its lift "
                     f"({segment['lift']:.2f}x) is mostly noise; widen it or set segment_lift = False.")
    return CampaignResult(params=params, plan=plan, by_platform=_by_platform(plan, margin),
                          weekly=_weekly(plan, earned_impressions, params.weeks), totals=totals,
                          segment=segment, notes=tuple(notes))


def _by_platform(plan: pd.DataFrame, gross_margin: float) -> pd.DataFrame:
    """The plan summed per platform, with CPM, cost per click and per conversion (EUR), ROAS and ROI.

    ``cost_per_conversion`` is NaN for a platform expected to bring no conversion
    (a segment nobody in which ever bought); everything else is finite.
    """
    cols = ["budget", "impressions", "reach", "engagements", "shares", "clicks", "conversions", "revenue"]
    table = plan.groupby("platform", sort=False)[cols].sum()
    table["cpm"] = table["budget"] / table["impressions"] * 1000.0
    table["cost_per_click"] = table["budget"] / table["clicks"]
    table["cost_per_conversion"] = table["budget"] / table["conversions"].where(table["conversions"] > 0)
    table["roas"] = metrics.roas(table["revenue"], table["budget"])
    table["roi"] = metrics.roi(table["revenue"], table["budget"], gross_margin=gross_margin)
    return table


def _weekly(plan: pd.DataFrame, earned_impressions: float, weeks: int) -> pd.DataFrame:
    share = 1.0 / weeks
    week = pd.RangeIndex(1, weeks + 1, name="week")
    table = pd.DataFrame({
        "budget": plan["budget"].sum() * share,
        "paid_impressions": plan["impressions"].sum() * share,
        "earned_impressions": earned_impressions * share,
        "conversions": plan["conversions"].sum() * share,
        "revenue": plan["revenue"].sum() * share,
    }, index=week)
    table["cumulative_conversions"] = table["conversions"].cumsum()
    table["cumulative_revenue"] = table["revenue"].cumsum()
    return table


def compare_platforms(params: CampaignParams, inputs: CampaignInputs | None = None) -> pd.DataFrame:
    """The whole budget on one platform at a time (same mix, segment and weeks).

    One row per plannable platform that carries a content type of the mix and
    whose users include somebody in the segment. Columns: ``cpm``, ``ctr``
    (clicks / impressions), ``cvr`` (conversions / clicks, lift included),
    ``impressions``, ``clicks``, ``conversions``, ``revenue``, ``cost_per_click``,
    ``cost_per_conversion`` (EUR), ``roas``, ``roi`` (on gross profit, the course's
    :data:`utils.shared.config.GROSS_MARGIN`).
    """
    inputs = inputs or load_inputs()
    rows = {}
    for platform in plannable_platforms(inputs):
        if not any(c in inputs.carried(platform) for c, _ in params.content_mix):
            continue
        single = dataclasses.replace(params, platforms=(platform,))
        try:
            t = simulate(single, inputs).totals
        except segmentation.EmptySegmentError:
            continue
        rows[platform] = {
            "cpm": t["budget"] / t["impressions"] * 1000.0, "ctr": t["clicks"] / t["impressions"],
            "cvr": t["conversions"] / t["clicks"], "impressions": t["impressions"], "clicks": t["clicks"],
            "conversions": t["conversions"], "revenue": t["revenue"],
            "cost_per_click": t["budget"] / t["clicks"],
            "cost_per_conversion": t["cost_per_conversion"] if t["cost_per_conversion"] is not None else np.inf,
            "roas": t["roas"],
            "roi": t["roi"],
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "platform"
    return table
