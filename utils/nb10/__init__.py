"""Notebook 10, Advantages, risks and crisis response (``notebooks/10_risks_and_crisis.ipynb``).

Everything this notebook needs and no other notebook uses:

* ``crisis``: its analysis
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
