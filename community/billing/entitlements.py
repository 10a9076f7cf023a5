"""Which paid features a company may use.

Features ask ``has_access(company, feature)`` (for example ``"events.subscriber_only"``)
instead of looking at subscriptions themselves, so billing can change without touching
them. Until billing exists every company (and a user without one) has access.
"""
from __future__ import annotations


def has_access(company, feature: str) -> bool:
    """True when ``company`` (may be None) may use ``feature``."""
    return True
