"""Writing audit entries. The entry joins the caller's transaction (no commit here), and
is also emitted as a structured log line."""
from __future__ import annotations

import logging

from ..extensions import db
from .models import AuditEntry

log = logging.getLogger("community.audit")
_FORBIDDEN_KEYS = {"password", "token", "iban", "secret", "api_key"}


def record(action: str, actor=None, target=None, **data) -> AuditEntry:
    clean = {k: v for k, v in data.items() if k.lower() not in _FORBIDDEN_KEYS}
    entry = AuditEntry(
        action=action,
        actor_id=getattr(actor, "id", None),
        target_type=type(target).__name__.lower() if target is not None else None,
        target_id=getattr(target, "id", None),
        data=clean,
    )
    db.session.add(entry)
    # prefixed: a bare key such as "name" or "message" would clash with LogRecord's own
    log.info(action, extra={"audit": True, "actor_id": entry.actor_id,
                            "target": entry.target_type, "target_id": entry.target_id,
                            **{f"audit_{k}": v for k, v in clean.items()}})
    return entry
