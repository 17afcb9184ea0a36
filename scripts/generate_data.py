#!/usr/bin/env python3
"""Generate the shipped SMM Lab data sets into ``data/``.

Everything except ``social_media_users.csv`` and ``benchmarks.csv`` is **synthetic**: a fictional tea
brand, Brightleaf, and its fictional competitors Copperpot, Greenhill and
Mistral during the calendar year 2025. The world is simulated with one seeded
generator (:data:`utils.shared.config.SEED`), so running this script again writes
byte-identical files::

    python3 scripts/generate_data.py            # rewrite data/
    python3 scripts/generate_data.py --out DIR  # write somewhere else

The script also writes ``dictionary.csv`` (one row per column of every data
file), ``social_media_users.csv`` and ``benchmarks.csv`` (real, cited figures typed in below), so
``data/`` can always be restored from this file alone. ``data/README.md`` is
written by hand.

``posts.csv``, ``web_sessions.csv`` and ``campaigns.csv`` come from one funnel
model (:func:`simulate_funnel`): link clicks on posts become UTM-tagged shop visits
with a documented loss, visits become orders, paid posts belong to campaigns whose
spend and results are the sums of their posts, and the platforms' reported
conversions exceed the shop's measured ones by a modelled gap (consent loss,
cross-device and view-through orders). ``data/README.md`` states every parameter.

Planted effects (documented as questions in ``data/README.md``) are built in
on purpose so that learners can discover them: shareability by content type
and topic, a high-converting audience segment, referrers worth more than their
own purchases, a crisis in September 2025, slower inbox replies at weekends,
and a spread of campaign returns.

Byte-identical output relies on: child random streams spawned in a fixed order
from one seed, rows sorted before ids are given, fixed number formats (money
with 2 decimals), ISO datetimes ``YYYY-MM-DD HH:MM:SS`` and ``\\n`` line endings.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from utils.shared.config import BRAND, BRANDS, CONTENT_TYPES, PLATFORMS, SEED  # noqa: E402

# ---------------------------------------------------------------------------
# The calendar and the crisis
# ---------------------------------------------------------------------------

YEAR_START = np.datetime64("2025-01-01", "D")
YEAR_END = np.datetime64("2026-01-01", "D")  # exclusive; also the export time
DAYS = np.arange(YEAR_START, YEAR_END, dtype="datetime64[D]")
N_DAYS = len(DAYS)

#: Monday of the crisis week (a false viral video claims the tea made people ill).
CRISIS_START = np.datetime64("2025-09-08", "D")

TOPICS = ("product", "how-to", "behind-the-scenes", "promotion", "community", "news")
LOCATIONS = ("Helsinki", "Oslo", "Warsaw", "Berlin", "London", "Amsterdam", "Stockholm", "Madrid")
INCOME_BANDS = ("<25k", "25-50k", "50-75k", "75-100k", "100k+")
JOB_TITLES = ("Student", "Manager", "Engineer", "Teacher", "Designer", "Nurse", "Sales", "Retired")
INDUSTRIES = ("Tech", "Education", "Health", "Retail", "Finance", "Public sector", "Creative")
INTERESTS = ("wellness", "cooking", "travel", "fitness", "sustainability", "gaming", "books", "music")
MESSAGE_TYPES = ("question", "complaint", "praise", "order_issue")
SOURCES = (
    "facebook_organic", "facebook_paid", "instagram_organic", "instagram_paid",
    "x_organic", "youtube_organic", "linkedin_organic", "tiktok_organic", "tiktok_paid",
    "search", "email", "direct",
)
CHANNELS = ("social_organic", "social_paid", "search", "email", "direct")
LANDING_PAGES = ("/", "/shop", "/blog", "/product/green-tea", "/product/black-tea", "/product/herbal")
OBJECTIVES = ("awareness", "sales", "traffic")

#: Platforms where Brightleaf pays for reach (paid posts, campaigns, paid sessions).
PAID_PLATFORMS = ("Facebook", "Instagram", "TikTok")


def weekday(days: np.ndarray) -> np.ndarray:
    """Day of week of ``datetime64`` values, Monday = 0 ... Sunday = 6."""
    return (days.astype("datetime64[D]").astype(np.int64) + 3) % 7


def trust_factor(days: np.ndarray) -> np.ndarray:
    """Multiplier on purchase intent: 1 before the crisis, a dip, slow recovery."""
    d = (days.astype("datetime64[D]") - CRISIS_START).astype(np.int64).astype(float)
    factor = np.ones_like(d)
    week = (d >= 0) & (d < 7)
    factor[week] = np.interp(d[week], [0.0, 2.0, 6.0], [0.85, 0.55, 0.55])
    after = d >= 7
    factor[after] = 1.0 - 0.45 * np.exp(-(d[after] - 7.0) / 45.0)
    return factor


def crisis_surge(days: np.ndarray) -> np.ndarray:
    """Shape of the crisis buzz: 0 before, peaks within two days, fades in ~2 weeks."""
    d = (days.astype("datetime64[D]") - CRISIS_START).astype(np.int64).astype(float)
    surge = np.zeros_like(d)
    on = d >= 0
    surge[on] = (1.0 - np.exp(-(d[on] + 1.0) / 0.8)) * np.exp(-d[on] / 4.0)
    return surge


def season(days: np.ndarray, amplitude: float) -> np.ndarray:
    """Tea season: a gentle yearly wave, highest around New Year, lowest in July."""
    t = (days.astype("datetime64[D]") - YEAR_START).astype(np.int64) / 365.0
    return 1.0 + amplitude * np.cos(2.0 * np.pi * t)


def random_times(rng: np.random.Generator, days: np.ndarray, hour_weights: Sequence[float]) -> np.ndarray:
    """A time of day for each day (``datetime64[s]``), hours drawn from ``hour_weights``."""
    w = np.asarray(hour_weights, dtype=float)
    hours = rng.choice(24, size=len(days), p=w / w.sum())
    seconds = hours * 3600 + rng.integers(0, 3600, size=len(days))
    return days.astype("datetime64[s]") + seconds.astype("timedelta64[s]")


def pick(rng: np.random.Generator, options: Sequence[str], weights: Sequence[float], size: int) -> np.ndarray:
    """Draw ``size`` labels from ``options`` with relative ``weights``."""
    w = np.asarray(weights, dtype=float)
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=w / w.sum())]


def order_values(rng: np.random.Generator, orders: np.ndarray, mean: np.ndarray | float) -> np.ndarray:
    """Total EUR of ``orders`` orders each worth about ``mean`` (0 where no order)."""
    orders = np.asarray(orders)
    shape = 5.0 * np.maximum(orders, 1)
    total = rng.gamma(shape, np.broadcast_to(mean, orders.shape) / 5.0)
    return np.where(orders > 0, np.maximum(np.round(total, 2), 0.01), 0.0)


# Hour-of-day weights (00..23) for posting, messaging and browsing.
POST_HOURS = [0, 0, 0, 0, 0, 0, 1, 3, 5, 6, 6, 5, 6, 5, 4, 4, 5, 6, 7, 7, 6, 4, 2, 0]
MESSAGE_HOURS = [1, 1, 0.5, 0.3, 0.3, 0.5, 1, 2, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 6, 4, 2]
SESSION_HOURS = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.5, 3, 4, 5, 5, 5.5, 6, 5.5, 5, 5, 5.5, 6, 7, 8, 8.5, 7.5, 5, 2.5]


# ---------------------------------------------------------------------------
# The funnel model: one simulation behind posts.csv, campaigns.csv and web_sessions.csv
# ---------------------------------------------------------------------------
#
# A post is shown (organic plus paid impressions); some viewers click its link. Every
# link carries UTM tags (utm_source and utm_medium give the ``source`` column,
# utm_campaign the campaign, utm_content the post id), so the shop's web analytics can
# tell which post and campaign a visit came from. Between the click and the recorded
# visit some clicks are lost (:data:`LANDING_RATE`, :data:`CONSENT_RATE`). Recorded
# visits become orders at a rate that depends on the channel, landing page, post
# topic, campaign, season and the crisis. Paid posts belong to the campaign running on
# their platform that day; a campaign's spend is the sum of its posts' spend plus its
# stated non-post spend, and its results are the sums of its posts' results.
#
# The platforms report more conversions than the shop's analytics measures, on
# purpose, for three documented reasons: orders by visitors who declined analytics
# cookies (the platform still counts them, with its own matching and modelled
# conversions), cross-device orders (click on the phone, order days later on another
# device: the shop records a direct visit) and, for paid impressions only, view-through
# orders (seen, not clicked, ordered within a day: a direct or search visit for the
# shop). Every parameter is listed in data/README.md, "The funnel model".


@dataclass(frozen=True)
class CampaignPlan:
    """One paid campaign as planned; ``quality`` scales its conversion rate.

    ``other_spend`` is money the campaign spent on something other than its posts
    (creative production, creator fees): it is part of ``spend`` but of no post.
    """

    name: str
    objective: str
    platform: str
    start: str
    end: str
    budget: float
    quality: float = 1.0
    stopped: str | None = None  # actual end when the campaign was paused early
    other_spend: float = 0.0


CAMPAIGN_PLANS: tuple[CampaignPlan, ...] = (
    CampaignPlan("New Year Wellness Blend", "sales", "Instagram", "2025-01-06", "2025-01-31", 2400, 1.15,
                 other_spend=300),
    CampaignPlan("Winter Warmers Reach", "awareness", "Facebook", "2025-01-13", "2025-02-09", 1600),
    CampaignPlan("Valentine's Gift Box", "sales", "Instagram", "2025-02-03", "2025-02-14", 1400, 1.1,
                 other_spend=200),
    CampaignPlan("Spring Green Tea Launch - TikTok", "traffic", "TikTok", "2025-03-10", "2025-04-06", 2000,
                 other_spend=400),
    CampaignPlan("Spring Green Tea Launch - Facebook", "sales", "Facebook", "2025-03-10", "2025-04-06", 1800, 0.9),
    CampaignPlan("Mother's Day Gift Sets", "sales", "Facebook", "2025-04-22", "2025-05-11", 1200, 0.45),
    CampaignPlan("Matcha Mornings", "awareness", "TikTok", "2025-05-05", "2025-05-31", 1600),
    CampaignPlan("Summer Iced Tea", "traffic", "Instagram", "2025-06-02", "2025-06-29", 1800, 1.1),
    CampaignPlan("Iced Tea Creators", "awareness", "TikTok", "2025-06-16", "2025-07-13", 2200, other_spend=900),
    CampaignPlan("Back to Routine", "sales", "Facebook", "2025-08-18", "2025-09-07", 1200, 1.0),
    CampaignPlan("Autumn Chai Launch", "sales", "Instagram", "2025-09-01", "2025-09-30", 2000, 1.0, "2025-09-09",
                 other_spend=350),
    CampaignPlan("Trust and Transparency", "awareness", "Facebook", "2025-10-06", "2025-10-26", 1400),
    CampaignPlan("Cosy Evenings", "traffic", "TikTok", "2025-10-20", "2025-11-16", 1600, 0.8),
    CampaignPlan("Black Friday - Instagram", "sales", "Instagram", "2025-11-24", "2025-12-01", 1600, 1.6),
    CampaignPlan("Black Friday - Facebook", "sales", "Facebook", "2025-11-24", "2025-12-01", 1400, 1.4),
    CampaignPlan("Christmas Gift Sets", "sales", "Instagram", "2025-12-01", "2025-12-21", 2400, 1.3,
                 other_spend=250),
)


def campaign_end(plan: CampaignPlan) -> np.datetime64:
    """Last day the campaign actually ran."""
    return np.datetime64(plan.stopped or plan.end, "D")


def utm_slug(name: str) -> str:
    """A campaign's ``utm_campaign`` tag: ``"Valentine's Gift Box"`` -> ``valentines-gift-box``."""
    text = "".join(ch if ch.isalnum() else " " for ch in name.lower().replace("'", ""))
    return "-".join(text.split())


