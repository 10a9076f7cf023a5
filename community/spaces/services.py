"""Space use-cases: create and edit spaces, cover images, and the queries behind the
space list, the space page and the member list.

Memberships, join requests and invitations are in ``memberships.py``; the Early Birds
feedback board in ``feedback.py``. Every use-case takes the acting user explicitly,
checks access through ``community.access`` and commits once.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy.orm import joinedload, lazyload, selectinload

from .. import audit
from ..access import can, require
from ..accounts.models import User
from ..errors import Forbidden, NotFound, ValidationError
from ..extensions import db
from . import covers
from .models import VISIBILITIES, Space, SpaceMembership
from .policy import content_visible_clause, visible_spaces_clause

NAME_MAX = 120
TEXT_MAX = 5000
# Paths under /spaces/ that are pages, not spaces: a space never gets these slugs.
RESERVED_SLUGS = {"new", "invitations", "feedback", "flags", "mine"}


# ---------------------------------------------------------------- create and edit

def _clean(data: dict) -> dict:
    out: dict = {}
    if "name" in data:
        name = " ".join((data.get("name") or "").split())
        if not name or len(name) > NAME_MAX:
            raise ValidationError(_l("Enter a name for the space (at most %(n)d characters).",
                                     n=NAME_MAX), field="name")
        out["name"] = name
    for field in ("description", "rules"):
        if field in data:
            value = (data.get(field) or "").strip()
            if len(value) > TEXT_MAX:
                raise ValidationError(_l("At most %(n)d characters.", n=TEXT_MAX), field=field)
            out[field] = value or None
    if "visibility" in data:
        if data.get("visibility") not in VISIBILITIES:
            raise ValidationError(_l("Choose who can see the space."), field="visibility")
        out["visibility"] = data["visibility"]
    return out


def _unique_slug(name: str) -> str:
    base = slugify(name, max_length=120) or "ruimte"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or db.session.scalar(
            db.select(Space.id).where(Space.slug == slug)):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_secret(actor, old: str | None, new: str | None) -> None:
    """Only the programme office makes a space secret, or makes a secret space visible."""
    if (new == "secret" or old == "secret") and new != old \
            and not can(actor, "create_secret", "space"):
        raise Forbidden(_l("Only the programme office can create secret spaces or change "
                           "whether a space is secret."))


def create_space(actor, data: dict) -> Space:
    require(actor, "create", "space")
    values = _clean({"visibility": "open", **data})
    if "name" not in values:
        raise ValidationError(_l("Enter a name for the space (at most %(n)d characters).",
                                 n=NAME_MAX), field="name")
    _check_secret(actor, None, values["visibility"])
    space = Space(slug=_unique_slug(values["name"]), created_by_id=actor.id, **values)
    db.session.add(space)
    db.session.flush()
    db.session.add(SpaceMembership(space_id=space.id, user_id=actor.id, role="admin"))
    from ..feeds.services import ensure_follow

    ensure_follow(actor.id, "space", space.id)
    audit.record("space.created", actor=actor, target=space, visibility=space.visibility)
    db.session.commit()
    return space


def update_space(actor, space: Space, data: dict) -> Space:
    require(actor, "edit", space)
    values = _clean(data)
    _check_secret(actor, space.visibility, values.get("visibility", space.visibility))
    for field, value in values.items():
        setattr(space, field, value)
    audit.record("space.updated", actor=actor, target=space, fields=sorted(values))
    db.session.commit()
    return space


def set_cover(actor, space: Space, stream) -> Space:
    require(actor, "edit", space)
    name = covers.store(stream)
    old = space.cover_file
    space.cover_file = name
    audit.record("space.cover", actor=actor, target=space)
    try:
        db.session.commit()
    except Exception:
        covers.remove(name)
        raise
    covers.remove(old)
    return space


def remove_cover(actor, space: Space) -> Space:
    require(actor, "edit", space)
    old = space.cover_file
    if old is None:
        return space
    space.cover_file = None
    audit.record("space.cover_removed", actor=actor, target=space)
    db.session.commit()
    covers.remove(old)
    return space


# ---------------------------------------------------------------- finding spaces

def find_visible(user, slug: str) -> Space:
    """The space with ``slug`` if ``user`` may know it exists; NotFound otherwise."""
    space = db.session.scalar(db.select(Space).where(Space.slug == (slug or "")[:140]))
    if space is None or not can(user, "view", space):
        raise NotFound()
    return space


def get_visible(user, space_id: int) -> Space:
    space = db.session.get(Space, space_id)
    if space is None or not can(user, "view", space):
        raise NotFound()
    return space


def _active_members():
    return (sa.select(SpaceMembership.space_id, sa.func.count().label("n"))
            .join(User, User.id == SpaceMembership.user_id).where(User.active.is_(True))
            .group_by(SpaceMembership.space_id))


def member_counts(space_ids) -> dict[int, int]:
    ids = list(space_ids)
    if not ids:
        return {}
    rows = db.session.execute(_active_members().where(SpaceMembership.space_id.in_(ids)))
    return {space_id: n for space_id, n in rows}


def member_count(space: Space) -> int:
    return member_counts([space.id]).get(space.id, 0)


def list_spaces(user, *, mine: bool = False, q: str | None = None, page: int = 1,
                per_page: int = 24):
    """Spaces ``user`` may know of (a Flask-SQLAlchemy Pagination), by name."""
    stmt = db.select(Space).where(visible_spaces_clause(user)).order_by(Space.name, Space.id)
    if mine:
        if user is None or not getattr(user, "is_authenticated", False):
            stmt = stmt.where(sa.false())
        else:
            stmt = stmt.where(Space.id.in_(
                sa.select(SpaceMembership.space_id).where(SpaceMembership.user_id == user.id)))
    if q:
        stmt = stmt.where(sa.func.lower(Space.name).contains(q.strip().lower()[:100],
                                                             autoescape=True))
    return db.paginate(stmt, page=page, per_page=per_page, max_per_page=100, error_out=False)


def memberships_of(user, space_ids) -> dict[int, SpaceMembership]:
    """The user's memberships among ``space_ids`` (one query)."""
    ids = list(space_ids)
    if not ids or user is None or not getattr(user, "is_authenticated", False):
        return {}
    rows = db.session.scalars(
        db.select(SpaceMembership).options(lazyload(SpaceMembership.space),
                                           lazyload(SpaceMembership.user))
        .where(SpaceMembership.user_id == user.id, SpaceMembership.space_id.in_(ids)))
    return {m.space_id: m for m in rows}


