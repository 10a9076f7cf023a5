"""The one way a content type becomes searchable: ``@register_document``.

A feature describes how its objects are indexed in its own ``search_docs.py`` (loaded at
start-up for every package in ``app.FEATURES``, like ``policy.py``)::

    @register_document("post")
    class PostDocument(Document):
        model = Post
        label = _l("Best practices")
        watched = ("title", "body_md", "status", "space_id", "tags")

        def fields(self, post): ...       # -> DocFields, or None: not in the index
        def reindex_query(self): ...      # ids of every object that belongs in the index
        def load(self, session, ids): ... # objects for indexing and for hits (eager loads)
        def visible(self, user, objs): ...# the database re-check at query time
        def url(self, post): ...

Who may see a document is its ``audience`` (one string, see below) together with the
database re-check: the index filters by the audiences the searching user has (computed
from the database for each request by the ``@audience_provider`` functions), then every
hit on the page is loaded from the database and checked with ``visible`` (by default
``access.can(user, "view", obj)``), so an index that lags behind can hide too much for a
moment but never show too much.

Audiences: ``public`` (everyone), ``members`` (logged-in users), ``user:<id>`` (that user
only), ``space:<id>`` (whoever may read the content of that space). Providers may add more.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module

import sqlalchemy as sa

from .. import access

PUBLIC = "public"
MEMBERS = "members"


def user_audience(user_id: int) -> str:
    return f"user:{user_id}"


def space_audience(space_id: int) -> str:
    return f"space:{space_id}"


@dataclass
class DocFields:
    """What the index knows about one object."""

    title: str
    body: str
    audience: str
    language: str = "nl"
    created: dt.datetime | None = None
    space_id: int | None = None
    tags: list[str] = field(default_factory=list)
    sector: str | None = None


class Document:
    """Describes one searchable type; subclass it and decorate with ``register_document``."""

    name: str = ""  # set by the decorator
    model: type = None  # type: ignore[assignment]
    label = ""
    # attributes whose change re-indexes a changed object (new and deleted always do)
    watched: tuple[str, ...] = ()
    # attributes whose change also re-indexes ``related`` documents
    cascade: tuple[str, ...] = ()
    autocomplete = True  # offered in the title autocomplete

    def fields(self, obj) -> DocFields | None:
        raise NotImplementedError

    def reindex_query(self) -> sa.Select:
        """A SELECT of the ids of every object that belongs in the index."""
        return sa.select(self.model.id).order_by(self.model.id)

    def load(self, session, ids: Iterable[int]) -> list:
        """Objects with the given ids, with what ``fields``/``display`` need loaded."""
        return list(session.scalars(sa.select(self.model).where(self.model.id.in_(list(ids)))))

    def visible(self, user, objs: list) -> list:
        """The database re-check: keep what ``user`` may see."""
        return [o for o in objs if access.can(user, "view", o)]

    def related(self, connection, obj) -> list[tuple[str, int]]:
        """Other documents to re-index when a ``cascade`` attribute of ``obj`` changed."""
        return []

    def url(self, obj) -> str:
        raise NotImplementedError

    def title(self, obj) -> str:
        return self.fields_for_display(obj).title

    def fields_for_display(self, obj) -> DocFields:
        """Title and text for result lists and snippets (from the database object)."""
        fields_ = self.fields(obj)
        if fields_ is None:
            return DocFields(title=str(obj), body="", audience=PUBLIC)
        return fields_

    def context(self, obj) -> str | None:
        """A short line under the title (e.g. the space's name)."""
        return None


_TYPES: dict[str, Document] = {}
_BY_MODEL: dict[type, Document] = {}
_AUDIENCE_PROVIDERS: list[Callable] = []
_loaded = False


def register_document(name: str):
    """Class decorator: register a ``Document`` subclass under ``name`` (e.g. "post")."""

    def decorator(cls):
        doc = cls()
        doc.name = name
        _TYPES[name] = doc
        _BY_MODEL[cls.model] = doc
        return cls

    return decorator


def audience_provider(fn: Callable):
    """Register ``fn(user) -> set[str]``: audiences ``user`` belongs to."""
    _AUDIENCE_PROVIDERS.append(fn)
    return fn


def load_document_types() -> None:
    """Import ``<feature>.search_docs`` for every feature package (once)."""
    global _loaded
    if _loaded:
        return
    from ..app import FEATURES

    for package in FEATURES:
        try:
            import_module(f"{package}.search_docs")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.search_docs":
                raise
    _loaded = True


def types() -> dict[str, Document]:
    load_document_types()
    return dict(_TYPES)


def get(name: str) -> Document | None:
    load_document_types()
    return _TYPES.get(name)


def for_model(model: type) -> Document | None:
    return _BY_MODEL.get(model)


def audiences_for(user) -> set[str]:
    """Every audience ``user`` (maybe anonymous) belongs to, from the database."""
    load_document_types()
    out = {PUBLIC}
    if access.is_authenticated(user):
        out |= {MEMBERS, user_audience(user.id)}
    for provider in _AUDIENCE_PROVIDERS:
        out |= set(provider(user))
    return out


def key(doc_type: str, obj_id: int) -> str:
    return f"{doc_type}:{obj_id}"


def parse_key(value: str) -> tuple[str, int]:
    doc_type, _sep, ident = value.partition(":")
    return doc_type, int(ident)
