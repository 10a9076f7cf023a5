"""The ``community`` command: a Flask CLI group with the platform's own commands.

``community db upgrade`` applies every migration head (core, features and plugins each
may own a branch); ``community demo`` loads demo content; ``community users create``;
``community token create``; ``community serve`` runs the Socket.IO-capable server.
"""
from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from .errors import DomainError


def _create_app() -> Flask:
    from .app import create_app

    return create_app()


@click.command("upgrade")
@click.argument("revision", default="heads")
@click.option("--sql", is_flag=True, help="Print SQL instead of running it")
@with_appcontext
def upgrade_all(revision: str, sql: bool) -> None:
    """Upgrade to all heads (core, feature and plugin branches)."""
    from flask_migrate import upgrade

    upgrade(revision=revision, sql=sql)


def main() -> None:
    os.environ.setdefault("FLASK_APP", "community.app:create_app")
    cli = FlaskGroup(create_app=_create_app, load_dotenv=False,
                         help="MKB Limburg Community platform.")
    cli.main(prog_name="community")


def _fail(exc: DomainError) -> None:
    click.echo(f"error: {exc.message}", err=True)
    sys.exit(2)


def register(app: Flask) -> None:
    """Add the platform's commands to ``app.cli``."""
    if "db" in app.cli.commands:  # Flask-Migrate's group: upgrade means all heads here
        app.cli.commands["db"].add_command(upgrade_all, "upgrade")

    @app.cli.command("demo")
    def demo() -> None:
        """Load demo content (idempotent)."""
        from .demo import load

        created = load(current_app)
        click.echo("demo content loaded" if created else "demo content already present")

    users = click.Group("users", help="Manage user accounts.")
    app.cli.add_command(users)

    @users.command("create")
    @click.option("--email", required=True)
    @click.option("--name", required=True)
    @click.option("--role", default="member", show_default=True)
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
    @with_appcontext
    def users_create(email: str, name: str, role: str, password: str) -> None:
        """Create a confirmed account."""
        from .accounts.services import create_user

        try:
            user = create_user(email, name, role, password)
        except DomainError as exc:
            _fail(exc)
        click.echo(f"created user {user.id} <{user.email}> as {user.role}")

    token = click.Group("token", help="Manage API tokens.")
    app.cli.add_command(token)

    @token.command("create")
    @click.option("--email", required=True)
    @click.option("--scope", type=click.Choice(["read", "write"]), default="read",
                  show_default=True)
    @click.option("--name", default="cli")
    @with_appcontext
    def token_create(email: str, scope: str, name: str) -> None:
        """Print a new API token for a user (shown once)."""
        from .accounts.services import create_api_token, find_by_email

        user = find_by_email(email)
        if user is None:
            click.echo(f"error: no user with e-mail {email}", err=True)
            sys.exit(2)
        _token, raw = create_api_token(user, name, scope)
        click.echo(raw)

    @app.cli.command("serve")
    @click.option("--host", default="127.0.0.1", show_default=True)
    @click.option("--port", default=lambda: int(os.environ.get("PORT", 5000)), type=int)
    @click.option("--production", is_flag=True,
                  help="gevent server (the prod extra): many WebSocket connections per "
                       "process. Without it: threading, for development and tests.")
    def serve(host: str, port: int, production: bool) -> None:
        """Serve HTTP and Socket.IO (see docs/deploy.md for production)."""
        from .extensions import socketio

        mode = socketio.server.eio.async_mode
        if production or mode == "gevent":
            if mode != "gevent" or not _gevent_patched():
                _exec_under_gevent(host, port)  # does not return
            if current_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
                click.echo("warning: SQLite under gevent: a request waiting for the write lock "
                           "blocks the whole process; use PostgreSQL (docs/deploy.md)", err=True)
            click.echo(f"serving on http://{host}:{port} (gevent)")
            # the app object itself: gevent's server calls it outside any app context
            socketio.run(current_app._get_current_object(), host=host, port=port, debug=False,
                         use_reloader=False, log_output=False, backlog=SERVE_BACKLOG)
            return
        click.echo(f"serving on http://{host}:{port} ({mode})")
        os.environ.pop("FLASK_RUN_FROM_CLI", None)  # else Flask ignores app.run() from a command
        socketio.run(current_app, host=host, port=port, debug=False,
                     use_reloader=False, allow_unsafe_werkzeug=True, log_output=False)


# ``serve --production``: the listen queue for bursts of (re)connecting clients; the kernel
# caps it at net.core.somaxconn.
SERVE_BACKLOG = 1024

# The first statements of a gevent server process: monkey-patch the standard library before
# anything else is imported (psycopg picks its wait function, redis-py and the Socket.IO
# queue their sockets at import time), then run the ordinary command line.
_GEVENT_BOOT = ("from gevent import monkey; monkey.patch_all(); "
                "from community.cli import main; main()")


def _gevent_patched() -> bool:
    monkey = sys.modules.get("gevent.monkey")
    return bool(monkey and monkey.is_module_patched("socket"))


def _exec_under_gevent(host: str, port: int) -> None:
    """Replace this process (same pid) by a gevent one.

    The async mode is fixed when the app is created (``SOCKETIO_ASYNC_MODE``) and
    monkey-patching must come before any import, so neither can change in this process.
    """
    try:
        import gevent  # noqa: F401
    except ImportError:
        click.echo("error: serve --production needs gevent: pip install -e '.[prod]'",
                   err=True)
        sys.exit(2)
    env = dict(os.environ, COMMUNITY_SOCKETIO_ASYNC_MODE="gevent")
    env.setdefault("FLASK_APP", "community.app:create_app")
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, "-c", _GEVENT_BOOT, "serve", "--production",  # noqa: S606
                               "--host", host, "--port", str(port)], env)
