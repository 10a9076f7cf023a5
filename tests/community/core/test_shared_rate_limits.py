"""With COMMUNITY_REDIS_URL, rate limits are shared through Redis (several processes)."""
from __future__ import annotations

from community.app import create_app
from tests.conftest import IsolatedClient, base_config, csrf_token


def test_login_limit_is_kept_in_redis(app, redis_url, tmp_path):
    import redis

    config = base_config(tmp_path, app.config["SQLALCHEMY_DATABASE_URI"])
    config.update({"REDIS_URL": redis_url,
                   "RATELIMIT_LOGIN": "3 per minute"})
    client_redis = redis.Redis.from_url(redis_url)
    client_redis.flushdb()
    from community.extensions import db

    first = create_app(config)
    second = create_app(config)  # another "process" with its own memory
    for a in (first, second):
        a.test_client_class = IsolatedClient
        db._app_engines[a] = db._app_engines[app]
    statuses = []
    for target in (first, first, second, second):
        c = target.test_client()
        token = csrf_token(c, "/login")
        statuses.append(c.post("/login", data={"email": "x@example.org", "password": "y",
                                               "csrf_token": token}).status_code)
    assert statuses[:3] == [400, 400, 400]
    assert statuses[3] == 429  # the second app saw the first app's attempts
    assert any(b"LIMITS" in k or b"limit" in k.lower() for k in client_redis.keys("*"))
    client_redis.flushdb()
