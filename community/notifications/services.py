"""Notifying people. The one rule: nobody is notified about what they cannot see.

``notify`` checks ``access.can(recipient, "view", target)`` for every recipient when the
notification is created; the inbox, the unread count, instant e-mails (after commit) and
digests (at send time) check again, so someone removed from a space in between hears
nothing more and sees no trace of it (not even in a count).

Target types (posts, comments, ...) are registered by the packages that own them with
``register_target``: how to load them in bulk, an SQL filter of the ids a user may see
(for counts and lists), a title and a link.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..access import can
from ..db import utcnow
from ..errors import NotFound, ValidationError
from ..extensions import db
from .models import EMAIL_MODES, Notification, NotificationPreference

DEFAULT_EMAIL_MODE = "daily"
INBOX_PAGE_SIZE = 30


def target_key(obj) -> tuple[str, int]:
    return type(obj).__name__.lower(), obj.id


@dataclass
class TargetType:
    """How notifications about one kind of object are resolved, filtered and shown."""

    model: type
    # ids of this model that ``user`` may see (a SELECT of one column), for counts and lists
    visible_ids: Callable | None = None
    # {id: object} for many ids at once (preloading what ``can`` and ``title`` need)
    load: Callable | None = None
    title: Callable | None = None
    url: Callable | None = None


_TARGETS: dict[str, TargetType] = {}


def register_target(model: type, *, visible_ids=None, load=None, title=None,
                    url=None) -> type:
    """Let notifications about ``model`` be resolved back to the object (for re-checks)."""
    name = model.__name__.lower()
    known = _TARGETS.get(name)
    if known is None or any((visible_ids, load, title, url)):
        _TARGETS[name] = TargetType(model, visible_ids, load, title, url)
    return model


def _target_type(name: str) -> TargetType | None:
    spec = _TARGETS.get(name)
    if spec is None:  # an object type nobody registered: find its model by name
        for mapper in db.Model.registry.mappers:
            if mapper.class_.__name__.lower() == name:
                spec = TargetType(mapper.class_)
                _TARGETS[name] = spec
                break
    return spec


def resolve(notification: Notification):
    spec = _target_type(notification.target_type)
    if spec is None:
        return None
    if spec.load:
        return spec.load([notification.target_id]).get(notification.target_id)
    return db.session.get(spec.model, notification.target_id)


def resolve_many(notifications: Iterable[Notification]) -> dict[tuple[str, int], object]:
    """Targets of ``notifications``, one query (or loader call) per target type."""
    ids: dict[str, set[int]] = {}
    for n in notifications:
        ids.setdefault(n.target_type, set()).add(n.target_id)
    found: dict[tuple[str, int], object] = {}
    for name, wanted in ids.items():
        spec = _target_type(name)
        if spec is None:
            continue
        if spec.load:
            objects = spec.load(sorted(wanted))
        else:
            objects = {o.id: o for o in db.session.scalars(
                sa.select(spec.model).where(spec.model.id.in_(wanted)))}
        for ident, obj in objects.items():
            found[(name, ident)] = obj
    return found


def target_title(obj) -> str:
    spec = _TARGETS.get(type(obj).__name__.lower())
    if spec and spec.title:
        return spec.title(obj)
    return str(getattr(obj, "title", None) or getattr(obj, "name", "") or "")


def target_url(obj) -> str | None:
    spec = _TARGETS.get(type(obj).__name__.lower())
    return spec.url(obj) if spec and spec.url else None


def visible_clause(user):
    """WHERE clause on ``Notification``: about something ``user`` may (still) see.

    Registered types with an SQL filter are narrowed by it; other types pass here and are
    checked one by one with ``can`` where they are shown.
    """
    filtered = [(name, spec) for name, spec in _TARGETS.items() if spec.visible_ids]
    if not filtered:
        return sa.true()
    parts = [sa.and_(Notification.target_type == name,
                     Notification.target_id.in_(spec.visible_ids(user)))
             for name, spec in filtered]
    parts.append(Notification.target_type.not_in([name for name, _spec in filtered]))
    return sa.or_(*parts)


# ---------------------------------------------------------------- creating

def email_modes(user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's e-mail preference (the default for users without a row)."""
    ids = list(set(user_ids))
    modes = {i: DEFAULT_EMAIL_MODE for i in ids}
    if ids:
        for pref in db.session.scalars(sa.select(NotificationPreference)
                                       .where(NotificationPreference.user_id.in_(ids))):
            modes[pref.user_id] = pref.email_mode
    return modes


def notify(recipients: Iterable, kind: str, target, actor=None, **data) -> list[Notification]:
    """Create in-app notifications (no commit: part of the caller's use-case).

    Recipients who want e-mail per event get it after the commit, after one more check
    that they may still see ``target``.
    """
    register_target(type(target))
    target_type, target_id = target_key(target)
    rows = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.id in seen or (actor is not None and user.id == actor.id):
            continue
        seen.add(user.id)
        if not user.active or not can(user, "view", target):
            continue
        rows.append({"user_id": user.id, "kind": kind, "actor_id": getattr(actor, "id", None),
                     "target_type": target_type, "target_id": target_id, "data": data,
                     "created_at": utcnow()})
    if not rows:
        return []
    # one INSERT for every recipient (a plain flush would write them one by one on SQLite)
    created = list(db.session.scalars(sa.insert(Notification).returning(Notification), rows))
    modes = email_modes(n.user_id for n in created)
    instant = [n for n in created if modes[n.user_id] == "instant"]
    if instant:
        from .delivery import send_instant_after_commit

        send_instant_after_commit(instant)
    return created


