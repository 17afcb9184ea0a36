#!/usr/bin/env python3
"""Serve the course calculators as Voila apps on 127.0.0.1, fully offline.

    python3 tasks.py app                  all apps in apps/ (a page lists them)
    python3 tasks.py app -- --port 8870   another port

Uses the course's own Voila template (share/jupyter/voila/templates/smm), which
loads nothing from the internet.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> None:
    argv = [a for a in argv if a != "--"]
    port = "8866"
    if "--port" in argv:
        i = argv.index("--port")
        port = argv[i + 1]
        del argv[i:i + 2]
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(ROOT / "share" / "jupyter"), env.get("JUPYTER_PATH")]))
    cmd = [sys.executable, "-m", "voila", str(ROOT / "apps"), f"--port={port}", "--Voila.ip=127.0.0.1",
           "--template=smm", "--theme=light", "--VoilaConfiguration.show_tracebacks=False",
           "--VoilaConfiguration.file_allowlist=[]",
           # JupyterLab-only extensions fail in Voila's page (console errors): leave them out
           "--VoilaConfiguration.extension_denylist=['@jupyter/nbgrader', '@jupyter-notebook/lab-extension',"
           " '@voila-dashboards/jupyterlab-preview']", *argv]
    if "--no-browser" not in argv:
        print(f"SMM Lab apps: open http://127.0.0.1:{port}/ (Ctrl+C to stop)", flush=True)
        cmd.append("--no-browser")
    os.execve(sys.executable, cmd, env)


if __name__ == "__main__":
    main(sys.argv[1:])
