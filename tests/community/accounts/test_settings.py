"""Settings: e-mail change (password again, notice), CSRF on every form, language per user."""
from __future__ import annotations

import pytest

from community.accounts import passwords
from tests.community.accounts.helpers import (
    NEW_PASSWORD,
    audit_entries,
    english,
    is_logged_in,
    link_in,
    login_client,
    path_of,
    post_form,
    reload,
    session_of,
    try_login,
)
from tests.conftest import PASSWORD, csrf_token


@pytest.fixture
def member(app, user):
    client = login_client(app, user)
    english(client)
    return client


def _change_email(client, email, password=PASSWORD):
    return post_form(client, "/settings/email", {"email-email": email,
                                                 "email-current_password": password},
                     "/settings")


# ---------------------------------------------------------------- e-mail change

def test_email_change_needs_the_password_and_notifies_the_old_address(app, member, user, outbox):
    resp = _change_email(member, "Anna.Nieuw@Example.org")
    assert resp.status_code == 302
    saved = reload(user)
    assert saved.email == "anna.nieuw@example.org"
    assert not saved.is_confirmed  # the new address still has to be confirmed

    notice, confirmation = outbox
    assert notice["To"] == "anna@example.org"
    assert "anna.nieuw@example.org" in notice.get_content()
    assert confirmation["To"] == "anna.nieuw@example.org"
    assert member.get(path_of(link_in(confirmation, "/confirm/"))).status_code == 302
    assert reload(user).is_confirmed
    assert [e.target_id for e in audit_entries("email.changed")] == [user.id]

    # The new address logs in; the old one no longer does.
    assert try_login(app.test_client(), "anna@example.org", PASSWORD).status_code == 400
    assert try_login(app.test_client(), "anna.nieuw@example.org", PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["verkeerd-wachtwoord-123", ""])
def test_email_change_with_a_wrong_or_missing_password_is_refused(member, user, outbox,
                                                                   password):
    resp = _change_email(member, "kaper@example.org", password)
    assert resp.status_code == 400
    if password:
        assert "Your current password is incorrect." in resp.get_data(as_text=True)
    assert reload(user).email == "anna@example.org" and reload(user).is_confirmed
    assert outbox == []
    assert audit_entries("email.changed") == []


def test_email_change_to_a_taken_address_is_refused(member, user, make_user, outbox):
    make_user(email="bezet@example.org")
    resp = _change_email(member, "Bezet@example.org")
    assert resp.status_code == 409
    assert "An account with this e-mail address already exists." in resp.get_data(as_text=True)
    assert reload(user).email == "anna@example.org"
    assert outbox == []


def test_email_change_to_an_invalid_address_is_refused(member, user, outbox):
    assert _change_email(member, "geen-adres").status_code == 400
    assert reload(user).email == "anna@example.org" and outbox == []


# ---------------------------------------------------------------- CSRF

@pytest.mark.parametrize("path, data", [
    ("/settings/profile", {"profile-name": "Gekaapt", "profile-visibility": "public"}),
    ("/settings/email", {"email-email": "kaper@example.org",
                         "email-current_password": PASSWORD}),
    ("/settings/password", {"password-current_password": PASSWORD,
                            "password-password": NEW_PASSWORD}),
    ("/settings/sessions/end", {}),
    ("/confirm/resend", {}),
    ("/language", {"locale": "en", "next": "/"}),
])
def test_settings_forms_without_csrf_token_are_refused(app, user, outbox, path, data):
    client = login_client(app, user)
    other_session = login_client(app, user)
    resp = client.post(path, data=data)
    assert resp.status_code == 400
    saved = reload(user)
    assert saved.name == "Anna de Vries" and saved.email == "anna@example.org"
    assert saved.visibility == "members" and saved.locale == "nl"
    assert passwords.verify_password(saved.password_hash, PASSWORD)
    assert is_logged_in(other_session)
    assert outbox == []
    # A token from another session does not count either.
    foreign = csrf_token(other_session, "/settings")
    assert client.post(path, data={**data, "csrf_token": foreign}).status_code == 400
    assert reload(user).name == "Anna de Vries"


def test_settings_page_shows_the_account(member, user):
    page = member.get("/settings").get_data(as_text=True)
    assert "anna@example.org" in page and 'value="Anna de Vries"' in page
    assert member.get("/settings").headers["Cache-Control"] == "private, no-store"


# ---------------------------------------------------------------- language

def _switch(client, locale, next_="/"):
    return post_form(client, "/language", {"locale": locale, "next": next_})


def test_dutch_is_the_default(client, user, login):
    assert '<html lang="nl">' in client.get("/login").get_data(as_text=True)
    login(user)
    assert '<html lang="nl">' in client.get("/settings").get_data(as_text=True)
    assert reload(user).locale == "nl"


def test_language_choice_is_stored_per_user_and_follows_them(app, user, make_user):
    laptop = login_client(app, user)
    resp = _switch(laptop, "en", "/settings")
    assert resp.status_code == 302 and resp.headers["Location"] == "/settings"
    assert reload(user).locale == "en"
    assert '<html lang="en">' in laptop.get("/settings").get_data(as_text=True)

    # Another browser picks up the choice at login; another user is not affected.
    phone = login_client(app, user)
    assert '<html lang="en">' in phone.get("/").get_data(as_text=True)
    neighbour = login_client(app, make_user())
    assert '<html lang="nl">' in neighbour.get("/").get_data(as_text=True)

    _switch(phone, "nl")
    assert reload(user).locale == "nl"
    assert '<html lang="nl">' in laptop.get("/").get_data(as_text=True)


def test_language_stays_after_logout(app, user):
    client = login_client(app, user)
    _switch(client, "en")
    post_form(client, "/logout", {})
    assert not is_logged_in(client)
    assert session_of(app, client).get("locale") == "en"
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)


def test_unknown_language_is_ignored(app, user):
    client = login_client(app, user)
    _switch(client, "xx")
    assert reload(user).locale == "nl"
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)


def test_language_switch_next_stays_on_site(client):
    for target in ("//evil.example", "https://evil.example/x", "/\\evil.example"):
        resp = _switch(client, "en", target)
        assert resp.status_code == 302 and resp.headers["Location"] == "/"


def test_mail_is_sent_in_the_users_language(app, make_user, outbox):
    from flask_babel import force_locale, gettext

    english_user = make_user(locale="en")
    dutch_user = make_user(locale="nl")
    client = app.test_client()
    for person in (english_user, dutch_user):
        post_form(client, "/password/forgot", {"email": person.email}, "/password/forgot")
    assert outbox[0]["Subject"] == "Reset your password"
    with app.test_request_context(), force_locale("nl"):
        assert outbox[1]["Subject"] == gettext("Reset your password")
