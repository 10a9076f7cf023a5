"""Dutch first: every user-visible string has a Dutch translation; English works too."""
from __future__ import annotations

import re

import pytest

from tools import i18n

_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdif]|\{[a-z_]+\}")


@pytest.mark.parametrize("package", i18n.packages(),
                         ids=lambda p: str(p.relative_to(i18n.ROOT)))
def test_every_string_has_dutch(package):
    missing = i18n.missing(package, "nl")
    assert not missing, (f"{len(missing)} strings without Dutch in {package.name} "
                         f"(python -m tools.i18n update, then translate): {missing[:15]}")


@pytest.mark.parametrize("package", i18n.packages(),
                         ids=lambda p: str(p.relative_to(i18n.ROOT)))
def test_dutch_keeps_the_placeholders_of_the_english(package):
    """A lost or extra ``%(name)s`` makes the page fail ("incomplete format") in Dutch only."""
    catalog = i18n.load(i18n.po_path(package, "nl"), "nl")
    wrong = []
    for msg in catalog:
        ids = [msg.id] if isinstance(msg.id, str) else list(msg.id)
        strings = [msg.string] if isinstance(msg.string, str) else list(msg.string)
        wanted = set(_PLACEHOLDER.findall(" ".join(ids)))
        for text in filter(None, strings):
            if set(_PLACEHOLDER.findall(text)) - wanted or (
                    "%" in text and "%(" in " ".join(ids) and not _PLACEHOLDER.search(text)):
                wanted_text = ids[0]
                wrong.append((wanted_text, text))
    assert not wrong, wrong[:10]


def test_default_is_dutch_and_english_can_be_chosen(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="nl">' in html and "Wachtwoord" in html
    from tests.conftest import csrf_token

    token = csrf_token(client, "/login")
    resp = client.post("/language", data={"locale": "en", "next": "/login", "csrf_token": token})
    assert resp.status_code == 302 and resp.headers["Location"] == "/login"
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html and "Password" in html


def test_language_choice_is_stored_on_the_account(client, make_user, login):
    from community.accounts.models import User
    from community.extensions import db
    from tests.conftest import csrf_token

    user = make_user()
    login(user)
    client.post("/language", data={"locale": "en", "next": "/", "csrf_token":
                                   csrf_token(client, "/")})
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"


def test_unknown_language_is_ignored(client):
    from tests.conftest import csrf_token

    client.post("/language", data={"locale": "xx", "next": "/", "csrf_token":
                                   csrf_token(client, "/")})
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)


def test_money_and_dates_are_formatted_for_the_locale(app):
    import datetime as dt

    from flask_babel import force_locale, format_datetime

    from community.i18n import money

    with app.test_request_context():
        with force_locale("nl"):
            assert money(123456) == "€\xa01.234,56"
            moment = dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC)
            assert "12:00" in format_datetime(moment, "short")  # CEST = UTC+2
        with force_locale("en"):
            assert money(123456) == "€1,234.56"
