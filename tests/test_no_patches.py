"""The course changes nothing inside other libraries or the interpreter.

A learner's own code runs in the same kernel as the course's helpers, so ``utils``
must leave matplotlib, IPython, pandas, NumPy, the display machinery and the
interpreter exactly as they ship (CONTRIBUTING.md, "Other libraries are not patched").
The test starts a real kernel, records the state of those libraries' classes and
modules, runs a notebook's cells and drives its widget panels the way a browser
would, then records the state again: every item must be as it was. The only change
the course makes on purpose is public: figures shown as SVG through the inline
backend's ``set_matplotlib_formats``, which installs IPython's own ``print_figure``.

A second check reads the sources: nothing in ``utils`` uses pickle (anyone who can
write a file a kernel unpickles runs code in that kernel).
"""

from __future__ import annotations

import ast
import json
import os
import queue
import shutil
import tempfile

import pytest

from conftest import NOTEBOOKS, ROOT

#: The notebooks whose cells and panels are run (a simulation panel, a dashboard panel).
NOTEBOOK_NAMES = ("05_viral_marketing.ipynb", "08_tracking_metrics.ipynb")

#: Library modules whose classes and functions are recorded (by name prefix).
LIBRARIES = ("matplotlib", "matplotlib_inline", "IPython", "ipykernel", "ipywidgets", "traitlets", "comm",
             "pandas", "numpy", "cycler", "builtins", "functools", "importlib", "pickle", "copy", "io")

#: Runs in the kernel: a JSON description of everything that must not change.
PROBE = r'''
def _smm_state():
    import atexit, builtins, functools, gc, json, logging, os, random, sys, warnings
    import numpy as np
    from matplotlib import backend_bases
    from matplotlib.figure import Figure

    def ident(obj):
        """Identity; a bound method is a new object on every access: its function and owner."""
        func, owner = getattr(obj, "__func__", None), getattr(obj, "__self__", None)
        return f"{id(func)}:{id(owner)}" if func is not None and owner is not None else str(id(obj))

    def name_of(obj):
        func = getattr(obj, "func", None)
        if isinstance(obj, functools.partial):
            return "partial:" + name_of(func)
        return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', type(obj).__qualname__)}"

    prefixes = tuple(PREFIXES)
    members = {}
    for mod_name, module in list(sys.modules.items()):
        if module is None or not (mod_name in prefixes or mod_name.startswith(tuple(p + "." for p in prefixes))):
            continue
        for attr, value in list(vars(module).items()):
            if isinstance(value, type):
                if getattr(value, "__module__", None) != mod_name:
                    continue
                for key, member in list(vars(value).items()):
                    members[f"{mod_name}:{value.__qualname__}.{key}"] = [ident(member), name_of(member)]
            elif callable(value):
                members[f"{mod_name}:{attr}"] = [ident(value), name_of(value)]

    shell = get_ipython()
    formatters = {}
    figure_printers = {}
    for mime, formatter in [*shell.display_formatter.formatters.items(),
                            ("ipython_display", shell.display_formatter.ipython_display_formatter),
                            ("mimebundle", shell.display_formatter.mimebundle_formatter)]:
        printers = {}
        for kind, printer in formatter.type_printers.items():
            if kind is Figure:
                keywords = sorted(getattr(printer, "keywords", {}))
                figure_printers[mime] = [name_of(printer), keywords]
            else:
                printers[name_of(kind)] = [ident(printer), name_of(printer)]
        for kind, printer in formatter.deferred_printers.items():
            printers["deferred:" + ".".join(kind)] = [ident(printer), name_of(printer)]
        formatters[mime] = [type(formatter).__qualname__, formatter.enabled, printers]

    return {
        "members": members,
        "formatters": formatters,
        "figure_printers": figure_printers,
        "svg_canvas": name_of(backend_bases.get_registered_canvas_class("svg")),
        # a format's backend is a module name until first used, then its canvas class
        "registered_backends": {fmt: backend if isinstance(backend, str) else backend.__module__
                                for fmt, backend in backend_bases._default_backends.items()},
        "events": {event: [name_of(cb) for cb in callbacks] for event, callbacks in shell.events.callbacks.items()},
        "atexit": atexit._ncallbacks() if hasattr(atexit, "_ncallbacks") else None,
        "gc": [list(gc.get_threshold()), gc.isenabled(), len(gc.callbacks)],
        "meta_path": [name_of(type(f)) + f"@{id(f)}" for f in sys.meta_path],
        "path_hooks": [name_of(h) + f"@{id(h)}" for h in sys.path_hooks],
        "path_importer_cache_hooks": sorted({name_of(type(f)) for f in sys.path_importer_cache.values() if f}),
        "sys_hooks": {name: name_of(getattr(sys, name)) + "@" + ident(getattr(sys, name))
                      for name in ("displayhook", "excepthook", "breakpointhook", "unraisablehook")},
        "trace": [repr(sys.gettrace()), repr(sys.getprofile())],
        "limits": [sys.getrecursionlimit(), sys.getswitchinterval(), sys.flags.optimize,
                   sys.dont_write_bytecode, sys.pycache_prefix],
        "sys_path": list(sys.path),
        "environ": sorted(k for k in os.environ),
        "warnings": [repr(f) for f in warnings.filters],
        "root_logger": [logging.getLogger().level, [repr(h) for h in logging.getLogger().handlers]],
        "builtins": {k: ident(v) for k, v in vars(builtins).items() if not k.startswith("_")},
        "global_random": [hash(repr(np.random.get_state())), hash(repr(random.getstate()))],
        "numpy_errors": np.geterr(),
    }


print("SMM-STATE " + __import__("json").dumps(_smm_state()))
'''

