"""community: a Dutch-first collaboration platform for SMEs in Limburg."""
from .app import create_app

__all__ = ["create_app"]
