"""Parsing the user's query and running it on the index: filters, facets, pages, spelling.

This module knows Whoosh; ``services.py`` adds the database side (re-checking hits,
loading them, logging). Every search has a limit (``page * per_page``, and pages stop at
``MAX_PAGE``); leading wildcards and very short prefixes are refused before they reach
Whoosh (a leading wildcard scans every term of the index: ~2 s at 100,000 documents).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from whoosh import highlight, qparser
from whoosh import query as wq

from ..errors import ValidationError
from .analysis import plain_analyzer
from .schema import FIELD_BOOSTS, TEXT_FIELDS

MAX_QUERY_LENGTH = 200
MAX_TERMS = 20
MAX_PAGE = 50
MIN_PREFIX = 3
DATE_RANGES = {  # facet key -> days back (None: older than a year)
    "week": 7,
    "month": 31,
    "year": 366,
}
DATE_LABELS = {"week": _l("Past week"), "month": _l("Past month"), "year": _l("Past year"),
               "older": _l("Older")}


class QueryError(ValidationError):
    """The query cannot be run as typed; the message says why."""


@dataclass
class Filters:
    doc_type: str | None = None
    space_id: int | None = None
    tag: str | None = None
    sector: str | None = None
    date: str | None = None

    @property
    def any_besides_type(self) -> bool:
        return any(v is not None for v in (self.space_id, self.tag, self.sector, self.date))


@dataclass
class RawPage:
    """What the index says, before the database re-check."""

    keys: list[tuple[str, int, str]]  # (type, id, lang) in rank order, for this page only
    total: int
    hits: list = field(default_factory=list)  # the Whoosh hits of ``keys``
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    results: object = None  # Whoosh Results, for highlighting (valid while the searcher is)


# ---------------------------------------------------------------- parsing

def _parser(schema) -> qparser.MultifieldParser:
    parser = qparser.MultifieldParser(list(TEXT_FIELDS), schema, fieldboosts=FIELD_BOOSTS,
                                      group=qparser.AndGroup)
    for plugin in (qparser.FieldsPlugin, qparser.RangePlugin, qparser.EveryPlugin):
        parser.remove_plugin_class(plugin)
    return parser


_PARSERS: dict[int, qparser.MultifieldParser] = {}


def clean(text: str | None) -> str:
    return " ".join((text or "").split())


def parse(schema, text: str) -> wq.Query:
    """The user's text as a Whoosh query; ``QueryError`` with a clear message if refused."""
    text = clean(text)
    if not text:
        raise QueryError(_l("Type one or more words to search for."))
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(_l("Your search is too long: use at most %(n)d characters.",
                            n=MAX_QUERY_LENGTH))
    if len(text.split()) > MAX_TERMS:
        raise QueryError(_l("Your search has too many words: use at most %(n)d.", n=MAX_TERMS))
    parser = _PARSERS.get(id(schema))
    if parser is None:
        parser = _PARSERS[id(schema)] = _parser(schema)
    try:
        q = parser.parse(text)
    except Exception as exc:  # Whoosh's parser is lenient; anything it still rejects
        raise QueryError(_l("This search could not be understood. Try plain words.")) from exc
    _refuse_expensive(q)
    if is_empty(q):
        raise QueryError(_l("Type one or more words to search for (words like \"the\" or "
                            "\"de\" are ignored)."))
    return q


def _refuse_expensive(q: wq.Query) -> None:
    for leaf in q.leaves() if not q.is_leaf() else [q]:
        if isinstance(leaf, (wq.Wildcard, wq.Prefix)):
            text = leaf.text
            stem = re.split(r"[*?]", text, maxsplit=1)[0]
            if not stem or text[0] in "*?":
                raise QueryError(_l("A search cannot start with * or ?: type at least %(n)d "
                                    "letters before the wildcard.", n=MIN_PREFIX))
            if len(stem) < MIN_PREFIX:
                raise QueryError(_l("Type at least %(n)d letters before the wildcard.",
                                    n=MIN_PREFIX))
            if re.search(r"[*?].", text):
                raise QueryError(_l("A wildcard is only allowed at the end of a word."))


def is_empty(q: wq.Query) -> bool:
    """True for a query with nothing to look for (only stop words, a lone operator)."""
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return True
    return not q.is_leaf() and not any(True for _ in q.leaves())


# ---------------------------------------------------------------- filters and facets
#
# Speed (measured with bench/search_bench.py): a Whoosh filter built from an Or of the
# user's ~50 audience terms cost ~70 ms at 5,000 documents (a tree of union matchers walked
# for every search), and the stock tag and date-range facets re-read postings per search.
# So: access is a *mask* of the documents in audiences the user lacks (usually few), read
# straight from the posting lists and cached per searcher; facet filters are docsets from
# posting lists; the tag and date facets read per-document column values.

_MASK_CACHE = 64


_TERM_CACHE_IDS = 1_000_000  # per searcher: at most this many cached document numbers