#: Builds and drives every demo panel of a notebook (as the browser tests and the benchmark do).
DRIVE_PANELS = r'''
import importlib
from IPython.display import display

_smm_module = importlib.import_module("utils.nb{number}.panels")
for _smm_demo in _smm_module.DEMOS.values():
    _smm_panel = getattr(_smm_module, _smm_demo["factory"])(**_smm_demo.get("kwargs", {{}}))
    display(_smm_panel)
    for _smm_step in _smm_demo["steps"]:
        _smm_panel.set(**_smm_step)
    assert _smm_panel.updates > len(_smm_demo["steps"]), "each step redraws the panel"
    print("SMM-PANEL", _smm_demo["factory"], _smm_panel.updates)
'''


class Kernel:
    """A real IPython kernel, as JupyterLab starts it for a learner (inline matplotlib),
    with the course on its import path."""

    def __init__(self):
        from jupyter_client.manager import KernelManager

        self.sockets = tempfile.mkdtemp(prefix="smm-np-")  # unix sockets: no port races with other kernels
        env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="module://matplotlib_inline.backend_inline")
        self.km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(self.sockets, "k"))
        self.km.start_kernel(cwd=str(NOTEBOOKS), env=env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def run(self, code: str, timeout: float = 180) -> str:
        """Run ``code``; returns its printed output, fails the test on an error."""
        printed, errors = [], []

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                errors.append(f"{content['ename']}: {content['evalue']}")

        try:
            reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=hook, allow_stdin=False)
        except (TimeoutError, queue.Empty):
            pytest.fail(f"the kernel did not finish within {timeout} s:\n{code[:300]}")
        if errors or reply["content"]["status"] != "ok":
            pytest.fail(f"a cell failed in the kernel: {errors}\n{code[:500]}")
        return "".join(printed)

    def state(self) -> dict:
        out = self.run(PROBE.replace("PREFIXES", repr(LIBRARIES)))
        line = next(line for line in out.splitlines() if line.startswith("SMM-STATE "))
        return json.loads(line.removeprefix("SMM-STATE "))

    def stop(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)
        shutil.rmtree(self.sockets, ignore_errors=True)


def code_cells(name: str) -> list[str]:
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


#: Class attributes libraries fill in on first use (None until then): a cache, not a patch.
LAZY_CACHE_TYPES = {"matplotlib.path.Path"}

#: What any learner's first cells do before the course's run (IPython's own set-up of
#: matplotlib happens on the first figure, so it is part of the state recorded before).
WARM_UP = ("import matplotlib.pyplot as plt, matplotlib.axis, matplotlib.text, matplotlib.markers, "
           "matplotlib.backends.backend_svg, matplotlib.backends.backend_agg, IPython.core.pylabtools, "
           "pandas, numpy, ipywidgets\n"
           "plt.figure(); plt.close('all')")


