"""Search use-cases: ``search`` (a results page) and ``suggest_titles`` (autocomplete).

Explicit arguments (the searching user, the query, filters), no request globals. Each
search: the index is made present (``maintenance.ensure``), the queue is flushed, the
index is filtered by the user's audiences (from the database), the hits of the page are
loaded from the database in one query per type and re-checked with ``access``, and the
query is logged without any user id (``SearchQueryLog``).
"""
from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..db import utcnow
from ..errors import DomainError
from ..extensions import db
from . import query, registry
from .backend import WhooshBackend
from .models import SearchQueryLog
from .query import Filters, QueryError

log = logging.getLogger("community.search")

PER_PAGE = 10
FACET_LIMIT = 10


class SearchUnavailable(DomainError):
    status = 503
    default_message = _l("Search is briefly unavailable. Please try again in a minute.")


@dataclass
class Hit:
    type: str
    id: int
    type_label: str
    title: str
    title_html: Markup
    snippet: Markup
    url: str
    context: str | None
    created_at: object


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchPage:
    query: str
    filters: Filters
    page: int = 1
    per_page: int = PER_PAGE
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    message: str | None = None

    @property
    def pages(self) -> int:
        return min(query.MAX_PAGE, math.ceil(self.total / self.per_page)) if self.total else 0


def backend():
    return WhooshBackend()


def unknown_space(value: str):
    return _l("Unknown space \"%(value)s\".", value=value[:30])


def page_message():
    return _l("Pages go from 1 to %(n)d; refine your search to see more.", n=query.MAX_PAGE)


def validate_filters(filters: Filters) -> None:
    if filters.doc_type is not None and registry.get(filters.doc_type) is None:
        raise QueryError(_l("Unknown result type \"%(value)s\".", value=filters.doc_type[:30]))
    if filters.date is not None and filters.date not in query.DATE_LABELS:
        raise QueryError(_l("Unknown date range \"%(value)s\".", value=filters.date[:30]))
    if filters.tag is not None and len(filters.tag) > 60:
        raise QueryError(_l("Unknown tag."))
    if filters.sector is not None and len(filters.sector) > 2:
        raise QueryError(_l("Unknown sector."))


def validate_page(page: int) -> None:
    if page < 1 or page > query.MAX_PAGE:
        raise QueryError(page_message())


def search(user, text: str | None, filters: Filters | None = None, page: int = 1,
           per_page: int = PER_PAGE, locale: str = "nl", source: str = "web") -> SearchPage:
    """One page of results that ``user`` may see; raises ``QueryError`` for bad input and
    ``SearchUnavailable`` when the index cannot be used right now."""
    filters = filters or Filters()
    text = query.clean(text)
    validate_filters(filters)
    validate_page(page)
    result = SearchPage(query=text, filters=filters, page=page, per_page=per_page)
    audiences = registry.audiences_for(user)
    try:
        found = backend().search(text, audiences, filters, page, per_page,
                                 lambda keys: _present(user, keys))
    except QueryError:
        raise
    except Exception as exc:
        log.exception("search failed")
        raise SearchUnavailable() from exc
    result.total = found.total
    result.suggestion = found.suggestion
    result.hits = [_hit(h) for h in found.hits]
    result.facets = _facets(found.facets, filters)
    if found.total and page > result.pages:
        result.message = _l("There is no page %(page)d: the results have %(n)d pages.",
                            page=page, n=result.pages)
    _log(text, result.total, filters, page, locale, source)
    return result


def _present(user, keys) -> dict:
    """Load the page's hits (one query per type), keep those ``user`` may see, with the
    text to show (from the database, never from the index)."""
    by_type: dict[str, list[int]] = defaultdict(list)
    for doc_type, obj_id in keys:
        by_type[doc_type].append(obj_id)
    out = {}
    for doc_type, ids in by_type.items():
        spec = registry.get(doc_type)
        if spec is None:
            continue
        for obj in spec.visible(user, spec.load(db.session, ids)):
            out[(doc_type, obj.id)] = (obj, spec.fields_for_display(obj))
    return out


def _hit(h) -> Hit:
    spec = registry.get(h.type)
    return Hit(type=h.type, id=h.id, type_label=str(spec.label),
               title=spec.fields_for_display(h.obj).title, title_html=h.title_html,
               snippet=h.snippet, url=spec.url(h.obj), context=spec.context(h.obj),
               created_at=getattr(h.obj, "created_at", None))


