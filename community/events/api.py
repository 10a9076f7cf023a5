"""API of the events (the same services as the pages).

- ``GET /api/v1/events``: upcoming events the caller may see (filters ``kind``, ``format``)
- ``GET /api/v1/events/{slug}``
- ``POST /api/v1/events/{slug}/registration``: register (a seat, or the waitlist when full)
- ``DELETE /api/v1/events/{slug}/registration``: cancel the registration

Writes need a write token (or the browser session + CSRF token). An event the caller may
not see (in a space they are no member of) answers 404, exactly like a missing one. The
query string is validated by the schemas (422 with ``errors``); the registration service
answers 401/403/409 with ``message``. The video link is only shown to people who may
attend (``attend``); the check-in code never.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_login import AnonymousUserMixin
from marshmallow import Schema, fields, validate
from sqlalchemy.orm import joinedload, selectinload

from .. import access
from ..accounts.models import User
from ..api import api_user, make_blueprint, require_api_user
from ..api.schemas import PageArgs
from ..db import utcnow
from ..extensions import db
from ..spaces.post_api import PersonRefSchema
from . import policy, registration, services
from .models import EVENT_FORMATS, EVENT_KINDS, EVENT_STATES, REGISTRATION_STATES, Event

blp = make_blueprint("events_api", __name__, "/events",
                     description="Events: masterclasses, workshops and registration")

api_blueprints = [blp]


def _caller():
    return api_user() or AnonymousUserMixin()


# ---------------------------------------------------------------- schemas

class SpaceRefSchema(Schema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()


class MyRegistrationSchema(Schema):
    status = fields.String(validate=validate.OneOf(REGISTRATION_STATES))
    waitlist_position = fields.Integer(allow_none=True,
                                       metadata={"description": "1-based; null with a seat"})
    created_at = fields.DateTime()


class EventSchema(Schema):
    id = fields.Integer()
    slug = fields.String()
    title = fields.String()
    kind = fields.String(validate=validate.OneOf(EVENT_KINDS))
    format = fields.String(validate=validate.OneOf(EVENT_FORMATS))
    status = fields.String(validate=validate.OneOf(EVENT_STATES))
    description = fields.String(metadata={"description": "Markdown source"})
    description_html = fields.String(metadata={"description": "Sanitised HTML"})
    address = fields.String(allow_none=True)
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    registration_deadline = fields.DateTime(allow_none=True)
    capacity = fields.Integer(allow_none=True, metadata={"description": "null: unlimited"})
    registered = fields.Integer(metadata={"description": "Seats taken"})
    waitlisted = fields.Integer()
    seats_left = fields.Integer(allow_none=True, metadata={"description": "null: unlimited"})
    requires_subscription = fields.Boolean()
    space = fields.Nested(SpaceRefSchema, allow_none=True,
                          metadata={"description": "null: a platform-wide event"})
    organiser = fields.Nested(PersonRefSchema, allow_none=True)
    presenters = fields.List(fields.Nested(PersonRefSchema))
    cancel_reason = fields.String(allow_none=True)
    my_registration = fields.Nested(MyRegistrationSchema, allow_none=True,
                                    metadata={"description": "The caller's registration "
                                                             "(not cancelled), or null"})
    url = fields.String()


class EventDetailSchema(EventSchema):
    conference_url = fields.String(
        allow_none=True,
        metadata={"description": "The video room; only for people who may attend"})
    recording_url = fields.String(allow_none=True)
    can_register = fields.Boolean()


class EventPageSchema(Schema):
    items = fields.List(fields.Nested(EventSchema))
    page = fields.Integer()
    pages = fields.Integer()
    total = fields.Integer()


class EventListArgs(PageArgs):
    kind = fields.String(load_default=None, validate=validate.OneOf(EVENT_KINDS))
    format = fields.String(load_default=None, validate=validate.OneOf(EVENT_FORMATS))


class RegistrationSchema(Schema):
    event_id = fields.Integer()
    status = fields.String(validate=validate.OneOf(REGISTRATION_STATES))
    waitlist_position = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    cancelled_at = fields.DateTime(allow_none=True)


# ---------------------------------------------------------------- shaping

def _mine(reg) -> dict | None:
    if reg is None:
        return None
    return {"status": reg.status, "created_at": reg.created_at,
            "waitlist_position": registration.waitlist_position(reg)}


def _shape(event: Event, taken: dict, mine) -> dict:
    seats_left = (None if event.capacity is None
                  else max(event.capacity - taken["registered"], 0))
    return {
        "id": event.id, "slug": event.slug, "title": event.title, "kind": event.kind,
        "format": event.format, "status": event.status,
        "description": event.description_md, "description_html": event.description_html,
        "address": event.address if event.is_in_person else None,
        "starts_at": event.starts_at, "ends_at": event.ends_at,
        "registration_deadline": event.registration_deadline, "capacity": event.capacity,
        "registered": taken["registered"], "waitlisted": taken["waitlisted"],
        "seats_left": seats_left, "requires_subscription": event.requires_subscription,
        "space": event.space, "organiser": event.organiser, "presenters": event.presenters,
        "cancel_reason": event.cancel_reason if event.is_cancelled else None,
        "my_registration": mine, "url": url_for("events.show", slug=event.slug),
    }


def _registration(reg) -> dict:
    return {"event_id": reg.event_id, "status": reg.status, "created_at": reg.created_at,
            "cancelled_at": reg.cancelled_at,
            "waitlist_position": registration.waitlist_position(reg)}


# ---------------------------------------------------------------- endpoints

@blp.route("")
@blp.arguments(EventListArgs, location="query")
@blp.response(200, EventPageSchema)
def list_events(args):
    """Upcoming events the caller may see (not yet ended; cancelled ones included, with
    their status), soonest first."""
    user = _caller()
    query = (sa.select(Event)
             .where(policy.visible_events_clause(user), Event.ends_at >= utcnow())
             .options(joinedload(Event.organiser).lazyload(User.expertise),
                      selectinload(Event.presenters).lazyload(User.expertise))
             .order_by(Event.starts_at, Event.id))
    if args["kind"]:
        query = query.where(Event.kind == args["kind"])
    if args["format"]:
        query = query.where(Event.format == args["format"])
    page = db.paginate(query, page=args["page"], per_page=args["per_page"], error_out=False)
    events = page.items
    taken = registration.counts(e.id for e in events)
    mine = {}
    if access.is_authenticated(user) and events:
        mine = {r.event_id: r for r in db.session.scalars(
            sa.select(registration.Registration).where(
                registration.Registration.user_id == user.id,
                registration.Registration.event_id.in_([e.id for e in events]),
                registration.Registration.status.in_(registration.ACTIVE)))}
    # the waitlist position costs a query, but only for the caller's waitlisted rows
    items = [_shape(e, taken[e.id], _mine(mine.get(e.id))) for e in events]
    return {"items": items, "page": page.page, "pages": page.pages, "total": page.total}


@blp.route("/<slug>")
@blp.response(200, EventDetailSchema)
@blp.alt_response(404, description="Not found or not visible")
def get_event(slug: str):
    """One event (404 when it does not exist or the caller may not see it)."""
    user = _caller()
    event = services.find_event(user, slug)
    reg = registration.active_registration(user, event)
    out = _shape(event, registration.counts([event.id])[event.id], _mine(reg))
    out["conference_url"] = (event.conference_url
                             if access.can(user, "attend", event) else None)
    out["recording_url"] = event.recording_url
    out["can_register"] = reg is None and access.can(user, "register", event)
    return out


@blp.route("/<slug>/registration", methods=["POST"])
@blp.response(201, RegistrationSchema)
@blp.alt_response(401, description="No token and no session")
@blp.alt_response(403, description="A read-only token, an unconfirmed account, or no "
                                   "subscription for a subscribers-only event")
@blp.alt_response(404, description="Not found or not visible")
@blp.alt_response(409, description="Already registered, cancelled, started or past the "
                                   "registration deadline")
@blp.doc(security=[{"bearerAuth": []}])
def register(slug: str):
    """Register for an event: a seat while there is one, otherwise the waitlist
    (``status`` says which)."""
    user = require_api_user()
    event = services.find_event(user, slug)
    reg = registration.register(user, event)
    return _registration(reg), 201


@blp.route("/<slug>/registration", methods=["DELETE"])
@blp.response(200, RegistrationSchema)
@blp.alt_response(401, description="No token and no session")
@blp.alt_response(404, description="Not found or not visible")
@blp.alt_response(409, description="Not registered, or the event has started")
@blp.doc(security=[{"bearerAuth": []}])
def unregister(slug: str):
    """Cancel the caller's registration (a freed seat goes to the first person on the
    waitlist)."""
    user = require_api_user()
    event = services.find_event(user, slug)
    return _registration(registration.cancel(user, event))
