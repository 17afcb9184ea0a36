"""Notebook 11, Capstone: a campaign end to end (``notebooks/11_capstone.ipynb``).

Everything this notebook needs and no other notebook uses. The capstone's three
stages, each a module the notebook imports by name:

* ``brief``: the campaign's parameters, their checks (``validate_parameters``) and the default brief
* ``forecast``: what the data say (prices and rates per platform and content type, the segment's lift)
  and the campaign followed down the funnel (``simulate``); its docstring describes the model
* ``report``: key numbers, the three charts, the explorer's compute and the HTML report (``write_report``)

and beside them:

* ``backtest``: the forecast checked against every past campaign
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
