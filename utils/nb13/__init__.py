"""Notebook 13, Bring your own data: your posts, the course's metrics (``notebooks/13_bring_your_own_data.ipynb``).

Everything this notebook needs and no other notebook uses:

* ``upload``: its analysis
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
