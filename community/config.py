"""Configuration: defaults here, then `instance/config.py`, then `COMMUNITY_*` variables.

`COMMUNITY_ENV` is development (the default for `make run`), testing or production.
Only development and testing have a built-in secret key; production refuses to start
without `COMMUNITY_SECRET_KEY`.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

DEV_SECRET = "dev-only-not-secret"  # noqa: S105  (development and tests only; refused in production)


class Defaults:
    ENV = "development"
    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None  # COMMUNITY_DATABASE_URL; SQLite under instance/ when unset
    REDIS_URL: str | None = None  # COMMUNITY_REDIS_URL: shared rate limits and the Socket.IO queue
    SERVER_NAME_FOR_MAIL = "http://127.0.0.1:5000"  # base URL in e-mails (never the Host header)

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")

    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead of a clock
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    AVATAR_MAX_BYTES = 2 * 1024 * 1024
    AVATAR_MAX_PIXELS = 4000 * 4000
    UPLOAD_FOLDER: str | None = None  # outside the static root; instance/uploads by default

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # True in production
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # Accounts
    SESSION_IDLE_TIMEOUT = 14 * 24 * 3600  # a login unused this long ends
    SESSION_ABSOLUTE_TIMEOUT = 30 * 24 * 3600  # and every login ends after this
    PROXY_FIX_HOPS = 0  # behind N reverse proxies: trust N X-Forwarded-* hops (ProxyFix)
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_MIN_SCORE = 3  # zxcvbn score 0..4
    TOKEN_MAX_AGE_CONFIRM = 3 * 24 * 3600
    TOKEN_MAX_AGE_RESET = 3600
    RATELIMIT_LOGIN = "10 per minute;100 per hour"
    RATELIMIT_LOGIN_ACCOUNT = "20 per hour"
    RATELIMIT_REGISTER = "5 per hour"
    RATELIMIT_RESET = "5 per hour"
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True

    # Mail: SMTP in production; in development mail is written to MAIL_OUTBOX and logged.
    MAIL_BACKEND = "outbox"  # outbox | smtp | memory
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "MKB Limburg Community <noreply@mkb-limburg.example>"
    MAIL_OUTBOX: str | None = None

    # API
    API_TITLE = "MKB Limburg Community API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"

    # Plugins: None means every installed plugin; a list is an allow-list.
    PLUGINS: list[str] | None = None

    # Search
    SEARCH_INDEX_DIR: str | None = None
    # Search (issue 4, SEARCH): index updates after commit; waits in seconds
    SEARCH_INDEX_ON_COMMIT = True  # False: commits only queue; the next search/drain indexes
    SEARCH_COMMIT_LOCK_WAIT = 0.0  # after a commit: 0 = leave the rows to the lock holder
    SEARCH_FLUSH_WAIT = 2.0  # before a search: wait this long for another writer to finish
    SEARCH_REBUILD_WAIT = 900.0  # wait for another process's rebuild of a missing index
    SEARCH_WHOOSH_LOCK_WAIT = 5.0  # Whoosh's own lock (free unless something else holds it)

    # Spaces (issue 3, SPACES): cover images, invitations, page sizes
    SPACE_COVER_MAX_BYTES = 5 * 1024 * 1024
    SPACE_COVER_MAX_PIXELS = 6000 * 6000
    SPACE_INVITATION_DAYS = 14
    SPACE_POSTS_PER_PAGE = 20
    SPACE_MEMBERS_PER_PAGE = 50

    # Moderation and trust (issue 3, MODERATION): automatic hiding, new-user limits
    # (first day after confirming), posting rate limits for everyone (staff exempt)
    MODERATION_AUTO_HIDE_REPORTS = 3  # distinct reporters
    MODERATION_NEW_USER_HOURS = 24
    MODERATION_NEW_USER_POSTS_PER_DAY = 3
    MODERATION_NEW_USER_COMMENTS_PER_DAY = 10
    MODERATION_NEW_USER_MAX_LINKS = 2  # per post or comment
    MODERATION_NEW_USER_MAX_MENTIONS = 3  # per post or comment
    MODERATION_RATE_WINDOW_MINUTES = 10
    MODERATION_RATE_POSTS = 10  # per window
    MODERATION_RATE_COMMENTS = 30  # per window

    # Posts and comments (issue 3, POSTS): lengths, tags, attachments
    POST_TITLE_MAX = 200
    POST_BODY_MAX = 20_000
    POST_TAGS_MAX = 12
    COMMENT_BODY_MAX = 5_000
    ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024  # below MAX_CONTENT_LENGTH: a clear message
    ATTACHMENTS_PER_POST = 5
    ATTACHMENT_MAX_PIXELS = 50_000_000  # images: refuse decompression bombs

    # Q&A (issue 5, the kennisplein): lengths, reputation, privileges, expert routing
    QA_TITLE_MAX = 200
    QA_BODY_MAX = 20_000
    QA_COMMENT_MAX = 2_000
    QA_TAGS_MAX = 8
    QA_PAGE_SIZE = 20
    # points per event (the reputation ledger); the receiver is named in the key
    QA_REPUTATION = {
        "question_upvoted": 5,  # to the asker
        "answer_upvoted": 10,  # to the answerer
        "downvoted": -2,  # to the author of a question or answer voted down
        "downvote_cast": -1,  # to whoever votes an answer down
        "answer_accepted": 15,  # to the answerer
        "accepted_an_answer": 2,  # to the asker who accepts
        "answer_helpful": 5,  # to the answerer of an answer marked helpful
    }
    # reputation needed per privilege (moderators and admins are exempt)
    QA_PRIVILEGES = {
        "vote_up": 0,
        "vote_down": 50,
        "comment": 0,
        "edit_tags": 200,
        "close": 500,
    }
    QA_EXPERT_NOTIFY_PER_DAY = 5  # new-question notices per expert per day
    QA_EXPERT_NOTIFY_MAX = 20  # experts notified per new question
    QA_ESCALATE_AFTER_HOURS = 48  # unanswered this long: to the programme office

    # Events (issue 6, EVENTS): registration, reminders, calendar feeds, feedback
    EVENTS_PER_PAGE = 20
    EVENT_TITLE_MAX = 200
    EVENT_DESCRIPTION_MAX = 20_000
    EVENT_REMINDER_HOURS = (24, 1)  # reminder e-mails this many hours before the start
    EVENT_FEEDBACK_COMMENT_MAX = 2_000
    EVENT_CHECKIN_CODE_LENGTH = 6
    EVENT_CHECKIN_OPENS_MINUTES = 30  # in-person check-in opens this long before the start
    # video comes from an outside conference room; only these hosts are accepted
    EVENT_CONFERENCE_HOSTS = ("meet.jit.si", "*.jitsi.net", "*.bigbluebutton.org")

    # Live rooms (issue 6, LIVE): Socket.IO namespace /live, one room per event
    SOCKETIO_ASYNC_MODE = "threading"  # gevent in production (gunicorn -k gevent -w 1)
    SOCKETIO_ORIGINS: list[str] | None = None  # None: same origin only; never "*"
    LIVE_CHAT_MAX = 1_000  # characters per chat message
    LIVE_CHAT_PER_WINDOW = 5  # chat messages per user per window
    LIVE_CHAT_WINDOW_SECONDS = 10
    LIVE_QUESTION_MAX = 500
    LIVE_POLL_OPTIONS_MAX = 10
    LIVE_POLL_OPTION_MAX = 200
    LIVE_PAYLOAD_MAX = 4_000  # characters in any one client payload
    LIVE_BROADCAST_INTERVAL = 0.3  # seconds: presence, vote and poll-result updates per room
    LIVE_HISTORY = 100  # chat messages in the state a (re)joining client receives
    LIVE_ANSWER_MAX = 2_000  # the presenter's written answer to an audience question
    LIVE_SLIDE_URL_MAX = 500
    LIVE_SLIDE_TITLE_MAX = 200
    LIVE_PRESENCE_HEARTBEAT = True  # refresh this process's presence rows (off in tests)
    LIVE_PRESENCE_HEARTBEAT_SECONDS = 30
    LIVE_PRESENCE_LIST_MAX = 50  # names in presence updates (the count is always complete)
    LIVE_PRESENCE_STALE_SECONDS = 90  # a row not refreshed this long: its process is gone

    LOG_JSON = True
    LOG_LEVEL = "INFO"


def load(app: Flask, overrides: dict | None) -> None:
    """Fill `app.config` in the documented order and derive what depends on it."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("COMMUNITY")
    if "COMMUNITY_PLUGINS" in os.environ:
        app.config["PLUGINS"] = [p for p in os.environ["COMMUNITY_PLUGINS"].split(",") if p]
    if overrides:
        app.config.update(overrides)

    env = app.config["ENV"]
    app.config["TESTING"] = app.config.get("TESTING") or env == "testing"
    instance = Path(app.instance_path)

    if not app.config.get("SECRET_KEY"):
        if env == "production":
            raise RuntimeError("COMMUNITY_SECRET_KEY must be set in production")
        app.config["SECRET_KEY"] = DEV_SECRET
    if env == "production":
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config.setdefault("PREFERRED_URL_SCHEME", "https")
        if app.config["MAIL_BACKEND"] == "outbox":
            app.config["MAIL_BACKEND"] = "smtp"

    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = f"sqlite:///{instance / 'community.db'}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    app.config["SQLALCHEMY_DATABASE_URI"] = url

    app.config.setdefault("UPLOAD_FOLDER", None)
    app.config["UPLOAD_FOLDER"] = app.config["UPLOAD_FOLDER"] or str(instance / "uploads")
    app.config["MAIL_OUTBOX"] = app.config["MAIL_OUTBOX"] or str(instance / "outbox")
    app.config["SEARCH_INDEX_DIR"] = app.config["SEARCH_INDEX_DIR"] or str(instance / "search")

    redis_url = app.config.get("REDIS_URL")
    app.config["RATELIMIT_STORAGE_URI"] = redis_url or "memory://"
