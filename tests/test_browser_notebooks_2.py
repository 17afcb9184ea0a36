"""The course as learners see it, in a real JupyterLab: notebooks 07 to 13.

The same checks as ``test_browser_notebooks_1.py`` (see its docstring), on the other
half of the notebooks, so that the test command's two workers share the browser work.
"""

from __future__ import annotations

import pytest

import course

NOTEBOOKS = course.list_notebooks()[7:]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_in_jupyterlab(lab_page, path):
    lab_page.check_notebook(path)
