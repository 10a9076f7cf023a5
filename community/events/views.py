"""Pages of the events: the agenda (upcoming and past, filtered by kind and format), an
event with registration, organising (create, edit, cancel) and the attendee list.

Every URL loads its event through ``services.find_event`` (404 when missing or not
visible); the services decide the rest and raise domain errors that become messages.
The after-the-event part (H2) and the live room (H3) add their routes to ``bp``.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from .. import access
from ..accounts.forms import EmptyForm
from ..accounts.views import form_error
from ..db import utcnow
from ..errors import DomainError
from ..extensions import db
from . import registration, services
from .forms import FORMAT_LABELS, KIND_LABELS, STATUS_LABELS, CancelEventForm, EventForm
from .models import EVENT_FORMATS, EVENT_KINDS, Event

bp = Blueprint("events", __name__, template_folder="templates", cli_group="events")

LIVE_OPENS_BEFORE = dt.timedelta(minutes=30)  # the live room's link shows this early


@bp.app_template_global("event_live_url")
def live_url(event: Event) -> str:
    """The live room of ``event`` (``events.live``, provided by the live-room part)."""
    for kwargs in ({"slug": event.slug}, {"event_id": event.id}):
        try:
            return url_for("events.live", **kwargs)
        except BuildError:
            continue
    return f"/events/{event.slug}/live"


@bp.app_template_filter("event_time")
def event_time(value) -> str:
    from flask_babel import format_time

    return format_time(value, "short") if value else ""


@bp.app_template_filter("event_datetime")
def event_datetime(value) -> str:
    """"woensdag 25 november 2026 14:00": the full date and the short time, Dutch time."""
    from flask_babel import format_date, format_time

    return f"{format_date(value, 'full')} {format_time(value, 'short')}" if value else ""


@bp.app_template_global("event_same_day")
def event_same_day(event: Event) -> bool:
    zone = services.local_zone()
    return event.starts_at.astimezone(zone).date() == event.ends_at.astimezone(zone).date()


@bp.app_context_processor
def _labels():
    return {"event_kind_labels": KIND_LABELS, "event_format_labels": FORMAT_LABELS,
            "registration_status_labels": STATUS_LABELS}


def _page_arg() -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1


def _require_form() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


def _back(event: Event):
    return redirect(url_for("events.show", slug=event.slug))


# ---------------------------------------------------------------- the agenda

@bp.route("/events")
def index():
    kind = request.args.get("kind") or None
    fmt = request.args.get("format") or None
    kind = kind if kind in EVENT_KINDS else None
    fmt = fmt if fmt in EVENT_FORMATS else None
    past = request.args.get("when") == "past"
    space = services.find_space_filter(current_user, request.args.get("space") or None)
    now = utcnow()
    query = services.agenda_query(current_user, kind=kind, fmt=fmt, past=past, space=space,
                                  now=now)
    pagination = db.paginate(query, page=_page_arg(),
                             per_page=services._cfg("EVENTS_PER_PAGE", 20), error_out=False)
    events = pagination.items
    counts = registration.counts(e.id for e in events)
    mine = {}
    if current_user.is_authenticated and events:
        mine = {r.event_id: r.status for r in db.session.execute(
            sa.select(registration.Registration.event_id, registration.Registration.status)
            .where(registration.Registration.user_id == current_user.id,
                   registration.Registration.event_id.in_([e.id for e in events]),
                   registration.Registration.status.in_(registration.ACTIVE)))}
    return render_template("events/index.html", pagination=pagination, events=events,
                           counts=counts, mine=mine, kind=kind, fmt=fmt, past=past,
                           space=space, now=now,
                           can_create=access.can(current_user, "create_event"))


# ---------------------------------------------------------------- one event

def _render_show(event: Event, status: int = 200):
    now = utcnow()
    mine = registration.active_registration(current_user, event)
    taken = registration.counts([event.id])[event.id]
    refused = registration.refusal(current_user, event) if mine is None else None
    can_manage = access.can(current_user, "manage", event)
    can_present = can_manage or access.can(current_user, "present", event)
    may_attend = can_present or (mine is not None and mine.status == "registered")
    live_window = (event.is_online and not event.is_cancelled
                   and event.starts_at - LIVE_OPENS_BEFORE <= now < event.ends_at)
    return render_template(
        "events/show.html", event=event, mine=mine, taken=taken, now=now,
        position=registration.waitlist_position(mine),
        refused=refused, form=EmptyForm(), cancel_form=CancelEventForm(),
        seats_left=(None if event.capacity is None
                    else max(event.capacity - taken["registered"], 0)),
        can_manage=can_manage, can_present=can_present, may_attend=may_attend,
        live_window=live_window,
        may_cancel_registration=mine is not None and not event.has_started(now),
    ), status


@bp.route("/events/<slug>")
def show(slug: str):
    return _render_show(services.find_event(current_user, slug))


@bp.route("/events/<slug>/register", methods=["POST"])
@login_required
def register(slug: str):
    event = services.find_event(current_user, slug)
    _require_form()
    try:
        reg = registration.register(current_user, event)
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(str(exc.message), "error")
        return _render_show(event, exc.status)
    if reg.status == "registered":
        flash(_("You are registered. See you there!"), "success")
    else:
        flash(_("The event is full: you are on the waitlist. You will hear from us when "
                "a place comes free."), "success")
    return _back(event)


@bp.route("/events/<slug>/unregister", methods=["POST"])
@login_required
def unregister(slug: str):
    event = services.find_event(current_user, slug)
    _require_form()
    try:
        registration.cancel(current_user, event)
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(str(exc.message), "error")
        return _render_show(event, exc.status)
    flash(_("You have cancelled your registration."), "success")
    return _back(event)


# ---------------------------------------------------------------- organising

def _form_data(form: EventForm) -> dict:
    return {
        "title": form.title.data, "kind": form.kind.data,
        "description": form.description.data, "format": form.format.data,
        "address": form.address.data, "conference_url": form.conference_url.data,
        "starts_at": services.local_to_utc(form.starts_at.data),
        "ends_at": services.local_to_utc(form.ends_at.data),
        "registration_deadline": services.local_to_utc(form.registration_deadline.data),
        "capacity": form.capacity.data, "requires_subscription": form.requires_subscription.data,
    }


def _presenter_choices(form: EventForm, event: Event | None = None) -> None:
    people = services.presenter_candidates(current_user)
    if event is not None:
        known = {p.id for p in people}
        people += [p for p in event.presenters if p.id not in known]
    form.presenters.choices = [(p.id, p.name) for p in people]


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def create():
    space = None
    slug = request.args.get("space")
    if slug:
        from ..spaces.services import find_visible

        space = find_visible(current_user, slug)
        access.require(current_user, "create_event", space)
    else:
        access.require(current_user, "create_event")
    form = EventForm()
    _presenter_choices(form)
    status = 200
    if form.validate_on_submit():
        try:
            event = services.create_event(current_user, _form_data(form), space=space,
                                          presenter_ids=form.presenters.data)
        except DomainError as exc:
            if exc.status == 404:
                raise
            status = form_error(form, exc)
        else:
            flash(_("The event is published."), "success")
            return _back(event)
    elif form.is_submitted():
        status = 400
    return render_template("events/form.html", form=form, event=None, space=space), status


@bp.route("/events/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    event = services.find_event(current_user, slug)
    access.require(current_user, "manage", event)
    form = EventForm()
    _presenter_choices(form, event)
    status = 200
    if not form.is_submitted():
        form.title.data, form.kind.data = event.title, event.kind
        form.description.data, form.format.data = event.description_md, event.format
        form.address.data, form.conference_url.data = event.address, event.conference_url
        form.starts_at.data = services.utc_to_local(event.starts_at)
        form.ends_at.data = services.utc_to_local(event.ends_at)
        form.registration_deadline.data = services.utc_to_local(event.registration_deadline)
        form.capacity.data = event.capacity
        form.requires_subscription.data = event.requires_subscription
        form.presenters.data = [p.id for p in event.presenters]
    elif form.validate_on_submit():
        try:
            services.edit_event(current_user, event, _form_data(form),
                                presenter_ids=form.presenters.data)
        except DomainError as exc:
            if exc.status == 404:
                raise
            status = form_error(form, exc)
        else:
            flash(_("The event is saved."), "success")
            return _back(event)
    else:
        status = 400
    return render_template("events/form.html", form=form, event=event,
                           space=event.space), status


@bp.route("/events/<slug>/cancel", methods=["POST"])
@login_required
def cancel_event(slug: str):
    event = services.find_event(current_user, slug)
    access.require(current_user, "manage", event)
    form = CancelEventForm()
    if not form.validate_on_submit():
        flash(_("The reason has at most %(n)d characters.", n=500), "error")
        return _render_show(event, 400)
    try:
        registration.cancel_event(current_user, event, form.reason.data)
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(str(exc.message), "error")
        return _render_show(event, exc.status)
    flash(_("The event is cancelled; everyone registered has been informed."), "success")
    return _back(event)


@bp.route("/events/<slug>/attendees")
@login_required
def attendees(slug: str):
    event = services.find_event(current_user, slug)
    access.require(current_user, "view_attendees", event)
    rows = registration.attendees(current_user, event)
    waitlist = [r for r in rows if r.status == "waitlisted"]
    return render_template("events/attendees.html", event=event, rows=rows,
                           positions={r.id: n for n, r in enumerate(waitlist, 1)},
                           taken=sum(1 for r in rows if r.status == "registered"),
                           can_manage=access.can(current_user, "manage", event))
