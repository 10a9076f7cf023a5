"""Shared pieces of the access matrix (see tests/test_access_matrix.py)."""
from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("anonymous", "member", "other", "partner", "moderator", "admin")


@dataclass
class Case:
    """One request and the status each role must get.

    ``expect`` maps role -> status (or a tuple of acceptable statuses); ``default`` is used
    for roles not named. ``data`` is form data (a CSRF token is added), ``json`` a JSON body.
    """

    endpoint: str
    method: str
    url: str
    expect: dict = field(default_factory=dict)
    default: int | tuple | None = None
    data: dict | None = None
    json: dict | None = None

    def expected(self, role: str):
        value = self.expect.get(role, self.default)
        assert value is not None, f"{self.endpoint}: no expectation for {role}"
        return value if isinstance(value, tuple) else (value,)


def everyone(status: int) -> dict:
    return {role: status for role in ROLES}


def logged_in(status: int, anonymous: int = 302) -> dict:
    out = everyone(status)
    out["anonymous"] = anonymous
    return out


@dataclass
class World:
    """Users of every role; feature matrices add the objects they need."""

    member: object
    other: object
    partner: object
    moderator: object
    admin: object
    make_user: object
    make_company: object
    extra: dict = field(default_factory=dict)
