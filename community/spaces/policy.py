"""Access rules for spaces and the query filters that mirror them.

Seeing a space (its name) and seeing its content are different questions: a private
space is listed for everyone, its content only for members; a secret space does not
exist for non-members. Staff (moderators, admins) see everything and act as space
admins everywhere.

Who may create a space: any confirmed user may create an open, members-only or private
space and becomes its first admin; only staff (the programme office) create secret spaces
or turn a space secret (or back), because a secret space hides itself from everyone else.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import lazyload

from ..access import has_role, is_authenticated, is_staff, rule
from ..extensions import db
from .models import (
    LISTED,
    PUBLIC_CONTENT,
    FeedbackItem,
    JoinRequest,
    Space,
    SpaceInvitation,
    SpaceMembership,
)


def membership(user, space: Space) -> SpaceMembership | None:
    if not is_authenticated(user):
        return None
    # space and user are in the session already: do not join them (and their tags) again
    return db.session.get(SpaceMembership, (space.id, user.id),
                          options=[lazyload(SpaceMembership.space),
                                   lazyload(SpaceMembership.user)])


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


@rule("view_members", Space)
def view_space_members(user, space: Space) -> bool:
    """The member list is content: whoever may read the space may see who is in it."""
    return view_space_content(user, space)


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


@rule("leave", Space)
def leave_space(user, space: Space) -> bool:
    return is_member(user, space)


@rule("admin", Space)
def admin_space(user, space: Space) -> bool:
    return is_authenticated(user) and is_space_admin(user, space)


@rule("edit", Space)
def edit_space(user, space: Space) -> bool:
    return admin_space(user, space)


@rule("invite", Space)
def invite_to_space(user, space: Space) -> bool:
    return admin_space(user, space)


@rule("give_feedback", Space)
def give_feedback(user, space: Space) -> bool:
    """Early-bird members write feedback items on their space's board."""
    return space.is_early_bird and is_authenticated(user) \
        and (is_member(user, space) or is_staff(user))


@rule("view_feedback", Space)
def view_feedback(user, space: Space) -> bool:
    return space.is_early_bird and view_space_content(user, space)


@rule("create", "space")
def create_space(user, _) -> bool:
    return is_authenticated(user) and user.is_confirmed


@rule("create_secret", "space")
def create_secret_space(user, _) -> bool:
    return is_staff(user)


@rule("view_all_feedback", "site")
def view_all_feedback(user, _) -> bool:
    """The programme office (staff) reads every feedback board."""
    return is_staff(user)


@rule("manage_flags", "site")
def manage_flags(user, _) -> bool:
    return has_role(user, "admin")


# ---------------------------------------------------------------- invitations, requests

@rule("view", SpaceInvitation)
def view_invitation(user, invitation: SpaceInvitation) -> bool:
    """The invited user (in-app invitations) and the space's admins."""
    if not is_authenticated(user):
        return False
    if invitation.user_id is not None and invitation.user_id == user.id:
        return True
    return is_space_admin(user, invitation.space)


@rule("view", JoinRequest)
def view_join_request(user, request: JoinRequest) -> bool:
    if not is_authenticated(user):
        return False
    if request.user_id == user.id:
        return True
    space = db.session.get(Space, request.space_id)
    return space is not None and is_space_admin(user, space)


@rule("view", FeedbackItem)
def view_feedback_item(user, item: FeedbackItem) -> bool:
    space = db.session.get(Space, item.space_id)
    return space is not None and view_feedback(user, space)


@rule("set_status", FeedbackItem)
def set_feedback_status(user, item: FeedbackItem) -> bool:
    """Status (new, planned, done) is the programme office's call."""
    return is_staff(user)


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



# The posts work keeps its rules beside these; load them with the spaces policy.
from . import post_policy  # noqa: E402,F401
