"""Shared fixtures for the SMM Lab test suite."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
OUTPUT = ROOT / "output" / "test-runs"

os.environ.setdefault("MPLBACKEND", "Agg")


def _nbval_kernels_over_unix_sockets() -> None:
    """nbval's kernels talk to this worker over unix sockets in a private folder.

    Over TCP, jupyter_client picks free ports and writes them to the connection file,
    and the kernel binds them a moment later. A kernel started meanwhile by another
    process (the other worker, or JupyterLab in the browser tests) can take one of
    them, and the new kernel then dies before it answers ("Kernel died before
    replying to kernel_info"), failing every cell of that notebook. The course's own
    runners (``tests/course_runs.py``) use unix sockets for the same reason.
    """
    import atexit
    import functools
    import tempfile

    try:
        import nbval.kernel
    except ImportError:  # nbval not installed: the notebooks are not collected either
        return
    folder = tempfile.mkdtemp(prefix="smm-nbval-")  # short: unix socket paths are limited
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    manager = nbval.kernel.KernelManager
    nbval.kernel.KernelManager = functools.partial(manager, transport="ipc", ip=os.path.join(folder, "k"))


_nbval_kernels_over_unix_sockets()


def in_ci() -> bool:
    """True on CI, where every test must run (tools are installed by .ci/run)."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_tool(available: bool, what: str, how: str) -> None:
    """Skip on a learner's machine when an optional tool is missing; fail on CI."""
    if available:
        return
    message = f"{what} is not available. {how}"
    if in_ci():
        pytest.fail(f"{message} (CI must run this test: .ci/run installs it)")
    pytest.skip(message)


_NAN = re.compile(r"(?<![\w.])(nan|NaN|-?inf)(?![\w.])")


# The course data, loaded once per test module (each load is a fresh copy, so a module may change it).
@pytest.fixture(scope="module")
def posts():
    from utils.shared.data import load_posts

    return load_posts()


@pytest.fixture(scope="module")
def web():
    from utils.shared.data import load_web_sessions

    return load_web_sessions()


@pytest.fixture(scope="module")
def inbox():
    from utils.shared.data import load_inbox

    return load_inbox()


@pytest.fixture(scope="module")
def mentions():
    from utils.shared.data import load_mentions

    return load_mentions()


@pytest.fixture(scope="module")
def audience():
    from utils.shared.data import load_audience

    return load_audience()


def walk_demo_steps(panel, steps, expected_rows, compute, friendly: type[Exception]) -> None:
    """Drive ``panel`` through its ``DEMOS`` steps: each step shows what the pure function gives.

    A step either shows ``expected_rows(values)`` or the friendly message of the
    ``friendly`` exception that ``compute(values)`` raises; at least one step must
    change a number shown and at least one must show the message.
    """
    default_rows = list(panel.rows)
    changed = messages = 0
    for step in steps:
        panel.set(**step)
        values = panel.values()
        if panel.message is None:
            assert panel.rows == expected_rows(values)
            changed += panel.rows != default_rows
        else:
            messages += 1
            with pytest.raises(friendly) as err:
                compute(values)
            assert panel.message == (str(err.value), "info")
    assert changed, "no DEMOS step changes a number shown"
    assert messages, "no DEMOS step shows the friendly message"


def output_problems(nb: dict) -> list[str]:
    """What a learner must never see in an executed notebook: errors, tracebacks, NaN or inf."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = "".join(out.get("text", ""))
                if re.search(r"Traceback|Error|urlopen|ConnectionRefused|Network is unreachable", text):
                    found.append(f"cell {i} stderr: {text[:300]}")
            text = "".join(out.get("data", {}).get("text/plain", ""))
            if _NAN.search(text):
                found.append(f"cell {i}: NaN/inf shown: {text[:200]}")
    return found


# ------------------------------------------------------------------ the course, executed once
@pytest.fixture(scope="session")
def course_runs(tmp_path_factory):
    """The offline run and the student run (``tests/course_runs.py``), once per session:
    shared by every pytest-xdist worker through the session's common temp folder."""
    from course_runs import shared_runs

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    runs = shared_runs(shared / "smm-course-runs")
    assert not runs["runner_failures"], "a runner failed:\n" + "\n".join(runs["runner_failures"])
    return runs


# ------------------------------------------------------------------ scheduling
#: Test files that run longest (seconds on 2 cores, measured), so they start first and
#: end on different workers. With ``--dist loadfile --no-loadscope-reorder`` xdist hands
#: out files in collection order; everything else keeps pytest's order after these.
#: test_notebooks sits between the two users of ``course_runs``: the worker that does not
#: make the runs (in test_offline) runs the alternative parameters meanwhile, instead of
#: waiting for them in test_instructor.
LONG_FILES = (
    "test_browser_notebooks_1.py",
    "test_browser_notebooks_2.py",
    "test_offline.py",
    "test_notebooks.py",
    "test_instructor.py",
    "test_browser_apps.py",
)


def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(LONG_FILES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(LONG_FILES)))


# ------------------------------------------------------------------ browser
BROWSER_HOW = "Install Debian's chromium (`sudo apt-get install chromium`) to run the browser tests."


@pytest.fixture(scope="module")
def browser():
    """Headless chromium for one test file (each browser file gets its own)."""
    from browser_support import CHROMIUM, chromium, chromium_available

    require_tool(chromium_available(), f"chromium ({CHROMIUM})", BROWSER_HOW)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require_tool(False, "the playwright package", "Run `python3 tasks.py setup`.")
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    """JupyterLab on 127.0.0.1 with a token, serving a throwaway copy of the notebooks."""
    from browser_support import copy_course, jupyterlab

    work = tmp_path_factory.mktemp("lab")
    copy_course(work)
    with jupyterlab(work) as server:
        yield server


@pytest.fixture(scope="module")
def lab_page(browser, lab):
    """One JupyterLab page for the whole file; notebooks are opened in it one by one."""
    from browser_support import LabPage

    page = LabPage(browser, lab)
    yield page
    page.close()


@pytest.fixture(scope="module")
def apps(browser, tmp_path_factory):
    """The Voila apps served on 127.0.0.1 with the course's offline template."""
    from browser_support import voila

    with voila(ROOT / "apps", tmp_path_factory.mktemp("voila")) as server:
        yield server


@pytest.fixture
def tmp_course(tmp_path: Path) -> Path:
    """A throwaway copy of the notebooks, seeds and README for breaking on purpose."""
    for name in ("notebooks", "seeds"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    return tmp_path
