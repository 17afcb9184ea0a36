"""Repository checks, each proven able to fail on a deliberately broken copy."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from repo_checks import (
    CHECK_TAG,
    coverage_problems,
    env_problems,
    import_problems,
    link_problems,
    nav_problems,
    notebook_problems,
    layout_problems,
    python_sources,
    requirement_pins,
    syllabus_ids,
    syllabus_utils_problems,
    third_party_imports,
)
import course

SOURCE_CONCEPTS = ROOT / "seeds" / "source_concepts.csv"


# ------------------------------------------------------------------ environment files
ENVIRONMENT = ROOT / "environment.yml"
REQUIREMENTS = ROOT / "requirements.txt"
REQUIREMENTS_DEV = ROOT / "requirements-dev.txt"
#: Scripts of the tasks that install the learner packages only (tasks.py); the others
#: (benchmark, student versions, Voila apps) run with requirements-dev.txt too.
LEARNER_SCRIPTS = ("build_common.py", "build_site.py", "build_slides.py", "course.py", "generate_data.py",
                   "make_nav.py", "run_notebooks.py", "store_outputs.py")


def test_environment_files_agree():
    assert env_problems(ENVIRONMENT, REQUIREMENTS, REQUIREMENTS_DEV) == []


def test_environment_check_catches_disagreement(tmp_path):
    env = ENVIRONMENT.read_text().replace("pandas=3.1.1", "pandas=3.0.0")
    (tmp_path / "environment.yml").write_text(env)
    req = REQUIREMENTS.read_text().replace("nbval==0.11.0\n", "")
    (tmp_path / "requirements.txt").write_text(req + "extra-package==1.0\n")
    problems = env_problems(tmp_path / "environment.yml", tmp_path / "requirements.txt")
    assert any("pandas" in p and "3.0.0" in p for p in problems)
    assert any(p.startswith("nbval is in environment.yml") for p in problems)
    assert any(p.startswith("extra-package is in requirements.txt") for p in problems)


def test_dev_file_check_catches_a_repeated_unpinned_or_unexplained_package(tmp_path):
    shutil.copy(ENVIRONMENT, tmp_path / "environment.yml")
    shutil.copy(REQUIREMENTS, tmp_path / "requirements.txt")
    dev = REQUIREMENTS_DEV.read_text()
    assert "pytest==" in dev and "-r requirements.txt" in dev
    broken = (dev.replace("-r requirements.txt", "")
              + "pandas==3.1.1  # repeated\nsome-tool>=1.0  # unpinned\nanother-tool==2.0\n")
    (tmp_path / "requirements-dev.txt").write_text(broken)
    problems = env_problems(tmp_path / "environment.yml", tmp_path / "requirements.txt",
                            tmp_path / "requirements-dev.txt")
    assert any("must include the learner file" in p for p in problems)
    assert "pandas is in both requirements.txt and requirements-dev.txt" in problems
    assert "some-tool is not pinned to an exact version in requirements-dev.txt" in problems
    assert "requirements-dev.txt: say what uses another-tool==2.0" in problems


def test_lab_installs_the_learner_file_and_the_tool_tasks_the_dev_file(tmp_path, monkeypatch):
    """tasks.py: a learner environment is installed from requirements.txt only; the dev
    tasks add requirements-dev.txt; each reinstalls only when its own files change."""
    import tasks

    for name in ("requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("")  # an environment exists: only the installs are recorded
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks, "PY", python)
    monkeypatch.setattr(tasks, "STAMP", tmp_path / "venv" / "learner-stamp")
    monkeypatch.setattr(tasks, "DEV_STAMP", tmp_path / "venv" / "dev-stamp")
    installs: list[str] = []

    def record(cmd, check=True, **kw):
        cmd = [str(c) for c in cmd]
        if "-r" in cmd:
            installs.append(cmd[cmd.index("-r") + 1])
        return 0

    monkeypatch.setattr(tasks, "_run", record)

    def run(dev: bool) -> list[str]:
        installs.clear()
        tasks.ensure_env(dev=dev)
        return list(installs)

    assert run(dev=False) == ["requirements.txt"]
    assert run(dev=False) == []  # installed: nothing to do
    assert run(dev=True) == ["requirements-dev.txt"]
    assert run(dev=False) == [] and run(dev=True) == []
    (tmp_path / "requirements-dev.txt").write_text((tmp_path / "requirements-dev.txt").read_text() + "x==1  # new\n")
    assert run(dev=False) == []  # a new tool does not touch the learner environment ...
    assert run(dev=True) == ["requirements-dev.txt"]  # ... the tool tasks install it
    (tmp_path / "requirements.txt").write_text((tmp_path / "requirements.txt").read_text() + "y==1\n")
    assert run(dev=False) == ["requirements.txt"]  # a learner change reaches everyone
    assert run(dev=True) == ["requirements-dev.txt"]
    (tmp_path / "requirements-dev.txt").unlink()  # a student copy has no dev file
    assert run(dev=False) == []
    with pytest.raises(SystemExit, match="requirements-dev.txt"):
        run(dev=True)


def _local_modules() -> set[str]:
    return {"utils", "tasks"} | {p.stem for folder in ("tests", "scripts") for p in (ROOT / folder).rglob("*.py")}


def test_the_course_runs_on_the_learner_packages_alone():
    """utils, the notebooks, the apps, tasks.py and the scripts of the learner tasks import
    nothing that requirements.txt neither lists nor needs."""
    learner = set(requirement_pins(REQUIREMENTS)[0])
    paths = [*sorted((ROOT / "utils").rglob("*.py")), *sorted((ROOT / "notebooks").glob("*.ipynb")),
             *sorted((ROOT / "apps").glob("*.ipynb")), ROOT / "tasks.py",
             *[ROOT / "scripts" / name for name in LEARNER_SCRIPTS]]
    imports = third_party_imports(python_sources(paths), _local_modules())
    assert {"pandas", "matplotlib", "ipywidgets", "papermill"} <= set(imports)  # the scan sees imports
    assert import_problems(imports, learner, "requirements.txt") == []


def test_tests_and_tools_run_on_the_listed_packages():
    """Every import (and ``python -m`` program) of tests/ and scripts/ comes from a package
    that requirements.txt or requirements-dev.txt lists, or one they need."""
    listed = set(requirement_pins(REQUIREMENTS)[0]) | set(requirement_pins(REQUIREMENTS_DEV)[0])
    paths = [*sorted((ROOT / "tests").rglob("*.py")), *sorted((ROOT / "scripts").rglob("*.py"))]
    imports = third_party_imports(python_sources(paths), _local_modules())
    assert {"pytest", "playwright", "nbgrader", "voila", "yaml"} <= set(imports)
    assert import_problems(imports, listed, "requirements.txt + requirements-dev.txt") == []


def test_import_check_can_fail():
    learner = set(requirement_pins(REQUIREMENTS)[0])
    imports = third_party_imports({"a.py": "import playwright.sync_api\nimport no_such_module_smm\nfrom pandas import DataFrame",
                                   "b.py": 'cmd = [python, "-m", "voila", "apps"]'}, set())
    problems = import_problems(imports, learner, "requirements.txt")
    assert any(p.startswith("playwright (imported by a.py) comes from playwright") for p in problems)
    assert any(p.startswith("voila (imported by b.py)") for p in problems)
    assert any(p.startswith("no_such_module_smm (imported by a.py) is not installed") for p in problems)
    assert not any(p.startswith("pandas") for p in problems)


def test_every_environment_dependency_is_commented():
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.strip().startswith("- ") and "=" in line:
            assert "#" in line, f"environment.yml: say what uses {line.strip()}"


# ------------------------------------------------------------------ syllabus coverage
def test_seeds_match_the_syllabus():
    ids = syllabus_ids(SOURCE_CONCEPTS)
    assert len(ids) >= 20
    assert coverage_problems(ROOT / "seeds" / "syllabus.json", ROOT / "notebooks", ids) == []
    with open(SOURCE_CONCEPTS, newline="", encoding="utf-8") as handle:
        kinds = {row["id"]: row["kind"] for row in csv.DictReader(handle)}
    seeds = json.loads((ROOT / "seeds" / "syllabus.json").read_text())
    assert {c["id"]: c["kind"] for c in seeds["concepts"]} == kinds


def test_every_concept_is_taught_by_a_notebook_section():
    assert coverage_problems(ROOT / "seeds" / "syllabus.json", ROOT / "notebooks") == []


def test_coverage_check_catches_a_broken_id(tmp_course):
    seeds_path = tmp_course / "seeds" / "syllabus.json"
    seeds = json.loads(seeds_path.read_text())
    seeds["concepts"][0]["section"] = "no-such-section"
    seeds["concepts"][1]["notebook"] = "99_missing.ipynb"
    seeds_path.write_text(json.dumps(seeds))
    problems = coverage_problems(seeds_path, tmp_course / "notebooks", {c["id"] for c in seeds["concepts"]} | {"new-id"})
    assert any("no-such-section" in p for p in problems)
    assert any("99_missing.ipynb" in p for p in problems)
    assert any("'new-id' is not in seeds" in p for p in problems)


# ------------------------------------------------------------------ notebooks
def test_notebook_conventions():
    assert notebook_problems(ROOT / "notebooks") == []


def test_notebook_check_catches_outputs_kernel_and_parameters(tmp_course):
    path = course.list_notebooks(tmp_course / "notebooks")[0]
    nb = course.read_nb(path)
    nb["metadata"]["kernelspec"]["name"] = "ir"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    code[0]["metadata"]["tags"] = []
    code[1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["stale\n"]}]
    course.write_nb(path, nb)
    problems = notebook_problems(tmp_course / "notebooks")
    assert any("kernel 'ir'" in p for p in problems)
    assert any("not tagged 'parameters'" in p for p in problems)


def test_outputs_policy_catches_unchecked_output(tmp_course):
    path = course.list_notebooks(tmp_course / "notebooks")[0]
    nb = course.read_nb(path)
    cell = [c for c in nb["cells"] if c["cell_type"] == "code"][2]
    cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["stale\n"]}]
    cell["metadata"]["tags"] = [t for t in cell["metadata"].get("tags", []) if t != CHECK_TAG]
    course.write_nb(path, nb)
    assert any("stored output" in p for p in notebook_problems(tmp_course / "notebooks"))


def test_alternative_parameters_must_be_declared(tmp_course):
    path = course.list_notebooks(tmp_course / "notebooks")[0]
    nb = course.read_nb(path)
    nb["metadata"]["smm"]["alt_parameters"] = [{"not_a_parameter": 1}]
    course.write_nb(path, nb)
    assert any("not_a_parameter" in p for p in notebook_problems(tmp_course / "notebooks"))


def test_notebook_numbering_is_contiguous():
    numbers = [int(p.name[:2]) for p in course.list_notebooks()]
    assert numbers == list(range(len(numbers))), numbers


def test_notebooks_never_edit_sys_path():
    for path in course.list_notebooks():
        for cell in course.read_nb(path)["cells"]:
            if cell["cell_type"] == "code":
                assert "sys.path" not in course.source(cell), f"{path.name}: import utils without sys.path edits"


# ------------------------------------------------------------------ links and navigation
def test_links_resolve():
    assert link_problems(ROOT) == []


def test_link_check_catches_broken_links(tmp_course):
    path = course.list_notebooks(tmp_course / "notebooks")[-1]
    nb = course.read_nb(path)
    nb["cells"].append({"cell_type": "markdown", "id": "broken", "metadata": {},
                        "source": ["[gone](99_gone.ipynb) and [bad section](00_start_here.ipynb#nowhere)"]})
    course.write_nb(path, nb)
    problems = course.check_links([path])
    assert any("99_gone.ipynb" in p for p in problems)
    assert any("#nowhere" in p for p in problems)


def test_navigation_is_up_to_date():
    assert nav_problems(ROOT) == [], "run `python3 tasks.py nav`"


def test_every_notebook_has_navigation():
    paths = course.list_notebooks()
    for i, path in enumerate(paths):
        nav = [c for c in course.read_nb(path)["cells"] if course.NAV_TAG in course.tags(c)]
        assert len(nav) == 1, path.name
        text = course.source(nav[0])
        assert f"({course.START}#course-map)" in text
        if i > 0:
            assert f"({paths[i - 1].name})" in text
        if i < len(paths) - 1:
            assert f"({paths[i + 1].name})" in text


def test_navigation_check_catches_a_broken_nav(tmp_course):
    path = course.list_notebooks(tmp_course / "notebooks")[0]
    nb = course.read_nb(path)
    for cell in nb["cells"]:
        if course.NAV_TAG in course.tags(cell):
            cell["source"] = ["[Next](99_nowhere.ipynb)"]
    course.write_nb(path, nb)
    assert str(path) in nav_problems(tmp_course)
    assert any("99_nowhere" in p for p in course.check_links([path]))


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text()
    for path in course.list_notebooks():
        assert f"(notebooks/{path.name})" in readme, path.name


# ------------------------------------------------------------------ importable from anywhere
@pytest.mark.parametrize("where", ["root", "notebooks", "elsewhere"])
def test_utils_imports_from_any_directory(where, tmp_path):
    cwd = {"root": ROOT, "notebooks": ROOT / "notebooks", "elsewhere": tmp_path}[where]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", "import utils.shared.config as c; print(c.DATA_DIR)"],
                         cwd=cwd, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()) == ROOT / "data"


# ------------------------------------------------------------------ clean tree
def test_no_generated_files_tracked():
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    bad = [t for t in tracked if t.startswith(("output/", ".venv/")) or "__pycache__" in t
           or ".ipynb_checkpoints" in t or t.endswith(".pyc")]
    assert bad == []


# ------------------------------------------------------------------ code layout
def test_every_syllabus_concept_names_functions_that_exist():
    assert syllabus_utils_problems(ROOT / "seeds" / "syllabus.json") == []


def test_syllabus_function_check_catches_a_wrong_name(tmp_path):
    data = json.loads((ROOT / "seeds" / "syllabus.json").read_text())
    data["concepts"][1]["utils"] = ["utils.shared.metrics.no_such_function", "utils.nb99.nothing.f"]
    data["concepts"][5]["utils"] = []
    broken = tmp_path / "syllabus.json"
    broken.write_text(json.dumps(data))
    problems = syllabus_utils_problems(broken)
    assert any("no_such_function" in p for p in problems)
    assert any("cannot import utils.nb99.nothing" in p for p in problems)
    assert any(p.startswith(data["concepts"][5]["id"] + ": a concept must name") for p in problems)


def test_code_is_one_hop_from_its_notebook():
    assert layout_problems(ROOT) == []


def test_layout_check_catches_cross_notebook_imports(tmp_path):
    for part in ("notebooks", "utils"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "utils" / "nb05" / "extra.py").write_text("from utils.nb07 import crm\n")
    (tmp_path / "utils" / "shared" / "extra.py").write_text("from utils.nb02 import power\n")
    (tmp_path / "utils" / "nb06" / "exercises.py").unlink()
    (tmp_path / "utils" / "helpers.py").write_text("")
    problems = layout_problems(tmp_path)
    assert "utils/helpers.py: put it in utils/shared/ or utils/nbNN/" in problems
    assert any(p.startswith("utils/nb05/extra.py: imports utils.nb07") for p in problems)
    assert any(p.startswith("utils/shared/extra.py: shared code imports notebook code") for p in problems)
    assert "utils/nb06/ has no exercises.py" in problems
