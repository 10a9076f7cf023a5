"""Pages of the live room: the room itself (the Socket.IO client in ``static/live.js``), the
transcript and audience Q&A afterwards, and turning an audience question into a
knowledge-square question.

The room page allows framing the configured conference hosts (``EVENT_CONFERENCE_HOSTS``)
and delegating camera and microphone to them; every other page keeps the site-wide policy.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import can
from ..errors import DomainError
from ..extensions import db
from ..security import CSP, talisman
from . import live_polls, live_questions, live_services, services
from .live_models import LiveChatMessage, LivePoll
from .views import _require_form, bp

LIVE_CSP: dict = {}
LIVE_PERMISSIONS: dict = {}


@bp.record
def _frame_policy(state) -> None:
    """Fill the room page's policy from the app's ``EVENT_CONFERENCE_HOSTS`` (the
    decorator below keeps a reference to these dicts)."""
    origins = [f"https://{host}" for host in state.app.config.get("EVENT_CONFERENCE_HOSTS", ())]
    allow = "(self {})".format(" ".join(f'"{o}"' for o in origins)) if origins else "(self)"
    LIVE_CSP.clear()
    LIVE_CSP.update(CSP, **{"frame-src": " ".join(["'self'", *origins])})
    LIVE_PERMISSIONS.clear()
    LIVE_PERMISSIONS.update({"geolocation": "()", "camera": allow, "microphone": allow,
                             "display-capture": allow, "fullscreen": allow})


def _strings() -> dict:
    """Texts live.js shows, translated here (the script itself has no catalogue)."""
    return {
        "connecting": _("Connecting to the live room…"),
        "connected": _("You are in the live room."),
        "disconnected": _("The connection was lost. Reconnecting…"),
        "refused": _("You cannot enter this live room."),
        "waiting": _("The session has not started yet."),
        "live": _("The session is live."),
        "ended": _("The session has ended."),
        "deleted": _("Message deleted"),
        "delete": _("Delete"),
        "pin": _("Pin"),
        "unpin": _("Unpin"),
        "mute": _("Mute"),
        "unmute": _("Unmute"),
        "upvote": _("Upvote"),
        "upvoted": _("Upvoted"),
        "votes": _("votes"),
        "answered": _("Answered"),
        "mark_answered": _("Mark answered"),
        "highlight": _("Highlight"),
        "unhighlight": _("Remove highlight"),
        "hide": _("Hide"),
        "vote": _("Vote"),
        "close_poll": _("Close poll"),
        "poll_closed": _("This poll is closed."),
        "you_voted": _("You voted."),
        "raise_hand": _("Raise hand"),
        "lower_hand": _("Lower hand"),
        "lower": _("Lower"),
        "hands_none": _("No hands raised."),
        "present_count": _("present"),
        "and_more": _("and {n} more"),
        "muted_you": _("A moderator has muted you in this room."),
        "presenting": _("Presenting:"),
        "former": _("Former member"),
        "new_message": _("New message from"),
        "new_question": _("New question"),
    }


@bp.route("/events/<slug>/live")
@login_required
@talisman(content_security_policy=LIVE_CSP, permissions_policy=LIVE_PERMISSIONS)
def live(slug: str):
    event = services.find_event(current_user, slug)
    live_services.require_attend(current_user, event)
    room = live_services.room_of(event, create=False)
    return render_template(
        "events/live.html", event=event, room=room, strings=_strings(),
        can_present=can(current_user, "present", event),
        can_moderate=can(current_user, "moderate_live", event),
        limits={"chat": live_services.cfg("LIVE_CHAT_MAX"),
                "question": live_services.cfg("LIVE_QUESTION_MAX"),
                "option": live_services.cfg("LIVE_POLL_OPTION_MAX"),
                "options": live_services.cfg("LIVE_POLL_OPTIONS_MAX")})


@bp.route("/events/<slug>/live/transcript")
@login_required
def live_transcript(slug: str):
    event = services.find_event(current_user, slug)
    live_questions.require_transcript(current_user, event)
    room = live_services.room_of(event, create=False)
    chat = db.session.scalars(
        sa.select(LiveChatMessage)
        .where(LiveChatMessage.event_id == event.id, LiveChatMessage.deleted_at.is_(None))
        .order_by(LiveChatMessage.created_at, LiveChatMessage.id)).all()
    questions = live_questions.questions_of(event)
    polls = db.session.scalars(sa.select(LivePoll).where(LivePoll.event_id == event.id)
                               .order_by(LivePoll.created_at, LivePoll.id)).all()
    return render_template(
        "events/live_transcript.html", event=event, room=room, chat=chat,
        questions=questions, polls=[live_polls.poll_payload(poll) for poll in polls],
        can_present=can(current_user, "present", event))


@bp.route("/events/<slug>/live/questions/<int:question_id>/to-qa", methods=["POST"])
@login_required
def live_question_to_qa(slug: str, question_id: int):
    event = services.find_event(current_user, slug)
    _require_form()
    try:
        created = live_questions.to_knowledge_square(current_user, event, question_id)
    except DomainError as exc:
        db.session.rollback()
        if exc.status in (403, 404):
            raise
        flash(str(exc.message), "error")
        return redirect(url_for("events.live_transcript", slug=event.slug)), 303
    flash(_("The question is now on the knowledge square."), "success")
    return redirect(url_for("qa.show", question_id=created.id))
