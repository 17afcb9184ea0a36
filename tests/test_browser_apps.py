"""The calculators as Voila apps: each renders with the course's offline template, its
panels answer every DEMOS step with exactly the numbers of the pure function, and the
browser console stays clean (outside requests are blocked).
"""

from __future__ import annotations

import pytest

from browser_support import check_app_in_voila
from conftest import ROOT
import course

APPS = sorted((ROOT / "apps").glob("*.ipynb"))


def test_apps_exist():
    """The README promises the metric calculator and segmentation explorer as apps."""
    names = {p.stem for p in APPS}
    assert {"metric_calculator", "segmentation_explorer"} <= names, names


def test_notebooks_are_split_over_the_browser_files():
    """Every notebook is opened by exactly one of the two browser notebook files."""
    import test_browser_notebooks_1 as first
    import test_browser_notebooks_2 as second

    assert sorted(first.NOTEBOOKS + second.NOTEBOOKS) == course.list_notebooks()
    assert not set(first.NOTEBOOKS) & set(second.NOTEBOOKS)


@pytest.mark.parametrize("path", APPS, ids=[p.stem for p in APPS])
def test_app_in_voila(apps, browser, path):
    check_app_in_voila(browser, apps, path)
