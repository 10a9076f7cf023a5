"""Feature flags: a feature is off, on for early-bird members only, or on for everyone.

``feature_enabled(user, name)`` is the one question code and templates ask (it is a Jinja
global too). "Early-bird members" are members of any space marked ``is_early_bird``; the
programme office tries a feature there first, then turns it on for everyone. An unknown
flag is off. Answers are cached for the current request.
"""
from __future__ import annotations

import re

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l

from .. import audit
from ..access import is_authenticated, require
from ..errors import ValidationError
from ..extensions import db
from .models import FLAG_STATES, FeatureFlag, Space, SpaceMembership

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,59}$")

# Flags the code knows about (name -> what it switches); admins may add others by name.
KNOWN_FLAGS = {
    "member_search": _l("A search field on the member list of a space."),
}


def _cache() -> dict:
    if not has_request_context():
        return {}
    if "feature_flags" not in g:
        g.feature_flags = {}
    return g.feature_flags


def state_of(name: str) -> str:
    cache = _cache()
    key = ("state", name)
    if key not in cache:
        cache[key] = db.session.scalar(
            db.select(FeatureFlag.state).where(FeatureFlag.name == name)) or "off"
    return cache[key]


def is_early_bird(user) -> bool:
    """Whether ``user`` is a member of an early-bird space."""
    if not is_authenticated(user):
        return False
    cache = _cache()
    key = ("early_bird", user.id)
    if key not in cache:
        cache[key] = db.session.scalar(
            db.select(SpaceMembership.space_id)
            .join(Space, Space.id == SpaceMembership.space_id)
            .where(SpaceMembership.user_id == user.id, Space.is_early_bird.is_(True))
            .limit(1)) is not None
    return cache[key]


def feature_enabled(user, name: str) -> bool:
    state = state_of(name)
    if state == "everyone":
        return True
    if state == "early_birds":
        return is_early_bird(user)
    return False


def all_flags() -> list[FeatureFlag]:
    """Stored flags plus the known ones not stored yet (shown as off), by name."""
    stored = {f.name: f for f in db.session.scalars(db.select(FeatureFlag))}
    for name, description in KNOWN_FLAGS.items():
        if name not in stored:
            stored[name] = FeatureFlag(name=name, state="off", description=str(description))
    return [stored[name] for name in sorted(stored)]


def set_flag(actor, name: str, state: str, description: str | None = None) -> FeatureFlag:
    require(actor, "manage_flags")
    name = (name or "").strip().lower()
    if not NAME_PATTERN.match(name):
        raise ValidationError(_l("A flag name has 2 to 60 lower-case letters, digits or "
                                 "underscores, starting with a letter."), field="name")
    if state not in FLAG_STATES:
        raise ValidationError(_l("Choose off, early birds or everyone."), field="state")
    description = (description or "").strip()[:300] or None
    flag = db.session.get(FeatureFlag, name)
    if flag is None:
        flag = FeatureFlag(name=name, state=state,
                           description=description or (str(KNOWN_FLAGS[name])[:300]
                                                       if name in KNOWN_FLAGS else None))
        db.session.add(flag)
    else:
        flag.state = state
        if description:
            flag.description = description
    audit.record("feature_flag.set", actor=actor, flag=name, state=state)
    db.session.commit()
    _cache().clear()
    return flag
