"""Password reset: single use, expiring, no account oracle, links from configuration."""
from __future__ import annotations

from community.accounts import passwords
from tests.community.accounts.helpers import (
    NEW_PASSWORD,
    audit_entries,
    english,
    is_logged_in,
    later,
    link_in,
    login_client,
    path_of,
    post_form,
    reload,
    try_login,
)
from tests.conftest import PASSWORD, csrf_token

OTHER_PASSWORD = "mijnwerker-grubbenvorst-asperge"


def _ask(client, email, **kwargs):
    return post_form(client, "/password/forgot", {"email": email}, "/password/forgot", **kwargs)


def _reset_path(client, outbox, email="anna@example.org") -> str:
    assert _ask(client, email).status_code == 302
    return path_of(link_in(outbox[-1], "/password/reset/"))


def _choose(client, path, password):
    """Open the e-mailed link and submit the form it leads to."""
    opened = client.get(path)
    if opened.status_code != 302:
        return opened
    assert opened.headers["Location"] == "/password/reset"
    return _submit(client, password)


def _submit(client, password):
    return post_form(client, "/password/reset", {"password": password}, "/password/reset")


def _password_is(user, password) -> bool:
    return passwords.verify_password(reload(user).password_hash, password)


def test_reset_link_lets_the_owner_choose_a_new_password(app, client, user, outbox):
    english(client)
    other_device = login_client(app, user)
    path = _reset_path(client, outbox)
    assert outbox[0]["To"] == "anna@example.org"
    assert _password_is(user, PASSWORD)  # asking alone changes nothing

    opened = client.get(path)
    assert opened.status_code == 302 and opened.headers["Location"] == "/password/reset"
    form = client.get("/password/reset")
    assert form.status_code == 200 and 'name="password"' in form.get_data(as_text=True)
    resp = _submit(client, NEW_PASSWORD)
    assert resp.status_code == 302 and resp.headers["Location"] == "/login"
    assert "Your password is changed." in client.get("/login").get_data(as_text=True)
    assert _password_is(user, NEW_PASSWORD)
    assert not is_logged_in(other_device)  # every session ends with a reset
    assert try_login(app.test_client(), user.email, PASSWORD).status_code == 400
    login_client(app, user, NEW_PASSWORD)
    assert [e.target_id for e in audit_entries("password.reset")] == [user.id]


def test_reset_link_works_only_once(client, user, outbox):
    english(client)
    path = _reset_path(client, outbox)
    assert _choose(client, path, NEW_PASSWORD).status_code == 302

    again = client.get(path)
    assert again.status_code == 400
    assert "This link is not valid or has already been used." in again.get_data(as_text=True)
    assert client.get("/password/reset").status_code == 400
    assert _submit(client, OTHER_PASSWORD).status_code == 400
    assert _password_is(user, NEW_PASSWORD)


def test_a_second_tab_with_the_same_link_cannot_reset_again(app, client, user, outbox):
    path = _reset_path(client, outbox)
    first, second = app.test_client(), app.test_client()
    assert first.get(path).status_code == 302 and second.get(path).status_code == 302
    assert _submit(first, NEW_PASSWORD).status_code == 302
    resp = _submit(second, OTHER_PASSWORD)
    assert resp.status_code == 400
    assert _password_is(user, NEW_PASSWORD)


def test_reset_form_address_does_not_carry_the_token(client, user, outbox):
    path = _reset_path(client, outbox)
    token = path.rsplit("/", 1)[1]
    opened = client.get(path)
    assert token not in opened.headers["Location"]
    page = client.get(opened.headers["Location"]).get_data(as_text=True)
    assert token not in page


def test_expired_reset_link_is_refused_and_changes_nothing(app, client, user, outbox,
                                                            monkeypatch):
    english(client)
    path = _reset_path(client, outbox)
    later(monkeypatch, app.config["TOKEN_MAX_AGE_RESET"] + 5)
    resp = client.get(path)
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert "This link has expired." in html
    assert 'href="/password/forgot"' in html  # and offers a new one
    resp = _choose(client, path, NEW_PASSWORD)
    assert resp.status_code == 400
    assert _password_is(user, PASSWORD)


