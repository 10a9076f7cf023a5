"""The small interface between the search use-cases and a search engine.

``services.py`` talks only to a ``SearchBackend``; ``WhooshBackend`` is the one in use.
A database full-text backend for larger deployments (PostgreSQL with the ``dutch`` and
``english`` text search configurations) would implement the same two methods over a
``search_document`` table filled from the same ``registry.DocFields`` through the same
queue (``to_tsvector('dutch', title || body)`` per language, ``websearch_to_tsquery``,
``ts_rank_cd``, ``ts_headline`` for snippets, ``GROUP BY`` for facets, ``pg_trgm`` for
"did you mean"), with the audience filter as ``audience = ANY(:audiences)``.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from markupsafe import Markup
from whoosh.query import And, Term

from ..db import utcnow
from . import maintenance, query
from .query import Filters, QueryError
from .registry import DocFields

log = logging.getLogger("community.search")

Key = tuple[str, int]
# services' callback: keys of the page -> {key: (object, display fields)} for visible ones
Present = Callable[[list[Key]], dict[Key, tuple[object, DocFields]]]


@dataclass
class BackendHit:
    type: str
    id: int
    obj: object
    title_html: Markup
    snippet: Markup


@dataclass
class BackendResult:
    total: int = 0
    hits: list[BackendHit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None


class SearchBackend(Protocol):
    def search(self, text: str, audiences: set[str], filters: Filters, page: int,
               per_page: int, present: Present) -> BackendResult: ...

    def titles(self, text: str, audiences: set[str], doc_type: str | None,
               limit: int) -> list[Key]: ...


class WhooshBackend:
    """Whoosh on local disk (see ``store.py`` for files, locks and searchers)."""

    SUGGEST_BELOW = 3  # offer "did you mean" when fewer results than this

    def _with_searcher(self, fn):
        """Run ``fn(searcher)`` on a healthy, up-to-date index; rebuild once on errors."""
        st = maintenance.store()
        for attempt in (1, 2):
            try:
                maintenance.ensure(st)
                maintenance.flush_pending(st)
                with st.searcher() as s:
                    return fn(s)
            except QueryError:
                raise
            except Exception:
                if attempt == 2:
                    raise
                log.exception("search failed; checking the index")
                st.forget()
        raise AssertionError("unreachable")

    def search(self, text, audiences, filters, page, per_page, present) -> BackendResult:
        from .schema import build_schema

        q = query.parse(_schema(build_schema), text)
        now = utcnow()

        def run(s):
            raw = query.run(s, q, audiences, filters, page, per_page, now)
            shown = present([(t, i) for t, i, _lang in raw.keys])
            hits = []
            for (doc_type, obj_id, lang), whoosh_hit in zip(raw.keys, raw.hits, strict=True):
                found = shown.get((doc_type, obj_id))
                if found is None:
                    continue
                obj, display = found
                hits.append(BackendHit(
                    doc_type, obj_id, obj,
                    query.snippet(whoosh_hit, f"title_{lang}", display.title, title=True),
                    query.snippet(whoosh_hit, f"body_{lang}", display.body)))
            result = BackendResult(total=raw.total, hits=hits, facets=raw.facets)
            if raw.total < self.SUGGEST_BELOW:
                result.suggestion = self._suggestion(s, text, audiences, filters, now)
            return result

        return self._with_searcher(run)

    def _suggestion(self, s, text, audiences, filters, now: dt.datetime) -> str | None:
        """Whoosh's corrector, kept only if the corrected query finds something this user
        may see (so a suggestion never reveals words from content hidden from them)."""
        corrected = query.correction(s, text)
        if not corrected:
            return None
        try:
            q = query.parse(s.schema, corrected)
        except QueryError:
            return None
        raw = query.run(s, q, audiences, filters, 1, 1, now, with_facets=False)
        return corrected if raw.total else None

    def titles(self, text, audiences, doc_type, limit) -> list[Key]:
        from . import registry

        q = query.prefix_query(text)
        if q is None:
            return []
        kinds = [doc_type] if doc_type else [n for n, d in registry.types().items()
                                             if d.autocomplete]
        from whoosh.query import Or

        filt = And([query.access_filter(audiences), Or([Term("type", k) for k in kinds])])

        def run(s):
            out = []
            for hit in s.search(q, filter=filt, limit=limit):
                doc_type_, _sep, ident = hit["key"].partition(":")
                out.append((doc_type_, int(ident)))
            return out

        return self._with_searcher(run)


_SCHEMA = []


def _schema(factory):
    if not _SCHEMA:
        _SCHEMA.append(factory())
    return _SCHEMA[0]
