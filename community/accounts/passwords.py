"""Password policy and hashing.

At least 12 characters, at most 256, and not guessable: zxcvbn (which knows the common
password lists, keyboard patterns and the user's own name and e-mail) must score it 3 or
more. Hashing is Werkzeug's scrypt with a random salt.
"""
from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from ..errors import ValidationError

MAX_LENGTH = 256
_SCORED_PREFIX = 100  # zxcvbn slows down sharply on very long input; 100 chars tell enough

# zxcvbn's dictionaries are English; these common Dutch and local words are added to the
# words it checks against (a password built from them scores low).
COMMON_LOCAL_WORDS = (
    "wachtwoord", "welkom", "geheim", "voetbal", "zomer", "winter", "lente", "herfst",
    "liefde", "schatje", "prinses", "hallo", "limburg", "maastricht", "venlo", "heerlen",
    "roermond", "sittard", "mkb", "community", "ajax", "feyenoord", "psv",
)


def _guessable_inputs(user_inputs) -> list[str]:
    """The user's own data in the shapes people use in passwords: whole, in parts and
    joined ('anna.devries@example.org', 'anna', 'devries', 'annadevries', 'Anna de Vries')."""
    words: set[str] = set()
    for value in user_inputs:
        if not value:
            continue
        value = str(value).lower()
        local = value.split("@", 1)[0]
        for text in {value, local}:
            parts = [p for p in re.split(r"[\W_]+", text) if p]
            words.update([text, "".join(parts), *parts])
    return sorted(w for w in words if w) + list(COMMON_LOCAL_WORDS)


def check_policy(password: str, *, user_inputs: tuple[str, ...] = ()) -> None:
    """Raise ValidationError(field='password') when the password is not acceptable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise ValidationError(
            _l("Use at least %(n)d characters.", n=minimum), field="password"
        )
    if len(password) > MAX_LENGTH:
        raise ValidationError(_l("Use at most %(n)d characters.", n=MAX_LENGTH), field="password")
    result = zxcvbn(password[:_SCORED_PREFIX], user_inputs=_guessable_inputs(user_inputs))
    if result["score"] < current_app.config["PASSWORD_MIN_SCORE"]:
        raise ValidationError(
            _l("This password is too common or too easy to guess. "
               "Try a few unrelated words together."),
            field="password",
        )


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash or len(password) > MAX_LENGTH:
        return False
    return check_password_hash(password_hash, password)


# A hash to compare against when the e-mail is unknown, so timing does not reveal accounts.
_DUMMY_HASH = None


def dummy_verify(password: str) -> None:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password("not-a-real-password-xyz")
    check_password_hash(_DUMMY_HASH, password[:MAX_LENGTH])