def differences(before: dict, after: dict) -> list[str]:
    """Every recorded item that changed, named; the figure printers are checked by
    :func:`figure_printer_problems`, and new library modules imported meanwhile are new
    entries (only the members recorded before are compared)."""
    found = []
    for key, was in before["members"].items():
        now = after["members"].get(key)
        if now is None:
            found.append(f"{key} was removed")
        elif now[0] != was[0] and not (was[1] == "?.NoneType" and now[1] in LAZY_CACHE_TYPES):
            found.append(f"{key} was replaced: {was[1]} -> {now[1]}")
    modules_before = {key.split(":")[0] for key in before["members"]}
    for key, now in after["members"].items():
        if (key not in before["members"] and key.split(":")[0] in modules_before
                and not key.endswith(".__slotnames__")):
            found.append(f"{key} was added ({now[1]})")
    for mime, (kind, enabled, printers) in before["formatters"].items():
        now_kind, now_enabled, now_printers = after["formatters"].get(mime, [None, None, {}])
        if (now_kind, now_enabled) != (kind, enabled):
            found.append(f"display formatter {mime}: {kind}/{enabled} -> {now_kind}/{now_enabled}")
        for printed in sorted(set(printers) | set(now_printers)):
            if printers.get(printed, [None])[0] != now_printers.get(printed, [None])[0]:
                found.append(f"display formatter {mime} for {printed}: {printers.get(printed)} -> "
                             f"{now_printers.get(printed)}")
    for item in ("svg_canvas", "registered_backends", "events", "atexit", "gc", "meta_path", "path_hooks",
                 "path_importer_cache_hooks", "sys_hooks", "trace", "limits", "sys_path", "environ", "warnings",
                 "root_logger", "builtins", "global_random", "numpy_errors"):
        if before[item] != after[item]:
            found.append(f"{item}: {before[item]} -> {after[item]}")
    return found


#: What the public ``set_matplotlib_formats`` installs for figures: IPython's own
#: ``print_figure`` with keyword arguments of ``Figure.savefig`` only.
PUBLIC_FIGURE_PRINTERS = {"partial:IPython.core.pylabtools.print_figure",
                          "partial:IPython.core.pylabtools.retina_figure"}
SAVEFIG_KEYWORDS = {"fmt", "base64", "bbox_inches", "metadata", "dpi", "facecolor", "edgecolor", "pad_inches"}


def figure_printer_problems(state: dict) -> list[str]:
    problems = []
    for mime, (printer, keywords) in state["figure_printers"].items():
        if printer not in PUBLIC_FIGURE_PRINTERS:
            problems.append(f"figures are shown as {mime} by {printer}, not by IPython's print_figure")
        elif not set(keywords) <= SAVEFIG_KEYWORDS:
            problems.append(f"figures are printed as {mime} with {sorted(set(keywords) - SAVEFIG_KEYWORDS)}")
    return problems


@pytest.fixture(scope="module")
def kernel():
    k = Kernel()
    yield k
    k.stop()


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_a_notebook_and_its_panels_leave_the_libraries_and_the_interpreter_as_they_were(name):
    k = Kernel()  # a fresh kernel per notebook: the first notebook must not hide the second's changes
    try:
        k.run(WARM_UP)
        k.state()  # the first probe's own imports settle
        before = k.state()
        assert len(before["members"]) > 5000  # the probe really records the libraries
        assert "matplotlib.axis:Axis._update_ticks" in before["members"]
        assert "matplotlib.text:Text._get_layout" in before["members"]
        assert "matplotlib.backends.backend_svg:FigureCanvasSVG.print_svg" in before["members"]
        for cell in code_cells(name):
            k.run(cell)
        driven = k.run(DRIVE_PANELS.format(number=name[:2]))
        assert "SMM-PANEL" in driven, "no panel was driven"
        after = k.state()
    finally:
        k.stop()
    assert differences(before, after) == []
    assert figure_printer_problems(after) == []
    assert after["figure_printers"].get("image/svg+xml"), "notebook figures are shown as SVG"
    assert "image/png" not in after["figure_printers"], "and only as SVG"