def _ids(searcher, fieldname: str, text: str) -> set[int]:
    """The documents containing a term. Cached per searcher (a searcher's index never
    changes): popular words and filter values (type, tag, space) are read once. The set
    is shared: callers must not change it."""
    cache = searcher.__dict__.setdefault("_community_terms", {})
    key = (fieldname, text)
    found = cache.get(key)
    if found is not None:
        return found
    try:
        found = set(searcher.postings(fieldname, text).all_ids())
    except Exception:  # the term is not in the index  # noqa: BLE001
        found = set()
    size = searcher.__dict__.get("_community_term_ids", 0) + len(found)
    if size > _TERM_CACHE_IDS:
        cache.clear()
        size = len(found)
    cache[key] = found
    searcher.__dict__["_community_term_ids"] = size
    return found


def access_mask(searcher, audiences: set[str]) -> set[int]:
    """Documents whose audience ``audiences`` does not include (cached per searcher)."""
    cache = searcher.__dict__.setdefault("_community_masks", {})
    key = frozenset(audiences)
    mask = cache.get(key)
    if mask is None:
        mask = set()
        for term in searcher.lexicon("audience"):
            text = term.decode() if isinstance(term, bytes) else term
            if text not in audiences:
                mask |= _ids(searcher, "audience", text)
        if len(cache) >= _MASK_CACHE:
            cache.clear()
        cache[key] = mask
    return mask


def access_filter(audiences: set[str]) -> wq.Query:
    """The same rule as a query (for small searches such as autocomplete)."""
    return wq.Or([wq.Term("audience", a) for a in sorted(audiences)])


def filter_ids(searcher, filters: Filters, now: dt.datetime) -> set[int] | None:
    """Documents matching every facet filter, or None when there is none."""
    sets = []
    if filters.doc_type:
        sets.append(_ids(searcher, "type", filters.doc_type))
    if filters.space_id is not None:
        sets.append(_ids(searcher, "space", str(filters.space_id)))
    if filters.tag:
        sets.append(_ids(searcher, "tags", filters.tag.lower()))
    if filters.sector:
        sets.append(_ids(searcher, "sector", filters.sector))
    if filters.date:
        sets.append(date_ids(searcher, filters.date, now))
    if not sets:
        return None
    sets.sort(key=len)
    out = sets[0]
    for other in sets[1:]:
        out = out & other
    return out


def date_ids(searcher, key: str, now: dt.datetime) -> set[int]:
    """Documents created in the range (from the facet table; a DateRange query expands
    into many terms and cost ~40 ms here). Cached per searcher and day."""
    today = _to_long(now) // _DAY
    cache = searcher.__dict__.setdefault("_community_dates", {})
    if (key, today) not in cache:
        days = facet_table(searcher)["day"]
        if key == "older":
            limit = today - DATE_RANGES["year"]
            ids = {i for i, d in enumerate(days) if 0 <= d < limit}
        else:
            limit = today - DATE_RANGES[key]
            ids = {i for i, d in enumerate(days) if d >= limit}
        cache[(key, today)] = ids
    return cache[(key, today)]


# Facet values per document, read in bulk from the columns once per segment and kept per
# process (a segment never changes; deletions never show up in a docset), so counting the
# facets of 25,000 matches is a few C-level Counter passes instead of Python per match.

_TABLES: dict[str, dict[str, list]] = {}  # segment id (random, unique) -> table
_TABLES_MAX = 64
_DAY = 86_400_000_000  # DATETIME columns hold microseconds since year 1


def _segment_table(reader) -> dict[str, list]:
    out = {}
    for name in ("type", "space", "sector", "tagcol"):
        values = list(reader.column_reader(name, translate=False))
        out[name] = [v.decode() if isinstance(v, bytes) else (v or "") for v in values]
    out["tagcol"] = [tuple(v.split(",")) if v else () for v in out["tagcol"]]
    out["day"] = [v // _DAY if isinstance(v, int) and 0 < v < 10_000 * 366 * _DAY else -1
                  for v in reader.column_reader("created", translate=False)]
    return out


def facet_table(searcher) -> dict[str, list]:
    """Global docnum -> facet values, for this searcher's segments."""
    table = searcher.__dict__.get("_community_table")
    if table is not None:
        return table
    table = {name: [] for name in ("type", "space", "sector", "tagcol", "day")}
    for reader, _offset in searcher.reader().leaf_readers():
        key = reader.segment().segment_id()
        seg = _TABLES.get(key)
        if seg is None:
            if len(_TABLES) >= _TABLES_MAX:
                _TABLES.clear()
            seg = _TABLES[key] = _segment_table(reader)
        for name in table:
            table[name].extend(seg[name])
    searcher.__dict__["_community_table"] = table
    return table


def facet_counts(searcher, docs: set[int], now: dt.datetime) -> dict[str, dict[str, int]]:
    table = facet_table(searcher)
    out = {}
    for facet, column in (("type", "type"), ("space", "space"), ("sector", "sector")):
        out[facet] = {k: n for k, n in Counter(map(table[column].__getitem__, docs)).items()
                      if k}
    out["tag"] = {k: n for k, n in Counter(chain.from_iterable(
        map(table["tagcol"].__getitem__, docs))).items() if k}
    days = Counter(map(table["day"].__getitem__, docs))
    today = _to_long(now) // _DAY
    dates = dict.fromkeys(DATE_LABELS, 0)
    for day, n in days.items():
        if day < 0:
            continue
        inside = [k for k, d in DATE_RANGES.items() if day >= today - d]
        for k in inside or ["older"]:
            dates[k] += n
    out["date"] = {k: n for k, n in dates.items() if n}
    return out


