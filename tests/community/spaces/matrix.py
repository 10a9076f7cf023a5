"""Access-matrix cases of the spaces package (discovered by tests/test_access_matrix.py).

The spaces pages keep theirs in ``matrix_spaces.py`` and the posts pages in
``matrix_posts.py``; this module gathers both. The spaces cases run first and leave the
spaces they made in ``world.extra["spaces"]`` for the posts cases to reuse.
"""
from importlib import import_module
from importlib.util import find_spec

from . import matrix_spaces


def cases(world):
    out = list(matrix_spaces.cases(world))
    if find_spec(f"{__package__}.matrix_posts") is not None:
        out.extend(import_module(f"{__package__}.matrix_posts").cases(world))
    return out
