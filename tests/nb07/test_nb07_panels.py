"""Notebook 07: the customer-value panel (driven headlessly) and the exercise checks."""

from __future__ import annotations

import ast

import numpy as np
import pandas as pd
import pytest

from conftest import NOTEBOOKS
import course
from utils.nb07 import crm
from utils.shared.data import load_audience
from utils.nb07 import exercises as ex
from utils.nb07 import panels as nb07


@pytest.fixture(scope="module")
def audience() -> pd.DataFrame:
    return load_audience()


@pytest.fixture(scope="module")
def by_hand(audience) -> pd.DataFrame:
    """Weight 1, one level, computed with plain pandas."""
    a = audience.set_index("person_id")
    ref = a["referred_by"].dropna().astype(int)
    referred = a.loc[ref.index, "purchase_value"].groupby(ref.to_numpy()).sum().reindex(a.index, fill_value=0.0)
    out = pd.DataFrame({"direct": a["purchase_value"], "referred": referred, "referrals": a["referrals"]})
    out["total"] = out["direct"] + out["referred"]
    out["gain"] = (out["direct"].rank(method="min", ascending=False)
                   - out["total"].rank(method="min", ascending=False)).astype(int)
    return out


def expected_rows(audience, values):
    return crm.explore_rows(crm.explore(audience, **values))


# --------------------------------------------------------------------------- #
# The panel
# --------------------------------------------------------------------------- #
def test_default_panel_matches_the_pure_function(audience, by_hand):
    panel = nb07.value_ranking()
    assert panel.message is None
    assert panel.rows == expected_rows(audience, panel.values())
    best = by_hand.sort_values("total", ascending=False).index[0]
    assert panel.rows[3][0] == f"#1 person {best}"
    assert len(panel.rows) == 3 + nb07.DEFAULTS["top_n"]


def test_demo_steps(audience):
    spec = nb07.DEMOS["value-ranking"]
    panel = getattr(nb07, spec["factory"])()
    first = list(panel.rows)
    changed = False
    for step in spec["steps"]:
        panel.set(**step)
        assert panel.message is None
        assert panel.rows == expected_rows(audience, panel.values())
        changed |= panel.rows != first
    assert changed, "no DEMOS step changes a number shown"


def test_weight_zero_is_the_purchase_ranking(audience):
    panel = nb07.value_ranking()
    panel.set(referral_weight=0.0)
    top = audience.sort_values(["purchase_value", "person_id"], ascending=[False, True]).head(10)
    assert [label for label, _ in panel.rows[3:]] == [f"#{i} person {pid}" for i, pid in enumerate(top["person_id"], 1)]
    assert panel.rows[2][1] == "0 of 10"


def test_chart_is_updated_in_place():
    panel = nb07.value_ranking()
    own = panel._draw_state["own"]
    panel.set(top_n=5)
    assert panel._draw_state["own"] is own
    assert sum(bar.get_visible() for bar in own) == 5
    widths = [bar.get_width() for bar in own[:5]]
    np.testing.assert_allclose(widths, panel.result["top"]["direct_value"].to_numpy())


def test_bad_settings_show_a_message():
    panel = nb07.value_ranking()
    panel.controls["referral_weight"].max = 20.0  # beyond what crm accepts
    panel.set(referral_weight=15.0)
    assert panel.rows == [] and "referral_weight" in panel.message[0]


def test_defaults_match_the_notebook_parameters():
    nb = course.read_nb(NOTEBOOKS / "07_crm_customer_value.ipynb")
    cell = next(c for c in nb["cells"] if "parameters" in course.tags(c))
    params = {node.targets[0].id: ast.literal_eval(node.value) for node in ast.parse(course.source(cell)).body}
    assert params == nb07.DEFAULTS


# --------------------------------------------------------------------------- #
# Exercises
# --------------------------------------------------------------------------- #
def test_exercise_1():
    assert ex.check_1(["referral", "share", "mention"]).status == "correct"
    assert ex.check_1(["Mention", "referral", "share"]).status == "correct"
    assert ex.check_1(None).status == "unanswered"
    assert ex.check_1(["referral", "share", "mention", "inbox reply"]).status == "mistake"
    assert ex.check_1(["referral", "brand post"]).status == "mistake"
    left_out = ex.check_1(["referral", "share"])
    assert left_out.status == "mistake" and "'mention'" in left_out.message
    assert ex.check_1(["referral", "tweet"]).status == "wrong"
    not_a_list = ex.check_1(5)
    assert not_a_list.status == "wrong" and "list of options" in not_a_list.message


def test_exercise_2(by_hand):
    top = by_hand.sort_values("total", ascending=False).iloc[0]
    assert ex.check_2(top["total"]).status == "correct"
    assert ex.check_2(round(top["total"], 2)).status == "correct"
    assert ex.check_2(None).status == "unanswered"
    for wrong in (top["referred"], top["direct"], top["referrals"]):
        assert ex.check_2(wrong).status == "mistake", wrong
    assert ex.check_2(top["total"] * 2).status == "wrong"


def test_exercise_3(by_hand):
    direct, referred = by_hand["direct"].sum(), by_hand["referred"].sum()
    share = referred / (direct + referred)
    assert ex.check_3(share).status == "correct"
    assert ex.check_3(None).status == "unanswered"
    for wrong in (share * 100, referred / direct, 1 - share):
        assert ex.check_3(wrong).status == "mistake", wrong
    assert ex.check_3(0.9).status == "wrong"
    assert ex.check_3(round(share, 3)).status == "correct"  # as the notebook prints it (one decimal of a percent)
    assert ex.check_3(round(share * 100, 1)).status == "mistake"


def test_exercise_4(by_hand):
    gains = by_hand.sort_values(["gain", "total"], ascending=False)
    expected = int(gains.index[0])
    assert ex.check_4(expected).status == "correct"
    assert ex.check_4(np.int64(expected)).status == "correct"
    assert ex.check_4(None).status == "unanswered"
    best_total = int(by_hand["total"].idxmax())
    if best_total != expected:
        assert ex.check_4(best_total).status == "mistake"
    most_referrals = int(by_hand.sort_values(["referrals", "total"], ascending=False).index[0])
    if most_referrals not in (expected, best_total):
        assert ex.check_4(most_referrals).status == "mistake"
    other = next(int(p) for p in gains.index[1:] if p not in (best_total, most_referrals))
    feedback = ex.check_4(other)
    assert feedback.status == "wrong" and f"person {other} rises {by_hand.loc[other, 'gain']} places" in feedback.message
    assert "not in the audience" in ex.check_4(10**6).message
