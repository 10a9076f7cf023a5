"""Rate limits on login, registration, reset: 429 with a clear message."""
from __future__ import annotations

from tests.community.accounts.helpers import (
    NEW_PASSWORD,
    count_users,
    english,
    is_logged_in,
    link_in,
    path_of,
    post_form,
    try_login,
)
from tests.conftest import PASSWORD

LIMITED = "Too many requests. Please wait a moment and try again."


def _client(app, ip: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    english(client)
    return client


def _assert_limited(resp):
    assert resp.status_code == 429
    assert LIMITED in resp.get_data(as_text=True)
    assert int(resp.headers["Retry-After"]) > 0


def test_login_is_limited_per_address(app, user):
    client = _client(app, "203.0.113.5")
    for _ in range(10):  # 10 per minute
        assert try_login(client, user.email, "verkeerd-wachtwoord-xyz").status_code == 400
    _assert_limited(try_login(client, user.email, "verkeerd-wachtwoord-xyz"))
    # Even the right password waits now ...
    _assert_limited(try_login(client, user.email, PASSWORD))
    assert not is_logged_in(client)
    # ... while someone at another address can log in.
    other = _client(app, "203.0.113.6")
    assert try_login(other, user.email, PASSWORD).status_code == 302


def test_one_account_is_throttled_after_many_wrong_passwords_from_many_addresses(app, user,
                                                                                 make_user):
    for n in range(20):  # 20 per hour per account, whatever the address
        client = _client(app, f"198.51.100.{n + 1}")
        assert try_login(client, user.email, f"gok-nummer-{n}-fout").status_code == 400
    fresh = _client(app, "198.51.100.200")
    _assert_limited(try_login(fresh, user.email, PASSWORD))
    # Spelling the address differently is the same account.
    _assert_limited(try_login(_client(app, "198.51.100.201"), " ANNA@example.org", PASSWORD))
    # Other accounts are not affected.
    other = make_user()
    assert try_login(fresh, other.email, PASSWORD).status_code == 302


def test_registration_is_limited(app, outbox):
    client = _client(app, "203.0.113.7")
    for n in range(5):  # 5 per hour
        resp = post_form(client, "/register", {"name": f"Nieuw {n}", "email": f"n{n}@example.org",
                                               "password": NEW_PASSWORD}, "/register")
        assert resp.status_code == 302
    users = count_users()
    resp = post_form(client, "/register", {"name": "Zesde", "email": "n6@example.org",
                                           "password": NEW_PASSWORD}, "/register")
    _assert_limited(resp)
    assert count_users() == users
    assert len(outbox) == 5
    assert client.get("/register").status_code == 200  # reading the form is not limited


def test_password_reset_requests_are_limited(app, user, outbox):
    client = _client(app, "203.0.113.8")
    for _ in range(5):
        assert post_form(client, "/password/forgot", {"email": user.email},
                         "/password/forgot").status_code == 302
    _assert_limited(post_form(client, "/password/forgot", {"email": user.email},
                              "/password/forgot"))
    assert len(outbox) == 5


def test_reset_form_posts_are_limited(app, user, outbox):
    asker = _client(app, "203.0.113.9")
    post_form(asker, "/password/forgot", {"email": user.email}, "/password/forgot")
    path = path_of(link_in(outbox[0], "/password/reset/"))
    client = _client(app, "203.0.113.10")
    assert client.get(path).status_code == 302
    for _ in range(5):
        assert post_form(client, "/password/reset", {"password": "kort"},
                         "/password/reset").status_code == 400
    _assert_limited(post_form(client, "/password/reset", {"password": NEW_PASSWORD},
                              "/password/reset"))


def test_guessing_the_current_password_in_settings_is_throttled_per_account(
        app, user, make_user, outbox, monkeypatch):
    """Someone with a stolen session cannot try passwords through the settings forms.
    (The per-account login setting applies; lowered here to keep the test quick.)"""
    from community.accounts import passwords
    from tests.community.accounts.helpers import login_client, reload

    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_ACCOUNT", "6 per hour")
    thief = login_client(app, user)
    english(thief)
    for n in range(6):  # wrong answers, spread over both forms, from changing addresses
        thief.environ_base["REMOTE_ADDR"] = f"192.0.2.{n + 1}"
        if n % 2:
            resp = post_form(thief, "/settings/password",
                             {"password-current_password": f"gok-{n}-verkeerd",
                              "password-password": NEW_PASSWORD}, "/settings")
        else:
            resp = post_form(thief, "/settings/email",
                             {"email-current_password": f"gok-{n}-verkeerd",
                              "email-email": "dief@example.org"}, "/settings")
        assert resp.status_code == 400
    _assert_limited(post_form(thief, "/settings/password",
                              {"password-current_password": PASSWORD,
                               "password-password": NEW_PASSWORD}, "/settings"))
    assert passwords.verify_password(reload(user).password_hash, PASSWORD)
    assert reload(user).email == "anna@example.org" and outbox == []
    # Another account is not affected.
    other = login_client(app, make_user())
    resp = post_form(other, "/settings/password", {"password-current_password": PASSWORD,
                                                   "password-password": NEW_PASSWORD},
                     "/settings")
    assert resp.status_code == 302


def test_successful_password_changes_do_not_use_up_the_allowance(app, user, monkeypatch):
    from tests.community.accounts.helpers import login_client

    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_ACCOUNT", "2 per hour")
    member = login_client(app, user)
    current = PASSWORD
    for n in range(3):
        new = f"{NEW_PASSWORD}-{n}"
        resp = post_form(member, "/settings/password", {"password-current_password": current,
                                                        "password-password": new}, "/settings")
        assert resp.status_code == 302, n
        current = new
