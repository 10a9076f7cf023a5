"""New-user limits in the spirit of Discourse trust levels (CONTRACT STUB: to be
implemented by the moderation work).

Content services call ``check_posting`` before writing; it raises ``RateLimited`` (429)
or ``ValidationError`` (400) with a clear message.
"""
from __future__ import annotations


def check_posting(user, kind: str, source_md: str = "") -> None:
    """Refuse when ``user`` exceeds the limits for ``kind`` ("post", "comment", ...):
    in their first day, a cap on items, links and mentions; always a posting rate limit."""
