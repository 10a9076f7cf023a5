"""Expert routing and escalation.

- ``notify_experts(question)`` (inside the asking transaction): experts and partner
  staff whose expertise tags overlap the question's tags get a notification, at most
  ``QA_EXPERT_NOTIFY_PER_DAY`` per expert per day and ``QA_EXPERT_NOTIFY_MAX`` experts
  per question (those in the asker's region first). ``notify`` skips anyone who may not
  see the question, so a question in a secret space reaches only its members.
- ``escalate(now)`` (``community qa escalate``): published, open questions without an
  answer after ``QA_ESCALATE_AFTER_HOURS`` go to the programme office (moderators and
  admins) once; the asker is offered help offline (a front desk appointment when the
  front-desk plugin is active, matching offerings when the catalogue exists).
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from ..accounts.models import STAFF_ROLES, User, user_expertise
from ..db import utcnow
from ..extensions import db
from ..notifications import services as notifications
from ..notifications.models import Notification
from ..taxonomy import region_of
from .models import Question, question_tag

EXPERT_ROLES = ("expert", "partner")

notifications.register_kind("qa_expert", _l("A new question matches your expertise: “%(title)s”"))
notifications.register_kind("qa_answer", _l("%(actor)s answered your question “%(title)s”"))
notifications.register_kind("qa_accepted",
                            _l("%(actor)s accepted your answer to “%(title)s”"))
notifications.register_kind("qa_closed", _l("%(actor)s closed your question “%(title)s”"))
notifications.register_kind("qa_escalated",
                            _l("Unanswered for too long, please help: “%(title)s”"))
notifications.register_kind("qa_offline_help",
                            _l("No answer yet to “%(title)s”: we can help you in person"))


def matching_experts(question: Question, limit: int) -> list[User]:
    """Active experts and partner staff sharing a tag with ``question`` (one query)."""
    tag_ids = [t.id for t in question.tags]
    if not tag_ids:
        return []
    overlap = sa.func.count(user_expertise.c.tag_id).label("overlap")
    rows = db.session.execute(
        sa.select(User, overlap).join(user_expertise, user_expertise.c.user_id == User.id)
        .where(user_expertise.c.tag_id.in_(tag_ids), User.role.in_(EXPERT_ROLES),
               User.active.is_(True), User.id != (question.author_id or 0))
        .group_by(User.id).order_by(overlap.desc(), User.id).limit(limit * 3)).all()
    region = region_of(question.author.municipality if question.author else None)
    users = [u for u, _n in rows]
    users.sort(key=lambda u: region is None or region_of(u.municipality) != region)
    return users[: limit * 2]


def _notified_today(user_ids: list[int], now: dt.datetime) -> dict[int, int]:
    if not user_ids:
        return {}
    rows = db.session.execute(
        sa.select(Notification.user_id, sa.func.count()).where(
            Notification.user_id.in_(user_ids), Notification.kind == "qa_expert",
            Notification.created_at >= now - dt.timedelta(days=1))
        .group_by(Notification.user_id)).all()
    return dict(rows)


def notify_experts(question: Question, now: dt.datetime | None = None) -> list[Notification]:
    """Notify matching experts within their daily cap (no commit)."""
    now = now or utcnow()
    cfg = current_app.config
    per_day = int(cfg["QA_EXPERT_NOTIFY_PER_DAY"])
    candidates = matching_experts(question, int(cfg["QA_EXPERT_NOTIFY_MAX"]))
    counts = _notified_today([u.id for u in candidates], now)
    chosen = [u for u in candidates if counts.get(u.id, 0) < per_day]
    chosen = chosen[: int(cfg["QA_EXPERT_NOTIFY_MAX"])]
    return notifications.notify(chosen, "qa_expert", question, actor=question.author,
                                title=question.title)


def _optional_url(endpoint: str, **values) -> str | None:
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def offline_help_links(question: Question) -> dict[str, str]:
    """Links offered to an asker without an answer: front desks and offerings, when those
    features are installed."""
    links = {}
    desk = _optional_url("frontdesks.index")
    if desk:
        links["frontdesk"] = desk
    tags = [t.slug for t in question.tags]
    offerings = _optional_url("offerings.index", tag=tags[0]) if tags else None
    offerings = offerings or _optional_url("offerings.index")
    if offerings:
        links["offerings"] = offerings
    return links


def due_for_escalation(now: dt.datetime | None = None) -> list[Question]:
    hours = int(current_app.config["QA_ESCALATE_AFTER_HOURS"])
    cutoff = (now or utcnow()) - dt.timedelta(hours=hours)
    return list(db.session.scalars(
        sa.select(Question).where(
            Question.status == "published", Question.answer_count == 0,
            Question.closed_at.is_(None), Question.escalated_at.is_(None),
            Question.created_at <= cutoff)
        .order_by(Question.created_at)))


def escalate(now: dt.datetime | None = None) -> list[Question]:
    """Escalate every question due (idempotent: ``escalated_at`` marks it); one commit."""
    now = now or utcnow()
    due = due_for_escalation(now)
    if not due:
        return []
    office = list(db.session.scalars(
        sa.select(User).where(User.role.in_(STAFF_ROLES), User.active.is_(True))))
    for question in due:
        question.escalated_at = now
        notifications.notify(office, "qa_escalated", question, title=question.title)
        notifications.notify([question.author], "qa_offline_help", question,
                             title=question.title, **offline_help_links(question))
    db.session.commit()
    return due


def question_ids_with_tags(tag_ids):
    return sa.select(question_tag.c.question_id).where(question_tag.c.tag_id.in_(tag_ids))
