"""Moderation use-cases: reports, automatic hiding, the queue and moderator actions.

Every moderator action takes the acting user and the object, checks ``moderate``,
changes the object, writes an audit entry (``moderation.<action>``) and commits once.
Hidden and deleted content is invisible to everyone but staff (and, for hidden content,
its author); see the view rules of each content type.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from .. import audit
from ..access import get_visible, require
from ..accounts.models import User
from ..db import utcnow
from ..errors import Conflict, ValidationError
from ..extensions import db
from ..notifications.services import notify
from . import targets
from .models import REPORT_REASONS, Report

NOTE_MAX = 1000


def load_target(user, target_type: str, target_id: int):
    """The reported or moderated object, or NotFound (unknown type, missing, not visible)."""
    kind = targets.get(target_type)
    return get_visible(user, kind.model, target_id)


def _open_reports(kind, obj):
    return sa.and_(Report.target_type == kind.name, Report.target_id == obj.id,
                   Report.status == "open")


# ---------------------------------------------------------------- reports

def has_reported(user, target_type: str, target_id: int) -> bool:
    return db.session.scalar(
        sa.select(Report.id).where(Report.target_type == target_type,
                                   Report.target_id == target_id,
                                   Report.reporter_id == user.id)
    ) is not None


def report(user, obj, reason: str, note: str | None = None) -> Report:
    """``user`` reports ``obj``. Once per person and item; after reports from
    ``MODERATION_AUTO_HIDE_REPORTS`` distinct people the item is hidden automatically."""
    kind = targets.kind_of(obj)
    require(user, "report", obj)
    if reason not in REPORT_REASONS:
        raise ValidationError(_l("Choose a reason."), field="reason")
    note = (note or "").strip() or None
    if note and len(note) > NOTE_MAX:
        raise ValidationError(_l("At most %(num)d characters.", num=NOTE_MAX), field="note")
    if has_reported(user, kind.name, obj.id):
        raise Conflict(_l("You have already reported this. A moderator will look at it."))
    row = Report(target_type=kind.name, target_id=obj.id, reporter_id=user.id, reason=reason,
                 note=note, status="open")
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:  # the same person, twice at the same moment
        db.session.rollback()
        raise Conflict(_l("You have already reported this. A moderator will look at it.")) \
            from None
    _auto_hide(kind, obj)
    db.session.commit()
    return row


def _auto_hide(kind, obj) -> None:
    threshold = int(current_app.config.get("MODERATION_AUTO_HIDE_REPORTS", 3))
    if obj.status != "published" or threshold < 1:
        return
    reporters = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Report.reporter_id)))
        .where(_open_reports(kind, obj), Report.reporter_id.is_not(None))
    ) or 0
    if reporters < threshold:
        return
    _set_status(kind, obj, "hidden")
    audit.record("moderation.auto_hidden", actor=None, target=obj, reports=reporters)
    _tell_author(kind, obj, reason="reports")


def _tell_author(kind, obj, reason: str, actor=None) -> None:
    author = getattr(obj, "author", None)
    if author is not None:
        notify([author], "content_hidden", obj, actor=actor, reason=reason,
               **kind.notify_data(obj))


# ---------------------------------------------------------------- the queue

@dataclass
class QueueItem:
    kind: targets.TargetKind
    target_id: int
    target: object | None
    reports: list[Report] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.reports)

    @property
    def reasons(self) -> list[tuple[str, int]]:
        return Counter(r.reason for r in self.reports).most_common()

    @property
    def last_at(self):
        return max(r.created_at for r in self.reports)


@dataclass
class Queue:
    items: list[QueueItem]
    page: int
    has_next: bool
    total: int


def queue(user, page: int = 1, per_page: int = 20) -> Queue:
    """Open reports grouped by item, most reported first. A fixed number of queries:
    groups, their reports, one query per content type (and its eager loads)."""
    require(user, "moderate")
    page = max(1, page)
    groups_q = (
        sa.select(Report.target_type, Report.target_id)
        .where(Report.status == "open")
        .group_by(Report.target_type, Report.target_id)
        .order_by(sa.func.count(Report.id).desc(), sa.func.max(Report.created_at).desc(),
                  Report.target_type, Report.target_id)
    )
    groups = db.session.execute(
        groups_q.limit(per_page + 1).offset((page - 1) * per_page)).all()
    has_next = len(groups) > per_page
    groups = groups[:per_page]
    total = db.session.scalar(sa.select(sa.func.count()).select_from(
        sa.select(Report.target_type, Report.target_id).where(Report.status == "open")
        .group_by(Report.target_type, Report.target_id).subquery())) or 0
    if not groups:
        return Queue([], page, False, total)

    keys = [(t, i) for t, i in groups]
    reports = db.session.scalars(
        sa.select(Report).where(Report.status == "open",
                                sa.tuple_(Report.target_type, Report.target_id).in_(keys))
        .options(joinedload(Report.reporter).lazyload(User.expertise))
        .order_by(Report.created_at)
    ).unique().all()
    by_key: dict[tuple[str, int], list[Report]] = {}
    for r in reports:
        by_key.setdefault((r.target_type, r.target_id), []).append(r)

    loaded: dict[tuple[str, int], object] = {}
    for kind in targets.all_kinds():
        ids = [i for t, i in keys if t == kind.name]
        if ids:
            stmt = sa.select(kind.model).where(kind.model.id.in_(ids)).options(
                *kind.load_options)
            for obj in db.session.scalars(stmt).unique():
                loaded[(kind.name, obj.id)] = obj
    items = []
    for t, i in keys:
        kind = targets.find(t)
        if kind is None:  # a type whose feature is not installed: nothing to act on
            continue
        items.append(QueueItem(kind=kind, target_id=i, target=loaded.get((t, i)),
                               reports=by_key.get((t, i), [])))
    return Queue(items, page, has_next, total)


def open_report_count(user) -> int:
    require(user, "moderate")
    return db.session.scalar(sa.select(sa.func.count()).select_from(Report)
                             .where(Report.status == "open")) or 0


# ---------------------------------------------------------------- moderator actions

def _set_status(kind, obj, new: str) -> None:
    old = obj.status
    obj.status = new
    if hasattr(obj, "deleted_at"):
        obj.deleted_at = utcnow() if new == "deleted" else None
    if kind.on_status and old != new:
        kind.on_status(obj, old, new)


def _close_reports(actor, kind, obj, state: str) -> int:
    result = db.session.execute(
        sa.update(Report).where(_open_reports(kind, obj))
        .values(status=state, resolved_by_id=getattr(actor, "id", None),
                resolved_at=utcnow(), updated_at=utcnow())
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


def _start(actor, obj):
    kind = targets.kind_of(obj)
    require(actor, "moderate", obj)
    return kind


def hide(actor, obj, note: str | None = None):
    """Hide published content (open reports on it count as resolved); the author hears."""
    kind = _start(actor, obj)
    if obj.status != "published":
        raise Conflict(_l("Only published content can be hidden."))
    _set_status(kind, obj, "hidden")
    closed = _close_reports(actor, kind, obj, "resolved")
    audit.record("moderation.hide", actor=actor, target=obj, reports=closed,
                 **({"note": note[:500]} if note else {}))
    _tell_author(kind, obj, reason="moderator", actor=actor)
    db.session.commit()
    return obj


def restore(actor, obj):
    """Publish hidden or deleted content again; open reports on it are dismissed."""
    kind = _start(actor, obj)
    if obj.status == "published":
        raise Conflict(_l("This is already visible."))
    previous = obj.status
    _set_status(kind, obj, "published")
    closed = _close_reports(actor, kind, obj, "dismissed")
    audit.record("moderation.restore", actor=actor, target=obj, previous=previous,
                 reports=closed)
    db.session.commit()
    return obj


def delete(actor, obj):
    """Soft delete: the row stays for the audit trail; nobody but staff sees it."""
    kind = _start(actor, obj)
    if obj.status == "deleted":
        raise Conflict(_l("This is already deleted."))
    previous = obj.status
    _set_status(kind, obj, "deleted")
    closed = _close_reports(actor, kind, obj, "resolved")
    audit.record("moderation.delete", actor=actor, target=obj, previous=previous,
                 reports=closed)
    db.session.commit()
    return obj


def _set_locked(actor, obj, locked: bool):
    kind = _start(actor, obj)
    if not kind.lockable:
        raise ValidationError(_l("This kind of content cannot be locked."))
    if bool(obj.is_locked) == locked:
        raise Conflict(_l("This is already locked.") if locked
                       else _l("This is not locked."))
    obj.is_locked = locked
    audit.record("moderation.lock" if locked else "moderation.unlock", actor=actor, target=obj)
    db.session.commit()
    return obj


def lock(actor, obj):
    """No new comments (or answers) on ``obj``."""
    return _set_locked(actor, obj, True)


def unlock(actor, obj):
    return _set_locked(actor, obj, False)


def move(actor, obj, space):
    """Move ``obj`` (a post) into ``space``."""
    kind = _start(actor, obj)
    if not kind.movable or kind.on_move is None:
        raise ValidationError(_l("This kind of content cannot be moved."))
    if space is None:
        raise ValidationError(_l("Choose a space."), field="space")
    old_space_id = kind.space_id(obj)
    if old_space_id == space.id:
        raise ValidationError(_l("The post is already in this space."), field="space")
    kind.on_move(obj, space)
    audit.record("moderation.move", actor=actor, target=obj, from_space=old_space_id,
                 to_space=space.id)
    db.session.commit()
    return obj


def dismiss_reports(actor, obj) -> int:
    """The reports were unfounded: close them without touching the content."""
    return _close(actor, obj, "dismissed")


def resolve_reports(actor, obj) -> int:
    """The reports were handled: close them."""
    return _close(actor, obj, "resolved")


def _close(actor, obj, state: str) -> int:
    kind = _start(actor, obj)
    closed = _close_reports(actor, kind, obj, state)
    if not closed:
        raise Conflict(_l("There are no open reports on this."))
    audit.record("moderation.dismiss" if state == "dismissed" else "moderation.resolve",
                 actor=actor, target=obj, reports=closed)
    db.session.commit()
    return closed


def spaces_for_move(actor):
    """Every space, for the move form (staff see them all)."""
    from ..spaces.models import Space

    require(actor, "moderate")
    return list(db.session.scalars(sa.select(Space).order_by(Space.name, Space.id)))


# The actions the queue and the buttons can trigger with a single POST (move has a form).
ACTIONS = {
    "hide": hide,
    "restore": restore,
    "lock": lock,
    "unlock": unlock,
    "delete": delete,
    "dismiss": dismiss_reports,
    "resolve": resolve_reports,
}
