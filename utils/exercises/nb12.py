"""Exercise checks of notebook 12 (review: key takeaways, quiz and glossary)."""

from __future__ import annotations

from utils import review
from utils.checks import Feedback, check_choice, check_number
from utils.config import BRAND
from utils.data import load_campaigns, load_mentions
from utils.metrics import roi, share_of_voice


def check_1(answer) -> Feedback:
    """Which editions render 'social equity' as a translation slip (fairness, equality, justice)?"""
    glossary = review.load_glossary()
    expected = review.slip_editions("social equity", glossary)
    row = review.lookup("social equity", glossary=glossary)
    mistakes = {}
    for code in review.LANGUAGES:
        if code in expected:
            continue
        if row["editions"][code]:
            why = review.note_for(row["notes"], code).removeprefix(f"{code}: ")
            mistakes[code] = f"the {review.LANGUAGES[code]} word ({row['editions'][code]}) is no slip: {why}"
        else:
            mistakes[code] = f"the {review.LANGUAGES[code]} edition does not mention social equity at all"
    return check_choice(
        answer,
        expected,
        what="Editions with a slip for 'social equity'",
        options=list(review.LANGUAGES),
        mistakes=mistakes,
    )


def check_2(answer) -> Feedback:
    """Pooled ROI of all of Brightleaf's 2025 campaigns, as a fraction."""
    c = load_campaigns()
    revenue, spend, budget = c["attributed_revenue"].sum(), c["spend"].sum(), c["budget"].sum()
    per_campaign = roi(c["attributed_revenue"], c["spend"])
    return check_number(
        answer,
        roi(revenue, spend),
        what="Pooled ROI of the 2025 campaigns",
        mistakes={
            "that is the mean of the campaigns' ROIs; a group's ROI is pooled: total revenue and total spend "
            "first, then one ROI": float(per_campaign.mean()),
            "you used the planned budget; ROI divides by what was actually spent (spend)": roi(revenue, budget),
            "revenue / spend is return on ad spend (ROAS); ROI first takes the cost off": revenue / spend,
        },
        as_fraction=True,
        hint="sum attributed_revenue and spend over all campaigns, then (revenue - spend) / spend",
    )


def check_3(answer) -> Feedback:
    """Brightleaf's share of voice in 2025 over all platforms and sentiments, as a fraction."""
    m = load_mentions()
    total = m["positive"] + m["neutral"] + m["negative"]
    is_brand = m["brand"].astype(str) == BRAND
    brand, everyone = float(total[is_brand].sum()), float(total.sum())
    positive = float(m.loc[is_brand, "positive"].sum())
    return check_number(
        answer,
        share_of_voice(brand, everyone),
        what="Brightleaf's share of voice in 2025",
        mistakes={
            "you divided by the competitors' mentions only; the total includes Brightleaf's own":
                brand / (everyone - brand),
            "you counted only positive mentions; share of voice counts every mention (positive, neutral and "
            "negative)": positive / float(m["positive"].sum()),
            "that is the mean of the daily shares; pool the counts first, then divide once":
                float((total[is_brand].groupby(m.loc[is_brand, "date"]).sum()
                       / total.groupby(m["date"]).sum()).mean()),
        },
        as_fraction=True,
        hint="add positive + neutral + negative, sum Brightleaf's rows and all rows, then divide",
    )
