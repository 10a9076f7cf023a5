"""Access rules for events (registered with ``access.rule``) and the list filter that
mirrors ``view``.

- ``view``: every event (published or cancelled) outside spaces, also without an account;
  an event in a space follows the space (``view_content``); otherwise 404.
- ``register``: logged in with a confirmed account, sees it, not cancelled, not started,
  the registration deadline not passed and, for ``requires_subscription``, the company has
  ``events.subscriber_only`` (``community.billing.entitlements.has_access``). A full event
  is *not* a refusal: the registration goes on the waitlist. The service repeats each
  check with a message that says why (``registration.refusal``).
- ``manage`` (edit, cancel, attendee list): the organiser and staff.
- ``present``: presenters, the organiser and staff.
- ``attend`` (the live room): a registration with status ``registered``, or ``present``,
  or staff. The socket handlers ask this on connect and on every change.
- ``moderate_live``: staff or the organiser.
- ``create_event`` on ``"site"``: staff, partners and experts (confirmed); on a ``Space``:
  also its space admins, and partners/experts only where they may post.
- ``view_noshows`` on ``"site"``: staff (the programme office).
"""
from __future__ import annotations

import sqlalchemy as sa

from ..access import can, has_role, is_authenticated, is_staff, rule
from ..db import utcnow
from ..extensions import db
from ..spaces.models import Space
from ..spaces.policy import content_visible_clause, is_space_admin
from .models import Event, Registration

CREATOR_ROLES = ("partner", "expert", "moderator", "admin")
SUBSCRIPTION_FEATURE = "events.subscriber_only"


def _confirmed(user) -> bool:
    return is_authenticated(user) and user.is_confirmed


def is_organiser(user, event: Event) -> bool:
    return (is_authenticated(user) and event.organiser_id is not None
            and event.organiser_id == user.id)


def is_presenter(user, event: Event) -> bool:
    return is_authenticated(user) and any(p.id == user.id for p in event.presenters)


def visible_events_clause(user):
    """WHERE clause: events ``user`` may see in lists (the space's content is visible)."""
    return content_visible_clause(user, Event.space_id)


def company_of(user):
    """The user's company for entitlement checks (the one they own first), or None."""
    from ..companies.models import Company, CompanyMember

    if not is_authenticated(user):
        return None
    return db.session.scalar(
        sa.select(Company).join(CompanyMember, CompanyMember.company_id == Company.id)
        .where(CompanyMember.user_id == user.id)
        .order_by(sa.case((CompanyMember.role == "owner", 0), else_=1), Company.id)
        .limit(1))


def has_subscription(user) -> bool:
    from ..billing.entitlements import has_access

    return bool(has_access(company_of(user), SUBSCRIPTION_FEATURE))


def registration_open(event: Event, now=None) -> bool:
    """Not cancelled, not started, deadline not passed (capacity does not matter)."""
    now = now or utcnow()
    if event.is_cancelled or event.has_started(now):
        return False
    return event.registration_deadline is None or now <= event.registration_deadline


def seat_of(user, event: Event) -> Registration | None:
    """The user's registration with a seat (status ``registered``), or None."""
    if not is_authenticated(user):
        return None
    return db.session.scalar(sa.select(Registration).where(
        Registration.event_id == event.id, Registration.user_id == user.id,
        Registration.status == "registered"))


@rule("view", Event)
def view_event(user, event: Event) -> bool:
    if event.status not in ("published", "cancelled"):
        return is_staff(user)
    if event.space_id is not None:
        space = event.space or db.session.get(Space, event.space_id)
        return space is not None and can(user, "view_content", space)
    return True


@rule("register", Event)
def register_event(user, event: Event) -> bool:
    if not (_confirmed(user) and view_event(user, event) and registration_open(event)):
        return False
    return not event.requires_subscription or has_subscription(user)


@rule("manage", Event)
def manage_event(user, event: Event) -> bool:
    return (_confirmed(user) and view_event(user, event)
            and (is_organiser(user, event) or is_staff(user)))


@rule("present", Event)
def present_event(user, event: Event) -> bool:
    return (_confirmed(user) and view_event(user, event)
            and (is_staff(user) or is_organiser(user, event) or is_presenter(user, event)))


@rule("attend", Event)
def attend_event(user, event: Event) -> bool:
    if not (is_authenticated(user) and view_event(user, event)):
        return False
    if present_event(user, event):
        return True
    return seat_of(user, event) is not None


@rule("moderate_live", Event)
def moderate_live(user, event: Event) -> bool:
    return (is_authenticated(user) and view_event(user, event)
            and (is_staff(user) or is_organiser(user, event)))


@rule("view_attendees", Event)
def view_attendees(user, event: Event) -> bool:
    return manage_event(user, event) or present_event(user, event)


@rule("create_event", "site")
def create_event(user, _) -> bool:
    return _confirmed(user) and has_role(user, *CREATOR_ROLES)


@rule("create_event", Space)
def create_event_in_space(user, space: Space) -> bool:
    if not (_confirmed(user) and can(user, "view_content", space)):
        return False
    if is_space_admin(user, space):
        return True
    return has_role(user, "partner", "expert") and can(user, "post", space)


@rule("view_noshows", "site")
def view_noshows(user, _) -> bool:
    return is_staff(user)


from . import notifications  # noqa: E402,F401  (notification kinds and the Event target)
