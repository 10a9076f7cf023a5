"""Memberships of spaces: join, leave, requests to join a private space, invitations
(in-app to a user, or by e-mail with a signed token of which only the SHA-256 is stored),
removing members and promoting or demoting space admins.

Rules that hold everywhere: a space always keeps at least one admin (the last one can
neither leave nor be demoted nor removed); a refused action writes nothing; the people
concerned are notified through ``notifications.services.notify`` (which checks again
that they may see what the notification is about).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .. import audit, mail
from ..access import is_staff, require
from ..accounts.models import User
from ..db import utcnow
from ..errors import Conflict, Forbidden, NotFound, ValidationError
from ..extensions import db
from ..notifications.services import notify, register_kind, register_target
from .models import MEMBER_ROLES, FeedbackItem, JoinRequest, Space, SpaceInvitation, SpaceMembership
from .policy import visible_spaces_clause

MESSAGE_MAX = 500
TOKEN_SALT = "space-invitation"  # noqa: S105  (an itsdangerous salt, not a secret)



# ---------------------------------------------------------------- notification targets

def _admin_space_ids(user):
    return sa.select(SpaceMembership.space_id).where(SpaceMembership.user_id == user.id,
                                                     SpaceMembership.role == "admin")


def _everything(model):
    return sa.select(model.id)


def _visible_space_ids(user):
    if is_staff(user):
        return _everything(Space)
    return sa.select(Space.id).where(visible_spaces_clause(user))


def _visible_invitation_ids(user):
    if is_staff(user):
        return _everything(SpaceInvitation)
    return sa.select(SpaceInvitation.id).where(sa.or_(
        SpaceInvitation.user_id == user.id, SpaceInvitation.space_id.in_(_admin_space_ids(user))))


def _visible_request_ids(user):
    if is_staff(user):
        return _everything(JoinRequest)
    return sa.select(JoinRequest.id).where(sa.or_(
        JoinRequest.user_id == user.id, JoinRequest.space_id.in_(_admin_space_ids(user))))


def _visible_feedback_ids(user):
    if is_staff(user):
        return _everything(FeedbackItem)
    mine = sa.select(SpaceMembership.space_id).where(SpaceMembership.user_id == user.id)
    return sa.select(FeedbackItem.id).where(FeedbackItem.space_id.in_(mine))


def _space_of(obj) -> Space | None:
    return db.session.get(Space, obj.space_id)


register_target(Space, visible_ids=_visible_space_ids, title=lambda s: s.name,
                url=lambda s: url_for("spaces.show", slug=s.slug))
register_target(SpaceInvitation, visible_ids=_visible_invitation_ids,
                title=lambda i: i.space.name, url=lambda i: url_for("spaces.my_invitations"))
register_target(JoinRequest, visible_ids=_visible_request_ids,
                title=lambda r: _space_of(r).name,
                url=lambda r: url_for("spaces.requests", slug=_space_of(r).slug))
register_target(FeedbackItem, visible_ids=_visible_feedback_ids, title=lambda f: f.title,
                url=lambda f: url_for("spaces.feedback_board", slug=_space_of(f).slug))
register_kind("space_join_request", _l("%(actor)s asks to join %(title)s"))
register_kind("space_request_approved", _l("You are now a member of %(title)s"))
register_kind("space_request_declined", _l("Your request to join %(title)s was declined"))
register_kind("space_invitation", _l("%(actor)s invites you to %(title)s"))
register_kind("feedback_status", _l("The status of your feedback “%(title)s” changed"))


def _membership(space: Space, user_id: int) -> SpaceMembership | None:
    return db.session.get(SpaceMembership, (space.id, user_id))


def _admins(space: Space) -> list[User]:
    return list(db.session.scalars(
        db.select(User).join(SpaceMembership, SpaceMembership.user_id == User.id)
        .where(SpaceMembership.space_id == space.id, SpaceMembership.role == "admin",
               User.active.is_(True))))


def _ensure_another_admin(space: Space, user_id: int) -> None:
    others = db.session.scalar(
        db.select(sa.func.count()).select_from(SpaceMembership)
        .where(SpaceMembership.space_id == space.id, SpaceMembership.role == "admin",
               SpaceMembership.user_id != user_id))
    if not others:
        raise Conflict(_l("A space needs at least one admin. Make someone else admin first."))


def _add_member(space: Space, user: User, role: str = "member") -> SpaceMembership:
    """A new member also follows the space (new posts in their feed); they may unfollow."""
    from ..feeds.services import ensure_follow

    m = _membership(space, user.id)
    if m is None:
        m = SpaceMembership(space_id=space.id, user_id=user.id, role=role)
        db.session.add(m)
        ensure_follow(user.id, "space", space.id)
    return m


def _end_membership(m: SpaceMembership) -> None:
    """Leaving or being removed ends following the space too."""
    from ..feeds.services import unfollow

    db.session.delete(m)
    unfollow(db.session.get(User, m.user_id), "space", m.space_id)


def _close_pending_request(space: Space, user: User, actor, status: str = "approved") -> None:
    req = db.session.scalar(db.select(JoinRequest).where(
        JoinRequest.space_id == space.id, JoinRequest.user_id == user.id,
        JoinRequest.status == "pending"))
    if req is not None:
        req.status, req.decided_by_id, req.decided_at = status, actor.id, utcnow()


# ---------------------------------------------------------------- join and leave

def join(user, space: Space) -> SpaceMembership:
    require(user, "view", space)
    if _membership(space, user.id) is not None:
        raise Conflict(_l("You are already a member of this space."))
    if space.visibility == "private":
        raise Forbidden(_l("This space is private: send a request to join."))
    require(user, "join", space)
    m = _add_member(space, user)
    _close_pending_request(space, user, user)
    audit.record("space.joined", actor=user, target=space)
    db.session.commit()
    return m


def leave(user, space: Space) -> None:
    require(user, "view", space)
    m = _membership(space, user.id)
    if m is None:
        raise Conflict(_l("You are not a member of this space."))
    if m.role == "admin":
        _ensure_another_admin(space, user.id)
    _end_membership(m)
    audit.record("space.left", actor=user, target=space)
    db.session.commit()


def remove_member(actor, space: Space, user_id: int) -> None:
    """A space admin removes a member; access ends with the commit."""
    if user_id == getattr(actor, "id", None):
        return leave(actor, space)
    require(actor, "admin", space)
    m = _membership(space, user_id)
    if m is None:
        raise NotFound()
    if m.role == "admin":
        _ensure_another_admin(space, user_id)
    _end_membership(m)
    audit.record("space.member_removed", actor=actor, target=space, user_id=user_id)
    db.session.commit()


def set_role(actor, space: Space, user_id: int, role: str) -> SpaceMembership:
    require(actor, "admin", space)
    if role not in MEMBER_ROLES:
        raise ValidationError(_l("Unknown role."), field="role")
    m = _membership(space, user_id)
    if m is None:
        raise NotFound()
    if m.role == "admin" and role != "admin":
        _ensure_another_admin(space, user_id)
    m.role = role
    audit.record("space.member_role", actor=actor, target=space, user_id=user_id, role=role)
    db.session.commit()
    return m


# ---------------------------------------------------------------- requests to join

def my_request(user, space: Space) -> JoinRequest | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(db.select(JoinRequest).where(
        JoinRequest.space_id == space.id, JoinRequest.user_id == user.id))


def request_join(user, space: Space, message: str | None) -> JoinRequest:
    require(user, "view", space)
    if _membership(space, user.id) is not None:
        raise Conflict(_l("You are already a member of this space."))
    if space.visibility != "private":
        raise ValidationError(_l("This space is open: you can join it at once."))
    require(user, "request_join", space)
    message = (message or "").strip() or None
    if message and len(message) > MESSAGE_MAX:
        raise ValidationError(_l("At most %(n)d characters.", n=MESSAGE_MAX), field="message")
    req = my_request(user, space)
    if req is not None and req.status == "pending":
        raise Conflict(_l("You already asked to join this space. A space admin will answer "
                          "your request."))
    if req is None:
        req = JoinRequest(space_id=space.id, user_id=user.id)
        db.session.add(req)
    req.message, req.status, req.decided_by_id, req.decided_at = message, "pending", None, None
    req.created_at = utcnow()
    db.session.flush()
    notify(_admins(space), "space_join_request", req, actor=user, space_id=space.id)
    audit.record("space.join_requested", actor=user, target=space)
    db.session.commit()
    return req


def pending_requests(actor, space: Space) -> list[JoinRequest]:
    require(actor, "admin", space)
    return list(db.session.scalars(
        db.select(JoinRequest).where(JoinRequest.space_id == space.id,
                                     JoinRequest.status == "pending")
        .order_by(JoinRequest.created_at, JoinRequest.id)))


def decide_request(actor, space: Space, request_id: int, approve: bool) -> JoinRequest:
    require(actor, "admin", space)
    req = db.session.get(JoinRequest, request_id)
    if req is None or req.space_id != space.id:
        raise NotFound()
    if req.status != "pending":
        raise Conflict(_l("This request has already been answered."))
    req.status = "approved" if approve else "declined"
    req.decided_by_id, req.decided_at = actor.id, utcnow()
    requester = req.user
    if approve and requester.active:
        _add_member(space, requester)
    db.session.flush()
    notify([requester], "space_request_approved" if approve else "space_request_declined",
           space, actor=actor)
    audit.record("space.request_" + req.status, actor=actor, target=space,
                 user_id=requester.id)
    db.session.commit()
    return req


# ---------------------------------------------------------------- invitations

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_token() -> str:
    return _serializer().dumps(secrets.token_urlsafe(24))


def _lifetime() -> dt.timedelta:
    return dt.timedelta(days=current_app.config["SPACE_INVITATION_DAYS"])


def _pending_invitation(space: Space, *, user_id: int | None = None,
                        email: str | None = None) -> SpaceInvitation | None:
    stmt = db.select(SpaceInvitation).where(SpaceInvitation.space_id == space.id,
                                            SpaceInvitation.status == "pending",
                                            SpaceInvitation.expires_at > utcnow())
    if user_id is not None:
        stmt = stmt.where(SpaceInvitation.user_id == user_id)
    else:
        stmt = stmt.where(SpaceInvitation.email == email)
    return db.session.scalar(stmt.limit(1))


def invite(actor, space: Space, email: str) -> SpaceInvitation:
    """Invite someone by e-mail address: in-app when they have an account, else by e-mail."""
    from ..accounts.services import find_by_email, normalise_email

    require(actor, "invite", space)
    address = normalise_email(email)
    user = find_by_email(address)
    if user is not None and user.active:
        return invite_user(actor, space, user)
    return invite_email(actor, space, address)


def invite_user(actor, space: Space, user: User) -> SpaceInvitation:
    """An in-app invitation: the user finds it in their notifications and invitations."""
    require(actor, "invite", space)
    if not user.active:
        raise NotFound()
    if _membership(space, user.id) is not None:
        raise Conflict(_l("This person is already a member of the space."), field="email")
    if _pending_invitation(space, user_id=user.id) is not None:
        raise Conflict(_l("This person already has an open invitation to this space."),
                       field="email")
    invitation = SpaceInvitation(space_id=space.id, user_id=user.id, invited_by_id=actor.id,
                                 token_hash=_hash(_new_token()),  # never sent: in-app only
                                 expires_at=utcnow() + _lifetime())
    invitation.space = space
    db.session.add(invitation)
    db.session.flush()
    notify([user], "space_invitation", invitation, actor=actor, space_id=space.id)
    audit.record("space.invited", actor=actor, target=space, user_id=user.id)
    db.session.commit()
    return invitation


def invite_email(actor, space: Space, email: str) -> SpaceInvitation:
    """An e-mailed invitation with a signed link; only the link's SHA-256 is stored."""
    from ..accounts.services import normalise_email

    require(actor, "invite", space)
    address = normalise_email(email)
    if _pending_invitation(space, email=address) is not None:
        raise Conflict(_l("This person already has an open invitation to this space."),
                       field="email")
    raw = _new_token()
    invitation = SpaceInvitation(space_id=space.id, email=address, invited_by_id=actor.id,
                                 token_hash=_hash(raw), expires_at=utcnow() + _lifetime())
    invitation.space = space
    db.session.add(invitation)
    db.session.flush()
    link = mail.external_url(url_for("spaces.invitation_token", token=raw))
    mail.send_after_commit(mail.build(
        address, _l("Invitation to the space %(space)s", space=space.name),
        "space_invitation", locale=getattr(actor, "locale", "nl") or "nl",
        space=space, inviter=actor, link=link, days=current_app.config["SPACE_INVITATION_DAYS"]))
    audit.record("space.invited_by_email", actor=actor, target=space)
    db.session.commit()
    return invitation


