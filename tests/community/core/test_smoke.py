"""The platform starts, speaks Dutch by default and reports its health."""


def test_home_is_dutch(client):
    resp = client.get("/")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "Inloggen" in html or "Log in" in html


def test_healthz_ok(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.json == {"status": "ok", "database": "ok"}


def test_login_flow(make_user, login, client):
    user = make_user()
    login(user)
    resp = client.get("/settings")
    assert resp.status_code == 200
    assert user.email in resp.get_data(as_text=True)
