"""Shared test fixtures.

- One app per test session, its schema built by the real migrations (all heads).
- Every test runs inside a transaction that is rolled back afterwards: services commit
  to a SAVEPOINT, so they behave as in production and nothing leaks between tests.
- ``COMMUNITY_TEST_DATABASE_URL`` runs the whole suite on PostgreSQL (fresh schema).
- Tests that need PostgreSQL or Redis themselves ask for ``postgres_url``/``redis_url``;
  they skip when the service is not configured, unless ``COMMUNITY_REQUIRE_SERVICES=1``
  (set by .ci/run), which turns such a skip into a failure.
"""
from __future__ import annotations

import contextvars
import itertools
import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from community.app import create_app
from community.extensions import db, limiter

PASSWORD = "vlaai-mergel-heuvelland"
REQUIRE_SERVICES = os.environ.get("COMMUNITY_REQUIRE_SERVICES") == "1"


def service_missing(what: str) -> None:
    """Skip (or, in CI, fail) a test whose service is not configured or not reachable."""
    message = f"{what} is not available"
    if REQUIRE_SERVICES:
        pytest.fail(message + " (COMMUNITY_REQUIRE_SERVICES=1)")
    pytest.skip(message)


def _fresh_postgres_schema(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def _normalise_pg(url: str) -> str:
    return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("COMMUNITY_TEST_DATABASE_URL")
    if url:
        url = _normalise_pg(url)
        _fresh_postgres_schema(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def base_config(tmp: Path, database_url: str) -> dict:
    return {
        "ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "SQLALCHEMY_DATABASE_URI": None,
        "MAIL_BACKEND": "memory",
        "UPLOAD_FOLDER": str(tmp / "uploads"),
        "SEARCH_INDEX_DIR": str(tmp / "search"),
        "MAIL_OUTBOX": str(tmp / "outbox"),
        "SERVER_NAME_FOR_MAIL": "http://localhost",
        "LOG_JSON": False,
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": None,
        "RATELIMIT_STORAGE_URI": "memory://",
    }


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production.

    Tests hold an app context open for their own database work; without this, Flask would
    reuse it for requests, sharing ``g`` (and the session) between requests and the test.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory, database_url):
    tmp = tmp_path_factory.mktemp("instance")
    os.environ["COMMUNITY_INSTANCE_PATH"] = str(tmp)
    app = create_app(base_config(tmp, database_url))
    app.test_client_class = IsolatedClient
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(revision="heads")
        db.engine.dispose()
    return app


@pytest.fixture(autouse=True)
def _transaction(app):
    """Run each test in an outer transaction; the services' commits become savepoints."""
    from community.extensions import socketio

    socketio.server = app.extensions["socketio_server"]  # another test may have made an app
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        engines = db._app_engines[app]
        original = engines[None]
        engines[None] = connection
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
        limiter.reset()
        app.extensions["mail_outbox"] = []
        try:
            yield connection
        finally:
            db.session.remove()
            engines[None] = original
            if outer.is_active:
                outer.rollback()
            connection.close()


@pytest.fixture
def outbox(app):
    return app.extensions["mail_outbox"]


@pytest.fixture
def client(app):
    return app.test_client()


# ---------------------------------------------------------------- factories

_seq = itertools.count(1)


@pytest.fixture
def make_user(app):
    from community.accounts.models import User
    from community.accounts.passwords import hash_password
    from community.db import utcnow

    hashed = hash_password(PASSWORD)

    def make(role: str = "member", name: str | None = None, email: str | None = None,
             confirmed: bool = True, **fields) -> User:
        n = next(_seq)
        user = User(email=email or f"user{n}@example.org", name=name or f"Gebruiker {n}",
                    role=role, password_hash=hashed,
                    confirmed_at=utcnow() if confirmed else None, **fields)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_company(app):
    from community.companies.models import Company, CompanyMember

    def make(owner=None, name: str | None = None, **fields) -> Company:
        n = next(_seq)
        company = Company(name=name or f"Bedrijf {n}", slug=f"bedrijf-{n}", **fields)
        db.session.add(company)
        if owner is not None:
            db.session.add(CompanyMember(company=company, user=owner, role="owner"))
        db.session.commit()
        return company

    return make


@pytest.fixture
def make_space(app):
    """A space with an optional admin and members, written directly (no use-case rules)."""
    from community.spaces.models import Space, SpaceMembership

    def make(visibility: str = "open", admin=None, members=(), name: str | None = None,
             **fields) -> Space:
        n = next(_seq)
        space = Space(name=name or f"Ruimte {n}", slug=f"ruimte-{visibility}-{n}",
                      visibility=visibility, **fields)
        db.session.add(space)
        db.session.flush()
        if admin is not None:
            db.session.add(SpaceMembership(space_id=space.id, user_id=admin.id, role="admin"))
        for user in members:
            db.session.add(SpaceMembership(space_id=space.id, user_id=user.id, role="member"))
        db.session.commit()
        return space

    return make


@pytest.fixture
def login(client):
    """Log ``user`` in through the real login form; returns the client."""

    def do(user, password: str = PASSWORD):
        token = csrf_token(client, "/login")
        resp = client.post("/login", data={"email": user.email, "password": password,
                                           "csrf_token": token}, follow_redirects=False)
        assert resp.status_code == 302, resp.data[:500]
        return client

    return do


def csrf_token(client, path: str = "/settings") -> str:
    """A valid CSRF token for ``client``'s session, read from a rendered form."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture
def csrf_app(app):
    """The app with CSRF checks on (they are on by default; this documents the intent)."""
    assert app.config.get("WTF_CSRF_ENABLED", True)
    return app


# ---------------------------------------------------------------- query counting

class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """``with count_queries() as q: ...; assert q.count <= N``"""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        counter = QueryCounter()
        engine = db._app_engines[app][None]
        target = engine.engine if isinstance(engine, sa.engine.Connection) else engine
        sa.event.listen(target, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            sa.event.remove(target, "before_cursor_execute", counter)

    return counting


# ---------------------------------------------------------------- outside services

@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server URL for tests that need PostgreSQL itself."""
    url = os.environ.get("COMMUNITY_TEST_POSTGRES_URL") or (
        os.environ.get("COMMUNITY_TEST_DATABASE_URL", "")
        if os.environ.get("COMMUNITY_TEST_DATABASE_URL", "").startswith("postgres") else "")
    if not url:
        service_missing("PostgreSQL (COMMUNITY_TEST_POSTGRES_URL)")
    url = _normalise_pg(url)
    try:
        engine = sa.create_engine(url)
        with engine.connect():
            pass
        engine.dispose()
    except sa.exc.OperationalError:
        service_missing(f"PostgreSQL at {url}")
    return url


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("COMMUNITY_TEST_REDIS_URL")
    if not url:
        service_missing("Redis (COMMUNITY_TEST_REDIS_URL)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError:
        service_missing(f"Redis at {url}")
    return url
