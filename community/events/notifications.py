"""Event notifications: the kinds (how they read) and events as notification targets.

Kinds: ``event_registered``, ``event_waitlisted``, ``event_promoted`` (a seat came free),
``event_cancelled`` (by the organiser), ``event_changed`` (time, place or video link).
They are created with ``community.notifications.services.notify`` inside the use-case's
transaction; nobody is notified about an event they cannot see. Cancelling an event also
sends a direct e-mail to everyone registered or waitlisted (``mail/event_cancelled.txt``):
a daily digest could arrive after the start.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..notifications import services as notifications
from .models import Event

KINDS = {
    "event_registered": _l("You are registered for “%(title)s”"),
    "event_waitlisted": _l("You are on the waitlist for “%(title)s”"),
    "event_promoted": _l("A place came free: you are now registered for “%(title)s”"),
    "event_cancelled": _l("“%(title)s” is cancelled"),
    "event_changed": _l("The time, place or video link of “%(title)s” has changed"),
}

for _kind, _sentence in KINDS.items():
    notifications.register_kind(_kind, _sentence)


def event_url(event: Event) -> str:
    """The event's page (also outside a request: CLI commands, workers)."""
    from flask import current_app, has_request_context

    if has_request_context():
        return url_for("events.show", slug=event.slug)
    with current_app.test_request_context("/"):
        return url_for("events.show", slug=event.slug)


def _visible_event_ids(user):
    from .policy import visible_events_clause

    return sa.select(Event.id).where(visible_events_clause(user))


def _load_events(ids) -> dict:
    return {e.id: e for e in db.session.scalars(sa.select(Event).where(Event.id.in_(ids)))}


notifications.register_target(Event, visible_ids=_visible_event_ids, load=_load_events,
                              title=lambda e: e.title, url=event_url)


def notify(recipients, kind: str, event: Event, actor=None, **data):
    """Notify ``recipients`` (no commit). ``actor`` None: also the acting person hears it."""
    return notifications.notify(recipients, kind, event, actor=actor, title=event.title,
                                **data)


def mail_cancellation(event: Event, recipients) -> None:
    """A direct e-mail about a cancelled event to each recipient (sent after commit)."""
    from .. import mail

    for user in recipients:
        if user is None or not user.active:
            continue
        from flask_babel import force_locale
        from flask_babel import gettext as _

        with force_locale(user.locale or "nl"):
            subject = _("Cancelled: %(title)s", title=event.title)
        msg = mail.build(user.email, subject, "event_cancelled", locale=user.locale or "nl",
                         user=user, event=event,
                         event_link=mail.external_url(event_url(event)))
        mail.send_after_commit(msg)
