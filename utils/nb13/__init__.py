"""Notebook 13, Bring your own data: your posts, the course's metrics (``notebooks/13_bring_your_own_data.ipynb``).

Everything this notebook needs and no other notebook uses:

* ``upload``: its entry points (``read_export``, ``summarise``, the panel's pure function), built on
  ``reading`` (bytes -> tables), ``headers`` (the header table and the mapping), ``detect`` (platform and
  kind of file), ``values`` and ``convert`` (typed, checked rows), ``summary`` (rates on each platform's
  base) and ``daily`` (account totals per day); ``errors`` holds their exceptions
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
