"""The course as learners see it, in a real JupyterLab: notebooks 00 to 06.

JupyterLab is loaded once for this file (``?reset``). In it every notebook is
opened and all its cells are run; the test then asserts no error output, no
"Error displaying widget", no browser console error and no request leaving the
machine. It drives every widget panel the notebook shows through the steps its
``utils/nbNN/panels.py`` declares in ``DEMOS`` (typing into slider readouts and
number boxes, picking dropdown options) and asserts that the numbers shown equal,
exactly, what the panel's pure function computes for those inputs. Then it closes
the notebook and shuts its kernel down. Screenshots go to output/browser/.

The notebooks are split over two files (test_browser_notebooks_2.py has the rest) so that
the test command's two workers share the browser work. Needs Debian's chromium and
the playwright package: ``.ci/run`` installs chromium; on a learner's machine
without it these tests skip and say how to enable them.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import course

NOTEBOOKS = course.list_notebooks()[:7]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_in_jupyterlab(lab_page, path):
    lab_page.check_notebook(path)


def test_lab_server_keeps_to_itself(lab, lab_page):
    """The test server saves its workspace in its own folder (in the shared default, two
    workers' servers once read each other's half-written file and answered 500), and
    its kernels start on unix sockets, not on TCP ports another kernel could take."""
    workspaces = Path(lab["log"]).parent / "workspaces"
    name = NOTEBOOKS[0].name
    try:  # opening and closing a notebook changes the layout, which the server saves
        lab_page.open(name)
    finally:
        lab_page.close_notebook()
    start = time.time()
    while not list(workspaces.glob("*.jupyterlab-workspace")) and time.time() < start + 30:
        time.sleep(0.1)
    assert list(workspaces.glob("*.jupyterlab-workspace")), f"no workspace saved in {workspaces}"
    log = Path(lab["log"]).read_text()
    assert "Kernel started" in log
    assert "running over TCP" not in log