def find_by_token(raw: str) -> SpaceInvitation:
    """The pending invitation for an e-mailed link; a clear refusal when it is not usable."""
    invalid = ValidationError(_l("This invitation is not valid or has already been used."))
    try:
        _serializer().loads(raw or "", max_age=int(_lifetime().total_seconds()))
    except SignatureExpired as exc:
        raise ValidationError(_l("This invitation has expired. Ask for a new one.")) from exc
    except BadSignature as exc:
        raise invalid from exc
    invitation = db.session.scalar(
        db.select(SpaceInvitation).where(SpaceInvitation.token_hash == _hash(raw)))
    if invitation is None or invitation.email is None or invitation.status != "pending":
        raise invalid
    if invitation.expires_at < utcnow():
        raise ValidationError(_l("This invitation has expired. Ask for a new one."))
    return invitation


def _accept(user, invitation: SpaceInvitation) -> Space:
    space = invitation.space
    _add_member(space, user)
    _close_pending_request(space, user, user)
    invitation.status, invitation.decided_at = "accepted", utcnow()
    if invitation.user_id is None:
        invitation.user_id = user.id
    audit.record("space.invitation_accepted", actor=user, target=space)
    db.session.commit()
    return space


def _decline(user, invitation: SpaceInvitation) -> None:
    invitation.status, invitation.decided_at = "declined", utcnow()
    audit.record("space.invitation_declined", actor=user, target=invitation.space)
    db.session.commit()