def _facets(counts: dict[str, dict[str, int]], filters: Filters) -> dict[str, list[FacetValue]]:
    """Facet values with labels; counts come from the index filtered for this user."""
    from flask_babel import get_locale

    from ..spaces.models import Space
    from ..tags import Tag
    from ..taxonomy import SECTORS

    def top(name):
        return sorted(counts.get(name, {}).items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_LIMIT]

    out: dict[str, list[FacetValue]] = {}
    types = registry.types()
    out["type"] = [FacetValue(k, str(types[k].label), n, k == filters.doc_type)
                   for k, n in top("type") if k in types]
    space_counts = [(k, n) for k, n in top("space") if k.isdigit()]
    names = dict(db.session.execute(sa.select(Space.id, Space.name).where(
        Space.id.in_([int(k) for k, _n in space_counts]))).all()) if space_counts else {}
    out["space"] = [FacetValue(k, names[int(k)], n, str(filters.space_id) == k)
                    for k, n in space_counts if int(k) in names]
    tag_counts = top("tag")
    tags = {t.slug: t for t in db.session.scalars(
        sa.select(Tag).where(Tag.slug.in_([k for k, _n in tag_counts])))} if tag_counts else {}
    locale = str(get_locale() or "nl")
    out["tag"] = [FacetValue(k, tags[k].display(locale), n, k == filters.tag)
                  for k, n in tag_counts if k in tags]
    out["sector"] = [FacetValue(k, str(SECTORS[k]), n, k == filters.sector)
                     for k, n in top("sector") if k in SECTORS]
    date_counts = counts.get("date", {})
    out["date"] = [FacetValue(k, str(label), date_counts[k], k == filters.date)
                   for k, label in query.DATE_LABELS.items() if date_counts.get(k)]
    return out


# ---------------------------------------------------------------- autocomplete

def suggest_titles(user, text: str | None, doc_type: str | None = None,
                   limit: int = 8) -> list[dict]:
    """Titles starting with what was typed, that ``user`` may see (for the search box and
    "similar questions"). Not logged: it runs on every keystroke."""
    limit = max(1, min(limit, 20))
    if doc_type is not None and (registry.get(doc_type) is None
                                 or not registry.get(doc_type).autocomplete):
        raise QueryError(_l("Unknown result type \"%(value)s\".", value=doc_type[:30]))
    if query.prefix_query(text or "") is None:
        return []
    audiences = registry.audiences_for(user)
    try:
        keys = backend().titles(text or "", audiences, doc_type, limit * 2)
    except Exception as exc:
        log.exception("title suggestions failed")
        raise SearchUnavailable() from exc
    shown = _present(user, keys)
    out = []
    for key in keys:
        found = shown.get(key)
        if found is None:
            continue
        obj, display = found
        spec = registry.get(key[0])
        out.append({"type": key[0], "type_label": str(spec.label), "id": key[1],
                    "title": display.title, "url": spec.url(obj)})
        if len(out) >= limit:
            break
    return out


# ---------------------------------------------------------------- insight

_EMAIL = re.compile(r"\S+@\S+")
_NUMBER = re.compile(r"\d[\d\s.-]{5,}\d")


def normalise_for_log(text: str) -> str:
    """Lower case, single spaces, e-mail addresses and long numbers (phone, IBAN, KvK)
    masked: the log says what was looked for, not who or whose details."""
    text = _EMAIL.sub("[email]", text.lower())
    text = _NUMBER.sub("[number]", text)
    return " ".join(text.split())[:200]


def _log(text: str, count: int, filters: Filters, page: int, locale: str, source: str) -> None:
    """One row per search. The request's transaction only read so far: it is ended first,
    so the INSERT starts a transaction of its own (on SQLite a read transaction that
    later writes fails if another process wrote meanwhile; a fresh one waits its turn)."""
    try:
        db.session.commit()
        db.session.add(SearchQueryLog(
            query=normalise_for_log(text), result_count=count, doc_type=filters.doc_type,
            filtered=filters.any_besides_type, page=page, locale=(locale or "nl")[:5],
            source=source, created_at=utcnow()))
        db.session.commit()
    except Exception:  # insight must never break a search
        db.session.rollback()
        log.exception("search: could not log the query")


def top_queries(days: int = 30, zero_results: bool = False, limit: int = 50):
    """What people looked for (and did not find) in the last ``days`` days."""
    import datetime as dt

    since = utcnow() - dt.timedelta(days=days)
    stmt = (sa.select(SearchQueryLog.query, sa.func.count().label("n"),
                      sa.func.avg(SearchQueryLog.result_count).label("avg_results"))
            .where(SearchQueryLog.created_at >= since, SearchQueryLog.page == 1)
            .group_by(SearchQueryLog.query).order_by(sa.desc("n")).limit(limit))
    if zero_results:
        stmt = stmt.where(SearchQueryLog.result_count == 0)
    return db.session.execute(stmt).all()


__all__ = ["QueryError", "SearchUnavailable", "search", "suggest_titles", "Filters"]
