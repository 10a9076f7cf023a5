"""Password policy: at least 12 characters, not common or guessable, long Unicode welcome."""
from __future__ import annotations

import pytest

from community.accounts import passwords
from community.errors import ValidationError
from tests.community.accounts.helpers import (
    NEW_PASSWORD,
    count_users,
    english,
    login_client,
    post_form,
    reload,
)
from tests.conftest import PASSWORD

UNICODE_64 = "Ĳsselmeer-één-ùñíçødé-wachtwoord-😀🚲-Zuid-Limburg-vlaai-Mergel!!!"


def _register(client, password, email="sterk@example.org", name="Sanne Jansen"):
    return post_form(client, "/register", {"name": name, "email": email, "password": password},
                     "/register")


@pytest.mark.parametrize("password, message", [
    ("Kort-maar-1", "Use at least 12 characters."),  # 11 characters
    ("password1234", "This password is too common or too easy to guess."),
    ("qwertyuiop123", "This password is too common or too easy to guess."),
    ("aaaaaaaaaaaaaaaa", "This password is too common or too easy to guess."),
    ("Wachtwoord2024!", "This password is too common or too easy to guess."),  # Dutch common
    ("SanneJansen2024", "This password is too common or too easy to guess."),  # own name
    ("sterk@example.org", "This password is too common or too easy to guess."),  # own e-mail
    ("x" * 257, None),  # longer than the 256 the form and policy allow
])
def test_weak_password_is_refused_at_registration(client, outbox, password, message):
    english(client)
    users = count_users()
    resp = _register(client, password)
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert 'id="password-error"' in html  # shown on the password field
    if message:
        assert message in html
    assert count_users() == users
    assert outbox == []


def test_exactly_twelve_strong_characters_are_enough(client):
    assert len("Vlaai-Mergel") == 12
    users = count_users()
    assert _register(client, "Vlaai#Mergel").status_code == 302
    assert count_users() == users + 1


def test_64_character_unicode_password_is_accepted_and_works(app, client):
    assert len(UNICODE_64) == 64
    resp = _register(client, UNICODE_64)
    assert resp.status_code == 302
    from community.accounts.models import User
    from community.extensions import db

    user = db.session.scalar(db.select(User).where(User.email == "sterk@example.org"))
    login_client(app, user, UNICODE_64)  # asserts the login succeeds
    other = app.test_client()
    resp = post_form(other, "/login", {"email": user.email, "password": UNICODE_64[:-1]},
                     "/login")
    assert resp.status_code == 400  # one character less is a different password


def test_check_policy_directly(app):
    with app.test_request_context():
        _check_policy_cases()


def _check_policy_cases():
    passwords.check_policy(NEW_PASSWORD)
    passwords.check_policy(UNICODE_64)
    with pytest.raises(ValidationError) as err:
        passwords.check_policy("a" * 11)
    assert err.value.field == "password"
    with pytest.raises(ValidationError):
        passwords.check_policy("Marie.Peeters.1980", user_inputs=("marie.peeters@example.org",
                                                                  "Marie Peeters"))
    # Whitespace and padding do not make a weak password strong.
    with pytest.raises(ValidationError):
        passwords.check_policy(" " * 20)


def test_weak_new_password_is_refused_when_changing_it(app, user):
    member = login_client(app, user)
    english(member)
    resp = post_form(member, "/settings/password", {"password-current_password": PASSWORD,
                                                    "password-password": "password1234"},
                     "/settings")
    assert resp.status_code == 400
    assert "This password is too common or too easy to guess." in resp.get_data(as_text=True)
    assert passwords.verify_password(reload(user).password_hash, PASSWORD)


def test_password_hashes_are_salted_scrypt():
    one, two = passwords.hash_password(NEW_PASSWORD), passwords.hash_password(NEW_PASSWORD)
    assert one != two and one.startswith("scrypt:")
    assert passwords.verify_password(one, NEW_PASSWORD)
    assert not passwords.verify_password(one, NEW_PASSWORD.upper())
    assert not passwords.verify_password(None, NEW_PASSWORD)
