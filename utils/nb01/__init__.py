"""Notebook 01, What SMM is and how social media grew (``notebooks/01_what_is_smm.ipynb``).

Everything this notebook needs and no other notebook uses:

* ``growth``: its analysis
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
