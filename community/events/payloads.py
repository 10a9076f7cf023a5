"""Every server-to-client message of the live rooms (namespace ``/live``), one dataclass each.

``event`` (a class attribute, not a field) is the Socket.IO event name; the fields are the
JSON payload (``dataclasses.asdict``). Times are ISO 8601 strings in UTC. docs/realtime.md
describes them for client authors.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar


def iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass
class UserRef:
    id: int
    name: str


@dataclass
class ChatMessage:
    event: ClassVar[str] = "chat_message"
    id: int
    user: UserRef | None
    body: str
    at: str


@dataclass
class ChatDeleted:
    event: ClassVar[str] = "chat_deleted"
    id: int


@dataclass
class Muted:
    event: ClassVar[str] = "muted"
    user_id: int
    muted: bool


@dataclass
class Question:
    event: ClassVar[str] = "question"
    id: int
    body: str
    author: UserRef | None
    at: str
    votes: int
    status: str  # open | answered | hidden
    highlighted: bool
    answer: str | None = None


@dataclass
class QuestionVotes:
    event: ClassVar[str] = "question_votes"  # throttled
    id: int
    votes: int


@dataclass
class PollOption:
    id: int
    label: str
    votes: int


@dataclass
class Poll:
    event: ClassVar[str] = "poll"
    id: int
    question: str
    multiple: bool
    status: str  # open | closed
    options: list[PollOption]
    total: int  # ballots cast (with multiple choice: people, not choices)
    at: str
    closed_at: str | None = None


@dataclass
class PollResults:
    event: ClassVar[str] = "poll_results"  # throttled
    id: int
    counts: dict[str, int]  # option id (as a string: JSON keys) -> votes
    total: int


@dataclass
class Presence:
    event: ClassVar[str] = "presence"  # throttled
    count: int
    people: list[UserRef]


@dataclass
class Hands:
    event: ClassVar[str] = "hands"
    user_ids: list[int]
    people: list[UserRef]  # the same people with their names, in the order they were raised


@dataclass
class Session:
    event: ClassVar[str] = "session"
    status: str  # waiting | live | ended
    started_at: str | None
    ended_at: str | None


@dataclass
class Pinned:
    event: ClassVar[str] = "pinned"
    message: ChatMessage | None


@dataclass
class Slide:
    event: ClassVar[str] = "slide"
    url: str | None
    title: str | None
    presenter: UserRef | None = None


@dataclass
class Error:
    event: ClassVar[str] = "error"
    code: str
    message: str
    event_name: str | None = None  # sent as "event" (see ``as_dict``)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "event": self.event_name}


@dataclass
class Me:
    id: int
    name: str
    can_present: bool
    can_moderate: bool
    muted: bool
    question_votes: list[int]  # ids of the questions this user upvoted
    poll_choices: list[int]  # option ids this user chose in the open poll (empty: not voted)
    hand_raised: bool


@dataclass
class State:
    """Everything a (re)joining client needs, sent to that client only."""

    event: ClassVar[str] = "state"
    event_id: int
    session: Session
    pinned: ChatMessage | None
    slide: Slide
    poll: Poll | None  # the open poll, or the last closed one
    questions: list[Question]
    chat: list[ChatMessage]  # the last LIVE_HISTORY messages, oldest first
    presenters: list[UserRef]
    presenting: UserRef | None
    hands: list[int]
    hand_people: list[UserRef]
    presence: Presence
    me: Me
    muted: list[int] = field(default_factory=list)  # filled for moderators only