def respond_token(user, raw: str, accept: bool) -> Space:
    invitation = find_by_token(raw)
    if invitation.email != user.email:
        raise Forbidden(_l("This invitation was sent to another e-mail address."))
    space = invitation.space
    if accept:
        return _accept(user, invitation)
    _decline(user, invitation)
    return space


def _addressed_to(user):
    """Invitations for ``user``: in-app ones, and e-mailed ones to their confirmed address."""
    if not user.is_confirmed:
        return SpaceInvitation.user_id == user.id
    return sa.or_(SpaceInvitation.user_id == user.id,
                  sa.and_(SpaceInvitation.user_id.is_(None), SpaceInvitation.email == user.email))


def my_invitations(user) -> list[SpaceInvitation]:
    """Open invitations for ``user`` (in-app, and e-mailed to their confirmed address)."""
    return list(db.session.scalars(
        db.select(SpaceInvitation)
        .where(_addressed_to(user),
               SpaceInvitation.status == "pending", SpaceInvitation.expires_at > utcnow())
        .order_by(SpaceInvitation.created_at.desc(), SpaceInvitation.id.desc())))


def respond(user, invitation_id: int, accept: bool) -> Space:
    """Accept or decline an invitation addressed to ``user`` (by account or e-mail)."""
    invitation = db.session.scalar(db.select(SpaceInvitation).where(
        SpaceInvitation.id == invitation_id, _addressed_to(user)))
    if invitation is None:
        raise NotFound()
    if invitation.status != "pending":
        raise Conflict(_l("This invitation is not valid or has already been used."))
    if invitation.expires_at < utcnow():
        raise ValidationError(_l("This invitation has expired. Ask for a new one."))
    space = invitation.space
    if accept:
        return _accept(user, invitation)
    _decline(user, invitation)
    return space


def pending_invitations(actor, space: Space) -> list[SpaceInvitation]:
    require(actor, "invite", space)
    return list(db.session.scalars(
        db.select(SpaceInvitation).where(SpaceInvitation.space_id == space.id,
                                         SpaceInvitation.status == "pending")
        .order_by(SpaceInvitation.created_at.desc(), SpaceInvitation.id.desc())))


def revoke_invitation(actor, space: Space, invitation_id: int) -> None:
    require(actor, "invite", space)
    invitation = db.session.get(SpaceInvitation, invitation_id)
    if invitation is None or invitation.space_id != space.id:
        raise NotFound()
    if invitation.status != "pending":
        raise Conflict(_l("This invitation is not valid or has already been used."))
    invitation.status, invitation.decided_at = "revoked", utcnow()
    audit.record("space.invitation_revoked", actor=actor, target=space)
    db.session.commit()


def invitees(invitations) -> dict[int, User]:
    """Users of in-app invitations, by id (one query)."""
    ids = {i.user_id for i in invitations if i.user_id}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(db.select(User).where(User.id.in_(ids)))}
