"""How events are searched (see ``community/search/registry.py``).

Published events are in the index (past ones too: their materials and recording stay
useful); a cancelled event leaves it. An event outside spaces has the audience ``public``;
one in a space ``space:<id>``, so it follows the space's visibility exactly as posts and
questions do, and the database re-check (``visible``) asks the ``view`` rule.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..search.registry import PUBLIC, DocFields, Document, register_document, space_audience
from ..spaces.search_docs import _memberships
from .models import Event


def _text(html: str | None) -> str:
    return Markup(html or "").striptags()  # noqa: S704  (our own sanitised HTML, read only)


@register_document("event")
class EventDocument(Document):
    model = Event
    label = _l("Events")
    watched = ("title", "description_md", "description_html", "status", "space_id", "kind",
               "format", "address", "starts_at", "presenters")

    def fields(self, event: Event) -> DocFields | None:
        if event.status != "published":
            return None
        presenters = ", ".join(p.name for p in event.presenters)
        body = " ".join(part for part in (_text(event.description_html), event.address or "",
                                          presenters) if part)
        return DocFields(
            title=event.title, body=body,
            audience=PUBLIC if event.space_id is None else space_audience(event.space_id),
            language="nl", created=event.created_at, space_id=event.space_id)

    def reindex_query(self):
        return sa.select(Event.id).where(Event.status == "published").order_by(Event.id)

    def visible(self, user, events):
        held = _memberships(user, {e.space_id for e in events if e.space_id})
        visible = super().visible(user, events)
        del held
        return visible

    def url(self, event: Event) -> str:
        return url_for("events.show", slug=event.slug)

    def context(self, event: Event) -> str | None:
        from flask_babel import format_datetime

        when = format_datetime(event.starts_at, "medium")
        return f"{event.space.name} · {when}" if event.space is not None else when
