"""The course image's Jupyter server settings (Binder and JupyterHub images built with repo2docker).

``postBuild`` copies this file to ``<environment>/etc/jupyter/jupyter_server_config.py``,
where every Jupyter server of the image reads it. The hub's idle culler stops a whole
server after an hour without activity (``deploy/jupyterhub/config.yaml``); this file
stops the *kernels* a learner has left behind inside a server that is still in use.

Why it matters (measured, see docs/deployment.md "Sizing"): a student's server with one
course kernel holds about 0.3 GiB, and every further open notebook adds a kernel of about
0.15 GiB, so a student who opens all 14 notebooks without shutting any down holds about
2.2 GiB. Every course notebook runs from the top in a few seconds (Run > Run All Cells),
so losing an idle kernel costs a learner little.
"""

# c is provided by Jupyter's config loader.
c = get_config()  # noqa: F821

# A kernel idle (no code running, no output) for 20 minutes is shut down, checked every
# minute, even when its notebook is still open in a browser tab: a forgotten tab would
# otherwise keep its kernel's memory for the whole session. A kernel that is running
# code is never culled. JupyterLab then shows "No Kernel"; choosing a kernel and running
# the notebook again restores it.
c.MappingKernelManager.cull_idle_timeout = 20 * 60
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = True
c.MappingKernelManager.cull_busy = False

# Terminals left open are closed after an hour without input.
c.TerminalManager.cull_inactive_timeout = 60 * 60
c.TerminalManager.cull_interval = 5 * 60

# The course works offline and shows no pop-ups that are not about the course: the server
# never fetches JupyterLab's news feed nor checks for a newer JupyterLab (the matching
# JupyterLab settings are in overrides.json beside this file).
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
