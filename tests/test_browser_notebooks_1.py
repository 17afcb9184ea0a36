"""The course as learners see it, in a real JupyterLab: notebooks 00 to 06.

JupyterLab is loaded once for this file (``?reset``). In it every notebook is
opened and all its cells are run; the test then asserts no error output, no
"Error displaying widget", no browser console error and no request leaving the
machine. It drives every widget panel the notebook shows through the steps its
``utils/panels/nbNN.py`` declares in ``DEMOS`` (typing into slider readouts and
number boxes, picking dropdown options) and asserts that the numbers shown equal,
exactly, what the panel's pure function computes for those inputs. Then it closes
the notebook and shuts its kernel down. Screenshots go to output/browser/.

The notebooks are split over two files (test_browser_notebooks_2.py has the rest) so that
the test command's two workers share the browser work. Needs Debian's chromium and
the playwright package: ``.ci/run`` installs chromium; on a learner's machine
without it these tests skip and say how to enable them.
"""

from __future__ import annotations

import pytest

from utils import course

NOTEBOOKS = course.list_notebooks()[:7]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_in_jupyterlab(lab_page, path):
    lab_page.check_notebook(path)
