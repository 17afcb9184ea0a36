"""Repository checks as plain functions returning a list of problems.

``tests/test_repo.py`` runs each one on the real repository (expecting no problems)
and on a deliberately broken copy (expecting the breakage to be reported), so no
check can silently pass.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from pathlib import Path

import yaml

import course

CHECK_TAG = "nbval-check-output"


def env_problems(environment_yml: Path, requirements_txt: Path) -> list[str]:
    """environment.yml and requirements.txt must pin the same packages at the same versions."""
    env = yaml.safe_load(environment_yml.read_text())
    conda: dict[str, str] = {}
    for dep in env.get("dependencies", []):
        if isinstance(dep, str):
            name, _, version = dep.partition("=")
            conda[name.strip().lower()] = version.strip().lstrip("=")
    pip: dict[str, str] = {}
    for line in requirements_txt.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if "==" not in line:
            pip[line.lower()] = ""
            continue
        name, version = line.split("==", 1)
        pip[name.strip().lower()] = version.strip()
    problems = []
    for name in ("python", "pip"):
        conda.pop(name, None)
    for name in sorted(set(conda) | set(pip)):
        if name not in pip:
            problems.append(f"{name} is in environment.yml but not in requirements.txt")
        elif name not in conda:
            problems.append(f"{name} is in requirements.txt but not in environment.yml")
        elif not pip[name] or not conda[name]:
            problems.append(f"{name} is not pinned to an exact version")
        elif pip[name] != conda[name]:
            problems.append(f"{name}: environment.yml pins {conda[name]}, requirements.txt pins {pip[name]}")
    return problems


def coverage_problems(seeds_path: Path, notebook_dir: Path, syllabus_ids: set[str] | None = None) -> list[str]:
    """Every concept id is taught by a section (anchor with the id) of an existing notebook."""
    seeds = json.loads(seeds_path.read_text())
    problems = []
    ids = [c["id"] for c in seeds["concepts"]]
    if len(ids) != len(set(ids)):
        problems.append("duplicate concept ids in seeds")
    if syllabus_ids is not None:
        for missing in sorted(syllabus_ids - set(ids)):
            problems.append(f"syllabus id {missing!r} is not in seeds")
        for extra in sorted(set(ids) - syllabus_ids):
            problems.append(f"seeds id {extra!r} is not in the syllabus")
    for c in seeds["concepts"]:
        for key in ("id", "title", "facts", "attribution", "notebook", "section"):
            if not c.get(key):
                problems.append(f"{c.get('id')}: missing {key}")
        for nb_name in [c["notebook"], *c.get("also_taught_in", [])]:
            path = notebook_dir / nb_name
            if not path.exists():
                problems.append(f"{c['id']}: notebook {nb_name} does not exist")
                continue
            if c["section"] not in course.anchors(course.read_nb(path)):
                problems.append(f"{c['id']}: no section <a id=\"{c['section']}\"> in {nb_name}")
    return problems


def syllabus_ids(source_concepts: Path) -> set[str]:
    """The concept ids of the course's syllabus, as recorded in ``seeds/source_concepts.csv``."""
    with open(source_concepts, newline="", encoding="utf-8") as handle:
        return {row["id"] for row in csv.DictReader(handle)}


def notebook_problems(notebook_dir: Path) -> list[str]:
    """Parameters cell first, one kernel, alternative parameters declared, outputs policy."""
    problems = []
    paths = course.list_notebooks(notebook_dir)
    if not paths:
        return ["no notebooks found"]
    for path in paths:
        nb = course.read_nb(path)
        name = path.name
        kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
        if kernel != course.KERNEL["name"]:
            problems.append(f"{name}: kernel {kernel!r}, expected {course.KERNEL['name']!r}")
        code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
        if not code_cells or "parameters" not in course.tags(code_cells[0]):
            problems.append(f"{name}: first code cell is not tagged 'parameters'")
            continue
        try:
            declared = _assigned_names(course.source(code_cells[0]))
        except SyntaxError as exc:
            problems.append(f"{name}: parameters cell does not parse ({exc})")
            continue
        alts = nb.get("metadata", {}).get("smm", {}).get("alt_parameters", [])
        if not alts:
            problems.append(f"{name}: no alternative parameter set in metadata.smm.alt_parameters")
        for alt in alts:
            unknown = set(alt) - declared
            if unknown:
                problems.append(f"{name}: alternative parameters {sorted(unknown)} are not in its parameters cell")
        for cell in nb["cells"]:
            if cell["cell_type"] == "code" and cell.get("outputs") and CHECK_TAG not in course.tags(cell):
                problems.append(f"{name}: cell {cell.get('id')} has stored output but is not tagged {CHECK_TAG!r}")
            if cell["cell_type"] == "code" and CHECK_TAG in course.tags(cell) and not cell.get("outputs"):
                problems.append(f"{name}: cell {cell.get('id')} is tagged {CHECK_TAG!r} but has no stored output")
            if cell["cell_type"] == "code" and cell.get("execution_count") and CHECK_TAG not in course.tags(cell):
                problems.append(f"{name}: cell {cell.get('id')} has an execution count (not cleared)")
    return problems


