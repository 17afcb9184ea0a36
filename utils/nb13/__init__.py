"""Notebook 13, Bring your own data: your posts, the course's metrics (``notebooks/13_bring_your_own_data.ipynb``).

Everything this notebook needs and no other notebook uses:

* ``upload``: **the entry point**, what the notebook imports from: ``read_export`` (a file -> one row per post or
  per day), ``summarise`` and the panel's pure function, with the names the notebook needs from the step modules
  re-exported. The steps, one module each, in the order a file goes through them: ``reading`` (bytes -> tables),
  ``headers`` (the header table and the mapping), ``detect`` (platform and kind of file), ``values`` and
  ``convert`` (typed, checked rows), ``summary`` (rates on each platform's base; also ``benchmark_lines``) and
  ``daily`` (account totals per day); ``errors`` holds their exceptions
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
