"""Exercise checks, one module per notebook (``nbNN.py``), built on ``utils.checks``."""