# ---------------------------------------------------------------- posts of a space

def _encode_cursor(when: dt.datetime, ident: int) -> str:
    raw = f"{when.astimezone(dt.UTC).isoformat()}|{ident}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, _sep, ident = raw.partition("|")
        moment = dt.datetime.fromisoformat(when)
        if moment.tzinfo is None:
            raise ValueError
        return moment.astimezone(dt.UTC), int(ident)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ValidationError(_l("This page link is not valid. Start from the first page."),
                              field="cursor") from exc


def space_posts(user, space: Space, cursor: str | None = None, per_page: int = 20):
    """Published posts of ``space`` that ``user`` may read, newest activity first.

    Returns ``(posts, next_cursor)``; ``next_cursor`` is None on the last page. Two
    queries whatever the number of posts: the posts with author and company joined, and
    their tags.
    """
    from .post_models import Post

    require(user, "view_content", space)
    stmt = (
        db.select(Post)
        .options(joinedload(Post.author).lazyload(User.expertise),
                 joinedload(Post.company), lazyload(Post.space), selectinload(Post.tags))
        .where(Post.space_id == space.id, Post.status == "published",
               content_visible_clause(user, Post.space_id))
        .order_by(Post.last_activity_at.desc(), Post.id.desc())
        .limit(per_page + 1)
    )
    if cursor:
        when, ident = _decode_cursor(cursor)
        stmt = stmt.where(sa.or_(Post.last_activity_at < when,
                                 sa.and_(Post.last_activity_at == when, Post.id < ident)))
    posts = list(db.session.scalars(stmt).unique())
    next_cursor = None
    if len(posts) > per_page:
        posts = posts[:per_page]
        next_cursor = _encode_cursor(posts[-1].last_activity_at, posts[-1].id)
    return posts, next_cursor


# ---------------------------------------------------------------- members

def members(user, space: Space, *, q: str | None = None, page: int = 1, per_page: int = 50):
    """Members of ``space`` (admins first, then by name), for whoever may read the space."""
    require(user, "view_members", space)
    stmt = (
        db.select(SpaceMembership)
        .join(User, User.id == SpaceMembership.user_id)
        .options(lazyload(SpaceMembership.space),
                 joinedload(SpaceMembership.user).lazyload(User.expertise))
        .where(SpaceMembership.space_id == space.id, User.active.is_(True))
        .order_by(sa.case((SpaceMembership.role == "admin", 0), else_=1), User.name, User.id)
    )
    if q:
        stmt = stmt.where(sa.func.lower(User.name).contains(q.strip().lower()[:100],
                                                            autoescape=True))
    return db.paginate(stmt, page=page, per_page=per_page, max_per_page=200, error_out=False)