# ---------------------------------------------------------------- the inbox

def unread_count(user) -> int:
    """Unread notifications about things ``user`` may still see."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None),
               visible_clause(user))
    ) or 0


@dataclass
class Item:
    """A notification ready to show: the live target, its title and link."""

    notification: Notification
    target: object
    title: str
    url: str | None

    @property
    def id(self) -> int:
        return self.notification.id

    @property
    def kind(self) -> str:
        return self.notification.kind

    @property
    def actor(self):
        return self.notification.actor

    @property
    def created_at(self):
        return self.notification.created_at

    @property
    def is_unread(self) -> bool:
        return self.notification.read_at is None


def _warm_access_cache(user) -> list:
    """Load ``user``'s space memberships once, so access checks find them in the session
    (hold on to the result: the identity map keeps objects only while referenced)."""
    from ..spaces.models import SpaceMembership

    return db.session.scalars(
        sa.select(SpaceMembership).where(SpaceMembership.user_id == user.id)).all()


def visible_items(user, notifications: list[Notification]) -> list[Item]:
    """Keep the notifications whose target ``user`` may see now, resolved for display."""
    if not notifications:
        return []
    memberships = _warm_access_cache(user)  # noqa: F841  (kept alive for the checks below)
    targets = resolve_many(notifications)
    items = []
    for n in notifications:
        obj = targets.get((n.target_type, n.target_id))
        if obj is None or not can(user, "view", obj):
            continue
        items.append(Item(n, obj, target_title(obj), target_url(obj)))
    return items


_SENTENCES: dict = {}


def register_kind(kind: str, sentence) -> None:
    """How a notification of ``kind`` reads: a lazy string with ``%(actor)s``/``%(title)s``.

    Each feature registers its own kinds next to the code that sends them.
    """
    _SENTENCES[kind] = sentence


register_kind("post_created", _l("%(actor)s published “%(title)s”"))
register_kind("comment_added", _l("%(actor)s commented on “%(title)s”"))
register_kind("reply", _l("%(actor)s replied to your comment on “%(title)s”"))
register_kind("mention", _l("%(actor)s mentioned you in “%(title)s”"))
register_kind("content_hidden", _l("Your contribution “%(title)s” was hidden by moderation"))


def describe(item: Item) -> str:
    """The sentence shown for a notification, in the current language."""
    from flask_babel import gettext as _

    actor = item.actor.name if item.actor is not None else _("Someone")
    sentence = _SENTENCES.get(item.kind)
    if sentence is None:
        return _("New activity on “%(title)s”", title=item.title)
    return str(sentence) % {"actor": actor, "title": item.title}


def inbox(user, before: int | None = None, unread_only: bool = False,
          limit: int = INBOX_PAGE_SIZE) -> tuple[list[Item], int | None]:
    """A page of ``user``'s notifications, newest first; returns (items, next cursor)."""
    query = (sa.select(Notification)
             .where(Notification.user_id == user.id, visible_clause(user))
             .order_by(Notification.id.desc()).limit(limit + 1))
    if before:
        query = query.where(Notification.id < before)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    rows = list(db.session.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1].id if more and rows else None
    return visible_items(user, rows), next_cursor


def _own(user, notification_id: int) -> Notification:
    n = db.session.get(Notification, notification_id)
    if n is None or n.user_id != user.id:
        raise NotFound()
    return n


def open_notification(user, notification_id: int) -> Item:
    """Mark one notification read and return it for redirecting to its target.

    Someone else's notification, or one about something no longer visible: NotFound.
    """
    n = _own(user, notification_id)
    items = visible_items(user, [n])
    if not items:
        raise NotFound()
    if n.read_at is None:
        n.read_at = utcnow()
        db.session.commit()
    return items[0]


def mark_read(user, notification_id: int) -> None:
    n = _own(user, notification_id)
    if n.read_at is None:
        n.read_at = utcnow()
        db.session.commit()


def mark_all_read(user) -> int:
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount or 0


# ---------------------------------------------------------------- preferences

def preference(user) -> NotificationPreference:
    """The user's preference row (not added to the session when it does not exist)."""
    pref = db.session.get(NotificationPreference, user.id)
    return pref or NotificationPreference(user_id=user.id, email_mode=DEFAULT_EMAIL_MODE)


def set_email_mode(user, mode: str) -> NotificationPreference:
    if mode not in EMAIL_MODES:
        raise ValidationError(_l("Choose how often you want e-mail."), field="email_mode")
    pref = db.session.get(NotificationPreference, user.id)
    if pref is None:
        pref = NotificationPreference(user_id=user.id, email_mode=DEFAULT_EMAIL_MODE)
        db.session.add(pref)
    if pref.email_mode == "off" and mode in ("daily", "weekly"):
        pref.last_digest_at = utcnow()  # no digest of what came in while e-mail was off
    pref.email_mode = mode
    db.session.commit()
    return pref
