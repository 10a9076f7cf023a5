"""Access rules for spaces and the query filters that mirror them.

Seeing a space (its name) and seeing its content are different questions: a private
space is listed for everyone, its content only for members; a secret space does not
exist for non-members. Staff (moderators, admins) see everything.
"""
from __future__ import annotations

import sqlalchemy as sa

from ..access import is_authenticated, is_staff, rule
from ..extensions import db
from .models import LISTED, PUBLIC_CONTENT, Space, SpaceMembership


def membership(user, space: Space) -> SpaceMembership | None:
    if not is_authenticated(user):
        return None
    return db.session.get(SpaceMembership, (space.id, user.id))


def is_member(user, space: Space) -> bool:
    return membership(user, space) is not None


def is_space_admin(user, space: Space) -> bool:
    m = membership(user, space)
    return is_staff(user) or (m is not None and m.role == "admin")


@rule("view", Space)
def view_space(user, space: Space) -> bool:
    return space.visibility in LISTED or is_staff(user) or is_member(user, space)


@rule("view_content", Space)
def view_space_content(user, space: Space) -> bool:
    return space.visibility in PUBLIC_CONTENT or is_staff(user) or is_member(user, space)


@rule("post", Space)
def post_in_space(user, space: Space) -> bool:
    return is_authenticated(user) and user.is_confirmed and (is_member(user, space)
                                                              or is_staff(user))


@rule("join", Space)
def join_space(user, space: Space) -> bool:
    """Join at once (open and members-only spaces); private spaces take a request."""
    return is_authenticated(user) and space.visibility in PUBLIC_CONTENT \
        and not is_member(user, space)


@rule("request_join", Space)
def request_join(user, space: Space) -> bool:
    return is_authenticated(user) and space.visibility == "private" and not is_member(user, space)


@rule("admin", Space)
def admin_space(user, space: Space) -> bool:
    return is_authenticated(user) and is_space_admin(user, space)


# ---------------------------------------------------------------- query filters

def _member_space_ids(user):
    return sa.select(SpaceMembership.space_id).where(SpaceMembership.user_id == user.id)


def visible_spaces_clause(user):
    """WHERE clause on ``Space``: the spaces whose existence ``user`` may know."""
    if is_staff(user):
        return sa.true()
    if not is_authenticated(user):
        return Space.visibility.in_(LISTED)
    return sa.or_(Space.visibility.in_(LISTED), Space.id.in_(_member_space_ids(user)))


def content_visible_clause(user, space_id_column):
    """WHERE clause for content rows with a ``space_id`` column (NULL = not in a space)."""
    if is_staff(user):
        return sa.true()
    public = sa.select(Space.id).where(Space.visibility.in_(PUBLIC_CONTENT))
    if not is_authenticated(user):
        return sa.or_(space_id_column.is_(None), space_id_column.in_(public))
    return sa.or_(space_id_column.is_(None), space_id_column.in_(public),
                  space_id_column.in_(_member_space_ids(user)))
