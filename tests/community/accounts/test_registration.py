"""Registration and e-mail confirmation."""
from __future__ import annotations

from community.accounts import passwords
from community.accounts.models import User
from community.extensions import db
from tests.community.accounts.helpers import (
    NEW_PASSWORD,
    audit_entries,
    count_users,
    english,
    later,
    link_in,
    login_client,
    path_of,
    post_form,
    reload,
)
from tests.conftest import PASSWORD, csrf_token


def _register(client, email="nieuw@example.org", name="Nieuwe Ondernemer",
              password=NEW_PASSWORD):
    return post_form(client, "/register", {"name": name, "email": email, "password": password},
                     "/register")


def _by_email(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(db.select(User).where(User.email == email))


def test_registration_creates_an_unconfirmed_member_and_sends_a_confirmation(client, outbox):
    english(client)
    before = count_users()
    resp = _register(client, email="Nieuw@Example.ORG")
    assert resp.status_code == 302 and resp.headers["Location"] == "/login"
    assert "We sent you an e-mail to confirm" in client.get("/login").get_data(as_text=True)

    assert count_users() == before + 1
    user = _by_email("nieuw@example.org")  # stored normalised
    assert user is not None and user.name == "Nieuwe Ondernemer"
    assert user.role == "member" and not user.is_admin
    assert not user.is_confirmed
    assert user.locale == "en"  # the language the visitor had chosen
    assert NEW_PASSWORD not in user.password_hash
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)

    assert len(outbox) == 1
    assert outbox[0]["To"] == "nieuw@example.org"
    assert outbox[0]["Subject"] == "Confirm your e-mail address"
    assert link_in(outbox[0], "/confirm/").startswith("http://localhost/confirm/")
    assert NEW_PASSWORD not in outbox[0].get_content()
    assert [e.target_id for e in audit_entries("user.registered")] == [user.id]


def test_confirmation_link_confirms_the_address(client, outbox):
    _register(client)
    path = path_of(link_in(outbox[0], "/confirm/"))
    resp = client.get(path)
    assert resp.status_code == 302 and resp.headers["Location"] == "/login"
    user = _by_email("nieuw@example.org")
    assert user.is_confirmed
    assert len(audit_entries("user.confirmed")) == 1
    # Opening the link again is harmless and does not audit twice.
    assert client.get(path).status_code == 302
    assert len(audit_entries("user.confirmed")) == 1


def test_tampered_confirmation_link_is_refused_with_a_message(client, outbox):
    english(client)
    _register(client)
    path = path_of(link_in(outbox[0], "/confirm/"))
    resp = client.get(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"))
    assert resp.status_code == 400
    assert "This link is not valid or has already been used." in resp.get_data(as_text=True)
    assert not _by_email("nieuw@example.org").is_confirmed


def test_expired_confirmation_link_is_refused_with_a_message(app, client, outbox, monkeypatch):
    english(client)
    _register(client)
    later(monkeypatch, app.config["TOKEN_MAX_AGE_CONFIRM"] + 60)
    resp = client.get(path_of(link_in(outbox[0], "/confirm/")))
    assert resp.status_code == 400
    assert "This link has expired." in resp.get_data(as_text=True)
    assert not _by_email("nieuw@example.org").is_confirmed


def test_unconfirmed_member_can_log_in_and_ask_for_a_new_link(app, client, outbox):
    _register(client)
    user = _by_email("nieuw@example.org")
    member = login_client(app, user, NEW_PASSWORD)
    english(member)
    page = member.get("/settings").get_data(as_text=True)
    assert "Your e-mail address is not confirmed yet." in page
    resp = post_form(member, "/confirm/resend", {}, "/settings")
    assert resp.status_code == 302
    assert len(outbox) == 2 and outbox[1]["To"] == "nieuw@example.org"
    assert member.get(path_of(link_in(outbox[1], "/confirm/"))).status_code == 302
    assert reload(user).is_confirmed
    assert "not confirmed yet" not in member.get("/settings").get_data(as_text=True)


def test_confirmation_link_for_an_old_address_stops_working(app, client, outbox):
    """After an e-mail change, a link sent to the previous address must not confirm the new one."""
    _register(client)
    old_link = path_of(link_in(outbox[0], "/confirm/"))
    user = _by_email("nieuw@example.org")
    member = login_client(app, user, NEW_PASSWORD)
    resp = post_form(member, "/settings/email", {"email-email": "ander@example.org",
                                                 "email-current_password": NEW_PASSWORD},
                     "/settings")
    assert resp.status_code == 302
    assert member.get(old_link).status_code == 400
    assert not reload(user).is_confirmed


def test_duplicate_email_is_refused_clearly_and_nothing_is_written(client, make_user, outbox):
    existing = make_user(email="bestaand@example.org", name="Bestaand")
    english(client)
    users, entries = count_users(), len(audit_entries())
    for variant in ("bestaand@example.org", "Bestaand@Example.org", "BESTAAND@example.org"):
        resp = _register(client, email=variant, name="Indringer")
        assert resp.status_code == 409
        assert "An account with this e-mail address already exists." in \
            resp.get_data(as_text=True)
    assert count_users() == users
    assert len(audit_entries()) == entries
    assert outbox == []
    assert reload(existing).name == "Bestaand"  # the existing account is untouched
    assert passwords.verify_password(reload(existing).password_hash, PASSWORD)


def test_invalid_input_is_refused_with_field_errors(client):
    english(client)
    users = count_users()
    resp = _register(client, email="geen-adres")
    assert resp.status_code == 400
    assert 'class="field has-error"' in resp.get_data(as_text=True)
    resp = _register(client, name="   ")
    assert resp.status_code == 400
    assert count_users() == users


def test_registration_form_without_csrf_token_is_refused(client):
    users = count_users()
    resp = client.post("/register", data={"name": "X Y", "email": "csrf@example.org",
                                          "password": NEW_PASSWORD})
    assert resp.status_code == 400
    assert count_users() == users


def test_logged_in_member_is_sent_away_from_registration(client, user, login):
    login(user)
    resp = client.get("/register")
    assert resp.status_code == 302 and resp.headers["Location"] == "/"
    users = count_users()
    token = csrf_token(client, "/")
    resp = client.post("/register", data={"name": "Tweede", "email": "tweede@example.org",
                                          "password": NEW_PASSWORD, "csrf_token": token})
    assert resp.status_code == 302
    assert count_users() == users
