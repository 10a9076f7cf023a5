"""Helpers for tests that race real database connections (PostgreSQL row locks)."""
from __future__ import annotations

import threading
import uuid

import pytest
import sqlalchemy as sa


@pytest.fixture
def fresh_postgres(postgres_url):
    """A new, empty PostgreSQL database for one test (dropped afterwards)."""
    name = f"race_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield postgres_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_all(fns) -> list:
    """Start every function in its own thread at the same moment; return their errors."""
    barrier = threading.Barrier(len(fns))
    errors = []

    def run(fn):
        barrier.wait()
        try:
            fn()
        except Exception as exc:  # noqa: BLE001  (reported by the test)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(fn,)) for fn in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors
