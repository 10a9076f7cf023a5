"""Turning database objects into index documents: single updates and full rebuilds.

Both read the database through their own SQLAlchemy session (``session_scope``), never
the request's: they run after the request's commit, and in tests they join the test's
transaction because ``db.engine`` is then the test connection.
"""
from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..extensions import db
from . import registry
from .registry import DocFields

log = logging.getLogger("community.search")

CHUNK = 500


@contextmanager
def session_scope():
    """A short-lived session of its own (a savepoint inside tests' outer transaction)."""
    session = Session(bind=db.engine, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def whoosh_document(doc_type: str, obj_id: int, f: DocFields) -> dict:
    lang = f.language if f.language in ("nl", "en") else "nl"
    doc = {
        "key": registry.key(doc_type, obj_id),
        "type": doc_type,
        "lang": lang,
        f"title_{lang}": f.title or "",
        f"body_{lang}": f.body or "",
        "spell": f"{f.title or ''} {f.body or ''}",
        "audience": f.audience,
        "space": str(f.space_id) if f.space_id is not None else "",
        "tags": ",".join(f.tags),
        "tagcol": ",".join(f.tags).encode(),
        "sector": f.sector or "",
    }
    if registry.get(doc_type).autocomplete:
        doc["title_ac"] = f.title or ""
    if f.created is not None:
        doc["created"] = f.created.replace(tzinfo=None)  # UTC, naive (Whoosh compares naive)
    return doc


def documents_for(session, doc_type: str, ids: Iterable[int]) -> dict[int, dict | None]:
    """id -> Whoosh document, or None where the object is gone or not indexable."""
    spec = registry.get(doc_type)
    ids = list(ids)
    out: dict[int, dict | None] = {i: None for i in ids}
    if spec is None:
        return out
    for obj in spec.load(session, ids):
        fields_ = spec.fields(obj)
        out[obj.id] = whoosh_document(doc_type, obj.id, fields_) if fields_ else None
    return out


def apply(writer, session, keys: Iterable[tuple[str, int]]) -> int:
    """Bring the documents for ``keys`` up to date in ``writer``; returns how many."""
    by_type: dict[str, set[int]] = defaultdict(set)
    for doc_type, obj_id in keys:
        by_type[doc_type].add(obj_id)
    n = 0
    for doc_type, ids in by_type.items():
        ids = sorted(ids)
        for start in range(0, len(ids), CHUNK):
            docs = documents_for(session, doc_type, ids[start:start + CHUNK])
            for obj_id, doc in docs.items():
                if doc is None:
                    writer.delete_by_term("key", registry.key(doc_type, obj_id))
                else:
                    writer.update_document(**doc)
                n += 1
    return n


@dataclass
class BuildStats:
    documents: int = 0
    seconds: float = 0.0


def fill(writer, session, types: Iterable[str] | None = None) -> BuildStats:
    """Add every indexable object to a fresh index's ``writer`` (no deletes needed)."""
    started = time.perf_counter()
    stats = BuildStats()
    for doc_type in types or registry.types():
        spec = registry.get(doc_type)
        ids = list(session.scalars(spec.reindex_query()))
        for start in range(0, len(ids), CHUNK):
            for doc in documents_for(session, doc_type, ids[start:start + CHUNK]).values():
                if doc is not None:
                    writer.add_document(**doc)
                    stats.documents += 1
            session.expunge_all()  # keep memory flat on large databases
    stats.seconds = time.perf_counter() - started
    return stats
