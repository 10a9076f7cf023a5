"""Two real server processes write at the same time; no update is lost, no request fails.

``community serve`` twice on one database and one index folder (as on one machine),
posts and comments created concurrently through the JSON API of both (the real service
layer), then every item must be findable through either server, the queue must be empty
and no error may come from search (no LockError, no traceback through community/search).

On PostgreSQL no request may fail at all. On SQLite the platform's own write transactions
(``BEGIN`` deferred, see ``community/db.py``) fail with "database is locked" when another
process committed between their first read and their first write; that is outside search
and is retried here, counted, and checked to never involve search code.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from bench import server as bench_server

SETUP = textwrap.dedent("""
    import json, logging, sys
    logging.disable(logging.INFO)
    from community.app import create_app
    from community.extensions import db
    from community.accounts.models import User
    from community.accounts.passwords import hash_password
    from community.accounts.services import create_api_token
    from community.db import utcnow
    from community.spaces.models import Space
    from flask_migrate import upgrade

    app = create_app()
    with app.app_context():
        upgrade(revision="heads")
        space = Space(name="Gedeelde ruimte", slug="gedeeld", visibility="open")
        db.session.add(space)
        tokens = []
        for i in range(4):
            user = User(email=f"mod{i}@example.org", name=f"Mod {i}", role="moderator",
                        password_hash=hash_password("vlaai-mergel-heuvelland"),
                        confirmed_at=utcnow())
            db.session.add(user)
            db.session.commit()
            tokens.append(create_api_token(user, "test", "write")[1])
        print(json.dumps({"space_id": space.id, "tokens": tokens}))
        db.session.remove()
        db.engine.dispose()
""")

SERVERS = 2
WRITERS_PER_SERVER = 3
POSTS_PER_WRITER = 8


def _start(instance: Path, url: str, name: str) -> bench_server.Server:
    port = bench_server.free_port()
    log_path = instance / f"{name}.log"
    env = bench_server.server_env(str(instance), url, env="development")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(bench_server._command(port), env=env, cwd=str(instance),  # noqa: S603
                                   stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    srv = bench_server.Server(process, port, log_path)
    try:
        bench_server.wait_healthy(srv, timeout=30)
    except Exception:
        srv.stop()
        raise
    return srv


@pytest.fixture(params=["sqlite", "postgres"])
def shared_database(request, tmp_path):
    """A fresh database both servers share: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.db'}"
        return
    import uuid

    import sqlalchemy as sa

    base = request.getfixturevalue("postgres_url")
    name = f"search_mp_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.slow
def test_two_server_processes_writing_at_once_lose_nothing(tmp_path, shared_database):
    instance = tmp_path / "instance"
    instance.mkdir()
    url = shared_database
    env = bench_server.server_env(str(instance), url, env="development")
    setup = subprocess.run([sys.executable, "-c", SETUP], env=env, cwd=str(instance),  # noqa: S603
                           capture_output=True, text=True, timeout=60)
    assert setup.returncode == 0, setup.stderr[-3000:]
    data = json.loads(setup.stdout.strip().splitlines()[-1])

    servers = []
    try:
        for n in range(SERVERS):
            servers.append(_start(instance, url, f"server{n}"))

        platform_errors = []  # 500s from SQLite contention outside search (see below)

        def post(session, url, payload):
            for _attempt in range(100):
                resp = session.post(url, json=payload, timeout=30)
                if resp.status_code != 500:
                    assert resp.status_code == 201, resp.text
                    return resp.json()["id"]
                platform_errors.append(url)
                time.sleep(random.uniform(0.01, 0.1))
            raise AssertionError(f"{url} failed 100 times")

        def write(writer: int) -> list[tuple[str, int]]:
            srv = servers[writer % SERVERS]
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {data['tokens'][writer % 4]}"
            made = []
            for i in range(POSTS_PER_WRITER):
                word = f"kenmerk{writer:02d}x{i:02d}"
                post_id = post(session, f"{srv.base_url}/api/v1/spaces/{data['space_id']}/posts",
                               {"title": f"Praktijk {word}", "body": f"Een verhaal over {word}."})
                made.append((word, post_id))
                comment_word = f"reactie{writer:02d}x{i:02d}"
                made.append((comment_word, post(session,
                                                f"{srv.base_url}/api/v1/posts/{post_id}/comments",
                                                {"body": f"Mooi, {comment_word}!"})))
            return made

        writers = SERVERS * WRITERS_PER_SERVER
        started = time.monotonic()
        with ThreadPoolExecutor(writers) as pool:
            results = list(pool.map(write, range(writers)))
        written = [item for chunk in results for item in chunk]
        assert len(written) == writers * POSTS_PER_WRITER * 2
        print(f"{len(written)} items written in {time.monotonic() - started:.1f} s, "
              f"{len(platform_errors)} retried after a 500")

        for n, (word, obj_id) in enumerate(written):
            srv = servers[n % SERVERS]  # read through both servers
            resp = requests.get(f"{srv.base_url}/api/v1/search", params={"q": word}, timeout=30)
            assert resp.status_code == 200, resp.text
            found = [(i["type"], i["id"]) for i in resp.json()["items"]]
            expected = ("post" if word.startswith("kenmerk") else "comment", obj_id)
            assert found == [expected], (word, found)
    finally:
        for srv in servers:
            srv.stop()

    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM search_queue")).scalar() == 0
        logged = conn.execute(sa.text("SELECT count(*) FROM search_query_log")).scalar()
        assert logged == len(written)
    engine.dispose()
    errors = []
    for srv in servers:
        for line in srv.log_path.read_text(errors="replace").splitlines():
            if line.startswith("{") and '"level": "ERROR"' in line:
                errors.append(json.loads(line))
            assert "LockError" not in line, line
    assert not [e for e in errors if "community/search" in e.get("exc_info", "")], errors
    if url.startswith("postgresql"):
        assert platform_errors == [] and errors == []
    else:
        assert len(errors) == len(platform_errors)
        assert all("database is locked" in e.get("exc_info", "") for e in errors)
