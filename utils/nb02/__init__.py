"""Notebook 02, Why SMM is powerful (``notebooks/02_why_smm_works.ipynb``).

Everything this notebook needs and no other notebook uses:

* ``power``: its analysis
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
