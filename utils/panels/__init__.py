"""Widget panels, one module per notebook (``nbNN.py``).

Each module builds its panels from pure functions in the domain modules and
declares ``DEMOS``: for each panel, a control to drive and the values to set, so
the browser tests and the latency benchmark can exercise it and compute the
exact expected output from the same pure function.
"""
