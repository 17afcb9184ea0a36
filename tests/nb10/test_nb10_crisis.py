"""Tests of utils.nb10.crisis: audiences, spike detection, the sales dip, the false-claim simulation, the human touch.

Detection and the sales dip are checked on small hand-made series (exact
values) and on the course data (the planted crisis week, 8-14 September 2025).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from utils.nb10 import crisis
from utils.shared.data import load_posts


def _series(values, start="2025-01-01"):
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="D"), dtype=float)


# --------------------------------------------------------------------------- #
# Audiences
# --------------------------------------------------------------------------- #
def test_audiences_of_the_source_article():
    table = crisis.audiences_table()
    text = " ".join(table.index).lower() + " " + " ".join(table["who"]).lower()
    for audience in ("current customers", "prospective customers", "employees", "bloggers", "media",
                     "general public", "third-party reviewers", "trade groups"):
        assert audience in text, audience


# --------------------------------------------------------------------------- #
# Daily counts and detection
# --------------------------------------------------------------------------- #
def test_daily_mentions_match_pandas(mentions):
    daily = crisis.daily_mentions(mentions, "Brightleaf")
    b = mentions[mentions["brand"] == "Brightleaf"]
    want = b.groupby("date")["negative"].sum()
    assert daily["negative"].to_numpy() == pytest.approx(want.to_numpy())
    assert (daily["total"] == daily[["positive", "neutral", "negative"]].sum(axis=1)).all()
    assert len(daily) == 365
    with pytest.raises(ValueError, match="brand"):
        crisis.daily_mentions(mentions, "Acme")


def test_detect_spikes_hand_worked():
    values = [10.0] * 10 + [50.0, 10.0]
    table = crisis.detect_spikes(_series(values), window=10, threshold=2.0, method="ratio")
    assert len(table) == 2  # the first `window` days have no baseline
    spike = table.iloc[0]
    assert spike["baseline"] == 10.0          # the day itself is not in its baseline
    assert spike["ratio"] == 5.0
    assert spike["spread"] == 1.0             # a constant baseline has spread 0, floored at 1
    assert spike["z"] == 40.0
    assert bool(spike["alert"]) is True
    after = table.iloc[1]
    assert after["baseline"] == pytest.approx(14.0)  # the spike is now in the window
    assert bool(after["alert"]) is False
    assert crisis.first_alert(table) == pd.Timestamp("2025-01-11")


def test_detect_spikes_zscore_and_no_alert():
    rng = np.random.default_rng(1)
    quiet = _series(rng.poisson(20, 60))
    table = crisis.detect_spikes(quiet, window=14, threshold=6.0, method="zscore")
    assert not table["alert"].any()
    assert crisis.first_alert(table) is None
    assert table["z"].to_numpy() == pytest.approx(((table["count"] - table["baseline"]) / table["spread"]).to_numpy())


@pytest.mark.parametrize("kwargs, error, word", [
    ({"window": 1}, ValueError, "window"),
    ({"window": 60}, ValueError, "window is 60"),
    ({"threshold": 0}, ValueError, "threshold"),
    ({"method": "median"}, ValueError, "method"),
    ({"min_spread": 0}, ValueError, "min_spread"),
])
def test_detect_spikes_bad_parameters(kwargs, error, word):
    with pytest.raises(error, match=word):
        crisis.detect_spikes(_series([5.0] * 40), **kwargs)


def test_detect_spikes_bad_counts():
    with pytest.raises(TypeError, match="counts"):
        crisis.detect_spikes([1, 2, 3])
    with pytest.raises(TypeError, match="DatetimeIndex"):
        crisis.detect_spikes(pd.Series([1.0] * 40))
    with pytest.raises(ValueError, match="counts"):
        crisis.detect_spikes(_series([5.0] * 39 + [-1.0]))
    with pytest.raises(TypeError, match="detect_spikes"):
        crisis.first_alert(pd.DataFrame({"x": [1]}))


def test_the_planted_crisis_is_detected(mentions, inbox):
    negative = crisis.daily_mentions(mentions)["negative"]
    ratio = crisis.detect_spikes(negative, window=28, threshold=2.0, method="ratio")
    assert crisis.first_alert(ratio) == crisis.CRISIS_START
    flagged = ratio.index[ratio["alert"]]
    assert flagged.min() >= crisis.CRISIS_START and flagged.max() <= crisis.CRISIS_END
    zscore = crisis.detect_spikes(negative, window=28, threshold=3.0, method="zscore")
    assert crisis.CRISIS_START in zscore.index[zscore["alert"]]
    messages = crisis.detect_spikes(crisis.inbox_daily(inbox)["messages"])
    assert crisis.first_alert(messages) == crisis.CRISIS_START


def test_inbox_daily_counts(inbox):
    daily = crisis.inbox_daily(inbox)
    assert daily["messages"].sum() == len(inbox)
    assert daily["complaints"].sum() == (inbox["message_type"] == "complaint").sum()
    assert daily["answered"].sum() == inbox["answered_at"].notna().sum()
    assert daily.loc[crisis.CRISIS_START, "messages"] == (inbox["received_at"].dt.normalize() == crisis.CRISIS_START).sum()
    with pytest.raises(ValueError, match="inbox has no rows"):
        crisis.inbox_daily(inbox.iloc[:0])


# --------------------------------------------------------------------------- #
# Sales dip
# --------------------------------------------------------------------------- #
def _toy_sales():
    days = pd.date_range("2025-01-01", "2025-03-31", freq="D")
    value = np.where(days < "2025-02-03", 10.0, np.where(days < "2025-02-10", 0.0, 6.0))
    return pd.DataFrame({"at": days + pd.Timedelta(hours=12), "amount": value})


def test_sales_dip_hand_worked():
    dip = crisis.sales_dip(_toy_sales(), "at", "amount", event_start="2025-02-03", event_days=7, weeks=2)
    assert dip["before_weekly"] == 70.0
    assert dip["after_weekly"] == 42.0
    assert dip["change"] == pytest.approx(42 / 70 - 1)
    assert dip["before_from"] == pd.Timestamp("2025-01-20") and dip["before_to"] == pd.Timestamp("2025-02-02")
    assert dip["after_from"] == pd.Timestamp("2025-02-10") and dip["after_to"] == pd.Timestamp("2025-02-23")
    with_event = crisis.sales_dip(_toy_sales(), "at", "amount", event_start="2025-02-03", event_days=0, weeks=2)
    assert with_event["after_weekly"] == 21.0  # the zero week counted as "after"


def test_sales_dip_bad_input():
    with pytest.raises(ValueError, match="use fewer weeks"):
        crisis.sales_dip(_toy_sales(), "at", "amount", event_start="2025-02-03", weeks=8)
    with pytest.raises(ValueError, match="weeks"):
        crisis.sales_dip(_toy_sales(), "at", "amount", weeks=0)
    with pytest.raises(ValueError, match="price"):
        crisis.sales_dip(_toy_sales(), "at", "price")
    zero = _toy_sales().assign(amount=0.0)
    with pytest.raises(ValueError, match="per week before"):
        crisis.sales_dip(zero, "at", "amount", event_start="2025-02-03", weeks=2)


def test_the_planted_sales_dip(web):
    posts = load_posts()
    revenue = crisis.sales_dip(web, "started_at", "revenue")
    before = web[(web["started_at"] >= "2025-08-11") & (web["started_at"] < "2025-09-08")]["revenue"].sum()
    after = web[(web["started_at"] >= "2025-09-15") & (web["started_at"] < "2025-10-13")]["revenue"].sum()
    assert revenue["change"] == pytest.approx(after / before - 1)
    assert revenue["change"] < -0.1
    table = crisis.sales_dip_table(web, posts)
    assert table.loc["web revenue per week (EUR)", "change"] == pytest.approx(revenue["change"])
    assert (table["change"] < 0).all()
    orders_before = web[(web["started_at"] >= "2025-08-11") & (web["started_at"] < "2025-09-08")]["converted"]
    assert table.loc["web conversion rate (orders / sessions)", "before"] == pytest.approx(orders_before.mean())


def test_weekly_totals_and_quarter(web):
    weekly = crisis.weekly_totals(web, "started_at", ["revenue", "converted"])
    assert weekly["revenue"].sum() == pytest.approx(web["revenue"].sum())
    assert weekly["rows"].sum() == len(web)
    assert (weekly.index.day_of_week == 0).all()
    q = crisis.quarterly_revenue(web)
    start = crisis.CRISIS_START - pd.Timedelta(weeks=13)
    assert q == pytest.approx(web[(web["started_at"] >= start) & (web["started_at"] < crisis.CRISIS_START)]["revenue"].sum())
    with pytest.raises(ValueError, match="after the quarter"):
        crisis.quarterly_revenue(web, end="2025-02-01")


# --------------------------------------------------------------------------- #
# The false-claim simulation
# --------------------------------------------------------------------------- #
def test_simulation_is_seeded():
    a = crisis.simulate_false_claim(24, 0.6)
    b = crisis.simulate_false_claim(24, 0.6)
    c = crisis.simulate_false_claim(24, 0.6, seed=7)
    assert np.array_equal(a.believing, b.believing)
    assert not np.array_equal(a.believing, c.believing)


def test_simulation_draws_are_pinned():
    """The seeded runs the notebook and panel show, to the person: a change to the draws
    (their order, or the probabilities fed to them) changes these numbers."""
    r = crisis.simulate_false_claim(24, 0.6)
    assert r.summary() == {
        "response_hours": 24.0, "response_rate": 0.6, "population": 50_000, "peak_believers": 11_969,
        "peak_hour": 89, "total_exposed": 19_804, "believers_end": 4_813,
        "sales_loss_share": pytest.approx(0.108094), "sales_loss_eur": pytest.approx(1_080.94)}
    assert (int(r.believing.sum()), int(r.corrected[-1]), int(r.informed[-1])) == (2_659_265, 5_202, 24_701)
    fast = crisis.simulate_false_claim(4, 0.9)
    assert (fast.peak_believers, fast.total_exposed, fast.believers_end, int(fast.informed[-1])) == (158, 319, 18, 44_710)
    # plain Python numbers (a report or a JSON file can take them as they are)
    assert {type(v) for v in r.summary().values()} <= {int, float}
    assert all(a.dtype == np.int64 for a in (r.unaware, r.spreading, r.believing, r.corrected, r.informed))


def test_simulation_bookkeeping():
    r = crisis.simulate_false_claim(12, 0.5, population=20_000)
    assert len(r.hours) == 14 * 24 + 1
    assert r.hours[0] == 0 and r.believing[0] == r.assumptions["first_believers"]
    assert (r.unaware + r.believing + r.corrected + r.informed <= r.population).all()
    assert (np.diff(r.corrected) >= 0).all() and (np.diff(r.informed) >= 0).all()
    assert (np.diff(r.unaware) <= 0).all()
    assert r.corrected[:13].sum() == 0 and r.informed[:13].sum() == 0  # nothing before the response
    assert r.informed[13] > 0  # the correction acts from hour 12 on
    assert r.peak_believers == r.believing.max() == r.believing[r.peak_hour]
    assert r.total_exposed >= r.peak_believers
    assert r.total_exposed == r.population - r.unaware[-1] - r.informed[-1]
    expected = (0.5 * r.believers_end + 0.2 * (r.total_exposed - r.believers_end)) / r.population
    assert r.sales_loss_share == pytest.approx(expected)
    assert r.sales_loss_eur == pytest.approx(expected * 10_000)


def test_no_response_means_no_correction():
    r = crisis.simulate_false_claim(0, 0.0)
    assert r.corrected[-1] == 0 and r.informed[-1] == 0
    assert r.total_exposed > 0.8 * r.population


def test_faster_and_wider_responses_help():
    slow = crisis.simulate_false_claim(72, 0.6)
    fast = crisis.simulate_false_claim(4, 0.6)
    assert fast.total_exposed < slow.total_exposed / 2
    assert fast.sales_loss_eur < slow.sales_loss_eur
    narrow = crisis.simulate_false_claim(24, 0.2)
    wide = crisis.simulate_false_claim(24, 0.9)
    assert wide.believers_end < narrow.believers_end / 3
    assert wide.peak_believers < narrow.peak_believers


@pytest.mark.parametrize("kwargs, word", [
    ({"response_rate": 1.5}, "response_rate"),
    ({"response_rate": -0.1}, "response_rate"),
    ({"response_hours": -1}, "response_hours"),
    ({"population": 10}, "population"),
    ({"first_believers": 0}, "first_believers"),
    ({"days": 0}, "days"),
    ({"purchase_drop": 2}, "purchase_drop"),
])
def test_simulation_bad_input(kwargs, word):
    with pytest.raises(ValueError, match=word):
        crisis.simulate_false_claim(**kwargs)


def test_simulation_rejects_text():
    with pytest.raises(TypeError, match="response_hours"):
        crisis.simulate_false_claim("soon", 0.5)


def test_claim_rows_are_finite_text():
    rows = dict(crisis.claim_rows(crisis.simulate_false_claim(24, 0.6)))
    assert rows["Correction starts after"] == "24 hours"
    assert rows["Correction reaches"] == "60% of people"
    assert all("nan" not in v.lower() and "inf" not in v.lower() for v in rows.values())


# --------------------------------------------------------------------------- #
# The human touch
# --------------------------------------------------------------------------- #
def test_needs_person(inbox):
    person = crisis.needs_person(inbox)
    in_crisis = (inbox["received_at"] >= crisis.CRISIS_START) & (inbox["received_at"] < "2025-09-15")
    assert person[in_crisis].all()
    outside = inbox[~in_crisis]
    assert person[~in_crisis].equals(outside["message_type"].isin(["complaint", "order_issue"]).rename("needs_person"))
    with pytest.raises(ValueError, match="crisis_end"):
        crisis.needs_person(inbox, "2025-09-14", "2025-09-01")


def test_human_touch_table(inbox):
    table = crisis.human_touch_table(inbox)
    assert table["messages"].sum() == len(inbox)
    assert table["share"].sum() == pytest.approx(1.0)
    assert table["crisis_share"].sum() == pytest.approx(1.0)
    complaints = inbox[inbox["message_type"] == "complaint"]
    assert table.loc["complaint", "response_rate"] == pytest.approx(complaints["answered_at"].notna().mean())
    assert table.loc["complaint", "crisis_share"] > 2 * table.loc["complaint", "share"]
    assert table["needs_person"].to_dict() == {"complaint": True, "order_issue": True, "question": False,
                                               "praise": False}


# --------------------------------------------------------------------------- #
# The human touch: social media is one contact point among several
# --------------------------------------------------------------------------- #
def tiny_sessions() -> pd.DataFrame:
    rows = [  # (channel, converted, revenue)
        ("social_organic", False, 0.0), ("social_organic", False, 0.0), ("social_organic", True, 20.0),
        ("social_paid", True, 30.0), ("email", True, 40.0), ("email", True, 60.0), ("direct", False, 0.0),
    ]
    frame = pd.DataFrame(rows, columns=["channel", "converted", "revenue"])
    return frame.assign(session_id=range(1, len(frame) + 1), started_at=pd.Timestamp("2025-03-01"),
                        source=frame["channel"], landing_page="/", pageviews=1)


def test_contact_mix_hand_worked():
    mix = crisis.contact_mix(tiny_sessions())
    assert list(mix.index) == ["email", "social_paid", "social_organic", "direct"]  # by revenue
    assert mix.loc["email", "share_of_orders"] == pytest.approx(2 / 4)
    assert mix.loc["email", "share_of_revenue"] == pytest.approx(100 / 150)
    assert mix["social"].tolist() == [False, True, True, False]
    share = crisis.social_share(tiny_sessions())
    assert share == pytest.approx({"sessions": 4 / 7, "orders": 2 / 4, "revenue": 50 / 150})


def test_social_media_is_one_contact_point_in_the_course_data(web):
    share = crisis.social_share(web)
    mix = crisis.contact_mix(web)
    assert 0 < share["orders"] < 0.5  # most orders come through other channels
    assert share["sessions"] > share["orders"]  # social brings visits that buy less often
    assert mix["share_of_revenue"].sum() == pytest.approx(1.0)
    assert (~mix["social"]).sum() >= 2


def test_contact_mix_bad_input():
    with pytest.raises(ValueError, match="web_sessions"):
        crisis.contact_mix(tiny_sessions().drop(columns="channel"))
    with pytest.raises(ValueError, match="empty"):
        crisis.contact_mix(tiny_sessions().iloc[:0])


def test_conversion_dip_test_recomputes_the_windows_by_hand():
    from utils.shared.data import load_web_sessions

    web = load_web_sessions()
    out = crisis.conversion_dip_test(web, weeks=4)
    start = pd.Timestamp("2025-09-08")
    before = web[(web["started_at"] >= start - pd.Timedelta(days=28)) & (web["started_at"] < start)]
    after_from = start + pd.Timedelta(days=7)
    after = web[(web["started_at"] >= after_from) & (web["started_at"] < after_from + pd.Timedelta(days=28))]
    assert out["before"] == pytest.approx(before["converted"].mean())
    assert out["after"] == pytest.approx(after["converted"].mean())
    assert out["low"] < out["difference"] < out["high"] < 0 and not out["within_noise"]
    assert out["p_value"] < 0.001 and "unlikely to be noise" in out["verdict"]
