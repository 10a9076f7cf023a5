"""Pages around an event, before and after it happens: the ICS download, the personal
calendar feed, in-person check-in and the attendee list's present marks, the no-show
overview of the programme office, feedback, materials and the recording link.

Routes live on the events blueprint (``bp`` from ``views``). Every page loads its event
with ``_event(slug)``: missing or not visible is a 404, exactly alike.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access, mail
from ..accounts.forms import EmptyForm
from ..db import utcnow
from ..errors import DomainError, NotFound
from ..extensions import db, limiter
from . import attendance, calendar, feedback, materials
from .models import Event
from .views import bp


def _event(slug: str) -> Event:
    event = db.session.scalar(sa.select(Event).where(Event.slug == slug[:140]))
    if event is None or not access.can(current_user, "view", event):
        raise NotFound()
    return event


def _require_form() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


def _event_url(event: Event) -> str:
    return mail.external_url(url_for("events.show", slug=event.slug))


def _user_key() -> str:
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else \
        f"ip:{request.remote_addr}"


def _ics(body: bytes, filename: str | None = None) -> Response:
    resp = Response(body, mimetype="text/calendar")
    resp.headers["Content-Type"] = "text/calendar; charset=utf-8"
    if filename:
        resp.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    resp.headers["Cache-Control"] = "private, no-store"
    resp.headers["X-Robots-Tag"] = "noindex"
    return resp


# ---------------------------------------------------------------- calendar

@bp.route("/events/<slug>/event.ics")
def event_ics(slug: str):
    event = _event(slug)
    return _ics(calendar.event_ics(event, _event_url(event)), f"{event.slug[:80]}.ics")


def _render_calendar(raw: str | None = None, status: int = 200):
    feed = calendar.live_feed(current_user)
    url = mail.external_url(url_for("events.calendar_feed", token=raw)) if raw else None
    return render_template("events/calendar.html", feed=feed, feed_url=url,
                           form=EmptyForm()), status


@bp.route("/events/calendar")
@login_required
def calendar_page():
    return _render_calendar()


@bp.route("/events/calendar", methods=["POST"])
@login_required
@limiter.limit("20 per hour", key_func=_user_key)
def calendar_create():
    _require_form()
    _feed, raw = calendar.create_feed(current_user)
    # shown once, in this response (never flashed into the session cookie)
    resp, status = _render_calendar(raw)
    return resp, status, {"Cache-Control": "no-store"}


@bp.route("/events/calendar/revoke", methods=["POST"])
@login_required
def calendar_revoke():
    _require_form()
    if calendar.revoke_feeds(current_user):
        flash(_("Your calendar link is revoked. Calendars that used it get nothing more."),
              "success")
    return redirect(url_for("events.calendar_page"))


def _feed_key() -> str:
    # per feed, not per address: calendar services fetch many users' feeds from few IPs
    return "calendar-feed:" + request.path[-60:]


@bp.route("/events/calendar/<token>.ics")
@limiter.limit("60 per hour", key_func=_feed_key)
def calendar_feed(token: str):
    feed = calendar.feed_for_token(token)
    return _ics(calendar.feed_ics(feed, _event_url))


# ---------------------------------------------------------------- attendance

def _render_checkin(event: Event, status: int = 200, code_error: str | None = None):
    manage = access.can(current_user, "manage", event)
    reg = attendance.registration_of(current_user, event)
    return render_template(
        "events/checkin.html", event=event, registration=reg, manage=manage,
        attendees=attendance.attendees(event) if manage else [],
        window=attendance.window(event), open_now=attendance.in_window(event),
        ended=event.has_ended(),
        code_error=code_error, form=EmptyForm()), status


@bp.route("/events/<slug>/checkin")
@login_required
def checkin(slug: str):
    event = _event(slug)
    return _render_checkin(event)


@bp.route("/events/<slug>/checkin", methods=["POST"])
@login_required
@limiter.limit("10 per minute", key_func=_user_key)
def checkin_submit(slug: str):
    event = _event(slug)
    _require_form()
    try:
        attendance.check_in(current_user, event, request.form.get("code", ""))
    except DomainError as exc:
        if exc.status == 404:
            raise
        if exc.field == "code":
            return _render_checkin(event, exc.status, code_error=str(exc.message))
        flash(str(exc.message), "error")
        return _render_checkin(event, exc.status)
    flash(_("You are checked in. Welcome!"), "success")
    return redirect(url_for("events.checkin", slug=event.slug))


@bp.route("/events/<slug>/attendance/<int:registration_id>", methods=["POST"])
@login_required
def mark_attendance(slug: str, registration_id: int):
    event = _event(slug)
    access.require(current_user, "manage", event)
    _require_form()
    present = request.form.get("present", "1") != "0"
    try:
        attendance.mark(current_user, event, registration_id, present)
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(str(exc.message), "error")
        return redirect(url_for("events.checkin", slug=event.slug)), exc.status
    return redirect(url_for("events.checkin", slug=event.slug, _anchor="attendees"))


@bp.route("/events/noshows")
@login_required
def noshows():
    access.require(current_user, "view_noshows")
    period = request.args.get("period", "year")
    days = {"quarter": 92, "year": 365, "all": None}.get(period, 365)
    if period not in ("quarter", "year", "all"):
        period = "year"
    since = utcnow() - dt.timedelta(days=days) if days else None
    return render_template("events/noshows.html", period=period,
                           people=attendance.noshows_per_person(since),
                           events=attendance.noshows_per_event(since))


# ---------------------------------------------------------------- feedback

def _render_feedback(event: Event, status: int = 200, errors: dict | None = None,
                     values: dict | None = None):
    may_give = feedback.may_give(current_user, event)
    may_see = feedback.may_see_figures(current_user, event)
    if not (may_give or may_see):
        access.require(current_user, "present", event)  # 403 (visible) or 404
    mine = feedback.feedback_of(current_user, event) if may_give else None
    if values is None:
        values = {"rating": str(mine.rating) if mine else "",
                  "comment": (mine.comment or "") if mine else ""}
    return render_template(
        "events/feedback.html", event=event, may_give=may_give, may_see=may_see, mine=mine,
        figures=feedback.figures(event) if may_see else None,
        comments=feedback.comments(event) if may_see else [],
        errors=errors or {}, values=values, ratings=feedback.RATINGS,
        comment_max=feedback._comment_max(), form=EmptyForm()), status


@bp.route("/events/<slug>/feedback")
@login_required
def feedback_page(slug: str):
    return _render_feedback(_event(slug))


@bp.route("/events/<slug>/feedback", methods=["POST"])
@login_required
def feedback_submit(slug: str):
    event = _event(slug)
    _require_form()
    values = {"rating": request.form.get("rating", ""),
              "comment": request.form.get("comment", "")}
    try:
        feedback.give(current_user, event, values["rating"], values["comment"])
    except DomainError as exc:
        if not exc.field:
            raise  # not open, not allowed, hidden: the error page says why
        return _render_feedback(event, exc.status, {exc.field: str(exc.message)}, values)
    flash(_("Thank you for your feedback."), "success")
    return redirect(url_for("events.feedback_page", slug=event.slug))


# ---------------------------------------------------------------- materials

def _back_to_event(event: Event):
    return redirect(url_for("events.show", slug=event.slug, _anchor="afterwards"))


@bp.route("/events/<slug>/materials", methods=["POST"])
@login_required
def material_add(slug: str):
    event = _event(slug)
    access.require(current_user, "present", event)
    _require_form()
    try:
        materials.add(current_user, event, request.form.get("title"), request.form.get("url"))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        flash(str(exc.message), "error")
        return _back_to_event(event), exc.status
    flash(_("The material is added."), "success")
    return _back_to_event(event)


@bp.route("/events/<slug>/materials/<int:material_id>/delete", methods=["POST"])
@login_required
def material_delete(slug: str, material_id: int):
    event = _event(slug)
    access.require(current_user, "present", event)
    _require_form()
    materials.remove(current_user, event, material_id)
    flash(_("The material is removed."), "success")
    return _back_to_event(event)


@bp.route("/events/<slug>/recording", methods=["POST"])
@login_required
def recording(slug: str):
    event = _event(slug)
    access.require(current_user, "present", event)
    _require_form()
    try:
        materials.set_recording(current_user, event, request.form.get("recording_url"))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        flash(str(exc.message), "error")
        return _back_to_event(event), exc.status
    flash(_("The recording link is saved.") if event.recording_url
          else _("The recording link is removed."), "success")
    return _back_to_event(event)


# ---------------------------------------------------------------- the detail page's part

class Afterwards:
    """What ``events/_afterwards.html`` shows for ``user`` on an event's page."""

    def __init__(self, user, event: Event):
        self.event = event
        now = utcnow()
        reg = attendance.registration_of(user, event)
        self.registration = reg
        self.ended = event.has_ended(now)
        self.cancelled = event.is_cancelled
        self.can_edit = materials.may_edit(user, event)
        self.materials = materials.materials(event)
        self.recording_url = event.recording_url if materials.may_see_recording(
            user, event, reg) else None
        self.may_give_feedback = feedback.may_give(user, event, now, reg)
        self.my_feedback = feedback.feedback_of(user, event) if self.may_give_feedback \
            else None
        self.may_see_figures = self.ended and feedback.may_see_figures(user, event)
        self.figures = feedback.figures(event) if self.may_see_figures else None
        self.can_manage = access.can(user, "manage", event)
        self.checkin_open = (not self.cancelled and event.is_in_person
                             and reg is not None and reg.status == "registered"
                             and attendance.in_window(event, now))
        # the organiser's check-in code and present marks (also afterwards, to correct)
        self.attendance_page = self.can_manage and not self.cancelled and event.is_in_person
        self.form = EmptyForm()


@bp.app_template_global("event_afterwards")
def event_afterwards(event: Event) -> Afterwards:
    return Afterwards(current_user, event)
