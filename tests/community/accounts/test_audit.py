"""Audit log of account actions: failed logins are recorded, secrets never are."""
from __future__ import annotations

import json
import logging

import pytest

from community import audit
from community.audit.models import AuditEntry
from community.extensions import db
from tests.community.accounts.helpers import (
    NEW_PASSWORD,
    audit_entries,
    link_in,
    login_client,
    path_of,
    post_form,
    reload,
    try_login,
)
from tests.conftest import PASSWORD

TYPED_WRONG = "mijn-geheime-poging-42"


@pytest.fixture
def info_logs(caplog):
    """Log at INFO as production does (tests run at WARNING)."""
    caplog.set_level(logging.INFO, logger="community")
    return caplog


def _everything_logged(caplog) -> str:
    entries = db.session.scalars(db.select(AuditEntry)).all()
    audit_text = json.dumps([e.data for e in entries], ensure_ascii=False)
    log_text = "\n".join(f"{r.getMessage()} {json.dumps(r.__dict__, default=str)}"
                         for r in caplog.records)
    return audit_text + "\n" + log_text


def test_failed_login_is_audited_with_the_account_but_without_the_password(client, user,
                                                                           info_logs):
    assert try_login(client, user.email, TYPED_WRONG).status_code == 400
    [entry] = audit_entries("login.failed")
    assert entry.target_type == "user" and entry.target_id == user.id
    assert entry.data == {"reason": "credentials"}
    assert TYPED_WRONG not in _everything_logged(info_logs)


def test_failed_login_for_an_unknown_address_is_audited_too(client, info_logs):
    try_login(client, "niemand@example.org", TYPED_WRONG)
    [entry] = audit_entries("login.failed")
    assert entry.actor_id is None and entry.target_id is None
    assert TYPED_WRONG not in _everything_logged(info_logs)


def test_login_to_a_deactivated_account_is_audited_as_inactive(client, make_user):
    blocked = make_user(active=False)
    try_login(client, blocked.email, PASSWORD)
    [entry] = audit_entries("login.failed")
    assert entry.target_id == blocked.id and entry.data == {"reason": "inactive"}


def test_no_password_or_token_in_the_audit_log_or_logs_across_all_account_flows(
        app, client, outbox, info_logs):
    # register, confirm, fail, log in, change password, ask reset, reset, tokens, logout
    post_form(client, "/register", {"name": "Piet Peeters", "email": "piet@example.org",
                                    "password": NEW_PASSWORD}, "/register")
    client.get(path_of(link_in(outbox[-1], "/confirm/")))
    try_login(client, "piet@example.org", TYPED_WRONG)
    from community.accounts.models import User

    piet = db.session.scalar(db.select(User).where(User.email == "piet@example.org"))
    member = login_client(app, piet, NEW_PASSWORD)
    second = "limburgse-heuvels-en-vlaaien"
    post_form(member, "/settings/password", {"password-current_password": NEW_PASSWORD,
                                             "password-password": second}, "/settings")
    post_form(member, "/settings/email", {"email-email": "piet2@example.org",
                                          "email-current_password": second}, "/settings")
    assert post_form(client, "/password/forgot", {"email": "piet2@example.org"},
                     "/password/forgot").status_code == 302
    reset_path = path_of(link_in(outbox[-1], "/password/reset/"))
    third = "mergelgrotten-valkenburg-kerstmarkt"
    assert client.get(reset_path).status_code == 302
    assert post_form(client, "/password/reset", {"password": third},
                     "/password/reset").status_code == 302
    member = login_client(app, reload(piet), third)
    page = post_form(member, "/settings/tokens", {"token-name": "script", "token-scope": "write"},
                     "/settings").get_data(as_text=True)
    import re

    raw = re.search(r"mkb_[A-Za-z0-9_-]+", page).group(0)
    post_form(member, "/logout", {})

    actions = [e.action for e in audit_entries()]
    for expected in ("user.registered", "user.confirmed", "login.failed", "login.succeeded",
                     "password.changed", "email.changed", "password.reset_requested",
                     "password.reset", "token.created", "logout"):
        assert expected in actions, expected
    everything = _everything_logged(info_logs)
    for secret in (NEW_PASSWORD, TYPED_WRONG, second, third, raw, reset_path.rsplit("/", 1)[1]):
        assert secret not in everything


def test_audit_record_drops_secret_fields(user):
    entry = audit.record("test.action", actor=user, target=user, password="geheim",
                         token="mkb_abc", iban="NL91ABNA0417164300", reason="ok")
    assert entry.data == {"reason": "ok"}


def test_token_names_are_audited_without_breaking_info_logging(app, user, info_logs):
    """A field called 'name' would clash with LogRecord.name and fail at INFO level."""
    member = login_client(app, user)
    resp = post_form(member, "/settings/tokens", {"token-name": "Koppeling", "token-scope": "read"},
                     "/settings")
    assert resp.status_code == 201
    entry = audit_entries("token.created")[-1]
    assert entry.data["token_name"] == "Koppeling"
    assert any(r.getMessage() == "token.created" for r in info_logs.records)