def _assigned_names(src: str) -> set[str]:
    names = set()
    for node in ast.parse(src).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        for t in targets:
            if isinstance(t, ast.Name):
                names.add(t.id)
    return names


def link_problems(root: Path) -> list[str]:
    files = course.list_notebooks(root / "notebooks") + sorted(root.glob("*.md")) + sorted((root / "docs").glob("**/*.md"))
    files += sorted((root / "data").glob("*.md"))
    return course.check_links(files)


def nav_problems(root: Path) -> list[str]:
    """The generated navigation, course map and README list are up to date."""
    return course.generate(folder=root / "notebooks", readme=root / "README.md", write=False)


def syllabus_utils_problems(seeds_path: Path) -> list[str]:
    """Every concept names the ``utils`` functions that compute it, and every name resolves.

    An empty list is allowed only for a figure (a number the course reports from its
    source and cannot recompute from data).
    """
    import importlib

    problems = []
    for concept in json.loads(Path(seeds_path).read_text())["concepts"]:
        names = concept.get("utils")
        if names is None:
            problems.append(f"{concept['id']}: no 'utils' list")
            continue
        if not names and concept.get("kind") != "figure":
            problems.append(f"{concept['id']}: a concept must name the utils function(s) that compute it")
        for name in names:
            module_name, _, attr = name.rpartition(".")
            try:
                module = importlib.import_module(module_name)
            except ImportError as exc:
                problems.append(f"{concept['id']}: {name}: cannot import {module_name} ({exc})")
                continue
            if not callable(getattr(module, attr, None)):
                problems.append(f"{concept['id']}: {name}: {module_name} has no function {attr}")
    return problems


def _utils_imports(src: str) -> set[str]:
    """The ``utils`` modules a piece of Python source imports (``from utils.x import y`` -> ``utils.x.y``
    when ``y`` is a module, else ``utils.x``)."""
    found = set()
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "utils":
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "utils")
    return found


def layout_problems(root: Path) -> list[str]:
    """The one-hop layout: notebook NN and ``utils/nbNN/`` use only ``utils.shared`` and
    ``utils.nbNN``; ``utils/shared/`` uses nothing notebook-specific; every ``utils/nbNN/``
    has ``panels.py`` and ``exercises.py`` and belongs to a notebook."""
    problems = [f"utils/{p.name}: put it in utils/shared/ or utils/nbNN/" for p in (root / "utils").glob("*.py")
                if p.name != "__init__.py"]
    notebooks = {p.name[:2]: p for p in (root / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    folders = {p.name[2:]: p for p in (root / "utils").glob("nb[0-9][0-9]") if p.is_dir()}
    for nn in sorted(set(notebooks) | set(folders)):
        if nn not in folders:
            problems.append(f"notebook {nn} has no utils/nb{nn}/ folder")
            continue
        if nn not in notebooks:
            problems.append(f"utils/nb{nn}/ belongs to no notebook")
        for required in ("__init__.py", "panels.py", "exercises.py"):
            if not (folders[nn] / required).exists():
                problems.append(f"utils/nb{nn}/ has no {required}")
    sources: list[tuple[str, str, str | None]] = []  # (where, source, own notebook number or None for shared)
    for nn, path in notebooks.items():
        nb = json.loads(path.read_text())
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        sources.append((path.name, code, nn))
    for path in sorted((root / "utils").rglob("*.py")):
        rel = path.relative_to(root / "utils").parts
        owner = rel[0][2:] if rel[0].startswith("nb") and len(rel) > 1 else None
        sources.append((str(path.relative_to(root)), path.read_text(), owner))
    allowed_top = {"utils", "utils.shared"}
    for where, src, owner in sources:
        for name in sorted(_utils_imports(src)):
            parts = name.split(".")
            if name in allowed_top or parts[1] == "shared":
                continue
            if owner is None and where.startswith("utils"):
                if parts[1].startswith("nb"):
                    problems.append(f"{where}: shared code imports notebook code {name}")
                continue
            if parts[1] != f"nb{owner}" and parts[1] != "__version__":
                problems.append(f"{where}: imports {name}; use utils.shared or utils.nb{owner} only "
                                "(code two notebooks need belongs in utils/shared/)")
    return problems
