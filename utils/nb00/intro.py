"""The warm-up of the start notebook: one rate computed from two counts."""

from __future__ import annotations

from utils.shared.metrics import ctr
from utils.shared.plotting import num, pct


def try_it(clicks: int, impressions: int) -> dict:
    """Click-through rate for the start notebook's first slider.

    CTR = clicks / impressions (a fraction of the times the post was shown).
    """
    rate = ctr(clicks, impressions)
    return {"clicks": clicks, "impressions": impressions, "ctr": rate, "per_thousand": rate * 1000}


def try_it_rows(result: dict) -> list[tuple[str, str]]:
    return [
        ("Clicks", num(result["clicks"])),
        ("Impressions (times shown)", num(result["impressions"])),
        ("Click-through rate", pct(result["ctr"], 2)),
        ("Clicks per 1,000 impressions", num(result["per_thousand"], 1)),
    ]