#: utm_campaign of posts that belong to no campaign.
UTM_ORGANIC = "organic-social"
UTM_BOOST = "boosted-posts"  # paid posts boosted on their own, outside any campaign
UTM_EMAIL = "newsletter"

#: Cost per 1,000 paid impressions (EUR) by platform, times :data:`OBJECTIVE_CPM`.
CPM = {"Facebook": 7.5, "Instagram": 8.5, "TikTok": 6.0}
OBJECTIVE_CPM = {"awareness": 0.8, "traffic": 1.0, "sales": 1.15, "boost": 1.0}
#: Link clicks per paid impression relative to an organic impression of the same post.
OBJECTIVE_CTR = {"awareness": 1.2, "traffic": 3.6, "sales": 2.8, "boost": 2.0}
#: Conversion rate of a paid visit relative to the channel's base rate.
OBJECTIVE_CVR = {"awareness": 0.6, "traffic": 1.0, "sales": 1.7, "boost": 1.1}
#: Chance that an eligible post (paid platform, not news) is boosted during / outside a campaign.
BOOST_IN_CAMPAIGN = 0.65
BOOST_OUTSIDE = 0.03
#: Every campaign boosts at least this many posts.
MIN_CAMPAIGN_POSTS = 3
#: A campaign's delivery: share of the prorated budget actually spent.
DELIVERY = (0.88, 1.04)
#: Distinct accounts a campaign reached, as a share of the sum of its posts' reach (people see several posts).
CAMPAIGN_REACH_OVERLAP = (0.55, 0.8)

# The click -> visit -> order funnel.
#: Share of link clicks whose page loads (the rest: closed in-app browsers, accidental taps, unfiltered bots).
LANDING_RATE = 0.88
#: Share of landed visitors who accept analytics cookies, so that the visit is recorded.
CONSENT_RATE = 0.85
#: Visit start after the click on a post: exponential delay with this mean (hours).
CLICK_DELAY_HOURS = 5.0
#: Chance that a visitor who clicked and did not order orders later on another device (a direct visit).
CROSS_DEVICE_RATE = 0.006
#: Cross-device orders come within this many days of the post.
CROSS_DEVICE_DAYS = 7
#: View-through orders per 1,000 paid impressions (times campaign quality, trust and season), within a day.
VIEW_THROUGH_PER_1000 = 0.03
VIEW_THROUGH_DAYS = 1
#: Where a view-through order's visit comes from, as the shop sees it.
VIEW_THROUGH_SOURCES = ("direct", "search")


def ordered_plans() -> list[CampaignPlan]:
    """The plans in campaign_id order (start date, then name)."""
    return sorted(CAMPAIGN_PLANS, key=lambda p: (p.start, p.name))