def _to_long(moment: dt.datetime) -> int:
    from whoosh.util.times import datetime_to_long

    return datetime_to_long(moment.replace(tzinfo=None))


def match_ids(searcher, q: wq.Query) -> set[int]:
    """Every document matching ``q`` (unscored). Plain boolean queries of terms are
    evaluated on posting lists directly, about twice as fast as Whoosh's matcher tree."""
    if isinstance(q, wq.Term):
        return _ids(searcher, q.fieldname, q.text)
    if isinstance(q, wq.Or) and not isinstance(q, wq.DisjunctionMax):
        out: set[int] = set()
        for sub in q.subqueries:
            out |= match_ids(searcher, sub)
        return out
    if isinstance(q, wq.And):
        sets = sorted((match_ids(searcher, sub) for sub in q.subqueries), key=len)
        out = sets[0] if sets else set()
        for other in sets[1:]:
            out = out & other
        return out
    if isinstance(q, wq.AndNot):
        return match_ids(searcher, q.a) - match_ids(searcher, q.b)
    if isinstance(q, wq.AndMaybe):
        return match_ids(searcher, q.a)
    return set(searcher.docs_for_query(q))


def run(searcher, q: wq.Query, audiences: set[str], filters: Filters, page: int,
        per_page: int, now: dt.datetime, with_facets: bool = True) -> RawPage:
    """One page of hits (keys only) with the total and the facet counts.

    The page comes from Whoosh's scored search (limit ``page * per_page``); the total and
    the facets from the set of all matching documents the user may see."""
    limit = page * per_page
    allowed = filter_ids(searcher, filters, now)
    if allowed is not None and not allowed:  # Whoosh reads an empty filter as "no filter"
        return RawPage(keys=[], total=0)
    mask = access_mask(searcher, audiences)
    results = searcher.search(q, filter=allowed, mask=mask, limit=limit, terms=False)
    docs = match_ids(searcher, q) - mask
    if allowed is not None:
        docs &= allowed
    start = (page - 1) * per_page
    keys, hits = [], []
    for hit in results[start:limit]:
        doc_type, _sep, ident = hit["key"].partition(":")
        keys.append((doc_type, int(ident), hit.get("lang", "nl")))
        hits.append(hit)
    counts = facet_counts(searcher, docs, now) if with_facets else {}
    return RawPage(keys=keys, hits=hits, total=len(docs), facets=counts, results=results)


# ---------------------------------------------------------------- snippets

class SafeFormatter(highlight.Formatter):
    """Escapes every character of the text; only our own ``<mark>`` tags are markup."""

    between = " … "

    def _text(self, text: str) -> str:
        return str(escape(text))

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"


_BODY = highlight.Highlighter(fragmenter=highlight.ContextFragmenter(maxchars=220, surround=60),
                              formatter=SafeFormatter())
_TITLE = highlight.Highlighter(fragmenter=highlight.WholeFragmenter(), formatter=SafeFormatter())
SNIPPET_CHARS = 240


def snippet(hit, fieldname: str, text: str, title: bool = False) -> Markup:
    """``text`` with the matched words in ``<mark>``; all of it escaped. A body without a
    match gives its beginning; a title without a match is returned whole."""
    if not text:
        return Markup("")
    hl = _TITLE if title else _BODY
    try:
        out = hl.highlight_hit(hit, fieldname, text=text, top=1 if title else 2)
    except Exception:  # never let a highlighting problem break the page
        out = ""
    if out:
        return Markup(out)  # noqa: S704  (SafeFormatter escaped every character of the text)
    if title or len(text) <= SNIPPET_CHARS:
        return escape(text)
    return escape(text[:SNIPPET_CHARS - 1] + "…")


# ---------------------------------------------------------------- spelling

_WORDS = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def correction(searcher, text: str) -> str | None:
    """The query with unknown words replaced by Whoosh's best suggestion, or None."""
    changed = False
    out = text
    analyzer = plain_analyzer()
    for word in set(_WORDS.findall(text)):
        if word in OPERATORS:
            continue
        folded = "".join(t.text for t in analyzer(word))
        if not folded or searcher.doc_frequency("spell", folded) > 0:
            continue
        suggestions = searcher.suggest("spell", folded, limit=1, maxdist=2, prefix=1)
        if suggestions and suggestions[0] != folded:
            out = re.sub(rf"\b{re.escape(word)}\b", suggestions[0], out)
            changed = True
    return out if changed else None


# ---------------------------------------------------------------- autocomplete

def prefix_query(text: str) -> wq.Query | None:
    words = [t.text[:20] for t in plain_analyzer()(clean(text)[:MAX_QUERY_LENGTH])]
    words = [w for w in words if len(w) >= 2][:6]
    if not words:
        return None
    return wq.And([wq.Term("title_ac", w) for w in words])
