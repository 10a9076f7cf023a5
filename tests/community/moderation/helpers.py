"""Helpers for moderation tests."""
from __future__ import annotations

import re

from community.extensions import db


def audit_actions(target=None) -> list[str]:
    from community.audit.models import AuditEntry

    stmt = db.select(AuditEntry.action).order_by(AuditEntry.id)
    if target is not None:
        stmt = stmt.where(AuditEntry.target_type == type(target).__name__.lower(),
                          AuditEntry.target_id == target.id)
    return list(db.session.scalars(stmt))


def report_count(**where) -> int:
    from community.moderation.models import Report

    stmt = db.select(db.func.count()).select_from(Report)
    for key, value in where.items():
        stmt = stmt.where(getattr(Report, key) == value)
    return db.session.scalar(stmt)


def token(client, path: str = "/") -> str:
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert found, f"no CSRF token on {path}"
    return found.group(1)