# --------------------------------------------------------------------------- the check can fail
def test_the_check_names_a_replaced_method_an_svg_route_and_a_changed_interpreter(kernel):
    """Re-adding patches like the ones removed from utils.shared.plotting and utils.shared.prerequisites fails."""
    kernel.run(WARM_UP)
    kernel.state()
    before = kernel.state()
    kernel.run(
        "import gc, atexit\n"
        "from matplotlib.axis import Axis\n"
        "from matplotlib.text import Text\n"
        "from matplotlib.figure import Figure\n"
        "from matplotlib.backend_bases import register_backend\n"
        "from matplotlib.backends.backend_svg import FigureCanvasSVG\n"
        "_orig_update, _orig_layout = Axis._update_ticks, Text._get_layout\n"
        "Axis._update_ticks = lambda self: _orig_update(self)\n"
        "Text._get_layout = lambda self, renderer: _orig_layout(self, renderer)\n"
        "class CourseCanvas(FigureCanvasSVG): pass\n"
        "register_backend('svg', CourseCanvas)\n"
        "get_ipython().display_formatter.formatters['image/svg+xml'].for_type(Figure, lambda fig: '<svg/>')\n"
        "get_ipython().events.register('post_run_cell', lambda result: None)\n"
        "atexit.register(print)\n"
        "gc.set_threshold(700, 10, 100)\n"
    )
    after = kernel.state()
    found = "\n".join(differences(before, after) + figure_printer_problems(after))
    for expected in ("Axis._update_ticks was replaced", "Text._get_layout was replaced", "svg_canvas",
                     "registered_backends", "events", "atexit", "gc:", "figures are shown as image/svg+xml by"):
        assert expected in found, (expected, found)


# --------------------------------------------------------------------------- no pickle in utils
FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "shelve", "marshal", "dill", "cloudpickle", "joblib", "copyreg"}
FORBIDDEN_CALLS = {"read_pickle", "to_pickle"}


def pickle_uses(source: str, filename: str) -> list[str]:
    """Imports of pickle-like modules, pandas' pickle calls, ``allow_pickle=True`` and
    dynamic imports of such modules in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found += [f"{filename}:{node.lineno} imports {a.name}" for a in node.names
                      if a.name.split(".")[0] in FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FORBIDDEN_MODULES:
            found.append(f"{filename}:{node.lineno} imports from {node.module}")
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_CALLS:
            found.append(f"{filename}:{node.lineno} calls {node.attr}")
        elif isinstance(node, ast.keyword) and node.arg == "allow_pickle":
            found.append(f"{filename}:{node.lineno} passes allow_pickle")
        elif isinstance(node, ast.Constant) and node.value in FORBIDDEN_MODULES:
            found.append(f"{filename}:{node.lineno} names the module {node.value!r}")
    return found


def test_utils_never_uses_pickle():
    sources = sorted((ROOT / "utils").rglob("*.py"))
    assert len(sources) > 20
    found = [hit for path in sources
             for hit in pickle_uses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == []


@pytest.mark.parametrize("source", [
    "import pickle", "import pickle as p", "from pickle import loads", "import shelve",
    "import importlib; importlib.import_module('pickle')", "frame.to_pickle(path)", "pd.read_pickle(path)",
    "np.load(path, allow_pickle=True)", "import _pickle",
])
def test_the_pickle_check_can_fail(source):
    assert pickle_uses(source, "x.py")


def test_utils_modules_loaded_in_the_kernel_hold_no_pickle_module(kernel):
    out = kernel.run(
        "import sys, types\n"
        "for name in ('05', '08'):\n"
        "    __import__(f'utils.nb{name}.panels')\n"
        "bad = [f'{m}.{a}' for m, mod in list(sys.modules.items()) if m == 'utils' or m.startswith('utils.')\n"
        "       for a, v in vars(mod).items() if isinstance(v, types.ModuleType)\n"
        "       and v.__name__.split('.')[0] in ('pickle', '_pickle', 'shelve', 'marshal')]\n"
        "print('SMM-BAD', bad, len([m for m in sys.modules if m.startswith('utils')]))\n")
    line = next(line for line in out.splitlines() if line.startswith("SMM-BAD"))
    assert line.startswith("SMM-BAD [] ") and int(line.split()[-1]) > 5
