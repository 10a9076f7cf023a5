"""Full-text search: Whoosh, Dutch and English, permission-aware, safe with several
processes. See ``README.md`` in this folder for the design and the choice of Whoosh fork."""
from . import queue  # noqa: F401  (registers the session events that queue index updates)
from .views import bp

blueprints = [bp]
