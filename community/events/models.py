"""Events: masterclasses, workshops, awareness sessions and network meetings.

- ``Event``: one meeting, online (``conference_url``, Jitsi/BigBlueButton), in person
  (``address``) or hybrid; optional ``space_id`` (visibility follows the space);
  ``capacity`` NULL = unlimited; ``checkin_code`` is the event's own code for in-person
  check-in (one per event, not unique across events).
- ``EventPresenter``: who presents (primary key: the (event, user) pair).
- ``Registration``: one row per (event, user). ``status`` registered / waitlisted /
  cancelled; the waitlist order is ``created_at`` (set again when someone registers anew
  after cancelling). No-show = registered, ``attended_at`` NULL, event ended.
  ``reminders_sent`` holds the reminder hours already mailed as ``",24,1,"`` (so the
  configurable ``EVENT_REMINDER_HOURS`` need no schema change): test with
  ``f",{hours}," in reg.reminders_sent``.
- ``EventFeedback``, ``EventMaterial``, ``CalendarFeed``: the after-the-event part and
  the personal calendar feed (token stored as its SHA-256 only).

Models never commit; ``community.events.services`` / ``registration`` do.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..db import IdMixin, TimestampMixin, UTCDateTime, sql_in, utcnow
from ..extensions import db
from ..spaces.models import Space

EVENT_KINDS = ("masterclass", "workshop", "awareness", "network")
EVENT_FORMATS = ("online", "in_person", "hybrid")
EVENT_STATES = ("published", "cancelled")
REGISTRATION_STATES = ("registered", "waitlisted", "cancelled")
ATTENDANCE_MODES = ("online", "in_person")


class EventPresenter(db.Model):
    __tablename__ = "event_presenter"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)


class Event(IdMixin, TimestampMixin, db.Model):
    slug: Mapped[str] = mapped_column(sa.String(140), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(12), default="masterclass")
    description_md: Mapped[str] = mapped_column(sa.Text, default="")
    description_html: Mapped[str] = mapped_column(sa.Text, default="")  # sanitised
    format: Mapped[str] = mapped_column(sa.String(10), default="online")
    address: Mapped[str | None] = mapped_column(sa.String(300))
    conference_url: Mapped[str | None] = mapped_column(sa.String(500))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    registration_deadline: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    capacity: Mapped[int | None] = mapped_column()  # NULL: unlimited
    space_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("space.id", ondelete="CASCADE"), index=True)
    organiser_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    requires_subscription: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(10), default="published")
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(500))
    checkin_code: Mapped[str] = mapped_column(sa.String(16))
    recording_url: Mapped[str | None] = mapped_column(sa.String(500))

    space: Mapped[Space | None] = relationship(lazy="joined")
    organiser: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[organiser_id])
    presenters: Mapped[list[User]] = relationship(
        secondary="event_presenter", lazy="selectin", order_by=User.name)

    __table_args__ = (
        sa.CheckConstraint(sql_in("kind", EVENT_KINDS), name="kind"),
        sa.CheckConstraint(sql_in("format", EVENT_FORMATS), name="format"),
        sa.CheckConstraint(sql_in("status", EVENT_STATES), name="status"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.Index("ix_event_status_starts", "status", "starts_at"),
        sa.Index("ix_event_starts_at", "starts_at"),
    )

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    def has_started(self, now: dt.datetime | None = None) -> bool:
        return (now or utcnow()) >= self.starts_at

    def has_ended(self, now: dt.datetime | None = None) -> bool:
        return (now or utcnow()) >= self.ends_at

    def is_live_now(self, now: dt.datetime | None = None) -> bool:
        now = now or utcnow()
        return self.starts_at <= now < self.ends_at

    @property
    def is_online(self) -> bool:
        return self.format in ("online", "hybrid")

    @property
    def is_in_person(self) -> bool:
        return self.format in ("in_person", "hybrid")

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.slug}>"


class Registration(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "event_registration"

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="registered")
    promoted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attended_how: Mapped[str | None] = mapped_column(sa.String(10))
    reminders_sent: Mapped[str] = mapped_column(sa.String(60), default="")

    # plain lazy loads: usually found in the identity map (no query); lists that show
    # people load them with ``selectinload(Registration.user)``
    event: Mapped[Event] = relationship(lazy="select")
    user: Mapped[User] = relationship(lazy="select")

    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id", name="uq_event_registration_event_user"),
        sa.CheckConstraint(sql_in("status", REGISTRATION_STATES), name="status"),
        sa.CheckConstraint("attended_how IS NULL OR " + sql_in("attended_how", ATTENDANCE_MODES),
                           name="attended_how"),
        sa.Index("ix_event_registration_queue", "event_id", "status", "created_at"),
    )

    def __repr__(self) -> str:
        return f"<Registration {self.event_id}/{self.user_id} {self.status}>"


class EventFeedback(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "event_feedback"

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    rating: Mapped[int] = mapped_column(sa.SmallInteger)
    comment: Mapped[str | None] = mapped_column(sa.Text)

    user: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id", name="uq_event_feedback_event_user"),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
    )


class EventMaterial(IdMixin, db.Model):
    __tablename__ = "event_material"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    url: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))

    added_by: Mapped[User | None] = relationship(lazy="joined")


class CalendarFeed(IdMixin, db.Model):
    __tablename__ = "calendar_feed"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
