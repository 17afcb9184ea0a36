"""Exercise checks of notebook 12 (review: key takeaways, quiz and glossary)."""

from __future__ import annotations

from utils.nb12 import review
from utils.shared.feedback import Feedback, choice_feedback, number_feedback
from utils.shared.config import BRAND
from utils.shared.data import load_campaigns, load_mentions
from utils.shared.config import GROSS_MARGIN
from utils.shared.metrics import roi, share_of_voice


def _codes(answer):
    """Edition names ("Finnish") and stray spaces read as their codes ("fi"); anything else unchanged."""
    names = {name.lower(): code for code, name in review.LANGUAGES.items()}
    if isinstance(answer, str):
        answer = [answer]
    return [names.get(a.strip().lower(), a.strip()) if isinstance(a, str) else a for a in answer]


def check_1(answer) -> Feedback:
    """Which editions render 'social equity' as a translation slip (fairness, equality, justice)?"""
    what = "Editions with a slip for 'social equity'"
    if answer is not None and not isinstance(answer, (str, list, tuple, set)):
        return Feedback("wrong", f"{what}: expected a list of edition codes such as [\"fi\"], "
                                 f"got {type(answer).__name__} {answer!r}.")
    if answer is not None:
        answer = _codes(answer)
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
    feedback = choice_feedback(answer, expected, what=what, options=list(review.LANGUAGES), mistakes=mistakes)
    if feedback.status != "wrong" or not all(isinstance(a, str) and a.lower() in review.LANGUAGES for a in answer):
        return feedback
    left_out = [code for code in expected if code not in {a.lower() for a in answer}]
    if not left_out:
        return feedback
    code = left_out[0]
    more = f" ({len(left_out) - 1} more missing)" if len(left_out) > 1 else ""
    return Feedback("mistake", f"{what}: not yet: you left out {code!r}: the {review.LANGUAGES[code]} word "
                               f"({row['editions'][code]}) is a slip: "
                               f"{review.note_for(row['notes'], code).removeprefix(f'{code}: ')}{more}")


def check_2(answer) -> Feedback:
    """Pooled ROI on gross profit of all of Brightleaf's 2025 campaigns, as a fraction."""
    c = load_campaigns()
    revenue, spend, budget = c["attributed_revenue"].sum(), c["spend"].sum(), c["budget"].sum()
    per_campaign = roi(c["attributed_revenue"], c["spend"], gross_margin=GROSS_MARGIN)
    return number_feedback(
        answer,
        roi(revenue, spend, gross_margin=GROSS_MARGIN),
        what="Pooled ROI on gross profit of the 2025 campaigns",
        mistakes={
            "that is the mean of the campaigns' ROIs; a group's ROI is pooled: total revenue and total spend "
            "first, then one ROI": float(per_campaign.mean()),
            "you used the planned budget; ROI divides by what was actually spent (spend)":
                roi(revenue, budget, gross_margin=GROSS_MARGIN),
            "revenue / spend is return on ad spend (ROAS): sales per euro, not profit; ROI takes the gross "
            "profit (revenue x GROSS_MARGIN) and takes the spend off": revenue / spend,
            "you treated all revenue as profit; multiply it by the gross margin first":
                roi(revenue, spend, gross_margin=1.0),
            "that is the gross profit minus the spend in EUR; ROI divides it by the spend to give a rate":
                revenue * GROSS_MARGIN - spend,
        },
        as_fraction=True,
        hint="sum attributed_revenue and spend over all campaigns, then roi(revenue, spend, gross_margin=GROSS_MARGIN)",
    )


def check_3(answer) -> Feedback:
    """Brightleaf's share of voice in 2025 over all platforms and sentiments, as a fraction."""
    m = load_mentions()
    total = m["positive"] + m["neutral"] + m["negative"]
    is_brand = m["brand"].astype(str) == BRAND
    brand, everyone = float(total[is_brand].sum()), float(total.sum())
    positive = float(m.loc[is_brand, "positive"].sum())
    return number_feedback(
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
        rel=3e-3,  # accepts the share as notebook 08 prints it (a percentage to three figures)
        hint="add positive + neutral + negative, sum Brightleaf's rows and all rows, then divide",
    )
