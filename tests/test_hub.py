"""A class on a JupyterHub: several students at once, each running a notebook to the end.

JupyterHub runs on 127.0.0.1 with the dummy authenticator, the simple local spawner and
configurable-http-proxy, with the course image's settings from ``deploy/jupyterhub/``
(see ``tests/hub_support.py``). Three students start their servers at the same moment
and run notebook 06 through the proxy, as their browsers would. Any error fails: a
server that does not start, a cell that raises, an error, NaN or traceback in an output.

The figures (time to the server and to the first output, memory per student) are
printed and written to ``output/hub/report.txt``, and compared with the Zero to
JupyterHub configuration: one student's server with a course kernel must fit the memory
guarantee, and all 14 notebooks open must fit the limit.

Needs JupyterHub (requirements-dev.txt) and configurable-http-proxy (npm, tests/hub/):
``.ci/run`` installs both. On a learner's machine without them the tests skip and say how
to install them; on CI they fail.
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import output_problems, require_tool
from hub_support import (DEPLOY, HOW, NOTEBOOKS, OUTPUT_FOLDER, jupyterhub_installed, proxy_command, report,
                         run_class, run_more, running_hub)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "06_segmentation.ipynb"
CAPSTONE = "11_capstone.ipynb"  # writes a report: it must land in the student's home
STUDENTS = 3
REPORT = ROOT / "output" / "hub" / "report.txt"


def _config() -> dict:
    return yaml.safe_load((DEPLOY / "config.yaml").read_text())


def _bytes(spec: str) -> int:
    from jupyterhub.traitlets import ByteSpecification  # the unit rules KubeSpawner applies

    return ByteSpecification().validate(None, spec)


def _server_config():
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("jupyter_server_config.py", path=str(DEPLOY)).load_config()


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    require_tool(jupyterhub_installed(), "JupyterHub", HOW)
    require_tool(proxy_command() is not None, "configurable-http-proxy", HOW)
    with running_hub(tmp_path_factory.mktemp("hub")) as hub:
        students, overhead = run_class(hub, STUDENTS, [NOTEBOOK])
        text = report(students, overhead, [NOTEBOOK])
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(text + "\n")
        print("\n" + text)
        yield {"hub": hub, "students": students, "overhead": overhead}


def test_every_student_runs_the_notebook_to_the_end(klass):
    code_cells = sum(c["cell_type"] == "code" for c in json.loads((NOTEBOOKS / NOTEBOOK).read_text())["cells"])
    for student in klass["students"]:
        assert student.errors == [], f"{student.name}: {student.errors}\n(hub log: {klass['hub'].log})"
        (run,) = student.runs
        assert len(run.cells) == code_cells, f"{student.name} ran {len(run.cells)} of {code_cells} code cells"
        problems = output_problems({"cells": run.cells})
        assert problems == [], f"{student.name}: {problems}"
        assert sum(len(c.outputs) for c in run.cells) >= 10, "too few outputs: was the notebook really run?"
        assert student.first_output_seconds is not None and student.first_output_seconds > student.server_seconds


def test_each_student_works_in_their_own_home(klass):
    hub = klass["hub"]
    for student in klass["students"]:
        home = hub.home(student.name)
        env = student.runs[0].kernel_env
        assert env["HOME"] == str(home)
        assert env["SMM_OUTPUT_DIR"] == str(home / OUTPUT_FOLDER), "outputs must go to the student's home"
        assert Path(env["cwd"]) == home / "smm-lab" / "notebooks"
    # The configuration sets the same variable for the real hub.
    assert _config()["singleuser"]["extraEnv"]["SMM_OUTPUT_DIR"] == f"/home/jovyan/{OUTPUT_FOLDER}"


def test_the_capstone_report_lands_in_the_students_home(klass):
    hub, student = klass["hub"], klass["students"][0]
    (run,) = run_more(hub, student, [CAPSTONE])
    assert run.errors == [] and output_problems({"cells": run.cells}) == []
    reports = list((hub.home(student.name) / OUTPUT_FOLDER / "capstone").glob("*.html"))
    assert reports, f"no capstone report in {hub.home(student.name) / OUTPUT_FOLDER}"


def test_a_student_cannot_reach_another_students_server(klass):
    hub, (first, second, *_) = klass["hub"], klass["students"]
    request = urllib.request.Request(f"{hub.url}/user/{second.name}/api/contents",
                                     headers={"Authorization": f"token {first.token}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code in {403, 404}


def test_idle_kernels_are_culled_inside_the_image(klass):
    config = _server_config().MappingKernelManager
    assert 0 < config.cull_idle_timeout <= 30 * 60 and config.cull_connected is True and config.cull_busy is False
    log = klass["hub"].log.read_text()
    # Every student's server read the course's settings and started the culler with them.
    started = re.findall(rf"Culling kernels with idle durations > {config.cull_idle_timeout} seconds "
                         rf"at {config.cull_interval} second intervals", log)
    assert len(started) == STUDENTS, f"kernel culler started {len(started)} times for {STUDENTS} students"
    assert log.count("Culling kernels even with connected clients") == STUDENTS


def test_jupyterlab_news_and_update_check_are_off(klass):
    hub, student = klass["hub"], klass["students"][0]
    headers = {"Authorization": f"token {student.token}"}
    url = f"{hub.url}/user/{student.name}/lab/api/settings/@jupyterlab/apputils-extension:notification"
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as resp:
        schema = json.loads(resp.read())["schema"]["properties"]
    assert schema["fetchNews"]["default"] == "false" and schema["checkForUpdates"]["default"] is False
    with urllib.request.urlopen(urllib.request.Request(f"{hub.url}/user/{student.name}/lab", headers=headers),
                                timeout=30) as resp:
        page = resp.read().decode()
    data = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert data["news"] == {"disabled": True}


def test_the_hub_sizing_fits_what_a_student_uses(klass):
    memory = _config()["singleuser"]["memory"]
    guarantee, limit = _bytes(memory["guarantee"]), _bytes(memory["limit"])
    assert guarantee < limit
    notebooks = len(list(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")))
    for student in klass["students"]:
        kernel = student.rss - student.server_rss
        assert student.server_rss > 0 and kernel > 0, student
        assert student.rss <= guarantee, (
            f"{student.name}: server with one kernel {student.rss / 2**30:.2f} GiB > guarantee {memory['guarantee']}")
        everything_open = student.server_rss + notebooks * kernel
        assert everything_open <= limit, (
            f"{student.name}: {notebooks} kernels like this one would need {everything_open / 2**30:.2f} GiB "
            f"> limit {memory['limit']}")


def test_the_image_installs_the_settings_where_jupyter_reads_them():
    """postBuild copies the two files into the environment's own folders; those are folders
    that the course environment's Jupyter server and JupyterLab read."""
    from jupyter_core.paths import jupyter_config_path
    from jupyterlab.commands import get_app_dir

    post = (ROOT / "postBuild").read_text()
    assert 'install -D -m 644 deploy/jupyterhub/jupyter_server_config.py "$prefix/etc/jupyter/' in post
    assert 'install -D -m 644 deploy/jupyterhub/overrides.json "$prefix/share/jupyter/lab/settings/' in post
    assert "prefix=\"$(python -c 'import sys; print(sys.prefix)')\"" in post
    assert os.path.join(sys.prefix, "etc", "jupyter") in jupyter_config_path()
    if "JUPYTERLAB_DIR" not in os.environ:
        assert Path(get_app_dir()) == Path(sys.prefix) / "share" / "jupyter" / "lab"
    assert json.loads((DEPLOY / "overrides.json").read_text())["@jupyterlab/apputils-extension:notification"] == {
        "fetchNews": "false", "checkForUpdates": False}
