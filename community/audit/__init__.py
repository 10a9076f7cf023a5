"""Audit log of security-relevant actions (no secrets ever)."""
from .service import record  # noqa: F401
