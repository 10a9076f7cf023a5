"""Live rooms: what a refusal looks like (a ``DomainError`` with a ``code`` the socket layer
sends back) and the checks every client payload passes before anything is written."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

from ..errors import Conflict, Forbidden, NotFound, RateLimited, ValidationError

# ---------------------------------------------------------------- refusals with a code

class LiveError(ValidationError):
    code = "invalid"


class NotAttending(Forbidden):
    code = "not_attending"
    default_message = _l("You are not registered for this event, so you cannot take part "
                         "in its live room.")


class NotAllowed(Forbidden):
    code = "forbidden"
    default_message = _l("Only the presenters and moderators can do this.")


class MutedError(Forbidden):
    code = "muted"
    default_message = _l("A moderator has muted you in this room.")


class ChatTooFast(RateLimited):
    code = "rate_limited"
    default_message = _l("You are sending messages too fast. Wait a moment and try again.")


class AlreadyVoted(Conflict):
    code = "already_voted"


class SessionEnded(Conflict):
    code = "session_ended"
    default_message = _l("This live session has ended.")


CODES = {ValidationError: "invalid", NotFound: "not_found", Forbidden: "forbidden",
         Conflict: "conflict", RateLimited: "rate_limited"}


def error_code(exc) -> str:
    code = getattr(type(exc), "code", None)
    if code:
        return code
    for klass, name in CODES.items():
        if isinstance(exc, klass):
            return name
    return "error"


# ---------------------------------------------------------------- input checks

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def payload_dict(data) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LiveError(_l("The message is not in the expected form."))
    return data


def text(data: dict, name: str, limit: int, *, required: bool = True,
         multiline: bool = False) -> str | None:
    """A string field: control characters removed, whitespace tidied, length checked."""
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise LiveError(_l("The field %(name)s must be text.", name=name))
    value = _CONTROL.sub("", value.replace("\r\n", "\n"))
    if multiline:
        value = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in
                                                     value.split("\n"))).strip()
    else:
        value = " ".join(value.split())
    if not value:
        if required:
            raise LiveError(_l("Write some text."))
        return None
    if len(value) > limit:
        raise LiveError(_l("The text has at most %(n)d characters.", n=limit))
    return value


def integer(data: dict, name: str, *, required: bool = True) -> int | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
        raise LiveError(_l("The field %(name)s must be a number.", name=name))
    return value


def boolean(data: dict, name: str) -> bool:
    value = data.get(name)
    if not isinstance(value, bool):
        raise LiveError(_l("The field %(name)s must be true or false.", name=name))
    return value


def choice(data: dict, name: str, allowed: tuple[str, ...]) -> str:
    value = data.get(name)
    if not isinstance(value, str) or value not in allowed:
        raise LiveError(_l("The field %(name)s must be one of: %(values)s.", name=name,
                           values=", ".join(allowed)))
    return value


def web_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise LiveError(_l("Give a web address that starts with https:// or http://."))
    return value