def test_link_that_expires_while_the_form_is_open_changes_nothing(app, client, user, outbox,
                                                                  monkeypatch):
    english(client)
    path = _reset_path(client, outbox)
    assert client.get(path).status_code == 302
    token = csrf_token(client, "/password/reset")  # the form is on screen ...
    later(monkeypatch, app.config["TOKEN_MAX_AGE_RESET"] + 5)  # ... for too long
    resp = client.post("/password/reset", data={"password": NEW_PASSWORD, "csrf_token": token})
    assert resp.status_code == 400
    assert "This link has expired." in resp.get_data(as_text=True)
    assert _password_is(user, PASSWORD)


def test_link_still_works_just_before_it_expires(app, client, user, outbox, monkeypatch):
    path = _reset_path(client, outbox)
    later(monkeypatch, app.config["TOKEN_MAX_AGE_RESET"] - 60)
    assert _choose(client, path, NEW_PASSWORD).status_code == 302
    assert _password_is(user, NEW_PASSWORD)


def test_tampered_link_is_refused(client, user, outbox):
    path = _reset_path(client, outbox)
    token = path.rsplit("/", 1)[1]
    payload, rest = token.split(".", 1)
    for bad in (path[:-2] + "xx", "/password/reset/" + payload[::-1] + "." + rest):
        assert client.get(bad).status_code == 400
        assert _choose(client, bad, NEW_PASSWORD).status_code == 400
    assert _password_is(user, PASSWORD)


def test_link_stops_working_after_a_password_change(app, client, user, outbox):
    path = _reset_path(client, outbox)
    member = login_client(app, user)
    post_form(member, "/settings/password", {"password-current_password": PASSWORD,
                                             "password-password": OTHER_PASSWORD}, "/settings")
    assert client.get(path).status_code == 400
    assert _choose(client, path, NEW_PASSWORD).status_code == 400
    assert _password_is(user, OTHER_PASSWORD)


def test_weak_password_on_the_reset_form_keeps_the_link_usable(client, user, outbox):
    english(client)
    path = _reset_path(client, outbox)
    resp = _choose(client, path, "kort")
    assert resp.status_code == 400
    assert "Use at least 12 characters." in resp.get_data(as_text=True)
    assert _password_is(user, PASSWORD)
    assert _submit(client, NEW_PASSWORD).status_code == 302
    assert _password_is(user, NEW_PASSWORD)


def test_unknown_email_gets_the_same_answer_and_no_mail(app, user, outbox):
    known, unknown = app.test_client(), app.test_client()
    english(known)
    english(unknown)
    a = _ask(known, "anna@example.org", follow_redirects=True)
    b = _ask(unknown, "niemand@example.org", follow_redirects=True)
    assert a.status_code == b.status_code == 200
    message = "If an account exists for this address, we sent it a link"
    assert message in a.get_data(as_text=True) and message in b.get_data(as_text=True)
    assert [m["To"] for m in outbox] == ["anna@example.org"]
    # Invalid addresses and deactivated accounts look the same too.
    c = _ask(app.test_client(), "geen-adres")
    assert c.status_code in (302, 400)
    assert len(outbox) == 1


def test_deactivated_account_gets_no_reset_mail(client, make_user, outbox):
    blocked = make_user(active=False)
    assert _ask(client, blocked.email).status_code == 302
    assert outbox == []


def test_reset_link_uses_the_configured_server_name_not_the_host_header(app, user, outbox,
                                                                         monkeypatch):
    monkeypatch.setitem(app.config, "SERVER_NAME_FOR_MAIL", "https://community.example.nl")
    attacker = app.test_client()
    attacker.environ_base["HTTP_HOST"] = "evil.example"
    resp = _ask(attacker, user.email, headers={"X-Forwarded-Host": "evil.example"})
    assert resp.status_code == 302
    body = outbox[0].get_content()
    assert "evil.example" not in body
    assert link_in(outbox[0], "/password/reset/").startswith(
        "https://community.example.nl/password/reset/")


def test_reset_confirms_an_unconfirmed_address(client, make_user, outbox):
    unconfirmed = make_user(confirmed=False)
    path = _reset_path(client, outbox, unconfirmed.email)
    assert _choose(client, path, NEW_PASSWORD).status_code == 302
    assert reload(unconfirmed).is_confirmed