def campaign_on(platform: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Index into :func:`ordered_plans` of the campaign running on each post's platform and day, or -1.

    Where two campaigns overlap on one platform, the one that started later wins.
    """
    out = np.full(len(day), -1, dtype=np.int64)
    for k, plan in enumerate(ordered_plans()):
        on = (platform == plan.platform) & (day >= np.datetime64(plan.start, "D")) & (day <= campaign_end(plan))
        out[on] = k
    return out


# ---------------------------------------------------------------------------
# Posts
# ---------------------------------------------------------------------------

#: Followers on 1 January and roughly on 31 December 2025.
FOLLOWERS = {
    "Facebook": (38_000, 44_500), "Instagram": (26_000, 41_000), "X": (15_500, 17_200),
    "YouTube": (4_200, 6_900), "LinkedIn": (2_600, 3_900), "TikTok": (6_000, 27_000),
}
POSTS_PER_DAY = {"Facebook": 0.9, "Instagram": 1.2, "X": 1.5, "YouTube": 0.2, "LinkedIn": 0.35, "TikTok": 0.8}
CONTENT_MIX = {  # video, image, text, link
    "Facebook": (0.25, 0.40, 0.15, 0.20), "Instagram": (0.45, 0.55, 0.0, 0.0),
    "X": (0.12, 0.30, 0.38, 0.20), "YouTube": (1.0, 0.0, 0.0, 0.0),
    "LinkedIn": (0.10, 0.30, 0.30, 0.30), "TikTok": (1.0, 0.0, 0.0, 0.0),
}
TOPIC_MIX = (0.20, 0.18, 0.14, 0.16, 0.18, 0.14)
#: Organic impressions per follower per post.
ORGANIC_REACH = {"Facebook": 0.06, "Instagram": 0.12, "X": 0.10, "YouTube": 0.6, "LinkedIn": 0.15, "TikTok": 0.55}
#: Share probability per impression: the planted shareability effect.
SHARE_RATE = {"video": 0.0034, "image": 0.0024, "link": 0.0017, "text": 0.0008}
SHARE_TOPIC = {"product": 0.85, "how-to": 1.6, "behind-the-scenes": 1.15, "promotion": 0.7, "community": 1.2,
               "news": 1.0}
SHARE_PLATFORM = {"Facebook": 1.0, "Instagram": 0.8, "X": 1.2, "YouTube": 0.6, "LinkedIn": 0.9, "TikTok": 1.1}
LIKE_PLATFORM = {"Facebook": 0.025, "Instagram": 0.045, "X": 0.015, "YouTube": 0.03, "LinkedIn": 0.02, "TikTok": 0.06}
LIKE_CONTENT = {"video": 1.2, "image": 1.3, "text": 0.8, "link": 0.6}
LIKE_TOPIC = {"product": 0.9, "how-to": 1.1, "behind-the-scenes": 1.15, "promotion": 0.8, "community": 1.2,
              "news": 0.85}
#: Link clicks per organic impression (a link post carries its link in the post, the others in a
#: link sticker, button or the profile's tagged link).
CLICK_CONTENT = {"video": 0.0011, "image": 0.0013, "text": 0.0009, "link": 0.0045}
CLICK_TOPIC = {"product": 1.3, "how-to": 1.0, "behind-the-scenes": 0.7, "promotion": 1.6, "community": 0.7, "news": 0.9}
CLICK_PLATFORM = {"Facebook": 1.0, "Instagram": 0.9, "X": 1.0, "YouTube": 0.8, "LinkedIn": 1.2, "TikTok": 0.7}
#: Conversion rate of a visit from a post, relative to its channel's base rate, by the post's topic.
CONVERT_TOPIC = {"product": 1.3, "how-to": 0.8, "behind-the-scenes": 0.6, "promotion": 1.6, "community": 0.6,
                 "news": 0.5}


def followers_by_day(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Account followers per platform per day: steady growth, a dent in the crisis."""
    surge = crisis_surge(DAYS)
    trust = trust_factor(DAYS)
    out: dict[str, np.ndarray] = {}
    for platform in PLATFORMS:
        start, end = FOLLOWERS[platform]
        gains = (end - start) / N_DAYS * rng.gamma(4.0, 0.25, N_DAYS) * trust**2
        loss_share = 0.03 if platform in ("X", "TikTok") else 0.006
        losses = surge / surge.sum() * loss_share * start
        out[platform] = np.round(start + np.cumsum(gains - losses)).astype(np.int64)
    return out


@dataclass
class Posts:
    """The simulated posts, one array per column (in post_id order), plus what the funnel needs."""

    platform: np.ndarray
    posted_at: np.ndarray
    day: np.ndarray
    content: np.ndarray
    topic: np.ndarray
    paid: np.ndarray
    campaign: np.ndarray  # index into ordered_plans(), -1 for none
    spend: np.ndarray
    followers: np.ndarray
    impressions: np.ndarray
    paid_impressions: np.ndarray
    reach: np.ndarray
    likes: np.ndarray
    comments: np.ndarray
    shares: np.ndarray
    clicks: np.ndarray
    objective: np.ndarray  # campaign objective, "boost" for paid posts outside campaigns, "" for organic
    quality: np.ndarray  # campaign quality (1 outside campaigns)


def simulate_posts(rng: np.random.Generator, followers: dict[str, np.ndarray]) -> Posts:
    """Brightleaf's own posts up to their link clicks; paid posts are assigned to campaigns."""
    plans = ordered_plans()
    platform_parts, day_parts, content_parts, topic_parts = [], [], [], []
    crisis_week = DAYS[(DAYS >= CRISIS_START) & (DAYS < CRISIS_START + 7)]
    for platform in PLATFORMS:
        counts = rng.poisson(POSTS_PER_DAY[platform], N_DAYS)
        days = np.repeat(DAYS, counts)
        n = len(days)
        platform_parts.append(np.full(n, platform, dtype=object))
        day_parts.append(days)
        content_parts.append(pick(rng, CONTENT_TYPES, CONTENT_MIX[platform], n))
        topic_parts.append(pick(rng, TOPICS, TOPIC_MIX, n))
    # Crisis statements: one extra news post a day on the big four platforms.
    statement_format = {"Facebook": "text", "Instagram": "image", "X": "text", "TikTok": "video"}
    for platform, content_type in statement_format.items():
        n = len(crisis_week)
        platform_parts.append(np.full(n, platform, dtype=object))
        day_parts.append(crisis_week)
        content_parts.append(np.full(n, content_type, dtype=object))
        topic_parts.append(np.full(n, "news", dtype=object))

    platform = np.concatenate(platform_parts)
    day = np.concatenate(day_parts)
    content = np.concatenate(content_parts)
    topic = np.concatenate(topic_parts)
    n = len(day)
    day_idx = (day - YEAR_START).astype(np.int64)
    posted_at = random_times(rng, day, POST_HOURS)

    order = np.lexsort((platform.astype(str), posted_at))
    platform, day, content, topic, day_idx, posted_at = (
        a[order] for a in (platform, day, content, topic, day_idx, posted_at)
    )

    def lookup(table: dict[str, float], keys: np.ndarray) -> np.ndarray:
        return np.array([table[k] for k in keys], dtype=float)

    follower_count = np.array([followers[p][i] for p, i in zip(platform, day_idx)], dtype=np.int64)

    # Which posts are boosted, and with which campaign.
    running = campaign_on(platform, day)
    eligible = np.isin(platform, PAID_PLATFORMS) & (topic != "news")
    paid = eligible & (rng.random(n) < np.where(running >= 0, BOOST_IN_CAMPAIGN, BOOST_OUTSIDE))
    for k in range(len(plans)):  # a campaign without enough posts boosts its first eligible ones
        candidates = np.flatnonzero(eligible & (running == k))
        missing = MIN_CAMPAIGN_POSTS - int(paid[candidates].sum())
        if missing > 0:
            paid[candidates[~paid[candidates]][:missing]] = True
    campaign = np.where(paid, running, -1)
    objective = np.array([plans[k].objective if k >= 0 else "" for k in campaign], dtype=object)
    objective[paid & (campaign < 0)] = "boost"
    quality = np.array([plans[k].quality if k >= 0 else 1.0 for k in campaign])

    # Spend: a campaign's media budget is split between its posts; own boosts cost 15-150 EUR.
    weights = rng.lognormal(0.0, 0.35, n)
    boost_cost = np.round(np.clip(rng.lognormal(np.log(45.0), 0.35, n), 15, 150), 2)
    spend = np.where(paid & (campaign < 0), boost_cost, 0.0)
    delivery = rng.uniform(*DELIVERY, len(plans))
    for k, plan in enumerate(plans):
        members = np.flatnonzero(campaign == k)
        start = np.datetime64(plan.start, "D")
        planned_days = (np.datetime64(plan.end, "D") - start).astype(int) + 1
        run_days = (campaign_end(plan) - start).astype(int) + 1
        media_cents = round((plan.budget * delivery[k] * run_days / planned_days - plan.other_spend) * 100)
        share = weights[members] / weights[members].sum()
        cents = np.floor(share * media_cents).astype(np.int64)
        cents[-1] += media_cents - cents.sum()  # the last post takes the rounding remainder
        spend[members] = cents / 100.0

    content_boost = lookup({"video": 1.3, "image": 1.0, "text": 0.7, "link": 0.6}, content)
    organic = follower_count * lookup(ORGANIC_REACH, platform) * content_boost * rng.lognormal(0.0, 0.5, n)
    cost_factor = np.array([OBJECTIVE_CPM.get(o, 1.0) for o in objective])
    cpm = np.array([CPM.get(p, 8.0) for p in platform]) * cost_factor * rng.lognormal(0.0, 0.2, n)
    paid_float = np.where(paid, spend / cpm * 1000.0, 0.0)
    impressions = np.maximum(1, np.round(organic + paid_float)).astype(np.int64)
    paid_impressions = np.minimum(np.round(paid_float).astype(np.int64), impressions)
    organic_impressions = impressions - paid_impressions
    frequency = np.where(paid, rng.uniform(1.3, 1.9, n), rng.uniform(1.05, 1.3, n))
    reach = np.clip(np.floor(impressions / frequency), 1, impressions).astype(np.int64)

    surge = crisis_surge(day)
    share_p = (lookup(SHARE_RATE, content) * lookup(SHARE_TOPIC, topic) * lookup(SHARE_PLATFORM, platform)
               * rng.lognormal(0.0, 0.3, n))
    # Paid impressions are shared less than organic ones.
    share_p *= (organic_impressions + 0.4 * paid_impressions) / impressions
    shares = np.minimum(rng.binomial(impressions, np.clip(share_p, 0, 0.2)), reach)
    like_p = (lookup(LIKE_PLATFORM, platform) * lookup(LIKE_CONTENT, content) * lookup(LIKE_TOPIC, topic)
              * rng.lognormal(0.0, 0.3, n) * (1.0 - 0.3 * surge))
    likes = rng.binomial(reach, np.clip(like_p, 0, 0.5))
    comment_p = like_p * 0.08 * np.where(topic == "community", 1.5, 1.0) * (1.0 + 4.0 * surge)
    comments = rng.binomial(reach, np.clip(comment_p, 0, 0.2))
    click_p = (lookup(CLICK_CONTENT, content) * lookup(CLICK_TOPIC, topic) * lookup(CLICK_PLATFORM, platform)
               * rng.lognormal(0.0, 0.3, n))
    paid_click_p = click_p * np.array([OBJECTIVE_CTR.get(o, 1.0) for o in objective])
    clicks = (rng.binomial(organic_impressions, np.clip(click_p, 0, 0.3))
              + rng.binomial(paid_impressions, np.clip(paid_click_p, 0, 0.3)))
    return Posts(platform, posted_at, day, content, topic, paid, campaign, spend, follower_count, impressions,
                 paid_impressions, reach, likes, comments, shares, clicks, objective, quality)


# ---------------------------------------------------------------------------
# Audience
# ---------------------------------------------------------------------------

N_PEOPLE = 4000
N_CONNECTORS = 34

JOB_WEIGHTS_WORKING = {"Manager": 0.16, "Engineer": 0.18, "Teacher": 0.13, "Designer": 0.12,
                       "Nurse": 0.12, "Sales": 0.17}
INDUSTRY_BY_JOB = {  # Tech, Education, Health, Retail, Finance, Public sector, Creative
    "Student": (0.15, 0.45, 0.1, 0.1, 0.05, 0.05, 0.1),
    "Manager": (0.22, 0.08, 0.1, 0.2, 0.2, 0.12, 0.08),
    "Engineer": (0.7, 0.02, 0.05, 0.03, 0.1, 0.1, 0.0),
    "Teacher": (0.0, 0.85, 0.0, 0.0, 0.0, 0.15, 0.0),
    "Designer": (0.25, 0.0, 0.0, 0.15, 0.0, 0.0, 0.6),
    "Nurse": (0.0, 0.0, 0.85, 0.0, 0.0, 0.15, 0.0),
    "Sales": (0.2, 0.0, 0.05, 0.5, 0.2, 0.0, 0.05),
    "Retired": (0.12, 0.18, 0.15, 0.15, 0.12, 0.2, 0.08),
}
INCOME_BY_JOB = {  # <25k, 25-50k, 50-75k, 75-100k, 100k+
    "Student": (0.75, 0.22, 0.03, 0.0, 0.0),
    "Manager": (0.0, 0.1, 0.3, 0.35, 0.25),
    "Engineer": (0.0, 0.12, 0.43, 0.3, 0.15),
    "Teacher": (0.05, 0.55, 0.35, 0.05, 0.0),
    "Designer": (0.08, 0.42, 0.35, 0.1, 0.05),
    "Nurse": (0.05, 0.55, 0.35, 0.05, 0.0),
    "Sales": (0.08, 0.4, 0.32, 0.13, 0.07),
    "Retired": (0.3, 0.45, 0.17, 0.06, 0.02),
}
INCOME_BASKET = (0.8, 0.92, 1.0, 1.12, 1.3)


def _age_curve(age: np.ndarray, young: float, old: float) -> np.ndarray:
    """Probability moving linearly from ``young`` (age 18) to ``old`` (age 75)."""
    return young + (old - young) * (age - 18) / 57.0


def make_audience(rng: np.random.Generator) -> list[list[object]]:
    """People the brand can reach, with their brand exposure, purchases and referrals."""
    n = N_PEOPLE
    age = np.clip(np.round(18 + rng.gamma(2.3, 8.5, n)), 18, 75).astype(np.int64)
    location = pick(rng, LOCATIONS, (0.18, 0.10, 0.12, 0.16, 0.16, 0.10, 0.10, 0.08), n)

    job = pick(rng, list(JOB_WEIGHTS_WORKING), list(JOB_WEIGHTS_WORKING.values()), n)
    job = np.where((age <= 24) & (rng.random(n) < 0.6), "Student", job)
    job = np.where((age >= 25) & (age <= 29) & (rng.random(n) < 0.08), "Student", job)
    job = np.where((age >= 63) & (rng.random(n) < 0.85), "Retired", job).astype(object)
    industry = np.empty(n, dtype=object)
    income = np.empty(n, dtype=object)
    for title in JOB_TITLES:
        who = job == title
        industry[who] = pick(rng, INDUSTRIES, INDUSTRY_BY_JOB[title], int(who.sum()))
        income[who] = pick(rng, INCOME_BANDS, INCOME_BY_JOB[title], int(who.sum()))

    interest_p = {
        "wellness": np.where((age >= 25) & (age <= 34), 0.5, 0.33),
        "cooking": _age_curve(age, 0.25, 0.45), "travel": np.full(n, 0.4),
        "fitness": _age_curve(age, 0.45, 0.15), "sustainability": _age_curve(age, 0.4, 0.25),
        "gaming": _age_curve(age, 0.5, 0.05), "books": _age_curve(age, 0.25, 0.5),
        "music": _age_curve(age, 0.55, 0.3),
    }
    has_interest = np.column_stack([rng.random(n) < interest_p[k] for k in INTERESTS])
    empty = ~has_interest.any(axis=1)
    has_interest[empty, rng.integers(0, len(INTERESTS), int(empty.sum()))] = True

    working = ~np.isin(job, ("Student", "Retired"))
    platform_p = {
        "Facebook": _age_curve(age, 0.45, 0.85), "Instagram": _age_curve(age, 0.85, 0.3),
        "X": np.full(n, 0.3), "YouTube": _age_curve(age, 0.75, 0.45),
        "LinkedIn": np.where(working, 0.4, np.where(job == "Student", 0.15, 0.05)),
        "TikTok": np.clip(_age_curve(age, 0.85, -0.2), 0.03, 1),
    }
    on_platform = np.column_stack([rng.random(n) < platform_p[p] for p in PLATFORMS])
    empty = ~on_platform.any(axis=1)
    on_platform[empty, rng.integers(0, len(PLATFORMS), int(empty.sum()))] = True
    n_platforms = on_platform.sum(axis=1)

    wellness = has_interest[:, INTERESTS.index("wellness")]
    segment = wellness & (age >= 25) & (age <= 34)
    follow_p = (0.22 + 0.12 * wellness + 0.08 * has_interest[:, INTERESTS.index("cooking")]
                + 0.06 * has_interest[:, INTERESTS.index("sustainability")])
    follows = rng.random(n) < follow_p

    # Connectors: very social people who talk about the brand a lot and buy little.
    join_rank = rng.permutation(n)  # order in which people met the brand
    candidates = np.flatnonzero((n_platforms >= 3) & (join_rank < 0.6 * n))
    connectors = rng.choice(candidates, size=N_CONNECTORS, replace=False)
    is_connector = np.zeros(n, dtype=bool)
    is_connector[connectors] = True
    follows[connectors] = True

    impressions = np.maximum(1, np.round(rng.lognormal(np.log(35.0), 0.8, n)
                                         * np.where(follows, 2.5, 1.0) * (0.6 + 0.2 * n_platforms)
                                         * np.where(is_connector, 2.0, 1.0))).astype(np.int64)
    engage_p = np.clip((0.03 + 0.04 * follows + 0.08 * is_connector) * rng.lognormal(0.0, 0.35, n), 0, 0.6)
    engagements = rng.binomial(impressions, engage_p)
    click_p = np.clip(0.012 * np.where(wellness, 1.5, 1.0) * rng.lognormal(0.0, 0.4, n), 0, 0.3)
    clicks = rng.binomial(impressions, click_p)

    # Referrals: each connector brings 5-14 people; ordinary customers bring 1-3.
    referred_by = np.full(n, -1, dtype=np.int64)
    for c in connectors[np.argsort(join_rank[connectors])]:
        pool = np.flatnonzero((referred_by < 0) & (join_rank > join_rank[c]) & ~is_connector)
        k = min(int(rng.integers(5, 15)), len(pool))
        referred_by[rng.choice(pool, size=k, replace=False)] = c
    pool = np.flatnonzero((referred_by < 0) & ~is_connector)
    later = rng.choice(pool, size=160, replace=False)
    is_referred = (referred_by >= 0)
    is_referred[later] = True

    buy_p = (0.045 * np.where(follows, 1.7, 1.0) * (1.0 + 0.08 * np.minimum(clicks, 10))
             * np.where(segment, 6.0, 1.0) * np.where(is_referred, 2.4, 1.0))
    buy_p = np.where(is_connector, 0.3, np.clip(buy_p, 0, 0.9))
    converted = rng.random(n) < buy_p
    purchases = np.where(converted, 1 + rng.poisson(np.where(segment, 1.1, 0.7)), 0)
    purchases = np.where(is_connector & converted, 1, purchases)
    basket = np.array([INCOME_BASKET[INCOME_BANDS.index(b)] for b in income]) * 32.0
    basket = np.where(is_connector, 14.0, basket)
    purchase_value = order_values(rng, purchases, basket)

    # Ordinary referrers: earlier customers, at most three referrals each.
    customers = np.flatnonzero(converted & ~is_connector)
    load = np.zeros(n, dtype=np.int64)
    for person in later[np.argsort(join_rank[later])]:
        options = customers[(join_rank[customers] < join_rank[person]) & (load[customers] < 3)]
        if len(options):
            chosen = options[rng.integers(0, len(options))]
            referred_by[person] = chosen
            load[chosen] += 1
    referrals = np.bincount(referred_by[referred_by >= 0], minlength=n)

    rows = []
    for i in range(n):
        rows.append([
            i + 1, age[i], location[i], income[i], job[i], industry[i],
            ";".join(k for k, on in zip(INTERESTS, has_interest[i]) if on),
            ";".join(p for p, on in zip(PLATFORMS, on_platform[i]) if on),
            fmt_bool(follows[i]), impressions[i], engagements[i], clicks[i], purchases[i],
            f"{purchase_value[i]:.2f}", fmt_bool(purchases[i] > 0),
            "" if referred_by[i] < 0 else referred_by[i] + 1, referrals[i],
        ])
    return rows


# ---------------------------------------------------------------------------
# Mentions
# ---------------------------------------------------------------------------

MENTIONS_PER_DAY = {"Brightleaf": 90.0, "Copperpot": 150.0, "Greenhill": 100.0, "Mistral": 55.0}
MENTION_PLATFORM = {"Facebook": 0.2, "Instagram": 0.25, "X": 0.25, "YouTube": 0.06, "LinkedIn": 0.04, "TikTok": 0.2}
SENTIMENT = {  # positive, neutral, negative
    "Brightleaf": (0.38, 0.50, 0.12), "Copperpot": (0.30, 0.52, 0.18),
    "Greenhill": (0.34, 0.50, 0.16), "Mistral": (0.28, 0.55, 0.17),
}
NEGATIVE_PLATFORM = {"Facebook": 1.0, "Instagram": 0.8, "X": 1.4, "YouTube": 1.0, "LinkedIn": 0.5, "TikTok": 1.1}
#: Peak extra negative Brightleaf mentions per day in the crisis, by platform.
CRISIS_NEGATIVE = {"Facebook": 25.0, "Instagram": 20.0, "X": 110.0, "YouTube": 8.0, "LinkedIn": 2.0, "TikTok": 90.0}


def make_mentions(rng: np.random.Generator) -> list[list[object]]:
    """Daily sentiment-tagged mention counts per platform and brand."""
    dow = np.array([1.05, 1.05, 1.0, 1.0, 0.98, 0.9, 0.88])[weekday(DAYS)]
    t = (DAYS - YEAR_START).astype(np.int64) / 365.0
    surge = crisis_surge(DAYS)
    # Copperpot's summer campaign lifts its (mostly positive) buzz in June.
    copperpot_bump = 1.0 + 0.6 * np.exp(-0.5 * (((DAYS - np.datetime64("2025-06-15", "D")).astype(int)) / 9.0) ** 2)
    trend = {"Brightleaf": 1.0 + 0.3 * t, "Copperpot": copperpot_bump, "Greenhill": 1.0 + 0.1 * t,
             "Mistral": 1.0 - 0.05 * t}
    rows = []
    for brand in BRANDS:
        pos, neu, neg = SENTIMENT[brand]
        for platform in PLATFORMS:
            base = MENTIONS_PER_DAY[brand] * MENTION_PLATFORM[platform] * dow * trend[brand]
            neg_share = neg * NEGATIVE_PLATFORM[platform]
            mean_neg = base * neg_share
            mean_pos = base * pos * (1.0 + 0.5 * (copperpot_bump - 1.0) * (brand == "Copperpot"))
            mean_neu = base * (1.0 - pos - neg_share)
            if brand == BRAND:
                extra = CRISIS_NEGATIVE[platform] * surge
                mean_neg = mean_neg + extra
                mean_neu = mean_neu + 0.6 * extra
                mean_pos = mean_pos + 0.1 * extra
            noise = rng.lognormal(0.0, 0.15, N_DAYS)
            counts = [rng.poisson(m * noise) for m in (mean_pos, mean_neu, mean_neg)]
            for i, day in enumerate(DAYS):
                rows.append([str(day), platform, brand, counts[0][i], counts[1][i], counts[2][i]])
    rows.sort(key=lambda r: (r[0], PLATFORMS.index(r[1]), BRANDS.index(r[2])))
    return rows


# ---------------------------------------------------------------------------
# Inbox
# ---------------------------------------------------------------------------

INBOX_PLATFORM = {"Facebook": 0.28, "Instagram": 0.32, "X": 0.16, "YouTube": 0.04, "LinkedIn": 0.03, "TikTok": 0.12}
CRISIS_INBOX_PLATFORM = {"Facebook": 0.14, "Instagram": 0.14, "X": 0.38, "YouTube": 0.03, "LinkedIn": 0.01,
                         "TikTok": 0.30}
INBOX_TYPES = (0.44, 0.18, 0.22, 0.16)
CRISIS_INBOX_TYPES = (0.2, 0.75, 0.05, 0.0)


def make_inbox(rng: np.random.Generator) -> list[list[object]]:
    """Messages sent to Brightleaf and when (if) the team answered them."""
    dow = np.array([1.15, 1.05, 1.0, 1.0, 0.95, 0.8, 0.75])[weekday(DAYS)]
    t = (DAYS - YEAR_START).astype(np.int64) / 365.0
    december = np.where(DAYS >= np.datetime64("2025-12-01", "D"), 1.2, 1.0)
    base_counts = rng.poisson(14.5 * dow * (1.0 + 0.2 * t) * december)
    crisis_counts = rng.poisson(110.0 * crisis_surge(DAYS))

    base_days = np.repeat(DAYS, base_counts)
    crisis_days = np.repeat(DAYS, crisis_counts)
    nb, nc = len(base_days), len(crisis_days)
    day = np.concatenate([base_days, crisis_days])
    platform = np.concatenate([pick(rng, PLATFORMS, [INBOX_PLATFORM[p] for p in PLATFORMS], nb),
                               pick(rng, PLATFORMS, [CRISIS_INBOX_PLATFORM[p] for p in PLATFORMS], nc)])
    kind = np.concatenate([pick(rng, MESSAGE_TYPES, INBOX_TYPES, nb), pick(rng, MESSAGE_TYPES, CRISIS_INBOX_TYPES, nc)])
    from_crisis = np.concatenate([np.zeros(nb, dtype=bool), np.ones(nc, dtype=bool)])
    received = random_times(rng, day, MESSAGE_HOURS)
    n = len(day)

    weekend = weekday(day) >= 5
    hour = (received - day.astype("datetime64[s]")).astype(np.int64) // 3600
    night = (hour < 8) | (hour >= 20)
    answer_p = np.where(weekend, 0.85, 0.93) + np.where(kind == "complaint", 0.03, 0.0) \
        - np.where(kind == "praise", 0.08, 0.0)
    answer_p = np.where(from_crisis, 0.78, answer_p)
    median_hours = np.where(weekend, 7.5, 2.0) * np.where(night & ~weekend, 2.5, 1.0)
    median_hours = np.where(from_crisis, 8.0, median_hours)
    delay = rng.lognormal(np.log(median_hours), 0.8, n)
    answered_at = received + np.round(delay * 3600).astype(np.int64).astype("timedelta64[s]")
    answered = (rng.random(n) < answer_p) & (answered_at < YEAR_END.astype("datetime64[s]"))

    order = np.lexsort((platform.astype(str), received))
    return [
        [rank + 1, platform[i], fmt_datetime(received[i]),
         fmt_datetime(answered_at[i]) if answered[i] else "", kind[i]]
        for rank, i in enumerate(order)
    ]


# ---------------------------------------------------------------------------
# Web sessions, orders and what each side reports
# ---------------------------------------------------------------------------

CHANNELS_OF_POSTS = ("social_organic", "social_paid")
#: Visits per day from the channels that are not social posts (before weekday, season and crisis effects).
BASE_VISITS = {"search": 14.5, "email": 5.2, "direct": 11.0}
LANDING_BY_CHANNEL = {  # /, /shop, /blog, green, black, herbal
    "social_organic": (0.2, 0.15, 0.35, 0.12, 0.08, 0.10),
    "social_paid": (0.15, 0.35, 0.0, 0.22, 0.13, 0.15),
    "search": (0.35, 0.15, 0.2, 0.12, 0.08, 0.10),
    "email": (0.15, 0.45, 0.0, 0.16, 0.11, 0.13),
    "direct": (0.6, 0.25, 0.0, 0.06, 0.04, 0.05),
}
#: Base chance that a visit with at least two pageviews ends in an order, by channel.
CONVERT_CHANNEL = {"social_organic": 0.016, "social_paid": 0.03, "search": 0.04, "email": 0.07, "direct": 0.05}
CONVERT_LANDING = {"/": 1.0, "/shop": 1.5, "/blog": 0.45, "/product/green-tea": 1.7,
                   "/product/black-tea": 1.6, "/product/herbal": 1.7}
PAGEVIEWS_LANDING = {"/": 1.8, "/shop": 2.5, "/blog": 0.8, "/product/green-tea": 1.8,
                     "/product/black-tea": 1.8, "/product/herbal": 1.8}
BASKET_LANDING = {"/": 33.0, "/shop": 36.0, "/blog": 29.0, "/product/green-tea": 31.0,
                  "/product/black-tea": 30.0, "/product/herbal": 32.0}
#: From this day on, gift shopping lifts every visit's conversion rate by :data:`GIFT_LIFT`.
GIFT_SEASON = np.datetime64("2025-11-20", "D")
GIFT_LIFT = 1.25


def channel_of(source: str) -> str:
    """Channel of a traffic source (``instagram_paid`` -> ``social_paid``)."""
    if source.endswith("_organic"):
        return "social_organic"
    if source.endswith("_paid"):
        return "social_paid"
    return source


def source_of_post(platform: str, paid: bool) -> str:
    """The ``source`` (UTM source and medium) of a visit from a post's link: ``instagram_paid``."""
    return f"{platform.lower()}_{'paid' if paid else 'organic'}"


def day_index(moments: np.ndarray) -> np.ndarray:
    """Day of 2025 (0..364) of ``datetime64[s]`` values."""
    return (moments.astype("datetime64[D]") - YEAR_START).astype(np.int64)


def later_in_year(start: np.ndarray, delay_seconds: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``start + delay``; a moment past the end of 2025 is drawn again, uniformly before the year ends."""
    end = YEAR_END.astype("datetime64[s]")
    delay = np.round(delay_seconds).astype(np.int64)
    room = (end - start).astype(np.int64) - 1
    redo = delay > room
    delay[redo] = np.floor(rng.random(int(redo.sum())) * room[redo]).astype(np.int64)
    return start + delay.astype("timedelta64[s]")


@dataclass
class Visits:
    """Visits (recorded or not), one array per column."""

    started: np.ndarray
    source: np.ndarray
    utm_campaign: np.ndarray
    post: np.ndarray  # index of the post whose link started the visit, -1 for none
    landing: np.ndarray
    pageviews: np.ndarray
    converted: np.ndarray
    revenue: np.ndarray

    @staticmethod
    def concat(parts: Sequence[Visits]) -> Visits:
        return Visits(*(np.concatenate([getattr(p, f) for p in parts]) for f in (
            "started", "source", "utm_campaign", "post", "landing", "pageviews", "converted", "revenue")))


def visit_outcomes(rng: np.random.Generator, started: np.ndarray, channel: np.ndarray, factor: np.ndarray,
                   rumour: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Landing page, pageviews, order and order value of each visit.

    ``factor`` multiplies the conversion rate (the post's topic, the campaign's objective and
    quality); ``rumour`` marks visits that looked the false claim up during the crisis.
    """
    n = len(started)
    day = started.astype("datetime64[D]")
    idx = day_index(started)
    trust = trust_factor(DAYS)[idx]
    landing = np.empty(n, dtype=object)
    for ch in CHANNELS:
        who = channel == ch
        landing[who] = pick(rng, LANDING_PAGES, LANDING_BY_CHANNEL[ch], int(who.sum()))
    rumour = np.zeros(n, dtype=bool) if rumour is None else rumour
    landing[rumour] = np.where(rng.random(int(rumour.sum())) < 0.5, "/", "/blog")
    bounce = rng.random(n) < np.where(landing == "/blog", 0.55, 0.4)
    lam = np.array([PAGEVIEWS_LANDING[p] for p in landing])
    pageviews = np.where(bounce, 1, 1 + rng.poisson(lam))
    gifts = np.where(day >= GIFT_SEASON, GIFT_LIFT, 1.0)
    convert_p = (np.array([CONVERT_CHANNEL[c] for c in channel]) * np.array([CONVERT_LANDING[p] for p in landing])
                 * trust**2 * gifts * 2.0 * (1.0 + 0.05 * np.minimum(pageviews, 8)) * factor)
    convert_p = np.where(pageviews >= 2, np.where(rumour, 0.3, 1.0) * convert_p, 0.0)
    converted = rng.random(n) < np.clip(convert_p, 0, 0.9)
    pageviews = np.where(converted, np.maximum(pageviews, 3), pageviews)
    basket = np.array([BASKET_LANDING[p] for p in landing])
    revenue = order_values(rng, converted.astype(np.int64), basket)
    return landing, pageviews, converted, revenue


def order_visits(rng: np.random.Generator, started: np.ndarray, source: np.ndarray) -> Visits:
    """Visits that end in an order (the orders a platform claims but the shop credits elsewhere)."""
    n = len(started)
    channel = np.array([channel_of(s) for s in source], dtype=object)
    landing = np.empty(n, dtype=object)
    for ch in CHANNELS:
        who = channel == ch
        landing[who] = pick(rng, LANDING_PAGES, LANDING_BY_CHANNEL[ch], int(who.sum()))
    landing[landing == "/blog"] = "/shop"
    pageviews = 3 + rng.poisson(2.0, n)
    basket = np.array([BASKET_LANDING[p] for p in landing])
    revenue = order_values(rng, np.ones(n, dtype=np.int64), basket)
    return Visits(started, source, np.full(n, "", dtype=object), np.full(n, -1, dtype=np.int64), landing,
                  pageviews, np.ones(n, dtype=bool), revenue)


def base_visits(rng: np.random.Generator) -> Visits:
    """Visits from search, e-mail and direct, which no post started."""
    dow = np.array([1.05, 1.05, 1.0, 1.0, 0.95, 0.95, 1.0])[weekday(DAYS)]
    trust = trust_factor(DAYS)
    surge = crisis_surge(DAYS)
    day_parts, source_parts = [], []
    for source, per_day in BASE_VISITS.items():
        volume = per_day * dow * season(DAYS, 0.06)
        if source in ("direct", "email"):  # loyal customers hesitate too
            volume = volume * (0.7 + 0.3 * trust)
        if source == "search":  # people look the rumour up
            volume = volume * (1.0 + 2.5 * surge)
        counts = rng.poisson(volume)
        day_parts.append(np.repeat(DAYS, counts))
        source_parts.append(np.full(int(counts.sum()), source, dtype=object))
    day = np.concatenate(day_parts)
    source = np.concatenate(source_parts)
    started = random_times(rng, day, SESSION_HOURS)
    idx = day_index(started)
    rumour = (source == "search") & (rng.random(len(day)) < 0.6 * surge[idx] / (1 + surge[idx]))
    landing, pageviews, converted, revenue = visit_outcomes(rng, started, source, np.ones(len(day)), rumour)
    utm = np.where(source == "email", UTM_EMAIL, "").astype(object)
    return Visits(started, source, utm, np.full(len(day), -1, dtype=np.int64), landing, pageviews, converted,
                  revenue)


@dataclass
class Funnel:
    """Everything the three linked files are written from."""

    posts: Posts
    recorded: Visits  # the shop's web analytics: what web_sessions.csv holds
    conversions: np.ndarray  # per post, as the platform reports them
    revenue: np.ndarray  # per post, EUR, as the platform reports it
    plans: list[CampaignPlan]
    overlap: np.ndarray  # per campaign, reach / sum of its posts' reach


def simulate_funnel(post_rng: np.random.Generator, visit_rng: np.random.Generator,
                    campaign_rng: np.random.Generator, followers: dict[str, np.ndarray]) -> Funnel:
    """Posts -> clicks -> visits -> orders, and what the platforms and the shop each report."""
    rng = visit_rng
    posts = simulate_posts(post_rng, followers)
    plans = ordered_plans()
    n_posts = len(posts.platform)
    utm_of_post = np.array([utm_slug(plans[k].name) if k >= 0 else (UTM_BOOST if p else UTM_ORGANIC)
                            for k, p in zip(posts.campaign, posts.paid)], dtype=object)

    # Clicks -> visits that load (landed) -> visits the analytics records (consent).
    landed = rng.binomial(posts.clicks, LANDING_RATE)
    consented = rng.binomial(landed, CONSENT_RATE)
    post = np.repeat(np.arange(n_posts), landed)
    rank = np.arange(len(post)) - np.repeat(np.cumsum(landed) - landed, landed)
    recorded = rank < consented[post]
    delay = rng.exponential(CLICK_DELAY_HOURS * 3600.0, len(post))
    started = later_in_year(posts.posted_at[post], delay, rng)
    source = np.array([source_of_post(pl, pd_) for pl, pd_ in zip(posts.platform[post], posts.paid[post])],
                      dtype=object)
    channel = np.array([channel_of(s) for s in source], dtype=object)
    factor = (np.array([CONVERT_TOPIC[t] for t in posts.topic[post]]) * posts.quality[post]
              * np.array([OBJECTIVE_CVR.get(o, 1.0) for o in posts.objective[post]]))
    landing, pageviews, converted, revenue = visit_outcomes(rng, started, channel, factor)
    from_posts = Visits(started, source, utm_of_post[post], post, landing, pageviews, converted, revenue)

    # What the platform adds: orders of visitors without analytics consent, cross-device and view-through.
    site_orders = np.bincount(post[recorded & converted], minlength=n_posts)
    hidden_orders = np.bincount(post[~recorded & converted], minlength=n_posts)
    click_revenue = np.bincount(post[converted], weights=revenue[converted], minlength=n_posts)
    no_order = landed - site_orders - hidden_orders
    cross_device = rng.binomial(no_order, CROSS_DEVICE_RATE)
    gifts = np.where(posts.day >= GIFT_SEASON, GIFT_LIFT, 1.0)
    trust = trust_factor(posts.day)
    view_mean = VIEW_THROUGH_PER_1000 * posts.paid_impressions / 1000.0 * posts.quality * trust * gifts
    view_through = rng.poisson(view_mean)
    room = posts.clicks - site_orders - hidden_orders
    cross_device = np.minimum(cross_device, room)
    view_through = np.minimum(view_through, room - cross_device)  # platforms report conversions <= clicks here

    gap_post = np.concatenate([np.repeat(np.arange(n_posts), cross_device),
                               np.repeat(np.arange(n_posts), view_through)])
    n_cross = int(cross_device.sum())
    window_days = np.where(np.arange(len(gap_post)) < n_cross, CROSS_DEVICE_DAYS, VIEW_THROUGH_DAYS)
    gap_started = later_in_year(posts.posted_at[gap_post], rng.random(len(gap_post)) * window_days * 86400.0, rng)
    gap_source = np.where(np.arange(len(gap_post)) < n_cross, "direct",
                          pick(rng, VIEW_THROUGH_SOURCES, (0.5, 0.5), len(gap_post))).astype(object)
    gap = order_visits(rng, gap_started, gap_source)
    gap_revenue = np.bincount(gap_post, weights=gap.revenue, minlength=n_posts)

    conversions = site_orders + hidden_orders + cross_device + view_through
    platform_revenue = np.round(click_revenue + gap_revenue, 2)

    shop = Visits.concat([from_posts, gap, base_visits(rng)])
    keep = np.concatenate([recorded, np.ones(len(shop.started) - len(recorded), dtype=bool)])
    shop = Visits(*(getattr(shop, f)[keep] for f in (
        "started", "source", "utm_campaign", "post", "landing", "pageviews", "converted", "revenue")))
    overlap = campaign_rng.uniform(*CAMPAIGN_REACH_OVERLAP, len(plans))
    return Funnel(posts, shop, conversions, platform_revenue, plans, overlap)


def post_rows(f: Funnel) -> list[list[object]]:
    """posts.csv: one row per post, conversions and revenue as the platform reports them."""
    p = f.posts
    return [
        [i + 1, p.platform[i], fmt_datetime(p.posted_at[i]), p.content[i], p.topic[i], fmt_bool(p.paid[i]),
         "" if p.campaign[i] < 0 else p.campaign[i] + 1, f"{p.spend[i]:.2f}", p.followers[i], p.impressions[i],
         p.reach[i], p.likes[i], p.comments[i], p.shares[i], p.clicks[i], f.conversions[i], f"{f.revenue[i]:.2f}"]
        for i in range(len(p.platform))
    ]


def campaign_rows(f: Funnel) -> list[list[object]]:
    """campaigns.csv: each campaign's spend and results are the sums of its posts (plus its non-post spend)."""
    p = f.posts
    rows: list[list[object]] = []
    for k, plan in enumerate(f.plans):
        m = p.campaign == k
        post_cents = int(np.round(p.spend[m] * 100).sum())
        other_cents = round(plan.other_spend * 100)
        reach = max(int(p.reach[m].max()), int(np.floor(p.reach[m].sum() * f.overlap[k])))
        revenue_cents = int(np.round(f.revenue[m] * 100).sum())
        rows.append([
            k + 1, plan.name, utm_slug(plan.name), plan.objective, plan.platform, plan.start,
            str(campaign_end(plan)), f"{plan.budget:.2f}", f"{(post_cents + other_cents) / 100:.2f}",
            f"{post_cents / 100:.2f}", f"{other_cents / 100:.2f}", int(m.sum()), int(p.impressions[m].sum()), reach,
            int(p.shares[m].sum()), int(p.clicks[m].sum()), int(f.conversions[m].sum()), f"{revenue_cents / 100:.2f}",
        ])
    return rows


def session_rows(f: Funnel) -> list[list[object]]:
    """web_sessions.csv: the visits the shop's web analytics recorded, in time order."""
    v = f.recorded
    order = np.lexsort((v.source.astype(str), v.started))
    return [
        [rank + 1, fmt_datetime(v.started[i]), v.source[i], channel_of(v.source[i]), v.utm_campaign[i],
         "" if v.post[i] < 0 else v.post[i] + 1, v.landing[i], v.pageviews[i], fmt_bool(v.converted[i]),
         f"{v.revenue[i]:.2f}"]
        for rank, i in enumerate(order)
    ]


# ---------------------------------------------------------------------------
# Real figures: social media users worldwide
# ---------------------------------------------------------------------------

#: The 2004 milestone comes from the course's source article (see seeds/syllabus.json,
#: concept ``stat-myspace-2004``); the world population of 2004 from the UN.
ARTICLE = "The course's source article on social media marketing"
UN_WPP = "UN World Population Prospects 2022"
UN_WPP_URL = "https://population.un.org/wpp/"

#: year -> (social media user identities, world population), millions, January of the year.
#: 2021 is 4,196: the Digital 2022 report puts January 2022 at 4.62 billion, "+424 million
#: (+10.1%)" on a year earlier, which is also the "4.20 billion" of the Digital 2021 report, rounded.
DATAREPORTAL = {
    2014: (1857, 7095), 2015: (2078, 7210), 2016: (2307, 7395), 2017: (2789, 7476), 2018: (3196, 7593),
    2019: (3484, 7676), 2020: (3800, 7750), 2021: (4196, 7830), 2022: (4620, 7910),
}


def make_social_media_users() -> list[list[object]]:
    """Global social media users by year (real, cited figures)."""
    rows: list[list[object]] = [[
        2004, 1, 6460, "single site (MySpace) milestone",
        f"{ARTICLE} (users); {UN_WPP} (population)", UN_WPP_URL,
    ]]
    for year, (users, population) in DATAREPORTAL.items():
        rows.append([
            year, users, population, "all platforms, January",
            f"DataReportal / Kepios, Digital {year} Global Overview Report",
            f"https://datareportal.com/reports/digital-{year}-global-overview-report",
        ])
    return rows


# ---------------------------------------------------------------------------
# Real figures: published engagement-rate benchmarks
# ---------------------------------------------------------------------------

#: The denominators a published engagement rate may use.
BENCHMARK_DENOMINATORS = ("followers", "reach", "impressions")
BENCHMARK_EVIDENCE = ("figure quoted by a summary of the report", "indicative")
RIVAL_IQ = "Rival IQ, 2023 Social Media Industry Benchmark Report"
RIVAL_IQ_URL = "https://www.rivaliq.com/blog/social-media-industry-benchmark-report/"
RIVAL_IQ_STAT = "median engagement rate per post by follower, all industries"
RIVAL_IQ_NOTE = ("engagements (likes, comments, shares, reactions; no clicks) per follower per post; median over "
                 "150 brands in each of 14 industries with 25,000-1,000,000 Facebook fans and at least 5,000 "
                 "followers elsewhere, organic and boosted posts; figures as quoted by the summary at "
                 "https://wishu.io/rival-iqs-social-media-report-top-highlights-we-read-it-so-you-dont-have-to/")
BUFFER = "Buffer, State of Social Media Engagement 2025"
BUFFER_URL = "https://buffer.com/resources/"
BUFFER_STAT = "median engagement rate per post by impressions, all accounts"
BUFFER_NOTE = ("interactions / impressions per post, over millions of posts published through Buffer (January "
               "2024 to January 2025); quoted by secondary summaries that do not all agree, so indicative only: "
               "check the report before quoting it")

#: (platform, denominator, statistic, value, source, report year, data period, url, evidence, note)
BENCHMARKS: tuple[tuple[str, str, str, float, str, int, str, str, str, str], ...] = (
    ("Facebook", "followers", RIVAL_IQ_STAT, 0.0006, RIVAL_IQ, 2023, "2022", RIVAL_IQ_URL,
     BENCHMARK_EVIDENCE[0], RIVAL_IQ_NOTE),
    ("Instagram", "followers", RIVAL_IQ_STAT, 0.0047, RIVAL_IQ, 2023, "2022", RIVAL_IQ_URL,
     BENCHMARK_EVIDENCE[0], RIVAL_IQ_NOTE),
    ("X", "followers", RIVAL_IQ_STAT, 0.00035, RIVAL_IQ, 2023, "2022", RIVAL_IQ_URL,
     BENCHMARK_EVIDENCE[0], RIVAL_IQ_NOTE + " (X was still Twitter)"),
    ("TikTok", "followers", RIVAL_IQ_STAT, 0.0569, RIVAL_IQ, 2023, "2022", RIVAL_IQ_URL,
     BENCHMARK_EVIDENCE[0], RIVAL_IQ_NOTE),
    ("Facebook", "impressions", BUFFER_STAT, 0.05, BUFFER, 2025, "2024-01 to 2025-01", BUFFER_URL,
     BENCHMARK_EVIDENCE[1], BUFFER_NOTE),
    ("Instagram", "impressions", BUFFER_STAT, 0.012, BUFFER, 2025, "2024-01 to 2025-01", BUFFER_URL,
     BENCHMARK_EVIDENCE[1], BUFFER_NOTE),
    ("X", "impressions", BUFFER_STAT, 0.023, BUFFER, 2025, "2024-01 to 2025-01", BUFFER_URL,
     BENCHMARK_EVIDENCE[1], BUFFER_NOTE),
    ("YouTube", "impressions", BUFFER_STAT, 0.044, BUFFER, 2025, "2024-01 to 2025-01", BUFFER_URL,
     BENCHMARK_EVIDENCE[1], BUFFER_NOTE),
    ("LinkedIn", "impressions", BUFFER_STAT, 0.065, BUFFER, 2025, "2024-01 to 2025-01", BUFFER_URL,
     BENCHMARK_EVIDENCE[1], BUFFER_NOTE),
    ("TikTok", "impressions", BUFFER_STAT, 0.049, BUFFER, 2025, "2024-01 to 2025-01", BUFFER_URL,
     BENCHMARK_EVIDENCE[1], BUFFER_NOTE),
)


def make_benchmarks() -> list[list[object]]:
    """Published engagement-rate benchmarks (real, cited figures)."""
    return [[platform, denominator, stat, f"{value:.5f}", source, year, period, url, evidence, note]
            for platform, denominator, stat, value, source, year, period, url, evidence, note in BENCHMARKS]


# ---------------------------------------------------------------------------
# The data dictionary
# ---------------------------------------------------------------------------

DICTIONARY_HEADER = ["file", "column", "type", "unit", "min", "max", "allowed", "meaning", "notebooks",
                     "synthetic", "source"]
GENERATOR_SOURCE = f"synthetic: scripts/generate_data.py (seed {SEED})"
FIRST_MOMENT = "2025-01-01 00:00:00"
LAST_MOMENT = "2025-12-31 23:59:59"


@dataclass(frozen=True)
class Col:
    """One documented column (the ``file``, ``synthetic`` and ``source`` come from its file)."""

    name: str
    type: str
    meaning: str
    notebooks: str
    unit: str = ""
    min: str = ""
    max: str = ""
    allowed: Sequence[str] = ()


def _count(name: str, meaning: str, notebooks: str, low: int = 0) -> Col:
    return Col(name, "int", meaning, notebooks, "count", str(low))


def _eur(name: str, meaning: str, notebooks: str, low: str = "0") -> Col:
    return Col(name, "float", meaning, notebooks, "EUR", low)


def _moment(name: str, meaning: str, notebooks: str) -> Col:
    return Col(name, "datetime", meaning, notebooks, "", FIRST_MOMENT, LAST_MOMENT)


SCHEMA: dict[str, list[Col]] = {
    "posts.csv": [
        Col("post_id", "int", "Post identifier, in order of posting time", "04 content;05 viral;08 metrics", "", "1"),
        Col("platform", "category", "Platform the post was published on",
            "03 plan;04 content;08 metrics;11 capstone;13 byod",
            allowed=PLATFORMS),
        _moment("posted_at", "Local date and time the post went live",
                "03 plan;04 content;10 crisis;11 capstone;13 byod"),
        Col("content_type", "category", "Format of the post", "04 content;05 viral;13 byod", allowed=CONTENT_TYPES),
        Col("topic", "category", "What the post is about", "04 content;05 viral", allowed=TOPICS),
        Col("paid", "bool", "True if money was spent to boost the post", "08 metrics;09 goals"),
        Col("campaign_id", "int", "campaign_id of the campaign the paid post belongs to; empty for organic posts "
            "and for posts boosted outside any campaign", "08 metrics;11 capstone", "", "1"),
        _eur("spend", "Money spent boosting the post (0 for organic posts)", "08 metrics;09 goals"),
        _count("followers", "Followers of the Brightleaf account on that platform when the post went live",
               "04 content;08 metrics;09 goals", 1),
        _count("impressions", "Times the post was shown (organic plus paid)",
               "04 content;05 viral;08 metrics;09 goals;13 byod", 1),
        _count("reach", "Distinct accounts the post was shown to", "08 metrics;13 byod", 1),
        _count("likes", "Likes or reactions", "04 content;08 metrics;13 byod"),
        _count("comments", "Comments", "04 content;08 metrics;10 crisis;13 byod"),
        _count("shares", "Shares, reposts or retweets", "04 content;05 viral;08 metrics;13 byod"),
        _count("clicks", "Link clicks to the web shop, as the platform reports them (each link carries UTM tags)",
               "08 metrics;09 goals;13 byod"),
        _count("conversions", "Orders the platform attributes to the post (platform-reported: includes orders the "
               "shop's analytics cannot link to it; see the funnel model)", "08 metrics;09 goals;10 crisis"),
        _eur("revenue", "Value of those platform-reported orders", "08 metrics;09 goals;10 crisis;11 capstone"),
    ],
    "audience.csv": [
        Col("person_id", "int", "Person identifier", "06 segmentation;07 crm", "", "1", str(N_PEOPLE)),
        Col("age", "int", "Age in years", "06 segmentation;11 capstone", "years", "18", "75"),
        Col("location", "category", "City the person lives in", "06 segmentation;11 capstone", allowed=LOCATIONS),
        Col("income_band", "category", "Annual gross income band (ordered, low to high)", "06 segmentation;11 capstone",
            "EUR per year", allowed=INCOME_BANDS),
        Col("job_title", "category", "Job title (Student and Retired included)", "06 segmentation", allowed=JOB_TITLES),
        Col("industry", "category", "Industry the person works, worked or studies in", "06 segmentation",
            allowed=INDUSTRIES),
        Col("interests", "list", "Interests, semicolon-separated (at least one)", "06 segmentation;11 capstone",
            allowed=INTERESTS),
        Col("platforms", "list", "Platforms the person uses, semicolon-separated (at least one)",
            "02 power;03 plan;06 segmentation", allowed=PLATFORMS),
        Col("follows_brand", "bool", "True if the person follows Brightleaf on at least one platform",
            "06 segmentation;07 crm"),
        _count("impressions", "Brightleaf impressions served to the person in 2025",
               "06 segmentation;07 crm;08 metrics", 1),
        _count("engagements", "Likes, comments and shares the person gave Brightleaf content",
               "06 segmentation;07 crm;08 metrics"),
        _count("clicks", "Clicks from Brightleaf content to the web shop", "06 segmentation;07 crm;08 metrics"),
        _count("purchases", "Orders placed in 2025", "06 segmentation;07 crm;08 metrics"),
        _eur("purchase_value", "Total value of those orders", "06 segmentation;07 crm;08 metrics"),
        Col("converted", "bool", "True if the person bought at least once (purchases > 0)",
            "06 segmentation;07 crm;08 metrics;11 capstone"),
        Col("referred_by", "int", "person_id of whoever referred this person; empty if nobody did",
            "05 viral;07 crm", "", "1", str(N_PEOPLE)),
        _count("referrals", "How many people this person referred (rows whose referred_by is this person)",
               "05 viral;07 crm"),
    ],
    "mentions.csv": [
        Col("date", "date", "Day of the mentions", "08 metrics;10 crisis;11 capstone", "", "2025-01-01", "2025-12-31"),
        Col("platform", "category", "Platform where the brand was mentioned", "08 metrics;10 crisis",
            allowed=PLATFORMS),
        Col("brand", "category", "Brand mentioned (Brightleaf or a competitor)", "08 metrics;10 crisis;11 capstone",
            allowed=BRANDS),
        _count("positive", "Mentions classified as positive", "08 metrics;10 crisis"),
        _count("neutral", "Mentions classified as neutral", "08 metrics;10 crisis"),
        _count("negative", "Mentions classified as negative", "08 metrics;10 crisis"),
    ],
    "inbox.csv": [
        Col("message_id", "int", "Message identifier, in order of arrival", "07 crm;10 crisis", "", "1"),
        Col("platform", "category", "Platform the message arrived on", "07 crm;10 crisis", allowed=PLATFORMS),
        _moment("received_at", "Local date and time the message arrived", "07 crm;10 crisis"),
        _moment("answered_at", "Local date and time of Brightleaf's first reply; empty if never answered",
                "07 crm;10 crisis"),
        Col("message_type", "category", "What the message is about", "07 crm;10 crisis", allowed=MESSAGE_TYPES),
    ],
    "web_sessions.csv": [
        Col("session_id", "int", "Visit identifier, in order of start time", "08 metrics", "", "1"),
        _moment("started_at", "Local date and time the visit started", "08 metrics;09 goals;10 crisis"),
        Col("source", "category", "Where the visitor came from (UTM source and medium)", "08 metrics;09 goals",
            allowed=SOURCES),
        Col("channel", "category", "Channel group of the source", "08 metrics;09 goals;11 capstone", allowed=CHANNELS),
        Col("utm_campaign", "str", "utm_campaign tag of the link that started the visit (a campaign's utm_campaign, "
            f"{UTM_ORGANIC}, {UTM_BOOST} or {UTM_EMAIL}); empty for search and direct visits", "08 metrics"),
        Col("post_id", "int", "post_id of the post whose link started the visit (its utm_content tag, post-<id>); "
            "empty for visits that no post's link started", "08 metrics", "", "1"),
        Col("landing_page", "category", "First page of the visit", "08 metrics", allowed=LANDING_PAGES),
        _count("pageviews", "Pages viewed in the visit", "08 metrics", 1),
        Col("converted", "bool", "True if the visit ended with an order", "08 metrics;09 goals;10 crisis;11 capstone"),
        _eur("revenue", "Value of the order (0 if no order)", "08 metrics;09 goals;10 crisis;11 capstone"),
    ],
    "campaigns.csv": [
        Col("campaign_id", "int", "Campaign identifier, in order of start date", "03 plan;08 metrics;09 goals",
            "", "1"),
        Col("name", "str", "Campaign name", "03 plan;08 metrics;09 goals;11 capstone"),
        Col("utm_campaign", "str", "utm_campaign tag on the links of the campaign's posts (see web_sessions.csv)",
            "08 metrics"),
        Col("objective", "category", "What the campaign was optimised for", "03 plan;09 goals", allowed=OBJECTIVES),
        Col("platform", "category", "Platform the ads ran on", "03 plan;08 metrics", allowed=PLATFORMS),
        Col("start_date", "date", "First day of the campaign", "03 plan;09 goals", "", "2025-01-01", "2025-12-31"),
        Col("end_date", "date", "Last day the campaign ran (earlier than planned if it was paused)", "03 plan;09 goals",
            "", "2025-01-01", "2025-12-31"),
        _eur("budget", "Planned budget", "03 plan;08 metrics;09 goals", "0.01"),
        _eur("spend", "Money actually spent (at most 5% over budget): post_spend + other_spend",
             "08 metrics;09 goals;11 capstone", "0.01"),
        _eur("post_spend", "Money spent boosting the campaign's posts (the sum of their spend in posts.csv)",
             "08 metrics", "0.01"),
        _eur("other_spend", "Money spent on no post: creative production and creator fees", "08 metrics"),
        _count("posts", "Paid posts in the campaign (rows of posts.csv with its campaign_id)", "08 metrics", 1),
        _count("impressions", "Impressions of the campaign's posts (organic plus paid), summed",
               "08 metrics;09 goals", 1),
        _count("reach", "Distinct accounts reached by the campaign's posts (people who saw several count once)",
               "08 metrics;09 goals", 1),
        _count("shares", "Shares of the campaign's posts, summed", "08 metrics"),
        _count("clicks", "Link clicks to the web shop from the campaign's posts, summed", "08 metrics;09 goals"),
        _count("conversions", "Orders the platform attributes to the campaign's posts, summed (platform-reported)",
               "08 metrics;09 goals;11 capstone"),
        _eur("attributed_revenue", "Value of those platform-reported orders, summed",
             "08 metrics;09 goals;11 capstone"),
    ],
    "social_media_users.csv": [
        Col("year", "int", "Year of the figure", "01 growth;02 power", "", "2004", "2022"),
        Col("users_millions", "int", "Social media users (user identities) worldwide", "01 growth;02 power",
            "millions", "1"),
        Col("world_population_millions", "int", "World population in the same period", "01 growth;02 power",
            "millions", "1"),
        Col("measure", "str", "What the user figure counts", "01 growth"),
        Col("source", "str", "Who published the figures", "01 growth;02 power"),
        Col("source_url", "str", "Where to check them", "01 growth;02 power"),
    ],
    "benchmarks.csv": [
        Col("platform", "category", "Platform the benchmark is for", "08 metrics;04 content", allowed=PLATFORMS),
        Col("denominator", "category", "What the published engagement rate divides by", "08 metrics;04 content",
            allowed=BENCHMARK_DENOMINATORS),
        Col("statistic", "str", "What the figure is (median or mean, per post or per account, which accounts)",
            "08 metrics"),
        Col("engagement_rate", "float", "The published engagement rate, as a fraction (0.0047 = 0.47%)",
            "08 metrics;04 content", "fraction", "0", "1"),
        Col("source", "str", "The report that published the figure", "08 metrics;04 content"),
        Col("report_year", "int", "Year the report was published", "08 metrics", "", "2015", "2030"),
        Col("data_period", "str", "Period the report's data cover", "08 metrics"),
        Col("source_url", "str", "Where to find the report", "08 metrics"),
        Col("evidence", "category", "How firm the figure is: quoted by a summary of the report, or indicative only",
            "08 metrics", allowed=BENCHMARK_EVIDENCE),
        Col("note", "str", "The report's definition and sample, and any caveat", "08 metrics"),
    ],
}

#: Files of real, cited figures (everything else is synthetic).
REAL_FILES = ("social_media_users.csv", "benchmarks.csv")
BENCHMARK_SOURCE = f"{RIVAL_IQ} ({RIVAL_IQ_URL}); {BUFFER}, indicative"

REAL_SOURCE = ("DataReportal / Kepios, Digital 2014-2022 Global Overview Reports; 2004 row: the course's source "
               "article (users) and UN World Population Prospects 2022 (population)")


def make_dictionary() -> list[list[object]]:
    """One row per column of every data file."""
    rows = []
    for file, cols in SCHEMA.items():
        real = file in REAL_FILES
        source = {"social_media_users.csv": REAL_SOURCE, "benchmarks.csv": BENCHMARK_SOURCE}.get(file,
                                                                                              GENERATOR_SOURCE)
        for c in cols:
            rows.append([
                file, c.name, c.type, c.unit, c.min, c.max, ";".join(c.allowed), c.meaning, c.notebooks,
                "no" if real else "yes", source,
            ])
    return rows


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def fmt_datetime(value: np.datetime64) -> str:
    """``2025-03-04 12:30:00``."""
    return str(value.astype("datetime64[s]")).replace("T", " ")


def fmt_bool(value: bool | np.bool_) -> str:
    """``True`` / ``False``."""
    return "True" if value else "False"


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Write rows with ``\\n`` line endings and minimal quoting (UTF-8)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def generate(out: Path) -> dict[str, int]:
    """Write every data file into ``out``; return the row count per file."""
    out.mkdir(parents=True, exist_ok=True)
    streams = np.random.default_rng(SEED).spawn(7)
    followers = followers_by_day(streams[0])
    funnel = simulate_funnel(streams[6], streams[4], streams[5], followers)
    tables = {
        "posts.csv": post_rows(funnel),
        "audience.csv": make_audience(streams[1]),
        "mentions.csv": make_mentions(streams[2]),
        "inbox.csv": make_inbox(streams[3]),
        "web_sessions.csv": session_rows(funnel),
        "campaigns.csv": campaign_rows(funnel),
        "social_media_users.csv": make_social_media_users(),
        "benchmarks.csv": make_benchmarks(),
    }
    for file, rows in tables.items():
        write_csv(out / file, [c.name for c in SCHEMA[file]], rows)
    write_csv(out / "dictionary.csv", DICTIONARY_HEADER, make_dictionary())
    return {file: len(rows) for file, rows in tables.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="folder to write into (default: data/)")
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    counts = generate(args.out)
    if not args.quiet:
        for file, n in counts.items():
            print(f"{file:<24} {n:>6} rows")
        print(f"wrote {len(counts) + 1} files to {args.out} in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
